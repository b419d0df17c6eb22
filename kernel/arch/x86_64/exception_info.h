#pragma once
// Names and error-code decoding for the CPU exceptions [Intel SDM vol. 3A, 6.15]. Pure
// functions: they build on the host and are unit-tested there.

#include <stdint.h>

#include "libs/rstd/format.h"

namespace raeen::kernel::arch {

inline constexpr uint64_t kVectorPageFault = 14;

// "#PF page fault" style name, or "reserved" for vectors the SDM reserves.
rstd::StringView ExceptionName(uint64_t vector);

// Writes a decoded page-fault error code [SDM vol. 3A, 4.7, figure 4-12], e.g.
// "not-present write kernel-mode data-access".
void WritePageFaultError(rstd::Writer& out, uint64_t error_code);

// For a page fault in kernel mode on a present lower-half (user) page, the protection that
// refused it: "supervisor fetch from a user page (SMEP)" for an instruction fetch with
// CR4.SMEP set, "supervisor access to a user page (SMAP)" for a data access with CR4.SMAP set
// and rflags.AC clear [Intel SDM vol. 3A, 4.6.1]. Empty for any other fault. The lower half
// holds only user pages (kernel/mm/page_table.h), apart from the short-lived identity-mapped
// start-up trampolines.
rstd::StringView UserPageProtectionFault(uint64_t error_code, uint64_t address, bool smep,
                                         bool smap, bool rflags_ac);

// Writes a decoded selector error code [SDM vol. 3A, 6.13] for #TS #NP #SS #GP, e.g.
// "external=0 table=IDT index=13".
void WriteSelectorError(rstd::Writer& out, uint64_t error_code);

// True for exceptions that push a selector error code.
bool HasSelectorErrorCode(uint64_t vector);

}  // namespace raeen::kernel::arch
