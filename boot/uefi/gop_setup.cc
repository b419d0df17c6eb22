#include "boot/uefi/gop_setup.h"

#include "boot/uefi/efi/graphics_output.h"
#include "boot/uefi/efi_status.h"
#include "boot/uefi/gop_mode_chooser.h"

namespace raeen::boot {
namespace {

// More modes than any real firmware offers (OVMF: about 30); the rest would be ignored.
constexpr size_t kMaxModes = 256;

const char* LayoutName(GopPixelLayout layout) {
  switch (layout) {
    case GopPixelLayout::kRgbx: return "RGBX";
    case GopPixelLayout::kBgrx: return "BGRX";
    case GopPixelLayout::kBitmask: return "bitmask";
    case GopPixelLayout::kUnusable: return "unusable";
  }
  return "?";
}

GopPixelMasks MasksOf(const efi::GraphicsOutputModeInformation& info) {
  return GopPixelMasks{info.PixelInformation.RedMask, info.PixelInformation.GreenMask,
                       info.PixelInformation.BlueMask, info.PixelInformation.ReservedMask};
}

GopPixelLayout LayoutOf(const efi::GraphicsOutputModeInformation& info) {
  return ClassifyGopPixelFormat(static_cast<uint32_t>(info.PixelFormat), MasksOf(info));
}

Framebuffer NoFramebuffer() {
  Framebuffer none = {};
  none.format = PixelFormat::kNone;
  return none;
}

}  // namespace

Framebuffer SetUpFramebuffer(efi::BootServices* boot_services, const BootConfig& config,
                             BootLog& log) {
  efi::GraphicsOutputProtocol* gop = nullptr;
  efi::StatusCode status = boot_services->LocateProtocol(&efi::kGraphicsOutputProtocolGuid, nullptr,
                                                         reinterpret_cast<void**>(&gop));
  if (efi::IsError(status) || gop == nullptr || gop->Mode == nullptr) {
    log.Warn("gop: no graphics output ({}); the kernel gets no framebuffer", EfiStatusName(status));
    return NoFramebuffer();
  }

  GopModeCandidate modes[kMaxModes];
  size_t count = 0;
  uint32_t max_mode = gop->Mode->MaxMode;
  if (max_mode > kMaxModes) {
    log.Warn("gop: firmware lists {} modes; only the first {} are considered", max_mode, kMaxModes);
    max_mode = kMaxModes;
  }
  for (uint32_t mode = 0; mode < max_mode; ++mode) {
    efi::Uintn info_size = 0;
    efi::GraphicsOutputModeInformation* info = nullptr;
    if (efi::IsError(gop->QueryMode(gop, mode, &info_size, &info)) || info == nullptr) continue;
    modes[count++] = GopModeCandidate{mode, info->HorizontalResolution, info->VerticalResolution,
                                      LayoutOf(*info)};
    (void)boot_services->FreePool(info);
  }

  Resolution requested = config.resolution();
  Result<GopModeChoice> choice = ChooseGopMode(rstd::Span<const GopModeCandidate>(modes, count),
                                               config.auto_resolution() ? nullptr : &requested);
  if (!choice.ok()) {
    log.Warn(
        "gop: none of the {} modes has a linear 32-bit framebuffer; the kernel gets no "
        "framebuffer",
        count);
    return NoFramebuffer();
  }
  if (!config.auto_resolution() && !choice->requested_found) {
    log.Warn(
        "gop: raeen.cfg asks for {}x{}, which the firmware does not offer; choosing "
        "automatically",
        requested.width, requested.height);
  }

  const GopModeCandidate& chosen = modes[choice->index];
  uint32_t previous_mode = gop->Mode->Mode;
  if (chosen.mode_number != previous_mode) {
    status = gop->SetMode(gop, chosen.mode_number);
    if (efi::IsError(status)) {
      log.Warn("gop: switching to mode {} ({}x{}) failed ({}); keeping mode {}", chosen.mode_number,
               chosen.width, chosen.height, EfiStatusName(status), previous_mode);
    }
  }

  // Describe whatever mode is current now, from the firmware's own record of it.
  const efi::GraphicsOutputProtocolMode& mode = *gop->Mode;
  if (mode.Info == nullptr) {
    log.Warn("gop: the firmware reports no current mode; the kernel gets no framebuffer");
    return NoFramebuffer();
  }
  const efi::GraphicsOutputModeInformation& info = *mode.Info;
  GopPixelLayout layout = LayoutOf(info);
  Result<Framebuffer> framebuffer =
      DescribeFramebuffer(mode.FrameBufferBase, mode.FrameBufferSize, info.HorizontalResolution,
                          info.VerticalResolution, info.PixelsPerScanLine, layout, MasksOf(info));
  if (!framebuffer.ok()) {
    log.Warn(
        "gop: mode {} has an unusable framebuffer (base {:#x}, size {:#x}, {}x{}, {} "
        "pixels per line, {}); the kernel gets no framebuffer",
        mode.Mode, mode.FrameBufferBase, mode.FrameBufferSize, info.HorizontalResolution,
        info.VerticalResolution, info.PixelsPerScanLine, LayoutName(layout));
    return NoFramebuffer();
  }
  log.Info("gop: {}x{} {}, mode {} of {} ({}), framebuffer {:#x} ({} KiB), pitch {}",
           framebuffer->width, framebuffer->height, LayoutName(layout), mode.Mode, count,
           mode.Mode == previous_mode ? "unchanged" : "switched", framebuffer->base,
           framebuffer->size >> 10, framebuffer->pitch);
  return *framebuffer;
}

}  // namespace raeen::boot
