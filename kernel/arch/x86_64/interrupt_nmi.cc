#include "kernel/arch/x86_64/interrupt_nmi.h"

#include "kernel/arch/x86_64/cpu_stop.h"
#include "kernel/arch/x86_64/interrupt_dispatch.h"
#include "kernel/arch/x86_64/interrupt_vectors.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/port_io.h"
#include "kernel/log/log.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint16_t kSystemControlB = 0x61;
constexpr uint8_t kParityOrSerr = 1 << 7;
constexpr uint8_t kIoChannelCheck = 1 << 6;

// Written only by the NMI handler (NMIs do not nest), read by the report handler.
uint64_t nmi_count = 0;
uint64_t reported_count = 0;  // touched by the report handler only
uint64_t last_rip = 0;
uint8_t last_reason = 0;

void ReportNmis(InterruptFrame&) {
  const uint64_t count = __atomic_load_n(&nmi_count, __ATOMIC_ACQUIRE);
  if (count == reported_count) return;
  const uint8_t reason = __atomic_load_n(&last_reason, __ATOMIC_RELAXED);
  const uint64_t rip = __atomic_load_n(&last_rip, __ATOMIC_RELAXED);
  const char* source = (reason & kParityOrSerr) != 0    ? "memory parity / SERR#"
                       : (reason & kIoChannelCheck) != 0 ? "I/O channel check"
                                                         : "no platform error (self or watchdog)";
  LogWarn("nmi: {} since the last report ({} in total), last at rip {:#x}: {} (port 0x61 = {:#x})",
          count - reported_count, count, rip, source, reason);
  reported_count = count;
}

}  // namespace

void HandleNmi(const InterruptFrame& frame) {
  // Another CPU panicked and asked every other CPU to halt (cpu_stop.h); nothing to report.
  if (StopRequested()) StopThisCpu();
  // Only bits 7:6 of port 0x61 say anything about NMIs; reading it has no side effects.
  const uint8_t reason = In8(kSystemControlB) & (kParityOrSerr | kIoChannelCheck);
  __atomic_store_n(&last_reason, reason, __ATOMIC_RELAXED);
  __atomic_store_n(&last_rip, frame.rip, __ATOMIC_RELAXED);
  __atomic_store_n(&nmi_count, nmi_count + 1, __ATOMIC_RELEASE);
  SendSelfIpi(vectors::kNmiReport);
}

uint64_t NmiCount() { return __atomic_load_n(&nmi_count, __ATOMIC_ACQUIRE); }

void StartNmiReports() { (void)RegisterInterruptHandler(vectors::kNmiReport, &ReportNmis); }

}  // namespace raeen::kernel::arch
