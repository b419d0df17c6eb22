#include "kernel/arch/x86_64/tlb.h"

#include "kernel/arch/x86_64/cpu.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint64_t kCr4Pge = 1ull << 7;
// Past this many pages one full flush is cheaper than INVLPG of each.
constexpr uint64_t kMaxPagesToInvalidateOneByOne = 64;

}  // namespace

void LocalTlbInvalidator::InvalidatePage(uint64_t virt) {
  asm volatile("invlpg (%0)" : : "r"(virt) : "memory");
}

void LocalTlbInvalidator::InvalidateRange(uint64_t virt, uint64_t size) {
  if (size / 4096 > kMaxPagesToInvalidateOneByOne) {
    InvalidateAll();
    return;
  }
  for (uint64_t offset = 0; offset < size; offset += 4096) InvalidatePage(virt + offset);
}

void LocalTlbInvalidator::InvalidateAll() {
  // Clearing and setting CR4.PGE flushes every TLB entry, global ones included, and the
  // paging-structure caches [SDM vol. 3A, 4.10.4.1].
  uint64_t cr4 = ReadCr4();
  if (cr4 & kCr4Pge) {
    WriteCr4(cr4 & ~kCr4Pge);
    WriteCr4(cr4);
  } else {
    asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
  }
}

}  // namespace raeen::kernel::arch
