#include "kernel/arch/x86_64/exception_info.h"

#include "kernel/mm/page_flags.h"

namespace raeen::kernel::arch {

rstd::StringView ExceptionName(uint64_t vector) {
  switch (vector) {
    case 0: return "#DE divide error";
    case 1: return "#DB debug";
    case 2: return "NMI non-maskable interrupt";
    case 3: return "#BP breakpoint";
    case 4: return "#OF overflow";
    case 5: return "#BR bound range exceeded";
    case 6: return "#UD invalid opcode";
    case 7: return "#NM device not available";
    case 8: return "#DF double fault";
    case 10: return "#TS invalid TSS";
    case 11: return "#NP segment not present";
    case 12: return "#SS stack-segment fault";
    case 13: return "#GP general protection";
    case 14: return "#PF page fault";
    case 16: return "#MF x87 floating-point error";
    case 17: return "#AC alignment check";
    case 18: return "#MC machine check";
    case 19: return "#XM SIMD floating-point exception";
    case 20: return "#VE virtualization exception";
    case 21: return "#CP control protection";
    case 28: return "#HV hypervisor injection";
    case 29: return "#VC VMM communication";
    case 30: return "#SX security exception";
    default: return "reserved";
  }
}

void WritePageFaultError(rstd::Writer& out, uint64_t error_code) {
  out.Write(error_code & (1u << 0) ? "protection-violation" : "not-present");
  out.Write(error_code & (1u << 1) ? " write" : " read");
  out.Write(error_code & (1u << 2) ? " user-mode" : " kernel-mode");
  out.Write(error_code & (1u << 4) ? " instruction-fetch" : " data-access");
  if (error_code & (1u << 3)) out.Write(" reserved-bit-set");
  if (error_code & (1u << 5)) out.Write(" protection-key");
  if (error_code & (1u << 6)) out.Write(" shadow-stack");
  if (error_code & (1u << 15)) out.Write(" sgx");
}

rstd::StringView UserPageProtectionFault(uint64_t error_code, uint64_t address, bool smep,
                                         bool smap, bool rflags_ac) {
  constexpr uint64_t kPresent = 1u << 0;
  constexpr uint64_t kUserMode = 1u << 2;
  constexpr uint64_t kReservedBit = 1u << 3;
  constexpr uint64_t kFetch = 1u << 4;
  if ((error_code & (kPresent | kUserMode | kReservedBit)) != kPresent) return {};
  if (!IsLowerHalf(address)) return {};
  if ((error_code & kFetch) != 0) {
    return smep ? rstd::StringView("supervisor fetch from a user page (SMEP)") : rstd::StringView();
  }
  if (smap && !rflags_ac) return "supervisor access to a user page (SMAP)";
  return {};
}

bool HasSelectorErrorCode(uint64_t vector) {
  return vector == 10 || vector == 11 || vector == 12 || vector == 13;
}

void WriteSelectorError(rstd::Writer& out, uint64_t error_code) {
  static constexpr rstd::StringView kTables[] = {"GDT", "IDT", "LDT", "IDT"};
  rstd::Format(out, "external={} table={} index={}", error_code & 1,
               kTables[(error_code >> 1) & 3], (error_code >> 3) & 0x1fff);
}

}  // namespace raeen::kernel::arch
