#include "boot/uefi/memory_map.h"

#include <gtest/gtest.h>
#include <string.h>

#include <string>
#include <vector>

#include "boot/uefi/efi/memory.h"

namespace raeen::boot {
namespace {

using efi::MemoryType;

constexpr uint64_t kDescriptorSize = 48;  // what OVMF reports; larger than sizeof (40)

struct Entry {
  uint32_t type;
  uint64_t base;
  uint64_t pages;
};

uint32_t T(MemoryType type) {
  return static_cast<uint32_t>(type);
}
uint32_t T(LoaderMemoryType type) {
  return static_cast<uint32_t>(type);
}

// A raw map as GetMemoryMap() returns it; the bytes between descriptors are garbage.
std::vector<uint8_t> RawMap(const std::vector<Entry>& entries,
                            uint64_t descriptor_size = kDescriptorSize) {
  std::vector<uint8_t> raw(entries.size() * descriptor_size, 0xa5);
  for (size_t i = 0; i < entries.size(); ++i) {
    efi::MemoryDescriptor d = {};
    d.Type = entries[i].type;
    d.PhysicalStart = entries[i].base;
    d.VirtualStart = 0xdeadbeef000;
    d.NumberOfPages = entries[i].pages;
    d.Attribute = 0xf;
    memcpy(raw.data() + i * descriptor_size, &d, sizeof(d));
  }
  return raw;
}

Result<size_t> Convert(const std::vector<uint8_t>& raw, std::vector<MemoryRange>& out,
                       Diagnostic& diag, uint64_t descriptor_size = kDescriptorSize) {
  return ConvertMemoryMap(rstd::Bytes(raw.data(), raw.size()), descriptor_size,
                          rstd::Span<MemoryRange>(out.data(), out.size()), diag);
}

std::string Text(const Diagnostic& diag) {
  return std::string(diag.text().data(), diag.text().size());
}

TEST(MemoryMap, KindForEveryEfiType) {
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kConventionalMemory)), MemoryKind::kUsable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kBootServicesCode)), MemoryKind::kBootReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kBootServicesData)), MemoryKind::kBootReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kLoaderCode)), MemoryKind::kLoaderReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kLoaderData)), MemoryKind::kLoaderReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kAcpiReclaimMemory)), MemoryKind::kAcpiReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kAcpiMemoryNvs)), MemoryKind::kAcpiNvs);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kRuntimeServicesCode)),
            MemoryKind::kFirmwareRuntime);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kRuntimeServicesData)),
            MemoryKind::kFirmwareRuntime);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kMemoryMappedIo)), MemoryKind::kMmio);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kMemoryMappedIoPortSpace)), MemoryKind::kMmio);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kUnusableMemory)), MemoryKind::kBadMemory);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kPersistentMemory)), MemoryKind::kPersistent);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kReservedMemoryType)), MemoryKind::kReserved);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kPalCode)), MemoryKind::kReserved);
  EXPECT_EQ(MemoryKindForEfiType(T(MemoryType::kUnacceptedMemoryType)), MemoryKind::kReserved);
  EXPECT_EQ(MemoryKindForEfiType(0x70000000), MemoryKind::kReserved);  // OEM
  EXPECT_EQ(MemoryKindForEfiType(0x80000000), MemoryKind::kReserved);  // not ours
  EXPECT_EQ(MemoryKindForEfiType(0x80000007), MemoryKind::kReserved);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kKernelImage)), MemoryKind::kKernelImage);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kPageTables)), MemoryKind::kPageTables);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kKernelStack)), MemoryKind::kKernelStack);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kLoaderData)), MemoryKind::kLoaderReclaimable);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kInitrd)), MemoryKind::kInitrd);
  EXPECT_EQ(MemoryKindForEfiType(T(LoaderMemoryType::kKernelFile)), MemoryKind::kKernelFile);
}

TEST(MemoryMap, StepsByDescriptorSizeSortsAndMerges) {
  std::vector<uint8_t> raw = RawMap({
      {T(MemoryType::kConventionalMemory), 0x100000, 0x10},
      {T(MemoryType::kBootServicesData), 0x0, 0x9f},
      {T(MemoryType::kConventionalMemory), 0x110000, 0x20},  // adjacent, same kind: merged
      {T(MemoryType::kLoaderData), 0x130000, 1},             // adjacent, other kind: kept
      {T(LoaderMemoryType::kLoaderData), 0x131000, 1},       // same kind as LoaderData: merged
      {T(MemoryType::kMemoryMappedIo), 0xfec00000, 1},
      {T(MemoryType::kConventionalMemory), 0x200000, 0x100},  // gap before it: kept apart
  });
  std::vector<MemoryRange> out(16);
  Diagnostic diag;
  Result<size_t> count = Convert(raw, out, diag);
  ASSERT_TRUE(count.ok()) << Text(diag);
  ASSERT_EQ(*count, 5u);
  EXPECT_EQ(out[0].base, 0x0u);
  EXPECT_EQ(out[0].size, 0x9f000u);
  EXPECT_EQ(out[0].kind, MemoryKind::kBootReclaimable);
  EXPECT_EQ(out[1].base, 0x100000u);
  EXPECT_EQ(out[1].size, 0x30000u);
  EXPECT_EQ(out[1].kind, MemoryKind::kUsable);
  EXPECT_EQ(out[2].base, 0x130000u);
  EXPECT_EQ(out[2].size, 0x2000u);
  EXPECT_EQ(out[2].kind, MemoryKind::kLoaderReclaimable);
  EXPECT_EQ(out[3].base, 0x200000u);
  EXPECT_EQ(out[3].kind, MemoryKind::kUsable);
  EXPECT_EQ(out[4].base, 0xfec00000u);
  EXPECT_EQ(out[4].kind, MemoryKind::kMmio);
  for (size_t i = 0; i < *count; ++i) EXPECT_EQ(out[i].reserved, 0u);
}

TEST(MemoryMap, AcceptsTheSpecificationSizeToo) {
  std::vector<uint8_t> raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1000, 2}}, 40);
  std::vector<MemoryRange> out(4);
  Diagnostic diag;
  Result<size_t> count = Convert(raw, out, diag, 40);
  ASSERT_TRUE(count.ok()) << Text(diag);
  EXPECT_EQ(*count, 1u);
  EXPECT_EQ(out[0].size, 0x2000u);
}

TEST(MemoryMap, DropsEmptyDescriptorsAndHandlesAnEmptyMap) {
  std::vector<MemoryRange> out(4);
  Diagnostic diag;
  std::vector<uint8_t> empty;
  Result<size_t> none = Convert(empty, out, diag);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  std::vector<uint8_t> raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1000, 0},
                                     {T(MemoryType::kConventionalMemory), 0x5000, 1}});
  Result<size_t> count = Convert(raw, out, diag);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1u);
  EXPECT_EQ(out[0].base, 0x5000u);
}

TEST(MemoryMap, DetectsOverlaps) {
  std::vector<uint8_t> raw = RawMap({{T(MemoryType::kConventionalMemory), 0x100000, 0x10},
                                     {T(MemoryType::kBootServicesData), 0x10f000, 2}});
  std::vector<MemoryRange> out(4);
  Diagnostic diag;
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kCorrupt);
  EXPECT_NE(Text(diag).find("overlap"), std::string::npos) << Text(diag);
  // Same kind overlapping is a firmware bug too, not something to merge silently.
  raw = RawMap({{T(MemoryType::kConventionalMemory), 0x100000, 0x10},
                {T(MemoryType::kConventionalMemory), 0x100000, 0x1}});
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kCorrupt);
}

TEST(MemoryMap, RejectsMalformedDescriptors) {
  std::vector<MemoryRange> out(4);
  Diagnostic diag;
  std::vector<uint8_t> raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1000, 1}}, 48);
  EXPECT_EQ(Convert(raw, out, diag, 32).status(), Status::kCorrupt);  // below the spec's size
  EXPECT_EQ(Convert(raw, out, diag, 44).status(), Status::kCorrupt);  // not a multiple of 8
  EXPECT_EQ(Convert(raw, out, diag, 0).status(), Status::kCorrupt);
  std::vector<uint8_t> ragged = raw;
  ragged.resize(raw.size() - 4);
  EXPECT_EQ(Convert(ragged, out, diag).status(), Status::kCorrupt);
  raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1800, 1}});
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kCorrupt);  // unaligned
  raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1000, 1ull << 60}});
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kCorrupt);  // size overflows
  raw = RawMap({{T(MemoryType::kConventionalMemory), 0xfffffffffffff000, 2}});
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kCorrupt);  // end overflows
}

TEST(MemoryMap, ReportsAFullOutputBuffer) {
  std::vector<uint8_t> raw = RawMap({{T(MemoryType::kConventionalMemory), 0x1000, 1},
                                     {T(MemoryType::kLoaderData), 0x2000, 1},
                                     {T(MemoryType::kConventionalMemory), 0x3000, 1}});
  std::vector<MemoryRange> out(2);
  Diagnostic diag;
  EXPECT_EQ(Convert(raw, out, diag).status(), Status::kBufferTooSmall);
  std::vector<MemoryRange> enough(3);
  EXPECT_TRUE(Convert(raw, enough, diag).ok());
}

TEST(MemoryMap, LargeReversedMapIsSorted) {
  std::vector<Entry> entries;
  for (uint64_t i = 0; i < 300; ++i) {
    // Alternate kinds so nothing merges.
    uint32_t type = i % 2 ? T(MemoryType::kConventionalMemory) : T(MemoryType::kLoaderCode);
    entries.push_back({type, (299 - i) * 0x2000, 1});
  }
  std::vector<uint8_t> raw = RawMap(entries);
  std::vector<MemoryRange> out(300);
  Diagnostic diag;
  Result<size_t> count = Convert(raw, out, diag);
  ASSERT_TRUE(count.ok()) << Text(diag);
  ASSERT_EQ(*count, 300u);
  for (size_t i = 1; i < *count; ++i) EXPECT_LT(out[i - 1].base, out[i].base);
}

}  // namespace
}  // namespace raeen::boot
