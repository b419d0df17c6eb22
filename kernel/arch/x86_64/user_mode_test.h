#pragma once
// A ring-3 trampoline for the in-kernel tests, and nothing else: until the kernel has
// processes, these tests are the only code that runs in user mode.
//
// RunInUserMode copies a few instructions into a user page, maps it and a stack page in the
// lower half of the kernel address space, drops to ring 3 with iretq and comes back on the
// first exception the ring-3 code raises (a ud2 at its end, or the fault under test). The way
// back works like setjmp/longjmp:
//   - raeen_user_mode_enter (user_mode_test.S) saves the callee-saved registers, rsp and rflags
//     in a UserModeJump, then iretqs to ring 3;
//   - the exception from ring 3 switches to TSS.RSP0, a stack of this file's own, and reaches
//     HandleInterrupt, whose TryRecoverUserAccessFault hands it to the hook set here;
//   - the hook records the frame and calls raeen_user_mode_resume, which reloads the kernel
//     data selectors, the saved registers, rsp and rflags and returns from
//     raeen_user_mode_enter as if from an ordinary call. The exception frame is abandoned on
//     the RSP0 stack: nothing on it is needed again.
// To the compiler raeen_user_mode_enter is an ordinary call, so the caller-saved registers are
// assumed clobbered and nothing else needs restoring. Interrupts stay disabled in ring 3
// (rflags.IF = 0), so only the code under test can bring the CPU back.

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm/page_flags.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::arch {

// Where the tests map user pages: low in the lower half, which the kernel leaves empty.
inline constexpr uint64_t kUserTestCodeAddress = 0x0000000040000000;
inline constexpr uint64_t kUserTestStackAddress = 0x0000000040010000;
inline constexpr uint64_t kUserTestDataAddress = 0x0000000040020000;

// One 4 KiB page of user memory in the kernel address space, unmapped and freed when
// destroyed. Its frame is also reachable, RW- and supervisor-only, through the direct map
// (kernel_alias), which is how tests fill or inspect it without the user-copy helpers.
class UserTestPage {
 public:
  // Maps a zeroed page at `user_address` with `protection` (user, not global).
  // Errors: kNoMemory, the mapper's (kInvalidArgument, kAlreadyExists).
  static Result<UserTestPage> Create(uint64_t user_address, Protection protection);

  UserTestPage(UserTestPage&& other);
  UserTestPage(const UserTestPage&) = delete;
  UserTestPage& operator=(const UserTestPage&) = delete;
  UserTestPage& operator=(UserTestPage&&) = delete;
  ~UserTestPage();

  uint64_t user_address() const { return user_address_; }
  uint8_t* kernel_alias() const;

 private:
  UserTestPage(uint64_t user_address, uint64_t phys) : user_address_(user_address), phys_(phys) {}

  uint64_t user_address_ = 0;
  uint64_t phys_ = 0;  // 0 once moved from
};

// The exception that brought the CPU back from ring 3, with the registers at that point.
struct UserModeExit {
  uint64_t vector;
  uint64_t error_code;
  uint64_t rip;
  uint64_t cs;
  uint64_t rsp;
  uint64_t rflags;
  uint64_t cr2;
  uint64_t rax, rbx, rcx, rdx;
};

// Runs `code` in ring 3 from the start of a fresh R-X user page at kUserTestCodeAddress, with
// rsp at the top of a RW- NX user stack page at kUserTestStackAddress, rdi = `argument` and
// every other register zero, until its first exception. Both pages are unmapped before it
// returns. Errors: kInvalidArgument (no code, or more than a page), UserTestPage's errors.
Result<UserModeExit> RunInUserMode(rstd::Span<const uint8_t> code, uint64_t argument);

// The ring-3 programs of user_mode_test.S. Each ends in ud2; `ud2_offset` is where.
struct UserProgram {
  rstd::Span<const uint8_t> code;
  uint64_t ud2_offset;
};
enum class UserProgramId {
  kRoundTrip,  // loads marks into rax/rcx, reads cs into rdx, pushes and pops: ud2
  kReadByte,   // movb (%rdi), %al: ud2
  kSgdt,       // sgdt to the stack, loads the base into rax: ud2
  kSidt,       // sidt to the stack, loads the base into rax: ud2
  kSldt,       // sldt %eax: ud2
  kSmsw,       // smsw %eax: ud2
  kStr,        // str %eax: ud2
};
UserProgram GetUserProgram(UserProgramId id);

}  // namespace raeen::kernel::arch
