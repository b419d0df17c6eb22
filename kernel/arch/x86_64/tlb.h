#pragma once
// TLB invalidation on this CPU with INVLPG and CR4.PGE toggles [Intel SDM vol. 3A, 4.10.4].
// The SMP issue extends it with shootdown IPIs for address spaces live on other CPUs.

#include "kernel/mm/page_table.h"

namespace raeen::kernel::arch {

class LocalTlbInvalidator final : public TlbInvalidator {
 public:
  void InvalidatePage(uint64_t virt) override;
  void InvalidateRange(uint64_t virt, uint64_t size) override;
  void InvalidateAll() override;
};

}  // namespace raeen::kernel::arch
