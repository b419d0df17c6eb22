// In-kernel tests of the ACPI table parsers against the firmware's real tables, and
// `acpi.dump`, which prints those tables for the host tests' data
// (tests/host/kernel/acpi/data/README.md says how they were captured).

#include "kernel/acpi/direct_map_memory.h"
#include "kernel/acpi/platform_tables.h"
#include "kernel/boot/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/log/log.h"
#include "libs/rstd/format.h"

namespace raeen::kernel {
namespace {

// Static: about 8 KiB, too much for a kernel stack.
acpi::PlatformTables platform_tables;

// The tests run on QEMU's q35 machine (tools/testrunner/qemu_command.cc), which has an
// HPET and PCI Express (MCFG) as well as the MADT and FADT every ACPI PC has.
KTEST(acpi, tables_valid) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  KTEST_EXPECT(handoff.rsdp != 0);
  if (handoff.rsdp == 0) return;
  acpi::DirectMapMemory memory(handoff);
  acpi::ReadPlatformTables(memory, handoff.rsdp, &platform_tables);
  const acpi::PlatformTables& tables = platform_tables;

  KTEST_EXPECT(tables.rsdp_status == Status::kOk);
  KTEST_EXPECT(tables.root_status == Status::kOk);
  KTEST_EXPECT(tables.table_count >= 4);
  for (const acpi::TableEntry& entry : tables.Tables()) {
    KTEST_EXPECT(entry.check == acpi::TableCheck::kOk);
  }
  KTEST_EXPECT(tables.dsdt.check == acpi::TableCheck::kOk);
  KTEST_EXPECT(tables.dsdt.signature.Is("DSDT"));
  // QEMU's DSDT declares Name (_S5, Package (4) { 0, 0, 0, 0 }).
  KTEST_EXPECT(tables.s5_status == Status::kOk);
  KTEST_EXPECT(tables.s5.a == 0 && tables.s5.b == 0);

  KTEST_EXPECT(tables.madt_status == Status::kOk);
  KTEST_EXPECT(tables.madt.enabled_cpus >= 1);
  KTEST_EXPECT(tables.madt.io_apic_count >= 1);
  KTEST_EXPECT(tables.madt.local_apic_address != 0);

  KTEST_EXPECT(tables.fadt_status == Status::kOk);
  KTEST_EXPECT(tables.fadt.rejected == 0);
  KTEST_EXPECT(tables.fadt.pm_timer.present());
  KTEST_EXPECT(tables.fadt.pm1a_control.present());

  KTEST_EXPECT(tables.hpet_status == Status::kOk);
  KTEST_EXPECT(tables.hpet.comparator_count >= 3);
  KTEST_EXPECT(tables.mcfg_status == Status::kOk);
  KTEST_EXPECT(tables.mcfg.segment_count >= 1);
}

// Prints `bytes` as `acpi-dump: <offset> <hex>` lines of 32 bytes between a `table` line and
// an `end` line:
//   acpi-dump: table APIC 0x000000007fb7a000 120
//   acpi-dump: 0000 41504943780000000...
//   acpi-dump: end APIC
void DumpBytes(rstd::StringView name, uint64_t physical, rstd::Bytes bytes) {
  LogInfo("acpi-dump: table {} {:#018x} {}", name, physical, bytes.size());
  constexpr size_t kPerLine = 32;
  for (size_t offset = 0; offset < bytes.size(); offset += kPerLine) {
    char text[2 * kPerLine + 1];
    rstd::BufferWriter hex(text, sizeof(text));
    for (size_t i = offset; i < bytes.size() && i < offset + kPerLine; ++i) {
      rstd::Format(hex, "{:02x}", bytes[i]);
    }
    LogInfo("acpi-dump: {:04x} {}", offset, hex.view());
  }
  LogInfo("acpi-dump: end {}", name);
}

// Dumps the table at `physical` as its header describes it, if that much is readable.
void DumpTable(const acpi::PhysicalMemory& memory, uint64_t physical) {
  acpi::TableEntry entry = acpi::InspectTable(memory, physical);
  if (entry.check == acpi::TableCheck::kNullAddress ||
      entry.check == acpi::TableCheck::kUnreadable || entry.check == acpi::TableCheck::kBadLength) {
    LogWarn("acpi-dump: table at {:#x} not dumped ({})", physical,
            acpi::TableCheckName(entry.check));
    return;
  }
  DumpBytes(entry.signature.view(), physical,
            rstd::Bytes(memory.Map(physical, entry.length), entry.length));
}

KTEST_MANUAL(acpi, dump) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  KTEST_EXPECT(handoff.rsdp != 0);
  if (handoff.rsdp == 0) return;
  acpi::DirectMapMemory memory(handoff);
  Result<acpi::Rsdp> rsdp = acpi::ReadRsdp(memory, handoff.rsdp);
  KTEST_EXPECT(rsdp.ok());
  if (!rsdp.ok()) return;
  uint64_t rsdp_size = rsdp->revision >= 2 ? 36 : 20;
  DumpBytes("RSDP", handoff.rsdp, rstd::Bytes(memory.Map(handoff.rsdp, rsdp_size), rsdp_size));

  Result<acpi::RootTable> root = acpi::ReadRootTable(memory, *rsdp);
  KTEST_EXPECT(root.ok());
  if (!root.ok()) return;
  DumpBytes(root->extended() ? "XSDT" : "RSDT", root->table().physical, root->table().bytes);
  for (uint64_t i = 0; i < root->entry_count(); ++i) DumpTable(memory, root->entry(i));

  // The DSDT and FACS hang off the FADT, not the root table.
  Result<acpi::Table> facp = acpi::FindTable(memory, handoff.rsdp, "FACP");
  KTEST_EXPECT(facp.ok());
  if (!facp.ok()) return;
  Result<acpi::Fadt> fadt = acpi::ParseFadt(facp->bytes);
  KTEST_EXPECT(fadt.ok());
  if (!fadt.ok()) return;
  DumpTable(memory, fadt->dsdt);
  // The FACS has a signature and a length but no checksum [ACPI 6.5, 5.2.10].
  const uint8_t* facs = fadt->facs != 0 ? memory.Map(fadt->facs, 8) : nullptr;
  if (facs != nullptr) {
    uint32_t length = 0;
    (void)acpi::ReadLe(rstd::Bytes(facs, 8), 4, &length);
    const uint8_t* whole =
        length >= 64 && length <= 4096 ? memory.Map(fadt->facs, length) : nullptr;
    if (whole != nullptr) DumpBytes("FACS", fadt->facs, rstd::Bytes(whole, length));
  }
}

}  // namespace
}  // namespace raeen::kernel
