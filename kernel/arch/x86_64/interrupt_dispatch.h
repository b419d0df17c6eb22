#pragma once
// Dispatch of vectors 32..255 (everything but CPU exceptions) to registered handlers.
// HandleInterrupt (exceptions.cc) sends every such vector here. The dispatcher counts each
// vector, calls its handler and signals EOI to the local APIC afterwards, except:
//   - the spurious vector (vectors::kSpurious) is only counted: it is not "in service", and an
//     EOI would retire a real interrupt instead [Intel SDM vol. 3A, 11.9];
//   - a vector with no handler is logged once (its first time), then EOI'd like the others,
//     so a stray device cannot block its priority class.
// Handlers run with interrupts disabled on the interrupted CPU's stack; they must not block.
// Any CPU may dispatch, register and unregister at the same time.

#include <stdint.h>

#include "kernel/arch/x86_64/interrupt_frame.h"
#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

using InterruptHandler = void (*)(InterruptFrame& frame);

// Errors: kInvalidArgument for an exception vector (< 32) or the spurious vector;
// kAlreadyExists if the vector has a handler.
Result<void> RegisterInterruptHandler(uint8_t vector, InterruptHandler handler);
// Removes the handler (if any) and waits until no CPU is still running it, so its state may
// be freed on return. The caller must have stopped the source first, and must not be that
// vector's handler (it would wait for itself).
void UnregisterInterruptHandler(uint8_t vector);

// How many times `vector` arrived since boot (exceptions and NMIs are not counted here).
uint64_t InterruptCount(uint8_t vector);

// Device interrupts (vectors::kIsaIrqBase..kLastDevice) taken on CPU `cpu_index` since boot;
// 0 for an index >= kMaxCpus. Shows where steering (irq_steering.h) sends them.
uint64_t DeviceInterruptCount(uint32_t cpu_index);

void DispatchExternalInterrupt(InterruptFrame& frame);

}  // namespace raeen::kernel::arch
