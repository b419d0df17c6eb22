#pragma once
// Small vocabulary helpers shared by every RaeenOS target. rstd deliberately includes no
// libstdc++ header: the UEFI loader is compiled for an LLP64 target where those headers
// cannot be used (see docs/adr/0001-toolchain.md).

#include <stddef.h>
#include <stdint.h>

namespace raeen::rstd {

template <typename T>
struct RemoveReference {
  using Type = T;
};
template <typename T>
struct RemoveReference<T&> {
  using Type = T;
};
template <typename T>
struct RemoveReference<T&&> {
  using Type = T;
};

template <typename T>
constexpr typename RemoveReference<T>::Type&& Move(T&& value) noexcept {
  return static_cast<typename RemoveReference<T>::Type&&>(value);
}

template <typename T>
constexpr T&& Forward(typename RemoveReference<T>::Type& value) noexcept {
  return static_cast<T&&>(value);
}

template <typename T>
constexpr void Swap(T& a, T& b) noexcept {
  T tmp = Move(a);
  a = Move(b);
  b = Move(tmp);
}

template <typename T>
constexpr const T& Min(const T& a, const T& b) {
  return b < a ? b : a;
}

template <typename T>
constexpr const T& Max(const T& a, const T& b) {
  return a < b ? b : a;
}

constexpr bool IsPowerOfTwo(uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

// `alignment` must be a power of two.
constexpr uint64_t AlignDown(uint64_t value, uint64_t alignment) {
  return value & ~(alignment - 1);
}

// `alignment` must be a power of two. Wraps to 0 when the result does not fit; use
// CheckedAlignUp where that can happen.
constexpr uint64_t AlignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}

constexpr bool IsAligned(uint64_t value, uint64_t alignment) {
  return (value & (alignment - 1)) == 0;
}

// Overflow-checked arithmetic for sizes that come from untrusted input.
constexpr bool CheckedAdd(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}

constexpr bool CheckedMul(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}

constexpr bool CheckedAlignUp(uint64_t value, uint64_t alignment, uint64_t* out) {
  uint64_t sum = 0;
  if (!CheckedAdd(value, alignment - 1, &sum)) return false;
  *out = sum & ~(alignment - 1);
  return true;
}

// True when [base, base + size) lies inside [outer_base, outer_base + outer_size).
constexpr bool RangeContains(uint64_t outer_base, uint64_t outer_size, uint64_t base,
                             uint64_t size) {
  uint64_t end = 0;
  uint64_t outer_end = 0;
  if (!CheckedAdd(base, size, &end) || !CheckedAdd(outer_base, outer_size, &outer_end)) {
    return false;
  }
  return base >= outer_base && end <= outer_end;
}

template <typename T, size_t N>
constexpr size_t ArraySize(const T (&)[N]) {
  return N;
}

}  // namespace raeen::rstd
