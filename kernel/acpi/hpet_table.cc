#include "kernel/acpi/hpet_table.h"

#include "kernel/acpi/table_header.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel::acpi {
namespace {

// [IA-PC HPET 1.0a, 3.2.4]: header, Event Timer Block ID 4 at 36, Base Address
// (GAS) 12 at 40, HPET Number 1 at 52, Main Counter Minimum Clock Tick 2 at 53, Page
// Protection and OEM Attribute 1 at 55.
constexpr uint64_t kBlockIdOffset = 36;
constexpr uint64_t kBaseAddressOffset = 40;
constexpr uint64_t kNumberOffset = 52;
constexpr uint64_t kMinimumTickOffset = 53;
constexpr uint64_t kPageProtectionOffset = 55;
constexpr uint64_t kTableLength = 56;

}  // namespace

Result<HpetTable> ParseHpetTable(rstd::Bytes hpet) {
  RAEEN_TRY(CheckTable(hpet, "HPET", kTableLength, 1));
  uint32_t block_id = 0;
  uint8_t protection = 0;
  HpetTable table{};
  (void)ReadLe(hpet, kBlockIdOffset, &block_id);
  (void)ReadLe(hpet, kNumberOffset, &table.hpet_number);
  (void)ReadLe(hpet, kMinimumTickOffset, &table.minimum_tick);
  (void)ReadLe(hpet, kPageProtectionOffset, &protection);
  RAEEN_TRY(GenericAddress base, ReadGenericAddress(hpet, kBaseAddressOffset));

  if (!base.present() || base.space != AddressSpace::kSystemMemory ||
      !rstd::IsAligned(base.address, HpetTable::kRegisterBlockSize)) {
    return Error(Status::kCorrupt);
  }
  uint64_t block_end = 0;
  if (!rstd::CheckedAdd(base.address, HpetTable::kRegisterBlockSize, &block_end)) {
    return Error(Status::kCorrupt);
  }
  table.base_address = base.address;

  table.hardware_revision = static_cast<uint8_t>(block_id & 0xff);
  if (table.hardware_revision == 0) return Error(Status::kCorrupt);
  table.comparator_count = static_cast<uint8_t>(((block_id >> 8) & 0x1f) + 1);
  table.counter_is_64bit = (block_id & (1u << 13)) != 0;
  table.legacy_replacement = (block_id & (1u << 15)) != 0;
  table.pci_vendor_id = static_cast<uint16_t>(block_id >> 16);

  uint8_t page_protection = protection & 0x0f;
  if (page_protection > static_cast<uint8_t>(HpetPageProtection::k64KiB)) {
    return Error(Status::kCorrupt);
  }
  table.page_protection = static_cast<HpetPageProtection>(page_protection);
  table.oem_attributes = static_cast<uint8_t>(protection >> 4);
  return table;
}

}  // namespace raeen::kernel::acpi
