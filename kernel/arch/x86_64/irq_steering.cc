#include "kernel/arch/x86_64/irq_steering.h"

#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/per_cpu.h"

namespace raeen::kernel::arch {
namespace {

uint64_t allowed_mask = kAllCpus;

}  // namespace

Result<void> SteerDeviceInterrupts(uint64_t allowed_cpu_mask) {
  if (IoApicCount() == 0) return Error(Status::kBadState);
  uint8_t ids[kMaxCpus];
  uint32_t count = 0;
  const uint32_t cpus = CpuCount();
  for (uint32_t i = 0; i < cpus; ++i) {
    const PerCpu& cpu = CpuByIndex(i);
    if (((allowed_cpu_mask >> i) & 1) == 0) continue;
    if (__atomic_load_n(&cpu.online, __ATOMIC_ACQUIRE) == 0 || cpu.apic_id > 0xff) continue;
    ids[count++] = static_cast<uint8_t>(cpu.apic_id);
  }
  if (count == 0) return Error(Status::kInvalidArgument);
  // kAllCpus lifts the restriction, so later routes go where their drivers ask, including to
  // CPUs that come online later; the entries stay where they are (on online CPUs).
  const uint32_t restricted = allowed_cpu_mask == kAllCpus ? 0 : count;
  RAEEN_TRY(SetDeviceInterruptDestinations(rstd::Span<const uint8_t>(ids, restricted)));
  __atomic_store_n(&allowed_mask, allowed_cpu_mask, __ATOMIC_RELEASE);
  return {};
}

uint64_t DeviceInterruptCpuMask() { return __atomic_load_n(&allowed_mask, __ATOMIC_ACQUIRE); }

}  // namespace raeen::kernel::arch
