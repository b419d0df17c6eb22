#pragma once
// EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL [UEFI 2.10, 12.4]. rae-boot only writes strings; the other
// members are declared for the layout and never called.

#include "boot/uefi/efi/efi_types.h"

namespace raeen::boot::efi {

struct SimpleTextOutputProtocol {
  StatusCode(RAEEN_EFIAPI* Reset)(SimpleTextOutputProtocol* This, Boolean ExtendedVerification);
  // Writes a NUL-terminated UCS-2 string. The console interprets CR and LF separately, so a
  // new line is "\r\n" [UEFI 2.10, 12.4, OutputString()].
  StatusCode(RAEEN_EFIAPI* OutputString)(SimpleTextOutputProtocol* This, const Char16* String);
  void* TestString;
  void* QueryMode;
  void* SetMode;
  void* SetAttribute;
  void* ClearScreen;
  void* SetCursorPosition;
  void* EnableCursor;
  void* Mode;
};

}  // namespace raeen::boot::efi
