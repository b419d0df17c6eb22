#pragma once
// Transitional: keeps kernel/main.cc's ReportMachine compiling until it moves to
// ReadPlatformTables. Removed before hand-over.

#include "kernel/acpi/madt.h"

namespace raeen::kernel::acpi {
Result<MadtSummary> ParseMadt(rstd::Bytes madt);
}  // namespace raeen::kernel::acpi
