// The decisions behind user-copy fault recovery (kernel/arch/x86_64/user_access.h) and the
// SMAP/SMEP wording of panic reports (exception_info.h).

#include "kernel/arch/x86_64/user_access.h"

#include <gtest/gtest.h>

#include <string>

#include "kernel/arch/x86_64/exception_info.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint64_t kPageFault = 14;
constexpr uint64_t kGeneralProtection = 13;
constexpr uint64_t kWrite = 1u << 1;

constexpr UserAccessFixup kFixups[] = {
    {0xffffffff80001000, 0xffffffff80001002, 0xffffffff80001010},
    {0xffffffff80002000, 0xffffffff80002004, 0xffffffff80002020},
};

// A not-present read of a user page by the first fixup's instruction, with the SMAP window open.
UserAccessFault CopyFault() {
  return UserAccessFault{
      .vector = kPageFault,
      .error_code = 0,
      .rip = 0xffffffff80001000,
      .cs = 0x08,
      .rflags = 0x2 | kRflagsAlignmentCheck,
      .cr2 = 0x0000000040000000,
      .smap_enabled = true,
  };
}

uint64_t Find(const UserAccessFault& fault) {
  return FindUserAccessRecovery(fault, kFixups, 2);
}

std::string Cause(uint64_t error_code, uint64_t address, bool smep, bool smap, bool rflags_ac) {
  rstd::StringView cause = UserPageProtectionFault(error_code, address, smep, smap, rflags_ac);
  return std::string(cause.data(), cause.size());
}

TEST(UserAccessRecovery, RecoversUserSideFaultsInTheTable) {
  EXPECT_EQ(Find(CopyFault()), 0xffffffff80001010u);
  UserAccessFault last_byte = CopyFault();
  last_byte.rip = 0xffffffff80001001;
  EXPECT_EQ(Find(last_byte), 0xffffffff80001010u);
  UserAccessFault second = CopyFault();
  second.rip = 0xffffffff80002003;
  EXPECT_EQ(Find(second), 0xffffffff80002020u);
  // A write to a read-only user page (protection violation) and a fault at the last user byte.
  UserAccessFault read_only = CopyFault();
  read_only.error_code = kPageFaultPresent | kWrite;
  read_only.cr2 = kLowerHalfEnd - 1;
  EXPECT_EQ(Find(read_only), 0xffffffff80001010u);
}

TEST(UserAccessRecovery, WithoutSmapTheWindowFlagIsNotNeeded) {
  UserAccessFault fault = CopyFault();
  fault.smap_enabled = false;
  fault.rflags = 0x2;
  EXPECT_EQ(Find(fault), 0xffffffff80001010u);
}

TEST(UserAccessRecovery, RefusesFaultsOutsideTheTable) {
  UserAccessFault fault = CopyFault();
  fault.rip = 0xffffffff80001002;  // end is exclusive
  EXPECT_EQ(Find(fault), 0u);
  fault.rip = 0xffffffff80000fff;
  EXPECT_EQ(Find(fault), 0u);
  EXPECT_EQ(FindUserAccessRecovery(CopyFault(), kFixups, 0), 0u);
}

TEST(UserAccessRecovery, RefusesKernelSideFaults) {
  // The kernel buffer of a copy faulted: the kernel's bug, not the user's.
  UserAccessFault fault = CopyFault();
  fault.cr2 = 0xffff888000001000;
  EXPECT_EQ(Find(fault), 0u);
  fault.cr2 = kLowerHalfEnd;
  EXPECT_EQ(Find(fault), 0u);
}

TEST(UserAccessRecovery, RefusesAccessesWithTheSmapWindowClosed) {
  UserAccessFault fault = CopyFault();
  fault.rflags = 0x2;  // AC clear: the access was not meant for user memory
  fault.error_code = kPageFaultPresent;
  EXPECT_EQ(Find(fault), 0u);
}

TEST(UserAccessRecovery, RefusesOtherFaultKinds) {
  UserAccessFault gp = CopyFault();
  gp.vector = kGeneralProtection;  // non-canonical: only a kernel pointer can be
  EXPECT_EQ(Find(gp), 0u);
  UserAccessFault fetch = CopyFault();
  fetch.error_code = kPageFaultPresent | kPageFaultFetch;
  EXPECT_EQ(Find(fetch), 0u);
  UserAccessFault reserved = CopyFault();
  reserved.error_code = kPageFaultPresent | kPageFaultReservedBit;
  EXPECT_EQ(Find(reserved), 0u);
  UserAccessFault from_ring3 = CopyFault();
  from_ring3.cs = 0x2b;
  from_ring3.error_code = kPageFaultUser;
  EXPECT_EQ(Find(from_ring3), 0u);
  from_ring3.error_code = 0;
  EXPECT_EQ(Find(from_ring3), 0u);
}

TEST(UserPageProtectionFault, NamesSmapForKernelDataAccessToUserPages) {
  EXPECT_EQ(Cause(kPageFaultPresent, 0x40020000, true, true, false),
            "supervisor access to a user page (SMAP)");
  EXPECT_EQ(Cause(kPageFaultPresent | kWrite, 0x40020000, false, true, false),
            "supervisor access to a user page (SMAP)");
  // With AC set the window was open: a fault there is something else (a read-only page).
  EXPECT_EQ(Cause(kPageFaultPresent | kWrite, 0x40020000, true, true, true), "");
  EXPECT_EQ(Cause(kPageFaultPresent, 0x40020000, true, false, false), "");
}

TEST(UserPageProtectionFault, NamesSmepForKernelFetchesFromUserPages) {
  EXPECT_EQ(Cause(kPageFaultPresent | kPageFaultFetch, 0x40000000, true, true, false),
            "supervisor fetch from a user page (SMEP)");
  EXPECT_EQ(Cause(kPageFaultPresent | kPageFaultFetch, 0x40000000, false, true, false), "");
}

TEST(UserPageProtectionFault, SaysNothingForOtherFaults) {
  // Not present, from user mode, reserved bits, or in the upper half (kernel pages).
  EXPECT_EQ(Cause(0, 0x40000000, true, true, false), "");
  EXPECT_EQ(Cause(kPageFaultFetch, 0x40000000, true, true, false), "");
  EXPECT_EQ(Cause(kPageFaultPresent | kPageFaultUser, 0x40000000, true, true, false), "");
  EXPECT_EQ(Cause(kPageFaultPresent | kPageFaultReservedBit, 0x40000000, true, true, false), "");
  EXPECT_EQ(Cause(kPageFaultPresent, 0xffffffff80001000, true, true, false), "");
  EXPECT_EQ(Cause(kPageFaultPresent | kPageFaultFetch, 0xffff888000000000, true, true, false), "");
}

}  // namespace
}  // namespace raeen::kernel::arch
