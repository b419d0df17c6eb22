#include "kernel/boot/handoff_check.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

using boot::Handoff;
using boot::MemoryKind;
using boot::MemoryRange;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;
constexpr uint64_t kDirectMapBase = 0xffff800000000000ull;
constexpr uint64_t kKernelArea = 0xffffffff80000000ull;

std::string Str(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

// A handoff as rae-boot writes it for a 4 GiB machine with a 1024x768 framebuffer.
Handoff ValidHandoff() {
  Handoff h;
  std::memset(&h, 0, sizeof(h));
  h.magic = boot::kHandoffMagic;
  h.version = boot::kHandoffVersion;
  h.size = sizeof(Handoff);
  h.boot_path = boot::BootPath::kUefi;
  h.slide_source = boot::EntropySource::kRdrand;
  h.kernel_phys = 0x200000;
  h.kernel_virt = kKernelArea + 37 * 2 * kMiB;
  h.kernel_size = 0x120000;
  h.kernel_file = 0x1000000;
  h.kernel_file_size = 0x48000;
  h.stack_virt_top = h.kernel_virt + 0x200000 + 0x10000;
  h.stack_size = 0x10000;
  h.direct_map_base = kDirectMapBase;
  h.direct_map_size = 4 * kGiB;
  h.page_table_root = 0x3000;
  h.memory_map = 0x5000;
  h.memory_map_count = 12;
  h.initrd = 0;
  h.initrd_size = 0;
  h.rsdp = 0x7fe0014;
  h.framebuffer.base = 0x80000000;
  h.framebuffer.width = 1024;
  h.framebuffer.height = 768;
  h.framebuffer.pitch = 1024 * 4;
  h.framebuffer.size = 1024 * 4 * 768;
  h.framebuffer.bits_per_pixel = 32;
  h.framebuffer.format = boot::PixelFormat::kBgrx8888;
  std::strcpy(h.command_line, "ktest=all log=debug");
  return h;
}

// The status and reason CheckHandoff gives.
struct Verdict {
  Status status;
  std::string reason;
};

Verdict Check(const Handoff& h) {
  rstd::StringView reason = "untouched";
  Result<void> result = CheckHandoff(h, &reason);
  return Verdict{result.status(), result.ok() ? std::string() : Str(reason)};
}

void ExpectValid(const Handoff& h) {
  Verdict verdict = Check(h);
  EXPECT_EQ(verdict.status, Status::kOk) << verdict.reason;
}

// Fails with kCorrupt and a reason that mentions `topic`.
void ExpectCorrupt(const Handoff& h, const std::string& topic) {
  Verdict verdict = Check(h);
  EXPECT_EQ(verdict.status, Status::kCorrupt);
  EXPECT_FALSE(verdict.reason.empty());
  EXPECT_NE(verdict.reason.find(topic), std::string::npos)
      << "reason \"" << verdict.reason << "\" does not mention \"" << topic << "\"";
}

struct Breakage {
  const char* what;
  std::function<void(Handoff&)> mutate;
  const char* topic;  // a word the reason must contain
};

TEST(HandoffCheck, ValidHandoffPasses) {
  Handoff h = ValidHandoff();
  rstd::StringView reason = "untouched";
  Result<void> result = CheckHandoff(h, &reason);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(Str(reason), "untouched");
}

TEST(HandoffCheck, EachBrokenFieldFails) {
  const std::vector<Breakage> breakages = {
      {"bad magic", [](Handoff& h) { h.magic ^= 1; }, "magic"},
      {"zero magic", [](Handoff& h) { h.magic = 0; }, "magic"},
      {"version 0", [](Handoff& h) { h.version = 0; }, "version"},
      {"size 0", [](Handoff& h) { h.size = 0; }, "smaller"},
      {"size one short", [](Handoff& h) { h.size = sizeof(Handoff) - 1; }, "smaller"},
      {"boot path 0", [](Handoff& h) { h.boot_path = static_cast<boot::BootPath>(0); },
       "boot path"},
      {"boot path 3", [](Handoff& h) { h.boot_path = static_cast<boot::BootPath>(3); },
       "boot path"},
      {"command line without NUL",
       [](Handoff& h) { std::memset(h.command_line, 'a', sizeof(h.command_line)); }, "NUL"},
      {"direct map base not 1 GiB aligned",
       [](Handoff& h) { h.direct_map_base = kDirectMapBase + 2 * kMiB; }, "direct map base"},
      {"direct map base page offset",
       [](Handoff& h) { h.direct_map_base = kDirectMapBase + 0x1000; }, "direct map base"},
      {"direct map base in the lower half", [](Handoff& h) { h.direct_map_base = 0x40000000; },
       "direct map base"},
      {"direct map base not canonical",
       [](Handoff& h) { h.direct_map_base = 0x0000800000000000ull; }, "direct map base"},
      {"direct map base just below the higher half",
       [](Handoff& h) { h.direct_map_base = 0xffff7fffc0000000ull; }, "direct map base"},
      {"direct map size 0", [](Handoff& h) { h.direct_map_size = 0; }, "direct map size"},
      {"direct map running past its region",
       [](Handoff& h) { h.direct_map_size = boot::kDirectMapRegionEnd - kDirectMapBase + 4096; },
       "region"},
      {"direct map based in the kernel area",
       [](Handoff& h) { h.direct_map_base = kKernelArea + kGiB; }, "region"},
      {"direct map based at the region's end",
       [](Handoff& h) { h.direct_map_base = boot::kDirectMapRegionEnd; }, "region"},
      {"direct map size wrapping",
       [](Handoff& h) { h.direct_map_size = ~uint64_t{0} - kDirectMapBase + 2; }, "region"},
      {"kernel virt unaligned", [](Handoff& h) { h.kernel_virt += 0x800; }, "kernel"},
      {"kernel virt in the lower half", [](Handoff& h) { h.kernel_virt = 0x200000; }, "kernel"},
      {"kernel phys unaligned", [](Handoff& h) { h.kernel_phys += 8; }, "kernel"},
      {"kernel size 0", [](Handoff& h) { h.kernel_size = 0; }, "kernel"},
      {"zero stack", [](Handoff& h) { h.stack_size = 0; }, "stack"},
      {"misaligned stack top", [](Handoff& h) { h.stack_virt_top += 8; }, "stack"},
      {"memory map count 0", [](Handoff& h) { h.memory_map_count = 0; }, "memory map"},
      {"memory map count huge", [](Handoff& h) { h.memory_map_count = 4097; }, "memory map"},
      {"memory map count maximal", [](Handoff& h) { h.memory_map_count = 0xffffffffu; },
       "memory map"},
      {"memory map outside the direct map", [](Handoff& h) { h.memory_map = h.direct_map_size; },
       "memory map"},
      {"memory map straddling the end of the direct map",
       [](Handoff& h) { h.memory_map = h.direct_map_size - sizeof(MemoryRange); }, "memory map"},
      {"memory map address wrapping", [](Handoff& h) { h.memory_map = ~uint64_t{0} - 8; },
       "memory map"},
      {"kernel file outside the direct map",
       [](Handoff& h) { h.kernel_file = h.direct_map_size - 0x1000; }, "kernel file"},
      {"kernel file size wrapping", [](Handoff& h) { h.kernel_file_size = ~uint64_t{0} - 0x800; },
       "kernel file"},
      {"initrd outside the direct map",
       [](Handoff& h) {
         h.initrd = h.direct_map_size;
         h.initrd_size = 0x1000;
       },
       "initrd"},
      {"initrd size wrapping",
       [](Handoff& h) {
         h.initrd = 0x2000000;
         h.initrd_size = ~uint64_t{0} - 0x1000000;
       },
       "initrd"},
      {"framebuffer pitch < width * 4",
       [](Handoff& h) { h.framebuffer.pitch = h.framebuffer.width * 4 - 4; }, "framebuffer"},
      {"framebuffer pitch of a 24 bpp mode",
       [](Handoff& h) { h.framebuffer.pitch = h.framebuffer.width * 3; }, "framebuffer"},
      {"framebuffer size < pitch * height", [](Handoff& h) { h.framebuffer.size -= 1; },
       "framebuffer"},
      {"framebuffer size 0", [](Handoff& h) { h.framebuffer.size = 0; }, "framebuffer"},
      {"framebuffer bpp 24", [](Handoff& h) { h.framebuffer.bits_per_pixel = 24; }, "framebuffer"},
      {"framebuffer bpp 16", [](Handoff& h) { h.framebuffer.bits_per_pixel = 16; }, "framebuffer"},
      {"framebuffer width 0", [](Handoff& h) { h.framebuffer.width = 0; }, "framebuffer"},
      {"framebuffer height 0", [](Handoff& h) { h.framebuffer.height = 0; }, "framebuffer"},
      {"unknown pixel format",
       [](Handoff& h) { h.framebuffer.format = static_cast<boot::PixelFormat>(4); }, "framebuffer"},
      {"absurd pixel format",
       [](Handoff& h) { h.framebuffer.format = static_cast<boot::PixelFormat>(0xffffffffu); },
       "framebuffer"},
      {"framebuffer outside the direct map",
       [](Handoff& h) { h.framebuffer.base = h.direct_map_size; }, "direct map"},
      {"framebuffer straddling the end of the direct map",
       [](Handoff& h) { h.framebuffer.base = h.direct_map_size - h.framebuffer.size + 4096; },
       "direct map"},
      {"framebuffer range wrapping", [](Handoff& h) { h.framebuffer.base = ~uint64_t{0} - 0x1000; },
       "direct map"},
      {"framebuffer with huge width overflowing pitch",
       [](Handoff& h) {
         h.framebuffer.width = 0x40000000;  // width * 4 overflows 32 bits
         h.framebuffer.pitch = 0;
       },
       "framebuffer"},
  };
  for (const Breakage& breakage : breakages) {
    SCOPED_TRACE(breakage.what);
    Handoff h = ValidHandoff();
    breakage.mutate(h);
    ExpectCorrupt(h, breakage.topic);
  }
}

TEST(HandoffCheck, AcceptedVariations) {
  const std::vector<std::pair<const char*, std::function<void(Handoff&)>>> variations = {
      {"multiboot2 boot path", [](Handoff& h) { h.boot_path = boot::BootPath::kMultiboot2; }},
      {"newer loader: higher version and larger size",
       [](Handoff& h) {
         h.version = 7;
         h.size = sizeof(Handoff) + 256;
       }},
      {"empty command line", [](Handoff& h) { h.command_line[0] = '\0'; }},
      {"command line using all but the last byte",
       [](Handoff& h) {
         std::memset(h.command_line, 'a', sizeof(h.command_line) - 1);
         h.command_line[sizeof(h.command_line) - 1] = '\0';
       }},
      {"direct map ending exactly at the region's end",
       [](Handoff& h) { h.direct_map_size = boot::kDirectMapRegionEnd - kDirectMapBase; }},
      {"direct map at the highest base that leaves room",
       [](Handoff& h) { h.direct_map_base = boot::kDirectMapRegionEnd - h.direct_map_size; }},
      {"direct map at a higher 1 GiB boundary",
       [](Handoff& h) { h.direct_map_base = kDirectMapBase + 64 * kGiB; }},
      {"no framebuffer, garbage geometry",
       [](Handoff& h) {
         h.framebuffer = boot::Framebuffer{};
         h.framebuffer.format = boot::PixelFormat::kNone;
         h.framebuffer.bits_per_pixel = 17;
         h.framebuffer.pitch = 1;
         h.framebuffer.width = 100;
         h.framebuffer.base = ~uint64_t{0};
       }},
      {"padded pitch",
       [](Handoff& h) {
         h.framebuffer.pitch = 1088 * 4;
         h.framebuffer.size = uint64_t{1088} * 4 * 768;
       }},
      {"bitmask pixel format",
       [](Handoff& h) { h.framebuffer.format = boot::PixelFormat::kBitmask; }},
      {"rgbx pixel format",
       [](Handoff& h) { h.framebuffer.format = boot::PixelFormat::kRgbx8888; }},
      {"framebuffer ending exactly at the end of the direct map",
       [](Handoff& h) { h.framebuffer.base = h.direct_map_size - h.framebuffer.size; }},
      {"maximum memory map count", [](Handoff& h) { h.memory_map_count = 4096; }},
      {"memory map ending exactly at the end of the direct map",
       [](Handoff& h) {
         h.memory_map = h.direct_map_size - 4096 * sizeof(MemoryRange);
         h.memory_map_count = 4096;
       }},
      {"no kernel file (symbols unavailable)",
       [](Handoff& h) {
         h.kernel_file = 0;
         h.kernel_file_size = 0;
       }},
      {"initrd inside the direct map",
       [](Handoff& h) {
         h.initrd = 0x4000000;
         h.initrd_size = 0x800000;
       }},
  };
  for (const auto& [what, mutate] : variations) {
    SCOPED_TRACE(what);
    Handoff h = ValidHandoff();
    mutate(h);
    ExpectValid(h);
  }
}

// The kernel image [kernel_virt, kernel_virt + kernel_size) must not wrap around the top of
// the address space: nothing can be mapped there and later range checks (e.g. the panic
// path's `address - kernel_virt < kernel_size`) would accept every address.
TEST(HandoffCheck, KernelImageWrappingAroundTheAddressSpaceFails) {
  Handoff h = ValidHandoff();
  h.kernel_virt = 0xffffffffffe00000ull;
  h.kernel_size = 0x400000;
  ExpectCorrupt(h, "kernel");
}

// The kernel image must not lie inside the direct map: the two mappings would overlap and
// the direct map would make the kernel's text writable.
TEST(HandoffCheck, KernelImageInsideTheDirectMapFails) {
  Handoff h = ValidHandoff();
  h.kernel_virt = kDirectMapBase + 0x200000;
  ExpectCorrupt(h, "kernel");
}

// The initial stack [stack_virt_top - stack_size, stack_virt_top) must be a higher-half
// range that does not wrap.
TEST(HandoffCheck, StackBelowTheHigherHalfFails) {
  Handoff h = ValidHandoff();
  h.stack_virt_top = 0x10000;
  ExpectCorrupt(h, "stack");
}

TEST(HandoffCheck, StackSizeLargerThanItsTopFails) {
  Handoff h = ValidHandoff();
  h.stack_virt_top = 0;
  h.stack_size = 0x4000;
  ExpectCorrupt(h, "stack");
}

// ---------------------------------------------------------------------------------------
// The memory map.

struct MapVerdict {
  Status status;
  std::string reason;
};

MapVerdict CheckMap(const std::vector<MemoryRange>& map, uint64_t direct_map_size = 4 * kGiB) {
  rstd::StringView reason = "untouched";
  Result<void> result = CheckMemoryMap(rstd::Span<const MemoryRange>(map.data(), map.size()),
                                       direct_map_size, &reason);
  return MapVerdict{result.status(), result.ok() ? std::string() : Str(reason)};
}

MemoryRange Range(uint64_t base, uint64_t size, MemoryKind kind) {
  return MemoryRange{base, size, kind, 0};
}

std::vector<MemoryRange> TypicalMap() {
  return {
      Range(0x0, 0x1000, MemoryKind::kReserved),
      Range(0x1000, 0x9e000, MemoryKind::kUsable),
      Range(0x100000, 0x100000, MemoryKind::kKernelImage),
      Range(0x200000, 0x10000, MemoryKind::kKernelStack),
      Range(0x210000, 0x20000, MemoryKind::kPageTables),
      Range(0x230000, 0x48000, MemoryKind::kKernelFile),
      Range(0x278000, 0x8000, MemoryKind::kLoaderReclaimable),
      Range(0x280000, 0x7d000000, MemoryKind::kUsable),
      Range(0x7d280000, 0x2000000, MemoryKind::kBootReclaimable),
      Range(0x7f280000, 0x20000, MemoryKind::kAcpiReclaimable),
      Range(0x7f2a0000, 0x10000, MemoryKind::kAcpiNvs),
      Range(0x7f2b0000, 0x50000, MemoryKind::kFirmwareRuntime),
      Range(0x7f300000, 0x100000, MemoryKind::kInitrd),
      Range(0x80000000, 0x300000, MemoryKind::kMmio),
      Range(0xc0000000, 0x10000000, MemoryKind::kPersistent),
      Range(0xd0000000, 0x1000, MemoryKind::kBadMemory),
      // MMIO may lie beyond the direct map; only RAM must be inside it.
      Range(0xfd00000000, 0x100000000, MemoryKind::kMmio),
  };
}

void ExpectMapCorrupt(const std::vector<MemoryRange>& map, const std::string& topic,
                      uint64_t direct_map_size = 4 * kGiB) {
  MapVerdict verdict = CheckMap(map, direct_map_size);
  EXPECT_EQ(verdict.status, Status::kCorrupt);
  EXPECT_NE(verdict.reason.find(topic), std::string::npos)
      << "reason \"" << verdict.reason << "\" does not mention \"" << topic << "\"";
}

TEST(HandoffCheck, SortedDisjointMapPasses) {
  MapVerdict verdict = CheckMap(TypicalMap());
  EXPECT_EQ(verdict.status, Status::kOk) << verdict.reason;
}

TEST(HandoffCheck, EmptyMapPasses) {
  EXPECT_EQ(CheckMap({}).status, Status::kOk);
}

TEST(HandoffCheck, SingleRangeAtZeroPasses) {
  EXPECT_EQ(CheckMap({Range(0, 0x1000, MemoryKind::kUsable)}).status, Status::kOk);
}

TEST(HandoffCheck, AdjacentRangesPass) {
  EXPECT_EQ(CheckMap({Range(0x1000, 0x1000, MemoryKind::kUsable),
                      Range(0x2000, 0x1000, MemoryKind::kUsable)})
                .status,
            Status::kOk);
}

TEST(HandoffCheck, RamEndingExactlyAtTheDirectMapEndPasses) {
  EXPECT_EQ(CheckMap({Range(0x1000, 0x3000, MemoryKind::kUsable)}, 0x4000).status, Status::kOk);
}

TEST(HandoffCheck, UnsortedMapFails) {
  ExpectMapCorrupt(
      {Range(0x200000, 0x1000, MemoryKind::kUsable), Range(0x100000, 0x1000, MemoryKind::kUsable)},
      "unsorted");
}

TEST(HandoffCheck, OverlappingRangesFail) {
  ExpectMapCorrupt({Range(0x100000, 0x2000, MemoryKind::kUsable),
                    Range(0x101000, 0x2000, MemoryKind::kKernelImage)},
                   "overlapping");
}

TEST(HandoffCheck, DuplicateRangeFails) {
  ExpectMapCorrupt(
      {Range(0x100000, 0x2000, MemoryKind::kUsable), Range(0x100000, 0x2000, MemoryKind::kUsable)},
      "overlapping");
}

TEST(HandoffCheck, RangeInsideThePreviousOneFails) {
  ExpectMapCorrupt(
      {Range(0x0, 0x100000, MemoryKind::kUsable), Range(0x10000, 0x1000, MemoryKind::kMmio),
       Range(0x200000, 0x1000, MemoryKind::kUsable)},
      "overlapping");
}

TEST(HandoffCheck, UnsortedLaterInTheMapFails) {
  std::vector<MemoryRange> map = TypicalMap();
  std::swap(map[5], map[6]);
  ExpectMapCorrupt(map, "unsorted");
}

TEST(HandoffCheck, UnalignedBaseFails) {
  ExpectMapCorrupt({Range(0x1800, 0x1000, MemoryKind::kUsable)}, "unaligned");
}

TEST(HandoffCheck, UnalignedSizeFails) {
  ExpectMapCorrupt({Range(0x1000, 0x1800, MemoryKind::kUsable)}, "unaligned");
}

TEST(HandoffCheck, ZeroSizeRangeFails) {
  ExpectMapCorrupt(
      {Range(0x1000, 0x1000, MemoryKind::kUsable), Range(0x2000, 0, MemoryKind::kUsable)}, "empty");
}

TEST(HandoffCheck, WrappingRangeFails) {
  // Not RAM, so only the wrap can reject it.
  ExpectMapCorrupt({Range(0xfffffffffff00000ull, 0x200000, MemoryKind::kMmio)}, "wrapping");
  ExpectMapCorrupt({Range(0xfffffffffffff000ull, 0x1000, MemoryKind::kReserved)}, "wrapping");
}

TEST(HandoffCheck, UnknownKindFails) {
  ExpectMapCorrupt({Range(0x1000, 0x1000, static_cast<MemoryKind>(0))}, "unknown kind");
  ExpectMapCorrupt({Range(0x1000, 0x1000, static_cast<MemoryKind>(16))}, "unknown kind");
  ExpectMapCorrupt({Range(0x1000, 0x1000, MemoryKind::kUsable),
                    Range(0x2000, 0x1000, static_cast<MemoryKind>(0xffffffffu))},
                   "unknown kind");
}

TEST(HandoffCheck, EveryKnownKindPasses) {
  for (uint32_t kind = 1; kind <= 15; ++kind) {
    EXPECT_EQ(CheckMap({Range(0x1000, 0x1000, static_cast<MemoryKind>(kind))}).status, Status::kOk)
        << "kind " << kind;
  }
}

TEST(HandoffCheck, RamBeyondTheDirectMapFails) {
  ExpectMapCorrupt({Range(0x1000, 0x1000, MemoryKind::kUsable),
                    Range(4 * kGiB - 0x1000, 0x2000, MemoryKind::kUsable)},
                   "direct map");
  for (MemoryKind kind :
       {MemoryKind::kBootReclaimable, MemoryKind::kAcpiNvs, MemoryKind::kFirmwareRuntime,
        MemoryKind::kPersistent, MemoryKind::kKernelFile}) {
    ExpectMapCorrupt({Range(4 * kGiB, 0x1000, kind)}, "direct map");
  }
}

TEST(HandoffCheck, NonRamBeyondTheDirectMapPasses) {
  for (MemoryKind kind : {MemoryKind::kMmio, MemoryKind::kReserved, MemoryKind::kBadMemory}) {
    EXPECT_EQ(CheckMap({Range(8 * kGiB, 0x1000, kind)}).status, Status::kOk)
        << "kind " << static_cast<uint32_t>(kind);
  }
}

TEST(HandoffCheck, MemoryOfKindSums) {
  std::vector<MemoryRange> map = TypicalMap();
  rstd::Span<const MemoryRange> span(map.data(), map.size());
  EXPECT_EQ(MemoryOfKind(span, MemoryKind::kUsable), 0x9e000u + 0x7d000000u);
  EXPECT_EQ(MemoryOfKind(span, MemoryKind::kMmio), 0x300000u + 0x100000000u);
  EXPECT_EQ(MemoryOfKind(span, MemoryKind::kKernelFile), 0x48000u);
  EXPECT_EQ(MemoryOfKind(span, MemoryKind::kReserved), 0x1000u);
  EXPECT_EQ(MemoryOfKind(span, MemoryKind::kBadMemory), 0x1000u);
  EXPECT_EQ(MemoryOfKind(span, static_cast<MemoryKind>(99)), 0u);
  EXPECT_EQ(MemoryOfKind({}, MemoryKind::kUsable), 0u);
}

TEST(HandoffCheck, TotalRamExcludesMmioReservedAndBad) {
  std::vector<MemoryRange> map = TypicalMap();
  rstd::Span<const MemoryRange> span(map.data(), map.size());
  uint64_t expected = uint64_t{0x9e000} + 0x100000 + 0x10000 + 0x20000 + 0x48000 + 0x8000 +
                      0x7d000000 + 0x2000000 + 0x20000 + 0x10000 + 0x50000 + 0x100000 + 0x10000000;
  EXPECT_EQ(TotalRam(span), expected);
  EXPECT_EQ(TotalRam({}), 0u);
  std::vector<MemoryRange> no_ram = {Range(0, 0x1000, MemoryKind::kReserved),
                                     Range(0x1000, 0x1000, MemoryKind::kMmio),
                                     Range(0x2000, 0x1000, MemoryKind::kBadMemory)};
  EXPECT_EQ(TotalRam(rstd::Span<const MemoryRange>(no_ram.data(), no_ram.size())), 0u);
}

}  // namespace
}  // namespace raeen::kernel

namespace raeen::kernel {
namespace {

TEST(MemoryMapCovers, SpansAdjacentRangesButNotHoles) {
  const boot::MemoryRange map[] = {
      {0x1000, 0x3000, boot::MemoryKind::kUsable, 0},
      {0x4000, 0x1000, boot::MemoryKind::kAcpiReclaimable, 0},
      {0x8000, 0x1000, boot::MemoryKind::kReserved, 0},
  };
  rstd::Span<const boot::MemoryRange> span(map);
  EXPECT_TRUE(MemoryMapCovers(span, 0x1000, 0x3000));
  EXPECT_TRUE(MemoryMapCovers(span, 0x3ff0, 0x20));  // across two neighbours
  EXPECT_TRUE(MemoryMapCovers(span, 0x8000, 0x1000));
  EXPECT_FALSE(MemoryMapCovers(span, 0x4ff0, 0x20));  // runs into the hole at 0x5000
  EXPECT_FALSE(MemoryMapCovers(span, 0x0, 0x10));     // below the first range
  EXPECT_FALSE(MemoryMapCovers(span, 0x6000, 0x10));  // inside the hole
  EXPECT_FALSE(MemoryMapCovers(span, 0x8ff0, 0x20));  // past the end
  EXPECT_FALSE(MemoryMapCovers(span, ~0ull - 4, 16)); // wraps
}

}  // namespace
}  // namespace raeen::kernel
