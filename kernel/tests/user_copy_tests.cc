// In-kernel tests of the user-copy helpers (kernel/mm/user_copy.h) on real page tables: with
// SMAP on they must open and close the stac/clac window, without it they must not execute
// stac/clac at all (#UD), and faults on user memory must come back as errors, not panics.
// The cpu.smap system scenario runs this suite on -cpu max and on -cpu qemu64.

#include "kernel/arch/x86_64/protection.h"
#include "kernel/arch/x86_64/user_access.h"
#include "kernel/arch/x86_64/user_mode_test.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "kernel/mm/user_copy.h"

namespace raeen::kernel {
namespace {

using arch::kUserTestDataAddress;
using arch::UserTestPage;

constexpr Protection kUserReadWrite{.writable = true, .user = true};
constexpr Protection kUserReadOnly{.user = true};

// The SMAP window must be closed after every copy, the fault path included.
bool AlignmentCheckFlagSet() {
  uint64_t rflags = 0;
  asm volatile("pushfq; popq %0" : "=r"(rflags));
  return (rflags & arch::kRflagsAlignmentCheck) != 0;
}

bool Equal(const void* a, const void* b, size_t size) {
  return __builtin_memcmp(a, b, size) == 0;
}

bool AllBytes(const uint8_t* bytes, size_t size, uint8_t value) {
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != value) return false;
  }
  return true;
}

KTEST(user_copy, round_trip_through_a_user_page) {
  const bool stac = arch::UserAccessUsesStac();
  KTEST_EXPECT(stac == arch::CurrentProtections().smap);
  if (stac) {
    LogInfo("user_copy: SMAP on: copies open the stac/clac window");
  } else {
    LogInfo("user_copy: SMAP OFF (the CPU lacks it): copies run without stac/clac");
  }
  Result<UserTestPage> page = UserTestPage::Create(kUserTestDataAddress, kUserReadWrite);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;

  uint8_t pattern[256];
  for (size_t i = 0; i < sizeof(pattern); ++i) pattern[i] = static_cast<uint8_t>(i * 7 + 3);
  // Kernel to user, ending on the page's last byte.
  const uint64_t tail = page->user_address() + kPageSize4K - sizeof(pattern);
  KTEST_EXPECT(CopyToUser(tail, pattern, sizeof(pattern)).ok());
  KTEST_EXPECT(!AlignmentCheckFlagSet());
  KTEST_EXPECT(
      Equal(page->kernel_alias() + kPageSize4K - sizeof(pattern), pattern, sizeof(pattern)));

  // User to kernel: what the page holds, written through the direct map.
  for (size_t i = 0; i < 512; ++i) page->kernel_alias()[i] = static_cast<uint8_t>(0xa5 ^ i);
  uint8_t back[512] = {};
  KTEST_EXPECT(CopyFromUser(back, page->user_address(), sizeof(back)).ok());
  KTEST_EXPECT(!AlignmentCheckFlagSet());
  KTEST_EXPECT(Equal(back, page->kernel_alias(), sizeof(back)));

  // A whole page, and nothing at all.
  uint8_t whole[kPageSize4K];
  KTEST_EXPECT(CopyFromUser(whole, page->user_address(), sizeof(whole)).ok());
  KTEST_EXPECT(Equal(whole, page->kernel_alias(), sizeof(whole)));
  KTEST_EXPECT(CopyFromUser(back, page->user_address(), 0).ok());
  KTEST_EXPECT(CopyToUser(page->user_address(), back, 0).ok());
}

KTEST(user_copy, unmapped_user_memory_returns_an_error) {
  uint8_t buffer[64];
  __builtin_memset(buffer, 0x3c, sizeof(buffer));
  // Nothing is mapped in the lower half here: each copy faults, is recovered, and fails.
  constexpr uint64_t kUnmapped = 0x0000100000000000;
  KTEST_EXPECT(CopyFromUser(buffer, kUnmapped, sizeof(buffer)).status() == Status::kOutOfRange);
  KTEST_EXPECT(!AlignmentCheckFlagSet());
  KTEST_EXPECT(CopyToUser(kUnmapped, buffer, sizeof(buffer)).status() == Status::kOutOfRange);
  KTEST_EXPECT(!AlignmentCheckFlagSet());
  KTEST_EXPECT(CopyFromUser(buffer, 0, 8).status() == Status::kOutOfRange);  // the null page

  // A copy that runs off the end of a mapped page into an unmapped one: the bytes before the
  // fault are copied, the call fails.
  Result<UserTestPage> page = UserTestPage::Create(kUserTestDataAddress, kUserReadWrite);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  const uint64_t straddle = page->user_address() + kPageSize4K - 32;
  KTEST_EXPECT(CopyToUser(straddle, buffer, sizeof(buffer)).status() == Status::kOutOfRange);
  KTEST_EXPECT(AllBytes(page->kernel_alias() + kPageSize4K - 32, 32, 0x3c));
  uint8_t into[64] = {};
  KTEST_EXPECT(CopyFromUser(into, straddle, sizeof(into)).status() == Status::kOutOfRange);
  KTEST_EXPECT(AllBytes(into, 32, 0x3c));
  KTEST_EXPECT(!AlignmentCheckFlagSet());
  // Recovery leaves nothing behind: the next copy works.
  KTEST_EXPECT(CopyFromUser(into, straddle, 32).ok());
}

KTEST(user_copy, read_only_user_page_refuses_writes) {
  Result<UserTestPage> page = UserTestPage::Create(kUserTestDataAddress, kUserReadOnly);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  __builtin_memset(page->kernel_alias(), 'r', 64);
  uint8_t buffer[16];
  __builtin_memset(buffer, 'w', sizeof(buffer));
  // CR0.WP: ring 0 honours read-only pages, so the write faults and is refused.
  KTEST_EXPECT(CopyToUser(page->user_address(), buffer, sizeof(buffer)).status() ==
               Status::kOutOfRange);
  KTEST_EXPECT(AllBytes(page->kernel_alias(), 64, 'r'));
  KTEST_EXPECT(CopyFromUser(buffer, page->user_address(), sizeof(buffer)).ok());
  KTEST_EXPECT(AllBytes(buffer, sizeof(buffer), 'r'));
}

// Refused before any access: nothing is read or written.
KTEST(user_copy, kernel_addresses_are_refused) {
  static uint8_t kernel_data[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const uint64_t kernel_address = reinterpret_cast<uint64_t>(kernel_data);
  const uint64_t direct_map = GetBootInfo().handoff->direct_map_base;
  uint8_t buffer[16] = {};
  KTEST_EXPECT(CopyFromUser(buffer, kernel_address, sizeof(buffer)).status() ==
               Status::kInvalidArgument);
  KTEST_EXPECT(AllBytes(buffer, sizeof(buffer), 0));
  KTEST_EXPECT(CopyToUser(kernel_address, buffer, sizeof(buffer)).status() ==
               Status::kInvalidArgument);
  KTEST_EXPECT(kernel_data[0] == 1 && kernel_data[15] == 16);
  KTEST_EXPECT(CopyFromUser(buffer, direct_map, 8).status() == Status::kInvalidArgument);
  KTEST_EXPECT(CopyFromUser(buffer, kernel_address, 0).status() == Status::kInvalidArgument);
  // Non-canonical, crossing into it, and wrapping around.
  KTEST_EXPECT(CopyFromUser(buffer, kLowerHalfEnd, 1).status() == Status::kInvalidArgument);
  KTEST_EXPECT(CopyFromUser(buffer, kLowerHalfEnd - 8, 16).status() == Status::kInvalidArgument);
  KTEST_EXPECT(CopyToUser(0x1000, buffer, ~size_t{0}).status() == Status::kInvalidArgument);
  char text[8];
  KTEST_EXPECT(CopyStringFromUser(text, sizeof(text), kernel_address).status() ==
               Status::kInvalidArgument);
  KTEST_EXPECT(!AlignmentCheckFlagSet());
}

// The last page below the boundary: a range may end exactly at kLowerHalfEnd, not beyond.
KTEST(user_copy, top_of_user_space) {
  Result<UserTestPage> page = UserTestPage::Create(kLowerHalfEnd - kPageSize4K, kUserReadWrite);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  __builtin_memset(page->kernel_alias(), 'z', kPageSize4K);
  uint8_t last[16] = {};
  KTEST_EXPECT(CopyFromUser(last, kLowerHalfEnd - sizeof(last), sizeof(last)).ok());
  KTEST_EXPECT(AllBytes(last, sizeof(last), 'z'));
  KTEST_EXPECT(CopyFromUser(last, kLowerHalfEnd - sizeof(last), sizeof(last) + 1).status() ==
               Status::kInvalidArgument);
  // A string without a NUL that runs into the boundary is refused, not read past it.
  char text[64];
  KTEST_EXPECT(CopyStringFromUser(text, sizeof(text), kLowerHalfEnd - 16).status() ==
               Status::kInvalidArgument);
}

KTEST(user_copy, string_copy_stops_at_the_nul) {
  Result<UserTestPage> page = UserTestPage::Create(kUserTestDataAddress, kUserReadWrite);
  KTEST_EXPECT(page.ok());
  if (!page.ok()) return;
  uint8_t* alias = page->kernel_alias();
  const uint64_t user = page->user_address();
  __builtin_memcpy(alias, "hello", 6);
  char text[32];
  __builtin_memset(text, '#', sizeof(text));
  Result<size_t> length = CopyStringFromUser(text, sizeof(text), user);
  KTEST_EXPECT(length.ok() && *length == 5);
  KTEST_EXPECT(Equal(text, "hello", 6));
  KTEST_EXPECT(text[6] == '#');  // nothing past the NUL

  // Exactly filling the buffer, and one byte too long for it.
  __builtin_memset(alias + 100, 'x', 31);
  alias[131] = 0;
  Result<size_t> full = CopyStringFromUser(text, sizeof(text), user + 100);
  KTEST_EXPECT(full.ok() && *full == 31);
  KTEST_EXPECT(CopyStringFromUser(text, sizeof(text) - 1, user + 100).status() ==
               Status::kBufferTooSmall);
  KTEST_EXPECT(CopyStringFromUser(text, 0, user).status() == Status::kInvalidArgument);

  // No NUL before the page ends: the next read faults and the copy fails.
  __builtin_memset(alias + kPageSize4K - 8, 'y', 8);
  KTEST_EXPECT(CopyStringFromUser(text, sizeof(text), user + kPageSize4K - 8).status() ==
               Status::kOutOfRange);
  KTEST_EXPECT(!AlignmentCheckFlagSet());
}

}  // namespace
}  // namespace raeen::kernel
