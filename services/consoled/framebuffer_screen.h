#pragma once
// The boot framebuffer as one of consoled's output devices: the kernel's text console
// (kernel/console/framebuffer_console.h, the same code and the same Terminus font the kernel
// draws its log with) on pixels consoled maps itself. Creating the memory object over the
// framebuffer is what makes the kernel stop drawing there (kernel/console/
// framebuffer_handover.h), so from Open on the screen is consoled's alone.
//
// The kernel's console draws no cursor (its log needs none); a shell does, so this device
// shows one: an underline across the bottom of the cursor's cell, drawn by inverting the
// pixels (XOR), which the next write inverts back before the console draws.

#include "kernel/console/framebuffer_console.h"
#include "libs/rstd/result.h"
#include "raeen/syscalls.h"
#include "services/consoled/console_service.h"

namespace raeen::consoled {

class FramebufferScreen final : public OutputDevice {
 public:
  // Describes the framebuffer (object_get_info(framebuffer) on `mmio`, an mmio resource over
  // it: the `framebuffer` grant), maps it (memory_create_physical, vm_map) and clears it.
  // Errors: object_get_info's (kNotFound: the boot had no framebuffer), kOutOfRange for a
  // description that wraps, memory_create_physical's and vm_map's, the built-in font's
  // (PsfFont::Parse) and FramebufferConsole::Create's (kUnsupported for a pixel format other
  // than 32 bpp).
  static Result<FramebufferScreen> Open(sys::Handle mmio);

  void Write(rstd::StringView text) override;

  uint32_t width() const { return view_.width; }
  uint32_t height() const { return view_.height; }
  uint32_t columns() const { return console_.columns(); }
  uint32_t rows() const { return console_.rows(); }

 private:
  FramebufferScreen(const kernel::FramebufferConsole& console, const kernel::FramebufferView& view,
                    uint32_t cell_width, uint32_t cell_height)
      : console_(console), view_(view), cell_width_(cell_width), cell_height_(cell_height) {}

  // Inverts the cursor's underline at the console's cursor cell (drawn or undrawn: XOR).
  void ToggleCursor();

  kernel::FramebufferConsole console_;
  kernel::FramebufferView view_;
  uint32_t cell_width_;
  uint32_t cell_height_;
  // Where the cursor is drawn, when cursor_shown_.
  uint32_t cursor_column_ = 0;
  uint32_t cursor_row_ = 0;
  bool cursor_shown_ = false;
};

}  // namespace raeen::consoled
