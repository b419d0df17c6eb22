#pragma once
// BootFailure: the first thing that went wrong, recorded where it happened and printed once by
// efi_main as the two lines every rae-boot failure ends with:
//
//   rae-boot: error: <what failed> (<EFI status name>)
//   rae-boot: what to do: <concrete advice>
//
// Result<T> carries only the Status up the call chain; this record carries the rest.

#include "boot/uefi/boot_log.h"
#include "boot/uefi/diagnostic.h"
#include "boot/uefi/efi/efi_types.h"
#include "boot/uefi/efi_status.h"
#include "libs/rstd/format.h"
#include "libs/rstd/result.h"

namespace raeen::boot {

class BootFailure {
 public:
  static constexpr size_t kCapacity = 256;

  BootFailure() { what_[0] = '\0'; }

  // A firmware call failed with `efi_status`. Returns the matching Error for `return ...`.
  template <typename... Args>
  Error FirmwareError(efi::StatusCode efi_status, const char* advice, rstd::StringView format,
                      const Args&... args) {
    Record(efi_status, advice, format, args...);
    Status status = StatusFromEfi(efi_status);
    return Error(status == Status::kOk ? Status::kIoError : status);
  }

  // One of rae-boot's own checks failed with `status`; the firmware gets the closest EFI status.
  template <typename... Args>
  Error LoaderError(Status status, const char* advice, rstd::StringView format,
                    const Args&... args) {
    Record(EfiStatusFor(status), advice, format, args...);
    return Error(status);
  }

  // As LoaderError(), with the text "<context>: <what diag says>".
  Error InvalidInput(Status status, rstd::StringView context, const Diagnostic& diag,
                     const char* advice) {
    return LoaderError(status, advice, "{}: {}", context, diag.text());
  }

  bool recorded() const { return recorded_; }
  efi::StatusCode efi_status() const { return efi_status_; }

  void Print(BootLog& log) const {
    log.Error("{} ({})", rstd::StringView(what_, what_size_), EfiStatusName(efi_status_));
    log.Info("what to do: {}", advice_);
  }

 private:
  template <typename... Args>
  void Record(efi::StatusCode efi_status, const char* advice, rstd::StringView format,
              const Args&... args) {
    if (recorded_) return;  // keep the first, root cause
    recorded_ = true;
    efi_status_ = efi_status;
    advice_ = advice;
    what_size_ = rstd::FormatTo(what_, kCapacity, format, args...).size();
  }

  bool recorded_ = false;
  efi::StatusCode efi_status_ = efi::kSuccess;
  const char* advice_ = "";
  char what_[kCapacity];
  size_t what_size_ = 0;
};

}  // namespace raeen::boot
