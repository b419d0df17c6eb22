#pragma once
// CpuSet: a set of CPU numbers, one bit each. Pure value type, usable in constant expressions.
//
// RaeenOS supports at most kMaxCpus CPUs for now; a CPU number at or above that is never a
// member (Add ignores it, Contains says no), so callers validate CPU numbers where they
// come from (CpuPlacement does, with kOutOfRange).

#include <stdint.h>

namespace raeen::kernel::sched {

inline constexpr uint32_t kMaxCpus = 64;

class CpuSet {
 public:
  constexpr CpuSet() = default;
  static constexpr CpuSet All() { return CpuSet(~uint64_t{0}); }
  static constexpr CpuSet Single(uint32_t cpu) { return CpuSet().With(cpu); }
  // The first `count` CPUs, 0 .. count-1.
  static constexpr CpuSet FirstN(uint32_t count) {
    return CpuSet(count >= kMaxCpus ? ~uint64_t{0} : (uint64_t{1} << count) - 1);
  }
  static constexpr CpuSet FromMask(uint64_t mask) { return CpuSet(mask); }

  constexpr bool Contains(uint32_t cpu) const { return cpu < kMaxCpus && (bits_ >> cpu & 1) != 0; }
  constexpr CpuSet With(uint32_t cpu) const {
    return cpu < kMaxCpus ? CpuSet(bits_ | uint64_t{1} << cpu) : *this;
  }
  constexpr CpuSet Without(uint32_t cpu) const {
    return cpu < kMaxCpus ? CpuSet(bits_ & ~(uint64_t{1} << cpu)) : *this;
  }
  constexpr CpuSet Intersect(CpuSet other) const { return CpuSet(bits_ & other.bits_); }
  constexpr CpuSet Union(CpuSet other) const { return CpuSet(bits_ | other.bits_); }
  constexpr CpuSet Minus(CpuSet other) const { return CpuSet(bits_ & ~other.bits_); }
  constexpr bool IsSubsetOf(CpuSet other) const { return (bits_ & ~other.bits_) == 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint32_t Count() const { return static_cast<uint32_t>(__builtin_popcountll(bits_)); }
  constexpr uint64_t mask() const { return bits_; }
  constexpr bool operator==(const CpuSet&) const = default;

 private:
  constexpr explicit CpuSet(uint64_t bits) : bits_(bits) {}
  uint64_t bits_ = 0;
};

}  // namespace raeen::kernel::sched
