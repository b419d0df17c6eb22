#include "kernel/acpi/madt.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernel/acpi/acpi_tables.h"
#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

// Parses a copy of `madt` held in a heap buffer of exactly its size; the summary keeps the
// assertions of the tests written against the first, counting-only parser.
Result<MadtSummary> Parse(const ByteVector& madt) {
  ExactBuffer exact(madt);
  auto parsed = std::make_unique<Madt>();
  Result<void> result = ParseMadt(exact.bytes(), parsed.get());
  if (!result.ok()) return Error(result.status());
  return Summarize(*parsed);
}

// ---------------------------------------------------------------------------------------
// ParseMadt

TEST(Madt, CountsProcessorsAndIoApics) {
  Result<MadtSummary> summary = Parse(TypicalMadt());
  ASSERT_TRUE(summary.ok()) << StatusName(summary.status());
  EXPECT_EQ(summary->enabled_cpus, 4u);
  EXPECT_EQ(summary->online_capable_cpus, 3u);
  EXPECT_EQ(summary->io_apics, 2u);
  EXPECT_EQ(summary->local_apic_address, 0xfee00000u);
}

TEST(Madt, FoundThroughFindTable) {
  FakePhysicalMemory memory(0x100000, 0x4000);
  ByteVector madt = TypicalMadt();
  memory.Write(0x101000, madt);
  memory.Write(0x100100, MakeRootTable("RSDT", {0x101000}, 4));
  memory.Write(0x100000, MakeRsdp(0, 0x100100, 0));
  Result<Table> table = FindTable(memory, 0x100000, "APIC");
  ASSERT_TRUE(table.ok());
  auto madt_out = std::make_unique<Madt>();
  ASSERT_TRUE(ParseMadt(table->bytes, madt_out.get()).ok());
  MadtSummary summary_value = Summarize(*madt_out);
  const MadtSummary* summary = &summary_value;
  EXPECT_EQ(summary->enabled_cpus, 4u);
  EXPECT_EQ(summary->online_capable_cpus, 3u);
  EXPECT_EQ(summary->io_apics, 2u);
}

TEST(Madt, NoEntries) {
  Result<MadtSummary> summary = Parse(MakeMadt(0xfee00000, {}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 0u);
  EXPECT_EQ(summary->online_capable_cpus, 0u);
  EXPECT_EQ(summary->io_apics, 0u);
  EXPECT_EQ(summary->local_apic_address, 0xfee00000u);
}

TEST(Madt, LocalApicAddressOverride) {
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), LocalApicOverride(0x1'fee0'0000ull)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->local_apic_address, 0x1'fee0'0000ull);
  EXPECT_EQ(summary->enabled_cpus, 1u);
}

TEST(Madt, X2ApicOnly) {
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {X2Apic(0x200, 1, 0), X2Apic(0x201, 1, 1), X2Apic(0x202, 3, 2),
                                  X2Apic(0x203, 2, 3), X2Apic(0x204, 0, 4)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 3u);
  EXPECT_EQ(summary->online_capable_cpus, 1u);
  EXPECT_EQ(summary->io_apics, 0u);
}

TEST(Madt, FlagsInOtherFieldsAreNotMistakenForEnabled) {
  // An xAPIC entry whose processor UID and APIC ID are odd but whose flags are 0, and an
  // x2APIC entry whose x2APIC ID is odd but whose flags are 0.
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {LocalApic(1, 3, 0), X2Apic(0x3, 0, 0x3)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 0u);
  EXPECT_EQ(summary->online_capable_cpus, 0u);
}

TEST(Madt, UnknownAndLongerEntriesAreSkipped) {
  ByteVector unknown = {0x7f, 5, 1, 2, 3};
  ByteVector minimal = {0x80, 2};
  ByteVector longer_lapic = LocalApic(0, 0, 1);  // a future revision may append fields
  longer_lapic.resize(12, 0xee);
  longer_lapic[1] = 12;
  Result<MadtSummary> summary =
      Parse(MakeMadt(0xfee00000, {unknown, minimal, longer_lapic, LocalApic(1, 1, 1)}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->enabled_cpus, 2u);
}

TEST(Madt, TooShortForTheFixedFieldsIsCorrupt) {
  ByteVector madt = MakeMadt(0xfee00000, {});
  for (size_t size = 0; size < madt.size(); ++size) {
    EXPECT_EQ(Parse(ByteVector(madt.begin(), madt.begin() + size)).status(), Status::kCorrupt)
        << size;
  }
}

TEST(Madt, EntryWithLengthZeroIsCorrupt) {
  ByteVector entry = {0, 0, 0, 0, 1, 0, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), entry})).status(), Status::kCorrupt);
}

TEST(Madt, EntryWithLengthOneIsCorrupt) {
  ByteVector entry = {0x7f, 1, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {entry})).status(), Status::kCorrupt);
}

TEST(Madt, SingleTrailingByteIsCorrupt) {
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {LocalApic(0, 0, 1), ByteVector{0}})).status(),
            Status::kCorrupt);
}

TEST(Madt, EntryRunningPastTheEndIsCorrupt) {
  ByteVector entry = LocalApic(0, 0, 1);
  entry[1] = 9;  // one byte more than there is
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {entry})).status(), Status::kCorrupt);
  ByteVector unknown = {0x7f, 0xff, 0, 0};
  EXPECT_EQ(Parse(MakeMadt(0xfee00000, {unknown})).status(), Status::kCorrupt);
}

// Each entry type, declared one byte shorter than the fields that are read, as the last
// entry of the table: a parser that trusted the type would read past the buffer.
TEST(Madt, TruncatedEntriesOfEachTypeAreCorrupt) {
  struct Case {
    const char* what;
    ByteVector entry;
  };
  std::vector<Case> cases = {
      {"local APIC", LocalApic(0, 0, 1)},
      {"I/O APIC", IoApicEntry(0, 0xfec00000, 0)},
      {"local APIC address override", LocalApicOverride(0xfee00000)},
      {"x2APIC", X2Apic(1, 1, 1)},
  };
  for (const Case& c : cases) {
    for (size_t length = 2; length < c.entry.size(); ++length) {
      SCOPED_TRACE(std::string(c.what) + " of length " + std::to_string(length));
      ByteVector truncated(c.entry.begin(), c.entry.begin() + length);
      truncated[1] = static_cast<uint8_t>(length);
      EXPECT_EQ(Parse(MakeMadt(0xfee00000, {truncated})).status(), Status::kCorrupt);
      // Also in the middle of the table, followed by valid entries.
      EXPECT_EQ(Parse(MakeMadt(0xfee00000, {truncated, LocalApic(0, 0, 1)})).status(),
                Status::kCorrupt);
    }
  }
}

TEST(Madt, EveryPrefixIsHandledSafely) {
  ByteVector madt = TypicalMadt();
  for (size_t size = 0; size <= madt.size(); ++size) {
    Result<MadtSummary> summary = Parse(ByteVector(madt.begin(), madt.begin() + size));
    if (!summary.ok()) EXPECT_EQ(summary.status(), Status::kCorrupt) << size;
  }
  EXPECT_TRUE(Parse(madt).ok());
}

TEST(Madt, RandomCorruptionNeverReadsOutOfBounds) {
  std::mt19937 random(777);
  ByteVector original = TypicalMadt();
  for (int round = 0; round < 5000; ++round) {
    ByteVector madt = original;
    int flips = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < flips; ++i) {
      madt[44 + random() % (madt.size() - 44)] = static_cast<uint8_t>(random());
    }
    // With a matching checksum, so that the entries themselves are what gets tested.
    FixTableChecksum(madt);
    Result<MadtSummary> summary = Parse(madt);
    if (summary.ok()) {
      EXPECT_LE(summary->enabled_cpus + summary->online_capable_cpus, madt.size() / 8);
      EXPECT_LE(summary->io_apics, madt.size() / 12);
    } else {
      EXPECT_EQ(summary.status(), Status::kCorrupt);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The details ParseMadt keeps

ByteVector OverrideWithFlags(uint8_t source, uint32_t gsi, uint16_t flags) {
  ByteVector e = InterruptSourceOverride(source, gsi);
  Put<uint16_t>(e, 8, flags);
  return e;
}
ByteVector NmiSourceEntry(uint32_t gsi, uint16_t flags) {
  ByteVector e(8, 0);
  e[0] = 3;
  e[1] = 8;
  Put<uint16_t>(e, 2, flags);
  Put<uint32_t>(e, 4, gsi);
  return e;
}
ByteVector LocalApicNmiEntry(uint8_t uid, uint16_t flags, uint8_t lint) {
  ByteVector e(6, 0);
  e[0] = 4;
  e[1] = 6;
  e[2] = uid;
  Put<uint16_t>(e, 3, flags);
  e[5] = lint;
  return e;
}
ByteVector X2ApicNmiEntry(uint32_t uid, uint16_t flags, uint8_t lint) {
  ByteVector e(12, 0);
  e[0] = 0x0a;
  e[1] = 12;
  Put<uint16_t>(e, 2, flags);
  Put<uint32_t>(e, 4, uid);
  e[8] = lint;
  return e;
}

// Parses into a heap Madt (it is several KiB).
struct Parsed {
  Status status;
  std::unique_ptr<Madt> madt;
};
Parsed ParseFull(const ByteVector& table) {
  ExactBuffer exact(table);
  Parsed parsed{Status::kOk, std::make_unique<Madt>()};
  parsed.status = ParseMadt(exact.bytes(), parsed.madt.get()).status();
  return parsed;
}

TEST(Madt, KeepsEveryUsableProcessor) {
  Parsed parsed = ParseFull(TypicalMadt());
  ASSERT_EQ(parsed.status, Status::kOk);
  const Madt& madt = *parsed.madt;
  struct Expected {
    uint32_t apic_id, uid;
    bool x2apic, enabled, online_capable;
  };
  std::vector<Expected> expected = {
      {0, 0, false, true, false},    {1, 1, false, true, false}, {3, 3, false, false, true},
      {4, 4, false, true, false},    {5, 5, false, false, true}, {0x100, 6, true, true, false},
      {0x101, 7, true, false, true},
  };
  ASSERT_EQ(madt.processor_count, expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(madt.processors[i].apic_id, expected[i].apic_id);
    EXPECT_EQ(madt.processors[i].uid, expected[i].uid);
    EXPECT_EQ(madt.processors[i].x2apic, expected[i].x2apic);
    EXPECT_EQ(madt.processors[i].enabled, expected[i].enabled);
    EXPECT_EQ(madt.processors[i].online_capable, expected[i].online_capable);
  }
  EXPECT_TRUE(madt.pcat_compat);
  EXPECT_FALSE(madt.local_apic_address_overridden);
  EXPECT_FALSE(madt.truncated);
}

TEST(Madt, KeepsIoApicsOverridesAndNmis) {
  Parsed parsed = ParseFull(TypicalMadt());
  ASSERT_EQ(parsed.status, Status::kOk);
  const Madt& madt = *parsed.madt;
  ASSERT_EQ(madt.io_apic_count, 2u);
  EXPECT_EQ(madt.io_apics[0].id, 0);
  EXPECT_EQ(madt.io_apics[0].address, 0xfec00000u);
  EXPECT_EQ(madt.io_apics[0].gsi_base, 0u);
  EXPECT_EQ(madt.io_apics[1].id, 1);
  EXPECT_EQ(madt.io_apics[1].address, 0xfec01000u);
  EXPECT_EQ(madt.io_apics[1].gsi_base, 24u);
  ASSERT_EQ(madt.override_count, 2u);
  EXPECT_EQ(madt.overrides[0].source, 0);
  EXPECT_EQ(madt.overrides[0].gsi, 2u);
  EXPECT_EQ(madt.overrides[1].source, 9);
  ASSERT_EQ(madt.local_apic_nmi_count, 1u);
  EXPECT_EQ(madt.local_apic_nmis[0].processor_uid, LocalApicNmi::kAllProcessors);
  EXPECT_EQ(madt.local_apic_nmis[0].lint, 1);
  EXPECT_EQ(madt.local_apic_nmis[0].flags.polarity, Polarity::kActiveHigh);
  EXPECT_EQ(madt.local_apic_nmis[0].flags.trigger, TriggerMode::kEdge);
}

TEST(Madt, DecodesInterruptFlags) {
  Parsed parsed = ParseFull(MakeMadt(0xfee00000, {
                                                     OverrideWithFlags(0, 2, 0x0000),
                                                     OverrideWithFlags(5, 5, 0x000d),
                                                     OverrideWithFlags(9, 9, 0x000f),
                                                     OverrideWithFlags(10, 20, 0x0005),
                                                     OverrideWithFlags(11, 21, 0xfff0),
                                                 }));
  ASSERT_EQ(parsed.status, Status::kOk);
  const Madt& madt = *parsed.madt;
  ASSERT_EQ(madt.override_count, 5u);
  auto flags = [&](size_t i) {
    return std::make_pair(madt.overrides[i].flags.polarity, madt.overrides[i].flags.trigger);
  };
  EXPECT_EQ(flags(0), std::make_pair(Polarity::kBusDefault, TriggerMode::kBusDefault));
  EXPECT_EQ(flags(1), std::make_pair(Polarity::kActiveHigh, TriggerMode::kLevel));
  EXPECT_EQ(flags(2), std::make_pair(Polarity::kActiveLow, TriggerMode::kLevel));
  EXPECT_EQ(flags(3), std::make_pair(Polarity::kActiveHigh, TriggerMode::kEdge));
  // Reserved high bits are ignored.
  EXPECT_EQ(flags(4), std::make_pair(Polarity::kBusDefault, TriggerMode::kBusDefault));
}

TEST(Madt, ReservedInterruptFlagEncodingsAreCorrupt) {
  for (uint16_t flags : {0x0002, 0x0008, 0x000a, 0x000e, 0x000b}) {
    SCOPED_TRACE(flags);
    EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {OverrideWithFlags(0, 2, flags)})).status,
              Status::kCorrupt);
    EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {NmiSourceEntry(3, flags)})).status, Status::kCorrupt);
    EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApicNmiEntry(0xff, flags, 1)})).status,
              Status::kCorrupt);
    EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {X2ApicNmiEntry(0, flags, 1)})).status,
              Status::kCorrupt);
  }
}

TEST(Madt, NmiEntries) {
  Parsed parsed = ParseFull(MakeMadt(0xfee00000, {
                                                     NmiSourceEntry(7, 0x000f),
                                                     LocalApicNmiEntry(2, 0x0000, 0),
                                                     X2ApicNmiEntry(0x12345, 0x0005, 1),
                                                     X2ApicNmiEntry(0xffffffff, 0x0000, 1),
                                                 }));
  ASSERT_EQ(parsed.status, Status::kOk);
  const Madt& madt = *parsed.madt;
  ASSERT_EQ(madt.nmi_source_count, 1u);
  EXPECT_EQ(madt.nmi_sources[0].gsi, 7u);
  EXPECT_EQ(madt.nmi_sources[0].flags.polarity, Polarity::kActiveLow);
  ASSERT_EQ(madt.local_apic_nmi_count, 3u);
  EXPECT_EQ(madt.local_apic_nmis[0].processor_uid, 2u);
  EXPECT_EQ(madt.local_apic_nmis[0].lint, 0);
  EXPECT_EQ(madt.local_apic_nmis[1].processor_uid, 0x12345u);
  EXPECT_EQ(madt.local_apic_nmis[1].lint, 1);
  EXPECT_EQ(madt.local_apic_nmis[2].processor_uid, LocalApicNmi::kAllProcessors);
}

TEST(Madt, LintOtherThanZeroOrOneIsCorrupt) {
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApicNmiEntry(0xff, 0, 2)})).status,
            Status::kCorrupt);
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {X2ApicNmiEntry(0, 0, 0xff)})).status, Status::kCorrupt);
}

TEST(Madt, IsaIrqUsesOverridesElseIdentity) {
  Parsed parsed = ParseFull(
      MakeMadt(0xfee00000, {OverrideWithFlags(0, 2, 0), OverrideWithFlags(9, 20, 0x000f)}));
  ASSERT_EQ(parsed.status, Status::kOk);
  InterruptOverride timer = parsed.madt->IsaIrq(0);
  EXPECT_EQ(timer.gsi, 2u);
  InterruptOverride sci = parsed.madt->IsaIrq(9);
  EXPECT_EQ(sci.gsi, 20u);
  EXPECT_EQ(sci.flags.polarity, Polarity::kActiveLow);
  EXPECT_EQ(sci.flags.trigger, TriggerMode::kLevel);
  InterruptOverride keyboard = parsed.madt->IsaIrq(1);
  EXPECT_EQ(keyboard.source, 1);
  EXPECT_EQ(keyboard.gsi, 1u);
  EXPECT_EQ(keyboard.flags.polarity, Polarity::kBusDefault);
}

TEST(Madt, DuplicateUsableApicIdsAreCorrupt) {
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApic(0, 1, 1), LocalApic(1, 1, 1)})).status,
            Status::kCorrupt);
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApic(0, 1, 1), LocalApic(1, 1, 2)})).status,
            Status::kCorrupt);
  // An x2APIC entry repeating an xAPIC processor's ID.
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApic(0, 7, 1), X2Apic(7, 1, 9)})).status,
            Status::kCorrupt);
  // Unusable entries do not count: firmware lists empty sockets with any ID.
  Parsed parsed =
      ParseFull(MakeMadt(0xfee00000, {LocalApic(0, 1, 1), LocalApic(1, 1, 0), LocalApic(2, 1, 0)}));
  ASSERT_EQ(parsed.status, Status::kOk);
  EXPECT_EQ(parsed.madt->processor_count, 1u);
}

TEST(Madt, BroadcastApicIdsAreIgnored) {
  Parsed parsed = ParseFull(
      MakeMadt(0xfee00000, {LocalApic(0, 0, 1), LocalApic(1, 0xff, 1), X2Apic(0xffffffff, 1, 2)}));
  ASSERT_EQ(parsed.status, Status::kOk);
  EXPECT_EQ(parsed.madt->processor_count, 1u);
  EXPECT_EQ(parsed.madt->enabled_cpus, 1u);
}

TEST(Madt, ConflictingIoApicsAreCorrupt) {
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000,
                               {IoApicEntry(0, 0xfec00000, 0), IoApicEntry(0, 0xfec01000, 24)}))
                .status,
            Status::kCorrupt);  // same ID
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000,
                               {IoApicEntry(0, 0xfec00000, 0), IoApicEntry(1, 0xfec00000, 24)}))
                .status,
            Status::kCorrupt);  // same address
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000,
                               {IoApicEntry(0, 0xfec00000, 0), IoApicEntry(1, 0xfec01000, 0)}))
                .status,
            Status::kCorrupt);  // same GSI base
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {IoApicEntry(0, 0, 0)})).status, Status::kCorrupt);
  // Listed in descending order is fine.
  Parsed parsed = ParseFull(
      MakeMadt(0xfee00000, {IoApicEntry(2, 0xfec02000, 48), IoApicEntry(1, 0xfec01000, 24),
                            IoApicEntry(0, 0xfec00000, 0)}));
  ASSERT_EQ(parsed.status, Status::kOk);
  EXPECT_EQ(parsed.madt->io_apic_count, 3u);
}

TEST(Madt, TwoOverridesForOneIrqAreCorrupt) {
  EXPECT_EQ(
      ParseFull(MakeMadt(0xfee00000, {OverrideWithFlags(0, 2, 0), OverrideWithFlags(0, 5, 0)}))
          .status,
      Status::kCorrupt);
  // Two ISA IRQs on one GSI is odd but not contradictory.
  EXPECT_EQ(
      ParseFull(MakeMadt(0xfee00000, {OverrideWithFlags(0, 2, 0), OverrideWithFlags(2, 2, 0)}))
          .status,
      Status::kOk);
}

TEST(Madt, LocalApicAddressChecks) {
  EXPECT_EQ(ParseFull(MakeMadt(0, {LocalApic(0, 0, 1)})).status, Status::kCorrupt);
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00010, {LocalApic(0, 0, 1)})).status, Status::kCorrupt);
  // An override rescues a zero 32-bit field...
  Parsed parsed = ParseFull(MakeMadt(0, {LocalApicOverride(0xfee00000)}));
  ASSERT_EQ(parsed.status, Status::kOk);
  EXPECT_EQ(parsed.madt->local_apic_address, 0xfee00000u);
  EXPECT_TRUE(parsed.madt->local_apic_address_overridden);
  // ...but must itself be sane, and there may be only one.
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000, {LocalApicOverride(0)})).status, Status::kCorrupt);
  EXPECT_EQ(ParseFull(MakeMadt(0xfee00000,
                               {LocalApicOverride(0xfee00000), LocalApicOverride(0xfee00000)}))
                .status,
            Status::kCorrupt);
}

TEST(Madt, MoreProcessorsThanFitIsBufferTooSmall) {
  std::vector<ByteVector> entries;
  for (uint32_t i = 0; i < 300; ++i) entries.push_back(X2Apic(i, i % 10 == 9 ? 2 : 1, i));
  Parsed parsed = ParseFull(MakeMadt(0xfee00000, entries));
  EXPECT_EQ(parsed.status, Status::kBufferTooSmall);
  const Madt& madt = *parsed.madt;
  EXPECT_TRUE(madt.truncated);
  EXPECT_EQ(madt.processor_count, Madt::kMaxProcessors);
  EXPECT_EQ(madt.processors[255].apic_id, 255u);
  EXPECT_EQ(madt.enabled_cpus, 270u);
  EXPECT_EQ(madt.online_capable_cpus, 30u);
  EXPECT_EQ(Summarize(madt).enabled_cpus, 270u);
}

TEST(Madt, MoreIoApicsOverridesOrNmisThanFitIsBufferTooSmall) {
  std::vector<ByteVector> io_apics, overrides, nmi_sources, local_nmis;
  for (uint32_t i = 0; i < 17; ++i) {
    io_apics.push_back(IoApicEntry(static_cast<uint8_t>(i), 0xfec00000 + i * 0x1000, i * 24));
    overrides.push_back(OverrideWithFlags(static_cast<uint8_t>(i), i, 0));
    nmi_sources.push_back(NmiSourceEntry(i, 0));
  }
  for (uint32_t i = 0; i < 257; ++i) local_nmis.push_back(X2ApicNmiEntry(i, 0, 1));
  for (const auto* entries : {&io_apics, &overrides, &nmi_sources, &local_nmis}) {
    Parsed parsed = ParseFull(MakeMadt(0xfee00000, *entries));
    EXPECT_EQ(parsed.status, Status::kBufferTooSmall);
    EXPECT_TRUE(parsed.madt->truncated);
  }
  Parsed parsed = ParseFull(MakeMadt(0xfee00000, io_apics));
  EXPECT_EQ(parsed.madt->io_apic_count, Madt::kMaxIoApics);
  EXPECT_EQ(parsed.madt->io_apics[15].gsi_base, 15u * 24);
}

TEST(Madt, CorruptionAfterOverflowStillWins) {
  std::vector<ByteVector> entries;
  for (uint32_t i = 0; i < 17; ++i) {
    entries.push_back(IoApicEntry(static_cast<uint8_t>(i), 0xfec00000 + i * 0x1000, i * 24));
  }
  entries.push_back({0x7f, 1});  // length 1: malformed
  Parsed parsed = ParseFull(MakeMadt(0xfee00000, entries));
  EXPECT_EQ(parsed.status, Status::kCorrupt);
  EXPECT_EQ(parsed.madt->io_apic_count, 0u);
  EXPECT_FALSE(parsed.madt->truncated);
}

TEST(Madt, CorruptTableLeavesNothingBehind) {
  ByteVector madt = TypicalMadt();
  madt.push_back(0);
  Reseal(madt);  // one trailing byte: not an entry
  Parsed parsed = ParseFull(madt);
  EXPECT_EQ(parsed.status, Status::kCorrupt);
  EXPECT_EQ(parsed.madt->processor_count, 0u);
  EXPECT_EQ(parsed.madt->enabled_cpus, 0u);
  EXPECT_EQ(parsed.madt->io_apic_count, 0u);
  EXPECT_EQ(parsed.madt->local_apic_address, 0u);
}

TEST(Madt, HeaderDefectsAreCorrupt) {
  ByteVector good = TypicalMadt();
  ByteVector bad_checksum = good;
  bad_checksum[9] ^= 1;
  EXPECT_EQ(ParseFull(bad_checksum).status, Status::kCorrupt);
  ByteVector wrong_signature = good;
  wrong_signature[0] = 'B';
  FixTableChecksum(wrong_signature);
  EXPECT_EQ(ParseFull(wrong_signature).status, Status::kCorrupt);
  ByteVector revision_zero = good;
  revision_zero[8] = 0;
  FixTableChecksum(revision_zero);
  EXPECT_EQ(ParseFull(revision_zero).status, Status::kCorrupt);
  // The length field claims more than there is, or less.
  for (uint32_t length : {uint32_t(good.size() + 1), uint32_t(good.size() - 1), 0xffffffffu, 0u}) {
    ByteVector table = good;
    Put<uint32_t>(table, 4, length);
    FixTableChecksum(table);
    EXPECT_EQ(ParseFull(table).status, Status::kCorrupt) << length;
  }
  // Truncated copies (length field unchanged).
  for (size_t size : {size_t{0}, size_t{36}, size_t{44}, good.size() - 1}) {
    EXPECT_EQ(ParseFull(ByteVector(good.begin(), good.begin() + size)).status, Status::kCorrupt);
  }
}

// Entries whose lengths are each possible value 0..255, in the middle of a valid table: any
// that is < 2, shorter than its type needs or running past the end must give kCorrupt, and
// nothing may read outside the table.
TEST(Madt, EveryEntryLengthIsHandled) {
  for (uint8_t type : {0, 1, 2, 3, 4, 5, 9, 10, 0x7f}) {
    for (int length = 0; length < 256; ++length) {
      ByteVector entry(20, 0);
      entry[0] = type;
      entry[1] = static_cast<uint8_t>(length);
      Put<uint32_t>(entry, 4, 0x00000001);  // something flag-like
      ByteVector madt = MakeMadt(0xfee00000, {LocalApic(9, 9, 1), entry});
      Status status = ParseFull(madt).status;
      if (length < 2 || length > 20) {
        EXPECT_EQ(status, Status::kCorrupt) << int(type) << " " << length;
      } else {
        EXPECT_TRUE(status == Status::kOk || status == Status::kCorrupt)
            << int(type) << " " << length;
      }
    }
  }
}

TEST(Madt, RandomEntriesNeverReadOutOfBounds) {
  std::mt19937 random(4242);
  for (int round = 0; round < 3000; ++round) {
    ByteVector body(8 + random() % 200);
    for (uint8_t& byte : body) byte = static_cast<uint8_t>(random());
    Put<uint32_t>(body, 0, 0xfee00000);
    // Bias towards known types and plausible lengths.
    for (size_t offset = 8; offset + 1 < body.size();) {
      body[offset] = static_cast<uint8_t>(random() % 12);
      uint8_t length = static_cast<uint8_t>(2 + random() % 18);
      body[offset + 1] = length;
      offset += length;
    }
    ByteVector madt = MakeTable("APIC", body);
    Parsed parsed = ParseFull(madt);
    EXPECT_TRUE(parsed.status == Status::kOk || parsed.status == Status::kCorrupt);
    if (parsed.status == Status::kOk) {
      EXPECT_LE(parsed.madt->processor_count, body.size() / 8);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
