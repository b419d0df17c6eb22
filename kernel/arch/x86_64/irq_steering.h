#pragma once
// Which CPUs take device interrupts. Core isolation needs CPUs that no device interrupt reaches:
// SteerDeviceInterrupts names the CPUs that may take them, moves every I/O APIC redirection
// entry that targets another CPU onto them (spread across them by GSI) and keeps later routes
// there too (ioapic.h does the register work). Until it is called, each route goes where its
// driver asked (today: the boot CPU).
//
// Covers the I/O APIC only: MSIs carry their destination in the device and follow when MSI
// support arrives. CPUs whose APIC ID does not fit the I/O APIC's 8-bit physical destination
// (x2APIC IDs above 255, reachable only through interrupt remapping) cannot be chosen.

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kAllCpus = ~uint64_t{0};

// Lets only the CPUs in `allowed_cpu_mask` (bit i: CPU index i, per_cpu.h) take device
// interrupts; kAllCpus lifts the restriction. The CPUs must be online now: one that comes
// online later is not added. Any CPU may call it (it takes the I/O APIC lock), but two calls
// at once must be serialized by their callers, or the mask reported afterwards may be the
// other call's.
// Errors: kInvalidArgument when no CPU in the mask is online (with an 8-bit APIC ID);
// kBadState without an I/O APIC.
Result<void> SteerDeviceInterrupts(uint64_t allowed_cpu_mask);

// The mask last accepted by SteerDeviceInterrupts; kAllCpus until then.
uint64_t DeviceInterruptCpuMask();

}  // namespace raeen::kernel::arch
