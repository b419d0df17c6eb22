#include "kernel/mm/kernel_layout.h"

namespace raeen::kernel {
namespace {

constexpr int kMaxDraws = 64;

KernelLayout layout = {kKernelAreasBase, kKernelAreasBase + kKernelAreaSize};

uint64_t AreaBase(uint64_t slot) { return kKernelAreasBase + slot * kKernelAreaAlignment; }

}  // namespace

uint64_t KernelAreaSlotCount() {
  return (kKernelAreasEnd - kKernelAreasBase - kKernelAreaSize) / kKernelAreaAlignment + 1;
}

Result<KernelLayout> ChooseKernelLayout(boot::RandomSource& random) {
  RAEEN_TRY(uint64_t stack_slot, boot::ChooseKaslrSlot(KernelAreaSlotCount(), random));
  uint64_t stack_base = AreaBase(stack_slot);
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    RAEEN_TRY(uint64_t mmio_slot, boot::ChooseKaslrSlot(KernelAreaSlotCount(), random));
    uint64_t mmio_base = AreaBase(mmio_slot);
    bool overlaps = mmio_base < stack_base + kKernelAreaSize && stack_base < mmio_base + kKernelAreaSize;
    if (!overlaps) return KernelLayout{stack_base, mmio_base};
  }
  return Error(Status::kTimedOut);
}

void SetKernelLayout(const KernelLayout& new_layout) { layout = new_layout; }

const KernelLayout& GetKernelLayout() { return layout; }

}  // namespace raeen::kernel
