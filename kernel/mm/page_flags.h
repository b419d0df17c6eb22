#pragma once
// The x86-64 4-level page-table entry format [Intel SDM vol. 3A, 4.5, tables 4-14 to 4-19] and
// the Protection that callers of PageTable (kernel/mm/page_table.h) use instead of raw bits.
//
// Shared by the kernel, rae-boot (LLP64, no libstdc++ headers) and the host tests, so only
// <stdint.h> and rstd. Everything here is constexpr: the tests check the encoding bit by bit.

#include <stdint.h>

namespace raeen::kernel {

inline constexpr uint64_t kPageSize4K = 1ull << 12;
inline constexpr uint64_t kPageSize2M = 1ull << 21;
inline constexpr uint64_t kPageSize1G = 1ull << 30;

// 4-level paging translates 48-bit canonical addresses: bits 63:47 all equal
// [Intel SDM vol. 1, 3.3.7.1 "Canonical Addressing"]. The lower half belongs to user space, the
// upper half to the kernel.
inline constexpr uint64_t kLowerHalfEnd = 0x0000800000000000;    // first non-canonical address
inline constexpr uint64_t kUpperHalfStart = 0xffff800000000000;  // first canonical high address

constexpr bool IsCanonical(uint64_t virt) {
  return virt < kLowerHalfEnd || virt >= kUpperHalfStart;
}
constexpr bool IsLowerHalf(uint64_t virt) {
  return virt < kLowerHalfEnd;
}

// The memory type of a mapping, encoded as a PAT index in PWT/PCD/PAT
// [Intel SDM vol. 3A, 11.12.3 "Selecting a Memory Type from the PAT"]. The indices assume the
// IA32_PAT layout in kPatMsrValue, which the kernel programs; until it does (in rae-boot's
// tables) the power-on layout applies, where kWriteCombining degrades to write-through.
enum class CacheMode : uint8_t {
  kWriteBack = 0,       // ordinary memory
  kWriteCombining = 1,  // framebuffers
  kUncached = 2,        // device registers
};

// What a mapping allows. The mapper refuses combinations it never creates (writable and
// executable; user and global) and a `user` that does not match the half of the address.
struct Protection {
  bool writable = false;
  bool executable = false;
  bool user = false;
  // G: the translation survives CR3 loads [Intel SDM vol. 3A, 4.10.2.4]. For kernel mappings
  // shared by every address space; never for user mappings.
  bool global = false;
  CacheMode cache = CacheMode::kWriteBack;

  constexpr bool operator==(const Protection&) const = default;
};

// Paging-structure levels, named by the table an entry lives in: level 4 is the PML4, level 1
// a page table. An entry of level L covers PageSizeAt(L) bytes.
inline constexpr int kRootLevel = 4;
inline constexpr uint64_t kEntriesPerTable = 512;

constexpr uint64_t PageSizeAt(int level) {
  return 1ull << (12 + 9 * (level - 1));
}

// The index of `virt` in the table of `level`: bits 47:39 for the PML4 down to bits 20:12 for a
// page table [Intel SDM vol. 3A, 4.5.4, figure 4-8].
constexpr uint64_t IndexAt(uint64_t virt, int level) {
  return (virt >> (12 + 9 * (level - 1))) & 511;
}

namespace pte {

inline constexpr uint64_t kPresent = 1ull << 0;       // P
inline constexpr uint64_t kWritable = 1ull << 1;      // R/W
inline constexpr uint64_t kUser = 1ull << 2;          // U/S
inline constexpr uint64_t kWriteThrough = 1ull << 3;  // PWT: PAT index bit 0
inline constexpr uint64_t kCacheDisable = 1ull << 4;  // PCD: PAT index bit 1
inline constexpr uint64_t kAccessed = 1ull << 5;      // A, set by the CPU
inline constexpr uint64_t kDirty = 1ull << 6;         // D, set by the CPU in leaves
inline constexpr uint64_t kLargePage = 1ull << 7;     // PS in a PDPTE (1 GiB) or PDE (2 MiB)
inline constexpr uint64_t kPat4K = 1ull << 7;         // PAT index bit 2 in a PTE (where PS is)
inline constexpr uint64_t kGlobal = 1ull << 8;        // G, leaves only
inline constexpr uint64_t kPatLarge = 1ull << 12;     // PAT index bit 2 in a 2 MiB / 1 GiB leaf
inline constexpr uint64_t kNoExecute = 1ull << 63;    // XD; needs EFER.NXE = 1
// Bits 51:12: the physical address of a table or 4 KiB page [Intel SDM vol. 3A, 4.1.4:
// MAXPHYADDR is at most 52].
inline constexpr uint64_t kAddressMask = 0x000ffffffffff000;
// The bits the CPU sets on its own; the mapper preserves them and ignores them in comparisons.
inline constexpr uint64_t kHardwareBits = kAccessed | kDirty;

}  // namespace pte

// Physical addresses are below 1 << 52 on every x86-64 CPU [Intel SDM vol. 3A, 4.1.4].
inline constexpr uint32_t kMaxPhysicalAddressBits = 52;

// The IA32_PAT value the PAT indices of CacheMode assume [Intel SDM vol. 3A, 11.12.2 "IA32_PAT
// MSR"]: PA0 WB (06), PA1 WC (01), PA2 UC- (07), PA3 UC (00), and the same again for PA4-7 so
// that the PAT bit never matters. Only PA1 and PA5 differ from the power-on value (WT).
inline constexpr uint64_t kPatMsrValue = 0x0007010600070106;

// The PAT index (PAT << 2 | PCD << 1 | PWT) of a cache mode.
constexpr uint32_t PatIndex(CacheMode cache) {
  switch (cache) {
    case CacheMode::kWriteBack: return 0;
    case CacheMode::kWriteCombining: return 1;
    case CacheMode::kUncached: return 3;
  }
  return 3;
}

// The cache mode of a PAT index under kPatMsrValue. The mapper never writes index 2 (UC-); it
// reads as uncached.
constexpr CacheMode CacheModeOfPatIndex(uint32_t index) {
  switch (index & 3) {
    case 0: return CacheMode::kWriteBack;
    case 1: return CacheMode::kWriteCombining;
    default: return CacheMode::kUncached;
  }
}

// True when `entry` (present) of `level` maps a page rather than referencing a table.
constexpr bool IsLeaf(uint64_t entry, int level) {
  return level == 1 || ((level == 2 || level == 3) && (entry & pte::kLargePage) != 0);
}

// The physical base of the page a leaf of `level` maps.
constexpr uint64_t LeafAddress(uint64_t entry, int level) {
  return entry & pte::kAddressMask & ~(PageSizeAt(level) - 1);
}

// The physical address of the table a non-leaf entry references.
constexpr uint64_t TableAddress(uint64_t entry) {
  return entry & pte::kAddressMask;
}

// A leaf of `level` mapping the page at `phys` (aligned to PageSizeAt(level)).
constexpr uint64_t EncodeLeaf(uint64_t phys, int level, const Protection& protection) {
  uint64_t entry = phys | pte::kPresent;
  if (protection.writable) entry |= pte::kWritable;
  if (protection.user) entry |= pte::kUser;
  if (protection.global) entry |= pte::kGlobal;
  if (!protection.executable) entry |= pte::kNoExecute;
  uint32_t pat = PatIndex(protection.cache);
  if ((pat & 1) != 0) entry |= pte::kWriteThrough;
  if ((pat & 2) != 0) entry |= pte::kCacheDisable;
  if (level == 1) {
    if ((pat & 4) != 0) entry |= pte::kPat4K;
  } else {
    entry |= pte::kLargePage;
    if ((pat & 4) != 0) entry |= pte::kPatLarge;
  }
  return entry;
}

// The protection a leaf of `level` grants by itself (the mapper's table entries never restrict
// it further: see EncodeTable).
constexpr Protection DecodeLeaf(uint64_t entry, int level) {
  uint32_t pat = ((entry & pte::kWriteThrough) != 0 ? 1 : 0) |
                 ((entry & pte::kCacheDisable) != 0 ? 2 : 0) |
                 ((entry & (level == 1 ? pte::kPat4K : pte::kPatLarge)) != 0 ? 4 : 0);
  return Protection{.writable = (entry & pte::kWritable) != 0,
                    .executable = (entry & pte::kNoExecute) == 0,
                    .user = (entry & pte::kUser) != 0,
                    .global = (entry & pte::kGlobal) != 0,
                    .cache = CacheModeOfPatIndex(pat)};
}

// An entry referencing the table at `table_phys`. Access rights are the intersection of every
// level [Intel SDM vol. 3A, 4.6.1], so table entries allow everything their half may hold and
// the leaf decides: writable, executable, and user in the lower half only.
constexpr uint64_t EncodeTable(uint64_t table_phys, bool lower_half) {
  return table_phys | pte::kPresent | pte::kWritable | (lower_half ? pte::kUser : 0);
}

}  // namespace raeen::kernel
