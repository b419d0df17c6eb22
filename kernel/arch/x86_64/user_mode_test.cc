#include "kernel/arch/x86_64/user_mode_test.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/interrupt_flags.h"
#include "kernel/arch/x86_64/interrupt_frame.h"
#include "kernel/arch/x86_64/per_cpu.h"
#include "kernel/arch/x86_64/user_access.h"
#include "kernel/boot/boot_info.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_address_space.h"
#include "kernel/mm/kernel_memory.h"

namespace raeen::kernel::arch {

// The kernel state raeen_user_mode_enter saves; offsets fixed by user_mode_test.S.
struct UserModeJump {
  uint64_t rbx, rbp, r12, r13, r14, r15;
  uint64_t rsp;
  uint64_t rflags;
};
static_assert(sizeof(UserModeJump) == 64);

}  // namespace raeen::kernel::arch

extern "C" void raeen_user_mode_enter(raeen::kernel::arch::UserModeJump* jump, uint64_t rip,
                                      uint64_t rsp, uint64_t argument);
extern "C" [[noreturn]] void raeen_user_mode_resume(const raeen::kernel::arch::UserModeJump* jump);

#define RAEEN_USER_PROGRAM(name)                              \
  extern "C" const uint8_t raeen_user_program_##name[];       \
  extern "C" const uint8_t raeen_user_program_##name##_ud2[]; \
  extern "C" const uint8_t raeen_user_program_##name##_end[];
RAEEN_USER_PROGRAM(round_trip)
RAEEN_USER_PROGRAM(read_byte)
RAEEN_USER_PROGRAM(sgdt)
RAEEN_USER_PROGRAM(sidt)
RAEEN_USER_PROGRAM(sldt)
RAEEN_USER_PROGRAM(smsw)
RAEEN_USER_PROGRAM(str)
#undef RAEEN_USER_PROGRAM

namespace raeen::kernel::arch {
namespace {

// TSS.RSP0 while a test runs in ring 3: the exception from ring 3 and the hook run here.
alignas(16) uint8_t ring3_exception_stack[16 * 1024];

UserModeJump* active_jump = nullptr;
UserModeExit* active_exit = nullptr;

[[noreturn]] void OnUserModeException(InterruptFrame& frame) {
  *active_exit = UserModeExit{
      .vector = frame.vector,
      .error_code = frame.error_code,
      .rip = frame.rip,
      .cs = frame.cs,
      .rsp = frame.rsp,
      .rflags = frame.rflags,
      .cr2 = ReadCr2(),
      .rax = frame.rax,
      .rbx = frame.rbx,
      .rcx = frame.rcx,
      .rdx = frame.rdx,
  };
  raeen_user_mode_resume(active_jump);
}

UserProgram Program(const uint8_t* start, const uint8_t* ud2, const uint8_t* end) {
  return {rstd::Span<const uint8_t>(start, static_cast<size_t>(end - start)),
          static_cast<uint64_t>(ud2 - start)};
}

}  // namespace

Result<UserTestPage> UserTestPage::Create(uint64_t user_address, Protection protection) {
  RAEEN_TRY(uint64_t phys, PhysicalPages().AllocatePages(0, PageKind::kUser));
  __builtin_memset(PhysicalToVirtual<uint8_t>(phys), 0, kPageSize4K);
  Result<void> mapped = KernelAddressSpace().Map(user_address, phys, kPageSize4K, protection);
  if (!mapped.ok()) {
    (void)PhysicalPages().FreePages(phys, 0);
    return Error(mapped.status());
  }
  return UserTestPage(user_address, phys);
}

UserTestPage::UserTestPage(UserTestPage&& other)
    : user_address_(other.user_address_), phys_(other.phys_) {
  other.phys_ = 0;
}

UserTestPage::~UserTestPage() {
  if (phys_ == 0) return;
  // The mapper invalidates the TLB entry before Unmap returns; only then may the frame go.
  Result<void> unmapped = KernelAddressSpace().Unmap(user_address_, kPageSize4K);
  if (!unmapped.ok()) {
    LogError("user test page {:#x}: unmap failed ({}); leaking its frame", user_address_,
             unmapped.status());
    return;
  }
  (void)PhysicalPages().FreePages(phys_, 0);
}

uint8_t* UserTestPage::kernel_alias() const {
  return PhysicalToVirtual<uint8_t>(phys_);
}

Result<UserModeExit> RunInUserMode(rstd::Span<const uint8_t> code, uint64_t argument) {
  if (code.empty() || code.size() > kPageSize4K) return Error(Status::kInvalidArgument);
  // Written through the direct map, then mapped R-X for ring 3: never writable and executable.
  RAEEN_TRY(UserTestPage code_page,
            UserTestPage::Create(kUserTestCodeAddress, {.executable = true, .user = true}));
  RAEEN_TRY(UserTestPage stack_page,
            UserTestPage::Create(kUserTestStackAddress, {.writable = true, .user = true}));
  __builtin_memcpy(code_page.kernel_alias(), code.data(), code.size());

  UserModeJump jump{};
  UserModeExit exit{};
  // Interrupts stay off from here until the ring-3 code is done, so this CPU's TSS is ours.
  InterruptGuard no_interrupts;
  TaskStateSegment& tss = *CurrentCpu()->tss;
  const uint64_t saved_rsp0 = KernelStack(tss);
  SetKernelStack(tss, reinterpret_cast<uint64_t>(ring3_exception_stack +
                                                 sizeof(ring3_exception_stack)));
  active_jump = &jump;
  active_exit = &exit;
  SetUserModeFaultHook(&OnUserModeException);
  raeen_user_mode_enter(&jump, kUserTestCodeAddress, kUserTestStackAddress + kPageSize4K, argument);
  SetUserModeFaultHook(nullptr);
  active_jump = nullptr;
  active_exit = nullptr;
  SetKernelStack(tss, saved_rsp0);
  return exit;
}

UserProgram GetUserProgram(UserProgramId id) {
  switch (id) {
    case UserProgramId::kRoundTrip:
      return Program(raeen_user_program_round_trip, raeen_user_program_round_trip_ud2,
                     raeen_user_program_round_trip_end);
    case UserProgramId::kReadByte:
      return Program(raeen_user_program_read_byte, raeen_user_program_read_byte_ud2,
                     raeen_user_program_read_byte_end);
    case UserProgramId::kSgdt:
      return Program(raeen_user_program_sgdt, raeen_user_program_sgdt_ud2,
                     raeen_user_program_sgdt_end);
    case UserProgramId::kSidt:
      return Program(raeen_user_program_sidt, raeen_user_program_sidt_ud2,
                     raeen_user_program_sidt_end);
    case UserProgramId::kSldt:
      return Program(raeen_user_program_sldt, raeen_user_program_sldt_ud2,
                     raeen_user_program_sldt_end);
    case UserProgramId::kSmsw:
      return Program(raeen_user_program_smsw, raeen_user_program_smsw_ud2,
                     raeen_user_program_smsw_end);
    case UserProgramId::kStr:
      return Program(raeen_user_program_str, raeen_user_program_str_ud2,
                     raeen_user_program_str_end);
  }
  return {};
}

}  // namespace raeen::kernel::arch
