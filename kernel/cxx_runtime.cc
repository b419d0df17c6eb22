// The few C++ runtime symbols that freestanding kernel code still references.

#include <stddef.h>

#include "kernel/debug/panic.h"

extern "C" void __cxa_pure_virtual() { raeen::kernel::Panic("pure virtual function called"); }

// operator new and delete live with the kernel heap (kernel/mm/kernel_memory.cc).

// optional::value() and friends call abort() on misuse.
extern "C" [[noreturn]] void abort() { raeen::kernel::Panic("abort() called"); }
