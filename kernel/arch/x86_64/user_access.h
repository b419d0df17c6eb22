#pragma once
// The instructions that touch user memory (user_access.S) and the fault recovery that lets
// them fail without a panic. kernel/mm/user_copy.h is the interface the rest of the kernel
// uses; nothing outside it calls the copy routines here.
//
// Exception fixups: each instruction of user_access.S that may fault on a user address is
// listed, with the address to resume at, in a table in the same file (like Linux's __ex_table
// or Zircon's user-copy fault return). When a page fault hits one of them, HandleInterrupt asks
// TryRecoverUserAccessFault, which moves the saved rip to the recovery address; the routine
// then closes the SMAP window and returns an error. Only faults that can be the user's fault
// are recovered (IsRecoverableUserAccessFault): anything else in a copy is a kernel bug and
// panics.
//
// SMAP on or off: stac/clac are #UD on a CPU without SMAP, so the routines take a flag and
// branch around them. The flag is read from CR4.SMAP on every copy (UserAccessUsesStac): CR4
// can only have SMAP set on a CPU that has it, the value never goes stale (no ordering
// against EnableProtections, every CPU the same), and a MOV from CR4 plus a predictable branch
// cost nothing next to a copy. Patching the instructions in at boot (Linux's alternatives)
// would save that, but needs a writable alias of kernel text; not worth it yet.

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/mm/page_flags.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kRflagsAlignmentCheck = 1ull << 18;  // AC: stac sets it
inline constexpr uint64_t kPageFaultPresent = 1u << 0;
inline constexpr uint64_t kPageFaultUser = 1u << 2;
inline constexpr uint64_t kPageFaultReservedBit = 1u << 3;
inline constexpr uint64_t kPageFaultFetch = 1u << 4;

// One entry of the fixup table, resolved to addresses: a fault at rip in [start, end) resumes at
// `recovery`.
struct UserAccessFixup {
  uint64_t start;
  uint64_t end;
  uint64_t recovery;
};

// What the recovery decision looks at.
struct UserAccessFault {
  uint64_t vector;
  uint64_t error_code;
  uint64_t rip;
  uint64_t cs;
  uint64_t rflags;
  uint64_t cr2;
  bool smap_enabled;  // CR4.SMAP
};

// The recovery address for a fault in a user-access instruction, or 0 when the fault must
// panic. Recovered: a page fault (#PF) in kernel mode, on a data access (never a fetch or a
// reserved-bit fault), at a lower-half address (the user side of the copy), from an
// instruction in `fixups`, with the SMAP window open when SMAP is on (AC set: a user access
// without it is the kernel's bug, not the user's). Not recovered: #GP, which the user side
// cannot cause because CheckUserRange admits canonical lower-half ranges only, so it means a
// non-canonical kernel pointer.
constexpr uint64_t FindUserAccessRecovery(const UserAccessFault& fault,
                                          const UserAccessFixup* fixups, uint64_t fixup_count) {
  constexpr uint64_t kPageFault = 14;
  if (fault.vector != kPageFault) return 0;
  if ((fault.cs & 3) != 0) return 0;
  if ((fault.error_code & (kPageFaultUser | kPageFaultFetch | kPageFaultReservedBit)) != 0) {
    return 0;
  }
  if (!IsLowerHalf(fault.cr2)) return 0;
  if (fault.smap_enabled && (fault.rflags & kRflagsAlignmentCheck) == 0) return 0;
  for (uint64_t i = 0; i < fixup_count; ++i) {
    if (fault.rip >= fixups[i].start && fault.rip < fixups[i].end) return fixups[i].recovery;
  }
  return 0;
}

// True when copies run stac/clac: CR4.SMAP is set (see above).
bool UserAccessUsesStac();

// Called by HandleInterrupt before it panics. True when the fault was expected and handled:
//  - a fault in a user-copy routine (FindUserAccessRecovery): the frame now resumes at the
//    recovery address, and HandleInterrupt returns to it;
//  - any exception from ring 3 while a user-mode fault hook is set (the in-kernel tests'
//    ring-3 trampoline, kernel/arch/x86_64/user_mode_test.h): the hook does not return.
// False: nobody expected it; panic.
bool TryRecoverUserAccessFault(InterruptFrame& frame);

// While set, TryRecoverUserAccessFault hands every exception from ring 3 to `hook`, which must
// not return (it resumes the kernel elsewhere). Until the kernel runs user processes, only the
// in-kernel tests enter ring 3. Pass nullptr to clear.
using UserModeFaultHook = void (*)(InterruptFrame& frame);
void SetUserModeFaultHook(UserModeFaultHook hook);

// The copy routines (user_access.S). Callers pass UserAccessUsesStac() as use_stac.
// Copies n bytes; returns 0, or the number of bytes not copied after a recovered fault.
extern "C" uint64_t raeen_user_copy(void* dst, const void* src, uint64_t n, uint64_t use_stac);
// Copies bytes up to and including a NUL, reading at most `limit`; returns the count copied
// with the NUL (1..limit), 0 when the first `limit` bytes hold no NUL, or UINT64_MAX after a
// recovered fault.
extern "C" uint64_t raeen_user_copy_string(char* dst, const char* src, uint64_t limit,
                                           uint64_t use_stac);

}  // namespace raeen::kernel::arch
