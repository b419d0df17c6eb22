#pragma once
// The nothrow allocation functions of user programs (libs/rae/heap.cc defines them, on the
// process heap malloc uses). Freestanding code has no <new>, so they are declared here; host
// builds (tests) take them from <new>.

#include <stddef.h>

#if __has_include(<new>) && !defined(RAEEN_FREESTANDING)
#include <new>
#else
namespace std {
struct nothrow_t {
  explicit nothrow_t() = default;
};
}  // namespace std
void* operator new(size_t size, const std::nothrow_t&) noexcept;
void* operator new[](size_t size, const std::nothrow_t&) noexcept;
#endif
