#include "kernel/acpi/platform_report.h"

#include "kernel/log/log.h"

namespace raeen::kernel::acpi {
namespace {

rstd::StringView PolarityName(Polarity polarity) {
  switch (polarity) {
    case Polarity::kBusDefault: return "bus-default";
    case Polarity::kActiveHigh: return "high";
    case Polarity::kActiveLow: return "low";
  }
  return "?";
}

rstd::StringView TriggerName(TriggerMode trigger) {
  switch (trigger) {
    case TriggerMode::kBusDefault: return "bus-default";
    case TriggerMode::kEdge: return "edge";
    case TriggerMode::kLevel: return "level";
  }
  return "?";
}

void LogEntry(const TableEntry& entry) {
  if (entry.check == TableCheck::kOk) {
    LogInfo("acpi: {} rev {}, {} bytes at {:#x} ok", entry.signature.view(), entry.revision,
            entry.length, entry.physical);
  } else {
    LogWarn("acpi: {} at {:#x} {}, skipped", entry.signature.view(), entry.physical,
            TableCheckName(entry.check));
  }
}

// "io 0x608" / "memory 0xfed00000".
void LogRegister(rstd::StringView what, const GenericAddress& gas) {
  if (!gas.present()) return;
  LogDebug("acpi:   {}: {} {:#x}, {} bits", what, AddressSpaceName(gas.space), gas.address,
           gas.bit_width);
}

void LogMadt(const PlatformTables& tables) {
  if (!PlatformTables::Usable(tables.madt_status)) {
    LogWarn("acpi: no usable MADT ({})", tables.madt_status);
    return;
  }
  const Madt& madt = tables.madt;
  LogInfo(
      "acpi: MADT: {} CPUs enabled, {} online-capable, {} I/O APICs, {} overrides, "
      "local APIC at {:#x}{}",
      madt.enabled_cpus, madt.online_capable_cpus, madt.io_apic_count, madt.override_count,
      madt.local_apic_address, madt.pcat_compat ? ", 8259 PICs present" : "");
  if (madt.truncated) {
    LogWarn(
        "acpi: MADT lists more entries than RaeenOS keeps (up to {} CPUs, {} I/O APICs, "
        "{} overrides): using the first ones",
        Madt::kMaxProcessors, Madt::kMaxIoApics, Madt::kMaxOverrides);
  }
  for (const Processor& cpu : madt.Processors()) {
    LogDebug("acpi:   cpu uid {} {} id {}{}", cpu.uid, cpu.x2apic ? "x2apic" : "apic", cpu.apic_id,
             cpu.enabled ? "" : " (online-capable)");
  }
  for (const IoApic& io_apic : madt.IoApics()) {
    LogInfo("acpi:   I/O APIC {} at {:#x}, GSI base {}", io_apic.id, io_apic.address,
            io_apic.gsi_base);
  }
  for (const InterruptOverride& entry : madt.Overrides()) {
    LogDebug("acpi:   bus {} irq {} -> GSI {} ({}, {})", entry.bus, entry.source, entry.gsi,
             PolarityName(entry.flags.polarity), TriggerName(entry.flags.trigger));
  }
  for (const NmiSource& nmi : madt.NmiSources()) {
    LogDebug("acpi:   NMI on GSI {}", nmi.gsi);
  }
  for (const LocalApicNmi& nmi : madt.LocalApicNmis()) {
    if (nmi.processor_uid == LocalApicNmi::kAllProcessors) {
      LogDebug("acpi:   NMI on LINT{} of every CPU", nmi.lint);
    } else {
      LogDebug("acpi:   NMI on LINT{} of cpu uid {}", nmi.lint, nmi.processor_uid);
    }
  }
}

void LogHpet(const PlatformTables& tables) {
  if (!PlatformTables::Usable(tables.hpet_status)) {
    LogWarn("acpi: no usable HPET table ({})", tables.hpet_status);
    return;
  }
  const HpetTable& hpet = tables.hpet;
  LogInfo("acpi: HPET {} at {:#x}: {} comparators, {}-bit counter, minimum tick {}, vendor {:#06x}",
          hpet.hpet_number, hpet.base_address, hpet.comparator_count,
          hpet.counter_is_64bit ? 64 : 32, hpet.minimum_tick, hpet.pci_vendor_id);
}

void LogMcfg(const PlatformTables& tables) {
  if (!PlatformTables::Usable(tables.mcfg_status)) {
    LogWarn("acpi: no usable MCFG ({}): no PCI Express configuration space", tables.mcfg_status);
    return;
  }
  for (const EcamSegment& segment : tables.mcfg.Segments()) {
    LogInfo("acpi: MCFG: segment {} buses {}-{} at {:#x}", segment.segment_group, segment.start_bus,
            segment.end_bus, segment.base);
  }
  if (tables.mcfg.truncated) {
    LogWarn("acpi: MCFG lists more than {} segments: using the first ones", Mcfg::kMaxSegments);
  }
}

void LogFadt(const PlatformTables& tables) {
  if (!PlatformTables::Usable(tables.fadt_status)) {
    LogWarn("acpi: no usable FADT ({}): no ACPI power management", tables.fadt_status);
    return;
  }
  const Fadt& fadt = tables.fadt;
  LogInfo("acpi: FADT rev {}.{}{}: SCI {}, SMI port {:#x} (enable {:#x}), century {:#x}",
          fadt.revision, fadt.minor_version, fadt.hardware_reduced() ? " (HW-reduced)" : "",
          fadt.sci_interrupt, fadt.smi_command_port, fadt.acpi_enable, fadt.century);
  if (fadt.pm_timer.present()) {
    LogInfo("acpi: PM timer: {} {:#x}, {} bits", AddressSpaceName(fadt.pm_timer.space),
            fadt.pm_timer.address, fadt.pm_timer_32bit() ? 32 : 24);
  }
  if (fadt.reset_supported()) {
    LogInfo("acpi: reset register: {} {:#x} <- {:#x}", AddressSpaceName(fadt.reset_register.space),
            fadt.reset_register.address, fadt.reset_value);
  }
  LogRegister("PM1a event", fadt.pm1a_event);
  LogRegister("PM1b event", fadt.pm1b_event);
  LogRegister("PM1a control", fadt.pm1a_control);
  LogRegister("PM1b control", fadt.pm1b_control);
  LogRegister("sleep control", fadt.sleep_control);
  LogRegister("sleep status", fadt.sleep_status);
  for (uint8_t i = 0; i < static_cast<uint8_t>(FadtField::kCount); ++i) {
    FadtField field = static_cast<FadtField>(i);
    if (fadt.Rejected(field)) LogWarn("acpi: FADT {} is invalid, ignored", FadtFieldName(field));
  }
  if (tables.s5_status == Status::kOk) {
    LogInfo("acpi: S5 sleep type {}/{} (DSDT \\_S5)", tables.s5.a, tables.s5.b);
  } else {
    LogWarn("acpi: no S5 sleep type from the DSDT ({}): ACPI poweroff unavailable",
            tables.s5_status);
  }
}

}  // namespace

void LogPlatformTables(const PlatformTables& tables) {
  if (tables.rsdp_status != Status::kOk) {
    LogWarn("acpi: RSDP is malformed; no ACPI tables used");
    return;
  }
  LogInfo("acpi: RSDP rev {} at {:#x}, {} at {:#x}", tables.rsdp.revision, tables.rsdp.physical,
          tables.extended_root ? "XSDT" : "RSDT", tables.root.physical);
  if (tables.root_status != Status::kOk) {
    LogEntry(tables.root);
    LogWarn("acpi: root table is malformed; no ACPI tables used");
    return;
  }
  for (const TableEntry& entry : tables.Tables()) LogEntry(entry);
  if (tables.unlisted_tables != 0) {
    LogWarn("acpi: {} more tables not listed", tables.unlisted_tables);
  }
  if (tables.dsdt.check != TableCheck::kNullAddress) LogEntry(tables.dsdt);
  LogMadt(tables);
  LogHpet(tables);
  LogMcfg(tables);
  LogFadt(tables);
}

}  // namespace raeen::kernel::acpi
