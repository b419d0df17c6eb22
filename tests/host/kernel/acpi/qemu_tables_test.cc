// The real tables QEMU q35 + OVMF gave a 4-CPU guest (data/README.md), parsed one by one,
// walked from the RSDP, and corrupted.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>

#include "kernel/acpi/fadt.h"
#include "kernel/acpi/hpet_table.h"
#include "kernel/acpi/madt.h"
#include "kernel/acpi/mcfg.h"
#include "kernel/acpi/platform_report.h"
#include "kernel/acpi/platform_tables.h"
#include "kernel/log/log.h"
#include "tests/host/kernel/acpi/acpi_test_support.h"
#include "tests/host/kernel/log/capture_writer.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

// ---------------------------------------------------------------------------------------
// Each table on its own

TEST(QemuTables, MadtHasFourCpusOneIoApicAndTheTimerOverride) {
  ExactBuffer bytes(QemuTable("APIC"));
  auto madt = std::make_unique<Madt>();
  ASSERT_TRUE(ParseMadt(bytes.bytes(), madt.get()).ok());
  EXPECT_EQ(madt->local_apic_address, 0xfee00000u);
  EXPECT_FALSE(madt->local_apic_address_overridden);
  EXPECT_TRUE(madt->pcat_compat);
  EXPECT_EQ(madt->enabled_cpus, 4u);
  EXPECT_EQ(madt->online_capable_cpus, 0u);
  ASSERT_EQ(madt->processor_count, 4u);
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(madt->processors[i].apic_id, i);
    EXPECT_EQ(madt->processors[i].uid, i);
    EXPECT_FALSE(madt->processors[i].x2apic);
    EXPECT_TRUE(madt->processors[i].enabled);
  }
  ASSERT_EQ(madt->io_apic_count, 1u);
  EXPECT_EQ(madt->io_apics[0].id, 0);
  EXPECT_EQ(madt->io_apics[0].address, 0xfec00000u);
  EXPECT_EQ(madt->io_apics[0].gsi_base, 0u);

  // ISA IRQ 0 (the PIT) arrives on GSI 2, edge/high as ISA; the PCI link IRQs 5, 9, 10 and
  // 11 (9 is the SCI) are level triggered, active high.
  ASSERT_EQ(madt->override_count, 5u);
  InterruptOverride timer = madt->IsaIrq(0);
  EXPECT_EQ(timer.gsi, 2u);
  EXPECT_EQ(timer.flags.polarity, Polarity::kBusDefault);
  EXPECT_EQ(timer.flags.trigger, TriggerMode::kBusDefault);
  for (uint8_t irq : {5, 9, 10, 11}) {
    InterruptOverride entry = madt->IsaIrq(irq);
    EXPECT_EQ(entry.gsi, irq);
    EXPECT_EQ(entry.flags.polarity, Polarity::kActiveHigh);
    EXPECT_EQ(entry.flags.trigger, TriggerMode::kLevel);
  }
  EXPECT_EQ(madt->IsaIrq(1).gsi, 1u);
  EXPECT_EQ(madt->nmi_source_count, 0u);
  ASSERT_EQ(madt->local_apic_nmi_count, 1u);
  EXPECT_EQ(madt->local_apic_nmis[0].processor_uid, LocalApicNmi::kAllProcessors);
  EXPECT_EQ(madt->local_apic_nmis[0].lint, 1);
}

TEST(QemuTables, Hpet) {
  ExactBuffer bytes(QemuTable("HPET"));
  Result<HpetTable> hpet = ParseHpetTable(bytes.bytes());
  ASSERT_TRUE(hpet.ok()) << StatusName(hpet.status());
  EXPECT_EQ(hpet->base_address, 0xfed00000u);
  EXPECT_EQ(hpet->hpet_number, 0);
  EXPECT_EQ(hpet->comparator_count, 3);
  EXPECT_TRUE(hpet->counter_is_64bit);
  EXPECT_TRUE(hpet->legacy_replacement);
  EXPECT_EQ(hpet->hardware_revision, 1);
  EXPECT_EQ(hpet->pci_vendor_id, 0x8086);
  EXPECT_EQ(hpet->minimum_tick, 0);
  EXPECT_EQ(hpet->page_protection, HpetPageProtection::kNone);
}

TEST(QemuTables, Mcfg) {
  ExactBuffer bytes(QemuTable("MCFG"));
  auto mcfg = std::make_unique<Mcfg>();
  ASSERT_TRUE(ParseMcfg(bytes.bytes(), mcfg.get()).ok());
  ASSERT_EQ(mcfg->segment_count, 1u);
  EXPECT_EQ(mcfg->segments[0].base, 0xb0000000u);
  EXPECT_EQ(mcfg->segments[0].segment_group, 0);
  EXPECT_EQ(mcfg->segments[0].start_bus, 0);
  EXPECT_EQ(mcfg->segments[0].end_bus, 255);
}

TEST(QemuTables, Fadt) {
  ExactBuffer bytes(QemuTable("FACP"));
  Result<Fadt> fadt = ParseFadt(bytes.bytes());
  ASSERT_TRUE(fadt.ok()) << StatusName(fadt.status());
  EXPECT_EQ(fadt->revision, 3);
  EXPECT_EQ(fadt->length, 244u);
  EXPECT_EQ(fadt->rejected, 0u);
  EXPECT_FALSE(fadt->hardware_reduced());

  EXPECT_EQ(fadt->pm_timer.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->pm_timer.address, 0x608u);
  EXPECT_EQ(fadt->pm_timer.bit_width, 32);
  EXPECT_FALSE(fadt->pm_timer_32bit());  // TMR_VAL_EXT clear: a 24-bit counter

  EXPECT_EQ(fadt->pm1a_event.address, 0x600u);
  EXPECT_EQ(fadt->pm1a_event.bit_width, 32);
  EXPECT_EQ(fadt->pm1a_control.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->pm1a_control.address, 0x604u);
  EXPECT_EQ(fadt->pm1a_control.bit_width, 16);
  EXPECT_FALSE(fadt->pm1b_event.present());
  EXPECT_FALSE(fadt->pm1b_control.present());

  EXPECT_TRUE(fadt->Has(FadtFlag::kResetRegisterSupported));
  ASSERT_TRUE(fadt->reset_supported());
  EXPECT_EQ(fadt->reset_register.space, AddressSpace::kSystemIo);
  EXPECT_EQ(fadt->reset_register.address, 0xcf9u);
  EXPECT_EQ(fadt->reset_register.bit_width, 8);
  EXPECT_EQ(fadt->reset_value, 0x0f);

  EXPECT_EQ(fadt->sci_interrupt, 9);
  EXPECT_EQ(fadt->smi_command_port, 0xb2u);
  EXPECT_EQ(fadt->acpi_enable, 0x02);
  EXPECT_EQ(fadt->acpi_disable, 0x03);
  EXPECT_EQ(fadt->century, 0x32);
  EXPECT_EQ(fadt->boot_arch, 0x0002);
  EXPECT_TRUE(fadt->Has(BootArchFlag::k8042));
  EXPECT_EQ(fadt->flags, 0x84a5u);
  EXPECT_EQ(fadt->dsdt, 0x1f779000u);
  EXPECT_EQ(fadt->facs, 0x1f7dc000u);
  EXPECT_FALSE(fadt->sleep_control.present());
}

// ---------------------------------------------------------------------------------------
// Walked from the RSDP

// The machine's ACPI memory: every captured table at the address the firmware gave it, plus
// a stand-in DSDT (the real one is not committed, see data/README.md) holding only the \_S5
// object, encoded as QEMU encodes it.
class QemuMachine : public ::testing::Test {
 protected:
  static constexpr uint64_t kBase = 0x1f770000;
  static constexpr uint64_t kSize = 0x70000;
  static constexpr uint64_t kDsdt = 0x1f779000;

  void SetUp() override {
    tables_ = ReadQemuTables();
    ASSERT_EQ(tables_.size(), 9u);
    memory_ = std::make_unique<FakePhysicalMemory>(kBase, kSize);
    for (const auto& [signature, table] : tables_) memory_->Write(table.physical, table.bytes);
    memory_->Write(kDsdt,
                   MakeTable("DSDT", {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0, 0, 0, 0}, 2));
    platform_ = std::make_unique<PlatformTables>();
  }

  uint64_t RsdpAddress() const { return tables_.at("RSDP").physical; }
  uint64_t Address(const std::string& signature) const { return tables_.at(signature).physical; }
  void Read() { ReadPlatformTables(*memory_, RsdpAddress(), platform_.get()); }

  std::map<std::string, CapturedTable> tables_;
  std::unique_ptr<FakePhysicalMemory> memory_;
  std::unique_ptr<PlatformTables> platform_;
};

TEST_F(QemuMachine, FindTableFindsEveryListedTable) {
  for (const char* signature : {"FACP", "APIC", "HPET", "MCFG", "WAET", "BGRT"}) {
    Result<Table> table = FindTable(*memory_, RsdpAddress(), signature);
    ASSERT_TRUE(table.ok()) << signature;
    EXPECT_EQ(table->physical, Address(signature));
    EXPECT_EQ(ByteVector(table->bytes.begin(), table->bytes.end()), tables_.at(signature).bytes);
  }
  EXPECT_EQ(FindTable(*memory_, RsdpAddress(), "SSDT").status(), Status::kNotFound);
  EXPECT_EQ(FindTable(*memory_, RsdpAddress(), "DSDT").status(),
            Status::kNotFound);  // not in the XSDT
}

TEST_F(QemuMachine, RsdpAndXsdt) {
  Result<Rsdp> rsdp = ReadRsdp(*memory_, RsdpAddress());
  ASSERT_TRUE(rsdp.ok());
  EXPECT_EQ(rsdp->revision, 2);
  EXPECT_EQ(std::string(rsdp->oem_id, 6), "BOCHS ");
  EXPECT_EQ(rsdp->xsdt, Address("XSDT"));
  EXPECT_EQ(rsdp->rsdt, 0x1f77c074u);
  Result<RootTable> root = ReadRootTable(*memory_, *rsdp);
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->extended());
  EXPECT_EQ(root->entry_count(), 6u);
}

TEST_F(QemuMachine, ReadPlatformTables) {
  Read();
  const PlatformTables& p = *platform_;
  EXPECT_EQ(p.rsdp_status, Status::kOk);
  EXPECT_EQ(p.root_status, Status::kOk);
  EXPECT_TRUE(p.extended_root);
  EXPECT_EQ(p.root.physical, Address("XSDT"));
  ASSERT_EQ(p.table_count, 6u);
  const char* order[] = {"FACP", "APIC", "HPET", "MCFG", "WAET", "BGRT"};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(std::string(p.tables[i].signature.text), order[i]);
    EXPECT_EQ(p.tables[i].physical, Address(order[i]));
    EXPECT_EQ(p.tables[i].check, TableCheck::kOk);
    EXPECT_EQ(p.tables[i].length, tables_.at(order[i]).bytes.size());
  }
  EXPECT_EQ(p.unlisted_tables, 0u);
  EXPECT_EQ(p.dsdt.physical, kDsdt);
  EXPECT_EQ(p.dsdt.check, TableCheck::kOk);
  EXPECT_EQ(p.madt_status, Status::kOk);
  EXPECT_EQ(p.madt.enabled_cpus, 4u);
  EXPECT_EQ(p.madt.io_apic_count, 1u);
  EXPECT_EQ(p.hpet_status, Status::kOk);
  EXPECT_EQ(p.hpet.base_address, 0xfed00000u);
  EXPECT_EQ(p.mcfg_status, Status::kOk);
  EXPECT_EQ(p.mcfg.segments[0].base, 0xb0000000u);
  EXPECT_EQ(p.fadt_status, Status::kOk);
  EXPECT_EQ(p.fadt.pm_timer.address, 0x608u);
  EXPECT_EQ(p.s5_status, Status::kOk);
  EXPECT_EQ(p.s5.a, 0);
  EXPECT_EQ(p.s5.b, 0);
}

TEST_F(QemuMachine, Report) {
  Read();
  testutil::CaptureWriter sink;
  LogLevel level = KernelLog().minimum_level();
  KernelLog().SetMinimumLevel(LogLevel::kInfo);
  ASSERT_TRUE(KernelLog().AddSink(sink, false).ok());
  LogPlatformTables(*platform_);
  ASSERT_TRUE(KernelLog().RemoveSink(sink).ok());
  KernelLog().SetMinimumLevel(level);
  const std::string& text = sink.text();
  for (const char* line : {
           "acpi: RSDP rev 2 at 0x1f77d014, XSDT at 0x1f77c0e8\n",
           "acpi: FACP rev 3, 244 bytes at 0x1f778000 ok\n",
           "acpi: APIC rev 1, 144 bytes at 0x1f777000 ok\n",
           "acpi: BGRT rev 1, 56 bytes at 0x1f773000 ok\n",
           "acpi: DSDT rev 2, 48 bytes at 0x1f779000 ok\n",
           "acpi: S5 sleep type 0/0 (DSDT \\_S5)\n",
           "acpi: MADT: 4 CPUs enabled, 0 online-capable, 1 I/O APICs, 5 overrides, local APIC at "
           "0xfee00000, 8259 PICs present\n",
           "acpi:   I/O APIC 0 at 0xfec00000, GSI base 0\n",
           "acpi: HPET 0 at 0xfed00000: 3 comparators, 64-bit counter, minimum tick 0, vendor "
           "0x8086\n",
           "acpi: MCFG: segment 0 buses 0-255 at 0xb0000000\n",
           "acpi: FADT rev 3.0: SCI 9, SMI port 0xb2 (enable 0x2), century 0x32\n",
           "acpi: PM timer: io 0x608, 24 bits\n",
           "acpi: reset register: io 0xcf9 <- 0xf\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
  EXPECT_EQ(text.find("warn"), std::string::npos) << text;
}

// Each parsed table with a broken checksum: it is reported, its status is kCorrupt, and
// everything else is still read.
TEST_F(QemuMachine, EachCorruptTableCostsOnlyItself) {
  struct Case {
    const char* signature;
    Status PlatformTables::*status;
  };
  for (Case c :
       {Case{"APIC", &PlatformTables::madt_status}, Case{"HPET", &PlatformTables::hpet_status},
        Case{"MCFG", &PlatformTables::mcfg_status}, Case{"FACP", &PlatformTables::fadt_status}}) {
    SCOPED_TRACE(c.signature);
    SetUp();
    memory_->At(Address(c.signature) + 20) ^= 0x01;
    Read();
    EXPECT_EQ((*platform_).*c.status, Status::kCorrupt);
    int bad = 0;
    for (const TableEntry& entry : platform_->Tables()) {
      if (entry.check == TableCheck::kBadChecksum) {
        ++bad;
        EXPECT_TRUE(entry.signature.Is(c.signature));
      }
    }
    EXPECT_EQ(bad, 1);
    for (Status PlatformTables::*other :
         {&PlatformTables::madt_status, &PlatformTables::hpet_status, &PlatformTables::mcfg_status,
          &PlatformTables::fadt_status}) {
      if (other != c.status) EXPECT_EQ((*platform_).*other, Status::kOk);
    }
  }
}

TEST_F(QemuMachine, CorruptTableIsReportedAndSkipped) {
  memory_->At(Address("HPET") + 40) ^= 0x80;
  Read();
  testutil::CaptureWriter sink;
  ASSERT_TRUE(KernelLog().AddSink(sink, false).ok());
  LogPlatformTables(*platform_);
  ASSERT_TRUE(KernelLog().RemoveSink(sink).ok());
  EXPECT_NE(sink.text().find("warn: acpi: HPET at 0x1f776000 bad checksum, skipped\n"),
            std::string::npos)
      << sink.text();
  EXPECT_NE(sink.text().find("warn: acpi: no usable HPET table (corrupt)\n"), std::string::npos)
      << sink.text();
}

TEST_F(QemuMachine, TruncatedAndOverlongTables) {
  // The MADT's length field made larger than the table. One byte more (a zero, checksum still
  // right): the header checks pass but the parser finds a 1-byte entry. Into the FACP on the
  // next page: bad checksum. Beyond 16 MiB: bad length. Past readable memory: unreadable,
  // refused without reading there.
  struct Case {
    uint32_t length;
    TableCheck check;
  };
  for (Case c : {Case{145, TableCheck::kOk}, Case{0x1010, TableCheck::kBadChecksum},
                 Case{0x70000, TableCheck::kUnreadable}, Case{0x1000001, TableCheck::kBadLength},
                 Case{0xffffffff, TableCheck::kBadLength}}) {
    SCOPED_TRACE(c.length);
    SetUp();
    ByteVector madt = tables_.at("APIC").bytes;
    Put<uint32_t>(madt, 4, c.length);
    FixTableChecksum(madt);
    memory_->Write(Address("APIC"), madt);
    Read();
    EXPECT_EQ(platform_->madt_status, Status::kCorrupt);
    EXPECT_EQ(platform_->tables[1].check, c.check);
    EXPECT_EQ(platform_->fadt_status, Status::kOk);
  }
  // Shorter than its entries: the last entry now runs past the end.
  SetUp();
  ByteVector madt = tables_.at("APIC").bytes;
  Put<uint32_t>(madt, 4, 140);
  FixChecksum(madt, 9, 0, 140);
  memory_->Write(Address("APIC"), madt);
  Read();
  EXPECT_EQ(platform_->tables[1].check, TableCheck::kOk);
  EXPECT_EQ(platform_->madt_status, Status::kCorrupt);
}

TEST_F(QemuMachine, XsdtCorruptionStopsEverything) {
  memory_->At(Address("XSDT") + 40) ^= 0x01;
  Read();
  EXPECT_EQ(platform_->rsdp_status, Status::kOk);
  EXPECT_EQ(platform_->root_status, Status::kCorrupt);
  EXPECT_EQ(platform_->root.check, TableCheck::kBadChecksum);
  EXPECT_EQ(platform_->table_count, 0u);
  EXPECT_EQ(platform_->madt_status, Status::kNotFound);
}

TEST_F(QemuMachine, RandomCorruptionAnywhere) {
  std::mt19937 random(2026);
  const char* targets[] = {"RSDP", "XSDT", "FACP", "APIC", "HPET", "MCFG"};
  for (int round = 0; round < 600; ++round) {
    SetUp();
    const CapturedTable& table = tables_.at(targets[random() % 6]);
    for (int i = 0; i < 3; ++i) {
      memory_->At(table.physical + random() % table.bytes.size()) = static_cast<uint8_t>(random());
    }
    // Half the time, make the checksum right again so that the parsers see the damage.
    if (round % 2 == 0 && table.signature != "RSDP") {
      ByteVector bytes = memory_->Read(table.physical, table.bytes.size());
      uint32_t length = Get<uint32_t>(bytes, 4);
      if (length >= 36 && length <= bytes.size()) {
        FixChecksum(bytes, 9, 0, length);
        memory_->Write(table.physical, bytes);
      }
    }
    Read();
    for (Status status : {platform_->madt_status, platform_->hpet_status, platform_->mcfg_status,
                          platform_->fadt_status}) {
      EXPECT_TRUE(status == Status::kOk || status == Status::kCorrupt ||
                  status == Status::kNotFound);
    }
    if (platform_->madt_status == Status::kOk) {
      EXPECT_LE(platform_->madt.processor_count, 16u);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
