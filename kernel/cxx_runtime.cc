// The few C++ runtime symbols that freestanding kernel code still references.

#include <stddef.h>

#include "kernel/debug/panic.h"

extern "C" void __cxa_pure_virtual() { raeen::kernel::Panic("pure virtual function called"); }

// The kernel has no heap yet: a delete-expression reaching here is a bug, not a leak.
void operator delete(void*) noexcept { raeen::kernel::Panic("operator delete without a heap"); }
void operator delete(void*, size_t) noexcept {
  raeen::kernel::Panic("operator delete without a heap");
}

// optional::value() and friends call abort() on misuse.
extern "C" [[noreturn]] void abort() { raeen::kernel::Panic("abort() called"); }
