#include "kernel/boot/handoff_check.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxMemoryRanges = 4096;
// Where the kernel image may live (docs/adr/0002-kaslr-linking.md).
constexpr uint64_t kKernelAreaBase = 0xffffffff80000000ull;

Result<void> Fail(rstd::StringView* reason, rstd::StringView why) {
  *reason = why;
  return Error(Status::kCorrupt);
}

bool IsCanonicalHigh(uint64_t address) { return address >= 0xffff800000000000ull; }

bool IsKnownKind(boot::MemoryKind kind) {
  auto value = static_cast<uint32_t>(kind);
  return value >= static_cast<uint32_t>(boot::MemoryKind::kUsable) &&
         value <= static_cast<uint32_t>(boot::MemoryKind::kKernelFile);
}

bool IsRam(boot::MemoryKind kind) {
  return kind != boot::MemoryKind::kMmio && kind != boot::MemoryKind::kReserved &&
         kind != boot::MemoryKind::kBadMemory;
}

}  // namespace

Result<void> CheckHandoff(const boot::Handoff& h, rstd::StringView* reason) {
  if (h.magic != boot::kHandoffMagic) return Fail(reason, "bad magic: not a RaeenOS handoff");
  if (h.version < 1) return Fail(reason, "version 0 is not a valid handoff version");
  // The kernel reads every field it knows, so the loader must have written all of them.
  if (h.size < sizeof(boot::Handoff)) {
    return Fail(reason, "handoff smaller than this kernel expects: loader too old");
  }
  if (h.boot_path != boot::BootPath::kUefi && h.boot_path != boot::BootPath::kMultiboot2) {
    return Fail(reason, "unknown boot path");
  }
  bool terminated = false;
  for (char c : h.command_line) terminated = terminated || c == '\0';
  if (!terminated) return Fail(reason, "command line is not NUL-terminated");

  if (h.direct_map_base < boot::kDirectMapRegionBase ||
      !rstd::IsAligned(h.direct_map_base, boot::kDirectMapBaseAlignment)) {
    return Fail(reason, "direct map base is not a 1 GiB aligned address in the direct map region");
  }
  uint64_t direct_map_end = 0;
  if (h.direct_map_size == 0 || !rstd::CheckedAdd(h.direct_map_base, h.direct_map_size, &direct_map_end) ||
      direct_map_end > boot::kDirectMapRegionEnd) {
    return Fail(reason, "direct map size is zero or runs past the direct map region");
  }
  uint64_t kernel_end = 0;
  if (h.kernel_virt < kKernelAreaBase || !rstd::IsAligned(h.kernel_virt, kPage) ||
      h.kernel_size == 0 || !rstd::CheckedAdd(h.kernel_virt, h.kernel_size, &kernel_end) ||
      !rstd::IsAligned(h.kernel_phys, kPage)) {
    return Fail(reason, "kernel placement is not page aligned inside the kernel area");
  }
  if (h.stack_size == 0 || !rstd::IsAligned(h.stack_virt_top, 16) ||
      h.stack_size > h.stack_virt_top || !IsCanonicalHigh(h.stack_virt_top - h.stack_size)) {
    return Fail(reason, "initial stack is empty, misaligned or outside the higher half");
  }
  if (h.memory_map_count == 0 || h.memory_map_count > kMaxMemoryRanges) {
    return Fail(reason, "memory map is empty or absurdly long");
  }
  if (!rstd::RangeContains(0, h.direct_map_size, h.memory_map,
                           uint64_t{h.memory_map_count} * sizeof(boot::MemoryRange))) {
    return Fail(reason, "memory map lies outside the direct map");
  }
  if (h.kernel_file_size != 0 &&
      !rstd::RangeContains(0, h.direct_map_size, h.kernel_file, h.kernel_file_size)) {
    return Fail(reason, "kernel file lies outside the direct map");
  }
  if (h.initrd_size != 0 && !rstd::RangeContains(0, h.direct_map_size, h.initrd, h.initrd_size)) {
    return Fail(reason, "initrd lies outside the direct map");
  }

  const boot::Framebuffer& fb = h.framebuffer;
  if (fb.format != boot::PixelFormat::kNone) {
    uint64_t needed = 0;
    if (fb.bits_per_pixel != 32 || fb.width == 0 || fb.height == 0 ||
        fb.pitch < uint64_t{fb.width} * 4 ||
        !rstd::CheckedMul(fb.pitch, fb.height, &needed) || fb.size < needed ||
        static_cast<uint32_t>(fb.format) > static_cast<uint32_t>(boot::PixelFormat::kBitmask)) {
      return Fail(reason, "framebuffer geometry is inconsistent");
    }
    if (!rstd::RangeContains(0, h.direct_map_size, fb.base, fb.size)) {
      return Fail(reason, "framebuffer lies outside the direct map");
    }
  }
  return {};
}

Result<void> CheckMemoryMap(rstd::Span<const boot::MemoryRange> map, uint64_t direct_map_size,
                            rstd::StringView* reason) {
  uint64_t previous_end = 0;
  for (size_t i = 0; i < map.size(); ++i) {
    const boot::MemoryRange& range = map[i];
    uint64_t end = 0;
    if (range.size == 0 || !rstd::IsAligned(range.base, kPage) ||
        !rstd::IsAligned(range.size, kPage) || !rstd::CheckedAdd(range.base, range.size, &end)) {
      return Fail(reason, "memory range empty, unaligned or wrapping");
    }
    if (!IsKnownKind(range.kind)) return Fail(reason, "memory range of unknown kind");
    if (i > 0 && range.base < previous_end) {
      return Fail(reason, "memory ranges unsorted or overlapping");
    }
    if (IsRam(range.kind) && end > direct_map_size) {
      return Fail(reason, "RAM beyond the direct map");
    }
    previous_end = end;
  }
  return {};
}

bool MemoryMapCovers(rstd::Span<const boot::MemoryRange> map, uint64_t base, uint64_t size) {
  uint64_t end = 0;
  if (!rstd::CheckedAdd(base, size, &end)) return false;
  uint64_t covered_to = base;
  for (const boot::MemoryRange& range : map) {
    // The map is sorted: a range starting beyond what is covered leaves a gap for good.
    if (covered_to >= end || range.base > covered_to) break;
    uint64_t range_end = range.base + range.size;
    if (range_end > covered_to) covered_to = range_end;
  }
  return covered_to >= end;
}

uint64_t MemoryOfKind(rstd::Span<const boot::MemoryRange> map, boot::MemoryKind kind) {
  uint64_t total = 0;
  for (const boot::MemoryRange& range : map) {
    if (range.kind == kind) total += range.size;
  }
  return total;
}

uint64_t TotalRam(rstd::Span<const boot::MemoryRange> map) {
  uint64_t total = 0;
  for (const boot::MemoryRange& range : map) {
    if (IsRam(range.kind)) total += range.size;
  }
  return total;
}

}  // namespace raeen::kernel
