#include "kernel/arch/x86_64/per_cpu.h"

#include "kernel/arch/x86_64/cpu.h"

namespace raeen::kernel::arch {
namespace {

// IA32_GS_BASE [Intel SDM vol. 4, table 2-2]: the GS base used in 64-bit mode.
constexpr uint32_t kMsrGsBase = 0xc0000101;

PerCpu cpus[kMaxCpus];
uint32_t cpu_count = 0;
bool per_cpu_ready = false;

static_assert(__builtin_offsetof(PerCpu, syscall_kernel_rsp) == kPerCpuSyscallKernelRsp);
static_assert(__builtin_offsetof(PerCpu, syscall_user_rsp) == kPerCpuSyscallUserRsp);

}  // namespace

PerCpu& CpuByIndex(uint32_t index) { return cpus[index]; }

uint32_t CpuCount() { return __atomic_load_n(&cpu_count, __ATOMIC_ACQUIRE); }

PerCpu* AllocatePerCpu(uint32_t apic_id) {
  uint32_t index = cpu_count;
  if (index >= kMaxCpus) return nullptr;
  PerCpu& cpu = cpus[index];
  cpu.self = &cpu;
  cpu.index = index;
  cpu.apic_id = apic_id;
  cpu.tss = &cpu.tables.tss.tss;
  __atomic_store_n(&cpu_count, index + 1, __ATOMIC_RELEASE);
  return &cpu;
}

void InitBootCpuPerCpu() {
  PerCpu& cpu = cpus[0];
  cpu.self = &cpu;
  cpu.index = 0;
  cpu.tss = &BootCpuTss();
  for (int i = 0; i < 3; ++i) cpu.ist[i] = IstStackBounds(static_cast<IstSlot>(i + 1));
  cpu.online = 1;
  if (cpu_count == 0) __atomic_store_n(&cpu_count, 1, __ATOMIC_RELEASE);
  SetCurrentCpu(&cpu);
  __atomic_store_n(&per_cpu_ready, true, __ATOMIC_RELEASE);
}

bool PerCpuReady() { return __atomic_load_n(&per_cpu_ready, __ATOMIC_ACQUIRE); }

void SetCurrentCpu(PerCpu* cpu) {
  for (uint64_t top : cpu->tss->ist) {
    if (top != 0) *reinterpret_cast<PerCpu**>(top) = cpu;
  }
  WriteMsr(kMsrGsBase, reinterpret_cast<uint64_t>(cpu));
}

bool HasCurrentCpu() { return ReadMsr(kMsrGsBase) != 0; }

}  // namespace raeen::kernel::arch
