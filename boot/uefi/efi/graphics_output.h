#pragma once
// EFI_GRAPHICS_OUTPUT_PROTOCOL [UEFI 2.10, 12.9].

#include "boot/uefi/efi/efi_types.h"

namespace raeen::boot::efi {

inline constexpr Guid kGraphicsOutputProtocolGuid = {
    0x9042a9de, 0x23dc, 0x4a38, {0x96, 0xfb, 0x7a, 0xde, 0xd0, 0x80, 0x51, 0x6a}};

// EFI_GRAPHICS_PIXEL_FORMAT.
enum class GraphicsPixelFormat : uint32_t {
  kRedGreenBlueReserved8BitPerColor = 0,
  kBlueGreenRedReserved8BitPerColor = 1,
  kBitMask = 2,
  kBltOnly = 3,  // no linear framebuffer: only Blt() can draw
};

struct PixelBitmask {
  uint32_t RedMask;
  uint32_t GreenMask;
  uint32_t BlueMask;
  uint32_t ReservedMask;
};

struct GraphicsOutputModeInformation {
  uint32_t Version;
  uint32_t HorizontalResolution;
  uint32_t VerticalResolution;
  GraphicsPixelFormat PixelFormat;
  PixelBitmask PixelInformation;  // meaningful only for kBitMask
  uint32_t PixelsPerScanLine;     // may exceed HorizontalResolution
};

struct GraphicsOutputProtocolMode {
  uint32_t MaxMode;  // valid modes are 0 .. MaxMode - 1
  uint32_t Mode;     // the current mode
  GraphicsOutputModeInformation* Info;
  Uintn SizeOfInfo;
  PhysicalAddress FrameBufferBase;
  Uintn FrameBufferSize;
};

struct GraphicsOutputProtocol {
  // *Info is allocated from pool by the firmware; the caller frees it with FreePool().
  StatusCode(RAEEN_EFIAPI* QueryMode)(GraphicsOutputProtocol* This, uint32_t ModeNumber,
                                      Uintn* SizeOfInfo, GraphicsOutputModeInformation** Info);
  StatusCode(RAEEN_EFIAPI* SetMode)(GraphicsOutputProtocol* This, uint32_t ModeNumber);
  void* Blt;
  GraphicsOutputProtocolMode* Mode;
};

}  // namespace raeen::boot::efi
