#include "kernel/arch/x86_64/user_access.h"

#include "kernel/arch/x86_64/cpu.h"

// The fixup table of user_access.S: entries of three self-relative 32-bit offsets.
extern "C" const int32_t raeen_user_access_fixups_start[];
extern "C" const int32_t raeen_user_access_fixups_end[];

namespace raeen::kernel::arch {
namespace {

constexpr uint64_t kVectorPageFaultNumber = 14;

UserModeFaultHook user_mode_fault_hook = nullptr;

uint64_t Resolve(const int32_t* field) {
  return reinterpret_cast<uint64_t>(field) + static_cast<int64_t>(*field);
}

}  // namespace

bool UserAccessUsesStac() {
  return (ReadCr4() & kCr4Smap) != 0;
}

void SetUserModeFaultHook(UserModeFaultHook hook) {
  __atomic_store_n(&user_mode_fault_hook, hook, __ATOMIC_RELEASE);
}

bool TryRecoverUserAccessFault(InterruptFrame& frame) {
  if ((frame.cs & 3) == 3) {
    UserModeFaultHook hook = __atomic_load_n(&user_mode_fault_hook, __ATOMIC_ACQUIRE);
    if (hook == nullptr) return false;
    hook(frame);  // does not return
    return false;
  }
  if (frame.vector != kVectorPageFaultNumber) return false;
  const UserAccessFault fault{
      .vector = frame.vector,
      .error_code = frame.error_code,
      .rip = frame.rip,
      .cs = frame.cs,
      .rflags = frame.rflags,
      .cr2 = ReadCr2(),
      .smap_enabled = UserAccessUsesStac(),
  };
  for (const int32_t* entry = raeen_user_access_fixups_start;
       entry + 3 <= raeen_user_access_fixups_end; entry += 3) {
    const UserAccessFixup fixup{Resolve(entry), Resolve(entry + 1), Resolve(entry + 2)};
    uint64_t recovery = FindUserAccessRecovery(fault, &fixup, 1);
    if (recovery != 0) {
      frame.rip = recovery;
      return true;
    }
  }
  return false;
}

}  // namespace raeen::kernel::arch
