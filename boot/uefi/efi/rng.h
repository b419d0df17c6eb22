#pragma once
// EFI_RNG_PROTOCOL [UEFI 2.10, 37.5]. OVMF provides it when QEMU has a virtio-rng device.

#include "boot/uefi/efi/efi_types.h"

namespace raeen::boot::efi {

inline constexpr Guid kRngProtocolGuid = {
    0x3152bca5, 0xeade, 0x433d, {0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44}};

struct RngProtocol {
  void* GetInfo;
  // RNGAlgorithm NULL selects the driver's default algorithm. May return EFI_NOT_READY, after
  // which the caller may simply try again.
  StatusCode(RAEEN_EFIAPI* GetRNG)(RngProtocol* This, const Guid* RNGAlgorithm,
                                   Uintn RNGValueLength, uint8_t* RNGValue);
};

}  // namespace raeen::boot::efi
