#pragma once
// The boot log's account of the ACPI tables: one line per listed table ("acpi: FACP ok",
// "acpi: XYZW at 0x... bad checksum, skipped"), then what the MADT, HPET, MCFG and FADT said
// (details of the interrupt routing at debug level).

#include "kernel/acpi/platform_tables.h"

namespace raeen::kernel::acpi {

void LogPlatformTables(const PlatformTables& tables);

}  // namespace raeen::kernel::acpi
