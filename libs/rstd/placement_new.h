#pragma once
// Placement new without <new>: hosted builds take the standard declaration, freestanding
// builds (kernel, loader, user space) declare the same inline function themselves.

#include <stddef.h>

#if __has_include(<new>) && !defined(RAEEN_FREESTANDING)
#include <new>
#else
inline void* operator new(size_t, void* where) noexcept { return where; }
inline void* operator new[](size_t, void* where) noexcept { return where; }
#endif
