#pragma once
// TLB invalidation [Intel SDM vol. 3A, 4.10.4]: on this CPU with INVLPG and CR4.PGE toggles
// (LocalTlbInvalidator), and on every online CPU with shootdown IPIs (ShootdownTlbInvalidator).
// The TLB is not coherent between CPUs: a CPU that changed a translation must make every other
// CPU that may have cached it invalidate it too, before the old page is reused or freed
// [SDM vol. 3A, 4.10.5].

#include <stdint.h>

#include "kernel/mm/page_table.h"

namespace raeen::kernel::arch {

class LocalTlbInvalidator final : public TlbInvalidator {
 public:
  void InvalidatePage(uint64_t virt) override;
  void InvalidateRange(uint64_t virt, uint64_t size) override;
  void InvalidateAll() override;
};

// For the kernel address space, which every CPU uses (its entries are global): invalidates on
// this CPU, then on every other online CPU through RunOnCpus (ipi.h), and returns once all of
// them finished. Before any other CPU is online it is LocalTlbInvalidator.
//
// Lock rule: it waits for the other CPUs with interrupts off while servicing their requests,
// so it may be called holding the address-space lock (every spinlock wait loop services
// shootdowns too), but never holding the heap or page-allocator lock nor from a kAtomic
// CrossCpuFunction: a CPU spinning there could be the one it waits for.
class ShootdownTlbInvalidator final : public TlbInvalidator {
 public:
  void InvalidatePage(uint64_t virt) override;
  void InvalidateRange(uint64_t virt, uint64_t size) override;
  void InvalidateAll() override;
};

// For a user address space: invalidates on this CPU if it has the tables loaded, and on every
// other CPU in `*active_cpus` (PageTableRoot::active_cpus, user_entry.h), which a CPU joins
// before it loads the tables and leaves after it loaded others. The mapper changes entries
// before it calls this, so a CPU that joins after the mask was read already sees them. Same
// lock rules as ShootdownTlbInvalidator.
class AddressSpaceTlbInvalidator final : public TlbInvalidator {
 public:
  explicit AddressSpaceTlbInvalidator(const uint64_t* active_cpus) : active_cpus_(active_cpus) {}
  void InvalidatePage(uint64_t virt) override;
  void InvalidateRange(uint64_t virt, uint64_t size) override;
  void InvalidateAll() override;

 private:
  const uint64_t* active_cpus_;
};

// Shootdowns that reached other CPUs since boot (diagnostics, tests).
uint64_t TlbShootdownCount();

}  // namespace raeen::kernel::arch
