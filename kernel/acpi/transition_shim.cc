#include "kernel/acpi/transition_shim.h"

namespace raeen::kernel::acpi {
namespace {
Madt shim_madt;
}  // namespace
Result<MadtSummary> ParseMadt(rstd::Bytes madt) {
  Result<void> parsed = ParseMadt(madt, &shim_madt);
  if (!parsed.ok()) return Error(parsed.status());
  return Summarize(shim_madt);
}
}  // namespace raeen::kernel::acpi
