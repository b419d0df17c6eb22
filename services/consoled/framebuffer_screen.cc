#include "services/consoled/framebuffer_screen.h"

#include "kernel/console/builtin_font.h"
#include "libs/rae/runtime.h"
#include "libs/rstd/utility.h"

namespace raeen::consoled {
namespace {

constexpr uint64_t kPageSize = 4096;
// The colour channels of the BGRX and RGBX formats (a bitmask format may put its channels
// elsewhere: the cursor then shows in other colours). Inverting twice restores any pixel.
constexpr uint32_t kInvert = 0x00ffffff;

}  // namespace

Result<FramebufferScreen> FramebufferScreen::Open(sys::Handle mmio) {
  sys::FramebufferInfo info{};
  uint64_t actual = 0;
  RAEEN_TRY(FromStatus(
      sys::ObjectGetInfo(mmio, sys::InfoTopic::kFramebuffer, &info, sizeof(info), &actual)));
  // The mapping covers whole pages; pixel (0, 0) may start inside the first.
  const uint64_t first = info.base & ~(kPageSize - 1);
  const uint64_t offset = info.base - first;
  if (info.size == 0 || info.size > UINT64_MAX - kPageSize - info.base) {
    return Error(Status::kOutOfRange);
  }
  const uint64_t length = (offset + info.size + kPageSize - 1) & ~(kPageSize - 1);
  sys::Handle memory = sys::kInvalidHandle;
  RAEEN_TRY(FromStatus(sys::MemoryCreatePhysical(mmio, first, length, &memory)));
  uint64_t address = 0;
  const Status mapped = sys::VmMap(rae::SelfAddressSpace(), memory, 0, length,
                                   sys::VmPerms::kRead | sys::VmPerms::kWrite, &address);
  // The mapping keeps the object alive; the handle is not needed again.
  (void)sys::HandleClose(memory);
  RAEEN_TRY(FromStatus(mapped));

  kernel::FramebufferView view;
  view.pixels = reinterpret_cast<void*>(address + offset);
  view.size = info.size;
  view.width = info.width;
  view.height = info.height;
  view.pitch = info.pitch;
  view.bits_per_pixel = info.bits_per_pixel;
  view.format = static_cast<boot::PixelFormat>(info.format);
  view.red_mask = info.red_mask;
  view.green_mask = info.green_mask;
  view.blue_mask = info.blue_mask;
  RAEEN_TRY(kernel::PsfFont font, kernel::BuiltinConsoleFont());
  RAEEN_TRY(kernel::FramebufferConsole console, kernel::FramebufferConsole::Create(view, font));
  console.Clear();
  FramebufferScreen screen(console, view, font.width(), font.height());
  screen.ToggleCursor();
  return screen;
}

void FramebufferScreen::ToggleCursor() {
  if (!cursor_shown_) {
    // A cursor waiting to wrap (column == columns) shows on the last column.
    cursor_column_ = rstd::Min(console_.cursor_column(), console_.columns() - 1);
    cursor_row_ = console_.cursor_row();
  }
  cursor_shown_ = !cursor_shown_;
  // The bottom eighth of the cell, at least two scan lines: where an underscore would be.
  const uint32_t thickness = rstd::Min(rstd::Max(cell_height_ / 8, uint32_t{2}), cell_height_);
  const uint32_t x = cursor_column_ * cell_width_;
  for (uint32_t y = (cursor_row_ + 1) * cell_height_ - thickness;
       y < (cursor_row_ + 1) * cell_height_; ++y) {
    auto* line =
        reinterpret_cast<uint32_t*>(static_cast<uint8_t*>(view_.pixels) + size_t{y} * view_.pitch);
    for (uint32_t i = 0; i < cell_width_; ++i) line[x + i] ^= kInvert;
  }
}

void FramebufferScreen::Write(rstd::StringView text) {
  if (cursor_shown_) ToggleCursor();  // restores the cell before the console draws or scrolls
  console_.Write(text);
  ToggleCursor();
}

}  // namespace raeen::consoled
