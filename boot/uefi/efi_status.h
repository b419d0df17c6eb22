#pragma once
// Names for UEFI status codes and the translation between them and raeen::Status. The error
// lines rae-boot prints name the firmware's status ("EFI_NOT_FOUND") because that is what a
// person searches the specification and forums for.

#include "boot/uefi/efi/efi_types.h"
#include "libs/rstd/status.h"

namespace raeen::boot {

// "EFI_NOT_FOUND", "EFI_WARN_STALE_DATA", ...; "EFI_UNKNOWN_ERROR"/"EFI_UNKNOWN_WARNING" for
// codes the specification does not define [UEFI 2.10, Appendix D].
const char* EfiStatusName(efi::StatusCode status);

// The closest raeen::Status for a firmware error (kOk for success and warnings).
Status StatusFromEfi(efi::StatusCode status);

// The status rae-boot returns to the firmware when its own check (not a firmware call) fails.
efi::StatusCode EfiStatusFor(Status status);

}  // namespace raeen::boot
