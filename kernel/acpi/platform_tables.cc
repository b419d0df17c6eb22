#include "kernel/acpi/platform_tables.h"

namespace raeen::kernel::acpi {
namespace {

// Tries each listed table with `signature` in turn until `parse` accepts one. Returns the
// parser's status for the accepted table, kCorrupt when candidates existed but none was
// accepted, kNotFound when there was none.
template <typename Parse>
Status ParseFirst(const PhysicalMemory& memory, const RootTable& root, rstd::StringView signature,
                  Parse parse) {
  Status status = Status::kNotFound;
  for (uint64_t i = 0; i < root.entry_count(); ++i) {
    Result<Table> table = MapTable(memory, root.entry(i), signature);
    if (table.status() == Status::kNotFound) continue;
    if (!table.ok()) {
      // Unreadable or malformed: whose signature it carried is only a guess, so it counts as
      // a failed candidate only when its header names `signature`.
      TableEntry entry = InspectTable(memory, root.entry(i));
      if (entry.signature.Is(signature)) status = Status::kCorrupt;
      continue;
    }
    status = parse(table->bytes);
    if (PlatformTables::Usable(status)) return status;
  }
  return status;
}

}  // namespace

void ReadPlatformTables(const PhysicalMemory& memory, uint64_t rsdp, PlatformTables* out) {
  *out = PlatformTables{};
  out->root_status = Status::kCorrupt;
  out->madt_status = out->hpet_status = out->mcfg_status = out->fadt_status = Status::kNotFound;
  out->s5_status = Status::kNotFound;
  out->dsdt.check = TableCheck::kNullAddress;

  Result<Rsdp> pointer = ReadRsdp(memory, rsdp);
  out->rsdp_status = pointer.status();
  if (!pointer.ok()) return;
  out->rsdp = *pointer;

  out->extended_root = pointer->revision >= 2 && pointer->xsdt != 0;
  out->root = InspectTable(memory, out->extended_root ? pointer->xsdt : pointer->rsdt);
  Result<RootTable> root = ReadRootTable(memory, *pointer);
  out->root_status = root.status();
  if (!root.ok()) return;

  for (uint64_t i = 0; i < root->entry_count(); ++i) {
    if (out->table_count < PlatformTables::kMaxListedTables) {
      out->tables[out->table_count++] = InspectTable(memory, root->entry(i));
    } else {
      ++out->unlisted_tables;
    }
  }

  out->madt_status = ParseFirst(memory, *root, "APIC", [&](rstd::Bytes bytes) {
    return ParseMadt(bytes, &out->madt).status();
  });
  out->hpet_status = ParseFirst(memory, *root, "HPET", [&](rstd::Bytes bytes) {
    Result<HpetTable> hpet = ParseHpetTable(bytes);
    if (hpet.ok()) out->hpet = *hpet;
    return hpet.status();
  });
  out->mcfg_status = ParseFirst(memory, *root, "MCFG", [&](rstd::Bytes bytes) {
    return ParseMcfg(bytes, &out->mcfg).status();
  });
  out->fadt_status = ParseFirst(memory, *root, "FACP", [&](rstd::Bytes bytes) {
    Result<Fadt> fadt = ParseFadt(bytes);
    if (fadt.ok()) out->fadt = *fadt;
    return fadt.status();
  });
  if (!PlatformTables::Usable(out->fadt_status)) return;
  out->dsdt = InspectTable(memory, out->fadt.dsdt);
  Result<Table> dsdt = MapTable(memory, out->fadt.dsdt, "DSDT");
  if (!dsdt.ok()) return;
  Result<SleepType> s5 = FindS5SleepType(dsdt->bytes);
  out->s5_status = s5.status();
  if (s5.ok()) out->s5 = *s5;
}

}  // namespace raeen::kernel::acpi
