#include "boot/uefi/boot_failure.h"

#include <gtest/gtest.h>

#include <string>

#include "boot/uefi/boot_log.h"

namespace raeen::boot {
namespace {

std::string Printed(const BootFailure& failure) {
  char buffer[1024];
  rstd::BufferWriter writer(buffer, sizeof(buffer));
  BootLog log(writer);
  failure.Print(log);
  return std::string(writer.view().data(), writer.view().size());
}

TEST(BootFailure, PrintsTheTwoLines) {
  BootFailure failure;
  EXPECT_FALSE(failure.recorded());
  Error error = failure.FirmwareError(efi::kNotFound, "put the kernel at \\raeen\\kernel.elf",
                                      "cannot find {}", "\\raeen\\kernel.elf");
  EXPECT_EQ(error.status, Status::kNotFound);
  EXPECT_TRUE(failure.recorded());
  EXPECT_EQ(failure.efi_status(), efi::kNotFound);
  EXPECT_EQ(Printed(failure),
            "rae-boot: error: cannot find \\raeen\\kernel.elf (EFI_NOT_FOUND)\n"
            "rae-boot: what to do: put the kernel at \\raeen\\kernel.elf\n");
}

TEST(BootFailure, KeepsTheFirstCause) {
  BootFailure failure;
  (void)failure.LoaderError(Status::kAccessDenied, "rebuild", "segment 2 is W+X");
  (void)failure.FirmwareError(efi::kDeviceError, "other", "a later failure");
  EXPECT_EQ(failure.efi_status(), efi::kSecurityViolation);
  EXPECT_NE(Printed(failure).find("segment 2 is W+X (EFI_SECURITY_VIOLATION)"), std::string::npos);
}

TEST(BootFailure, InvalidInputQuotesTheDiagnostic) {
  Diagnostic diag;
  Error error = diag.Fail(Status::kCorrupt, "not an ELF file (bad magic)");
  EXPECT_EQ(error.status, Status::kCorrupt);
  BootFailure failure;
  (void)failure.InvalidInput(Status::kCorrupt, "\\raeen\\kernel.elf", diag, "rebuild");
  EXPECT_EQ(Printed(failure),
            "rae-boot: error: \\raeen\\kernel.elf: not an ELF file (bad magic) (EFI_LOAD_ERROR)\n"
            "rae-boot: what to do: rebuild\n");
}

TEST(BootFailure, FirmwareSuccessStillFails) {
  BootFailure failure;
  Error error = failure.FirmwareError(efi::kSuccess, "x", "odd");
  EXPECT_NE(error.status, Status::kOk);
}

TEST(BootLog, PrefixesEveryLine) {
  char buffer[256];
  rstd::BufferWriter writer(buffer, sizeof(buffer));
  BootLog log(writer);
  log.Info("RaeenOS UEFI loader {}", "0.1.0");
  log.Warn("{} not found", "initrd");
  log.Warning("from a sink");
  EXPECT_EQ(std::string(writer.view().data(), writer.view().size()),
            "rae-boot: RaeenOS UEFI loader 0.1.0\n"
            "rae-boot: warning: initrd not found\n"
            "rae-boot: warning: from a sink\n");
}

TEST(Diagnostic, TruncatesLongText) {
  Diagnostic diag;
  EXPECT_TRUE(diag.empty());
  std::string long_text(500, 'x');
  (void)diag.Fail(Status::kCorrupt, "{}", long_text.c_str());
  EXPECT_EQ(diag.text().size(), Diagnostic::kCapacity - 1);
}

}  // namespace
}  // namespace raeen::boot
