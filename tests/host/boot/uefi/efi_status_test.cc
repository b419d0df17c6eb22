#include "boot/uefi/efi_status.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::boot {
namespace {

TEST(EfiStatus, NamesFollowTheSpecification) {
  EXPECT_STREQ(EfiStatusName(efi::kSuccess), "EFI_SUCCESS");
  EXPECT_STREQ(EfiStatusName(efi::kNotFound), "EFI_NOT_FOUND");
  EXPECT_STREQ(EfiStatusName(0x800000000000000eull), "EFI_NOT_FOUND");
  EXPECT_STREQ(EfiStatusName(efi::kInvalidParameter), "EFI_INVALID_PARAMETER");
  EXPECT_STREQ(EfiStatusName(efi::kSecurityViolation), "EFI_SECURITY_VIOLATION");
  EXPECT_STREQ(EfiStatusName(efi::kHttpError), "EFI_HTTP_ERROR");
  EXPECT_STREQ(EfiStatusName(efi::kWarnStaleData), "EFI_WARN_STALE_DATA");
  EXPECT_STREQ(EfiStatusName(efi::ErrorCode(29)), "EFI_UNKNOWN_ERROR");
  EXPECT_STREQ(EfiStatusName(efi::ErrorCode(1000)), "EFI_UNKNOWN_ERROR");
  EXPECT_STREQ(EfiStatusName(99), "EFI_UNKNOWN_WARNING");
}

TEST(EfiStatus, EveryErrorCodeFromOneToThirtyFiveIsNamedOrUnknown) {
  for (uint64_t n = 1; n <= 35; ++n) {
    std::string name = EfiStatusName(efi::ErrorCode(n));
    EXPECT_EQ(name.rfind("EFI_", 0), 0u) << n;
    bool reserved = n == 29 || n == 30;  // not assigned in Appendix D
    EXPECT_EQ(name == "EFI_UNKNOWN_ERROR", reserved) << n << " " << name;
  }
}

TEST(EfiStatus, TranslatesBothWays) {
  EXPECT_EQ(StatusFromEfi(efi::kSuccess), Status::kOk);
  EXPECT_EQ(StatusFromEfi(efi::kWarnUnknownGlyph), Status::kOk);
  EXPECT_EQ(StatusFromEfi(efi::kNotFound), Status::kNotFound);
  EXPECT_EQ(StatusFromEfi(efi::kOutOfResources), Status::kNoMemory);
  EXPECT_EQ(StatusFromEfi(efi::kVolumeCorrupted), Status::kCorrupt);
  EXPECT_EQ(StatusFromEfi(efi::kDeviceError), Status::kIoError);
  EXPECT_EQ(StatusFromEfi(efi::kSecurityViolation), Status::kAccessDenied);

  EXPECT_EQ(EfiStatusFor(Status::kOk), efi::kSuccess);
  EXPECT_EQ(EfiStatusFor(Status::kCorrupt), efi::kLoadError);
  EXPECT_EQ(EfiStatusFor(Status::kAccessDenied), efi::kSecurityViolation);
  EXPECT_EQ(EfiStatusFor(Status::kNotFound), efi::kNotFound);
  // Every failure maps to an EFI error, so the firmware never sees success for a failed boot.
  for (int32_t s = 1; s <= static_cast<int32_t>(Status::kPeerClosed); ++s) {
    EXPECT_TRUE(efi::IsError(EfiStatusFor(static_cast<Status>(s)))) << s;
  }
}

}  // namespace
}  // namespace raeen::boot
