#pragma once
// Per-thread FPU/SSE/AVX state, switched eagerly: every context switch saves the outgoing
// thread's registers and restores the incoming thread's (docs/adr/0006-fpu-state.md says why
// eager and not lazy). The kernel itself never uses these registers (the build checks it), so
// the state always belongs to the thread that runs.
//
// With XSAVE the state is every user component the CPU supports among x87, SSE, AVX and
// AVX-512, sized by CPUID leaf 0xD; without it FXSAVE's 512 bytes (x87 and SSE, which every
// x86-64 CPU has) [Intel SDM vol. 1, 13].

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch/x86_64/cpu_features.h"

namespace raeen::kernel::arch {

// State images must be aligned to this (XSAVE needs 64 bytes, FXSAVE 16).
inline constexpr size_t kFpuStateAlignment = 64;

// Configures CR0/CR4 (and XCR0) on this CPU for FPU use by threads. Every CPU calls it.
void InitFpu(const CpuFeatures& features);

// Bytes of one state image (valid after InitFpu).
size_t FpuStateSize();
// The enabled XSAVE components (XCR0), or 0 when the CPU has no XSAVE.
uint64_t FpuComponents();

// Writes the clean initial state into `image` (FpuStateSize() bytes, aligned).
void FpuInitialState(void* image);
// Saves this CPU's registers into `image` / loads them from it.
void FpuSave(void* image);
void FpuRestore(const void* image);

}  // namespace raeen::kernel::arch
