#include "kernel/acpi/mcfg.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

#include "tests/host/kernel/acpi/acpi_test_support.h"

namespace raeen::kernel::acpi {
namespace {

using namespace test_support;

struct Entry {
  uint64_t base;
  uint16_t segment;
  uint8_t start_bus;
  uint8_t end_bus;
};

// An MCFG [PCI Firmware 3.3, 4.1.2]: 8 reserved bytes, then 16-byte entries.
ByteVector MakeMcfg(const std::vector<Entry>& entries) {
  ByteVector body(8 + 16 * entries.size(), 0);
  for (size_t i = 0; i < entries.size(); ++i) {
    size_t at = 8 + 16 * i;
    Put<uint64_t>(body, at, entries[i].base);
    Put<uint16_t>(body, at + 8, entries[i].segment);
    body[at + 10] = entries[i].start_bus;
    body[at + 11] = entries[i].end_bus;
  }
  return MakeTable("MCFG", body);
}

struct Parsed {
  Status status;
  std::unique_ptr<Mcfg> mcfg;
};
Parsed Parse(const ByteVector& table) {
  ExactBuffer exact(table);
  Parsed parsed{Status::kOk, std::make_unique<Mcfg>()};
  parsed.status = ParseMcfg(exact.bytes(), parsed.mcfg.get()).status();
  return parsed;
}

TEST(Mcfg, ParsesSegments) {
  Parsed parsed = Parse(MakeMcfg({{0xb0000000, 0, 0, 255}, {0x4'0000'0000, 1, 0x80, 0x8f}}));
  ASSERT_EQ(parsed.status, Status::kOk);
  ASSERT_EQ(parsed.mcfg->segment_count, 2u);
  const EcamSegment& first = parsed.mcfg->segments[0];
  EXPECT_EQ(first.base, 0xb0000000u);
  EXPECT_EQ(first.segment_group, 0);
  EXPECT_EQ(first.start_bus, 0);
  EXPECT_EQ(first.end_bus, 255);
  EXPECT_EQ(first.WindowStart(), 0xb0000000u);
  EXPECT_EQ(first.WindowSize(), 256u << 20);
  const EcamSegment& second = parsed.mcfg->segments[1];
  EXPECT_EQ(second.segment_group, 1);
  // The base is bus 0's address even when the range starts later.
  EXPECT_EQ(second.WindowStart(), 0x4'0000'0000u + (0x80u << 20));
  EXPECT_EQ(second.WindowSize(), 16u << 20);
  EXPECT_FALSE(parsed.mcfg->truncated);
}

TEST(Mcfg, NoEntriesIsValid) {
  Parsed parsed = Parse(MakeMcfg({}));
  EXPECT_EQ(parsed.status, Status::kOk);
  EXPECT_EQ(parsed.mcfg->segment_count, 0u);
}

TEST(Mcfg, PartialEntryIsCorrupt) {
  for (size_t extra = 1; extra < 16; ++extra) {
    ByteVector table = MakeMcfg({{0xb0000000, 0, 0, 255}});
    table.resize(table.size() + extra, 0);
    Reseal(table);
    EXPECT_EQ(Parse(table).status, Status::kCorrupt) << extra;
  }
  // And every truncation of a valid table.
  ByteVector good = MakeMcfg({{0xb0000000, 0, 0, 255}, {0xc0000000, 1, 0, 15}});
  for (size_t size = 36; size < good.size(); ++size) {
    ByteVector table(good.begin(), good.begin() + size);
    Reseal(table);
    Status status = Parse(table).status;
    bool whole_entries = size >= 44 && (size - 44) % 16 == 0;
    EXPECT_EQ(status, whole_entries ? Status::kOk : Status::kCorrupt) << size;
  }
}

TEST(Mcfg, BadEntriesAreCorrupt) {
  auto status = [](Entry entry) { return Parse(MakeMcfg({entry})).status; };
  EXPECT_EQ(status({0xb0000000, 0, 10, 9}), Status::kCorrupt);   // end below start
  EXPECT_EQ(status({0xb0000000, 0, 9, 9}), Status::kOk);         // one bus
  EXPECT_EQ(status({0, 0, 0, 255}), Status::kCorrupt);           // no base
  EXPECT_EQ(status({0xb0001000, 0, 0, 255}), Status::kCorrupt);  // not 1 MiB aligned
  EXPECT_EQ(status({0xb0080000, 0, 0, 255}), Status::kCorrupt);
  EXPECT_EQ(status({0xfffffffffff00000, 0, 0, 0}), Status::kCorrupt);  // wraps
  EXPECT_EQ(status({(uint64_t{1} << 52) - (256 << 20), 0, 0, 255}), Status::kOk);
  EXPECT_EQ(status({(uint64_t{1} << 52) - (255 << 20), 0, 0, 255}), Status::kCorrupt);
}

TEST(Mcfg, OverlapsAreCorrupt) {
  // Same segment, overlapping bus ranges (in either order).
  EXPECT_EQ(Parse(MakeMcfg({{0xb0000000, 0, 0, 127}, {0xd0000000, 0, 127, 255}})).status,
            Status::kCorrupt);
  EXPECT_EQ(Parse(MakeMcfg({{0xd0000000, 0, 127, 255}, {0xb0000000, 0, 0, 127}})).status,
            Status::kCorrupt);
  // Different segments, overlapping windows.
  EXPECT_EQ(Parse(MakeMcfg({{0xb0000000, 0, 0, 255}, {0xb0000000, 1, 0, 255}})).status,
            Status::kCorrupt);
  EXPECT_EQ(Parse(MakeMcfg({{0xb0000000, 0, 0, 255}, {0xb8000000, 1, 0, 127}})).status,
            Status::kCorrupt);
  // Same base, disjoint bus ranges in one segment: windows do not overlap, fine.
  Parsed split = Parse(MakeMcfg({{0xb0000000, 0, 0, 127}, {0xb0000000, 0, 128, 255}}));
  EXPECT_EQ(split.status, Status::kOk);
  EXPECT_EQ(split.mcfg->segment_count, 2u);
  // Descending order is fine too.
  EXPECT_EQ(
      Parse(MakeMcfg({{0xe0000000, 2, 0, 255}, {0xc0000000, 1, 0, 255}, {0xb0000000, 0, 0, 0}}))
          .status,
      Status::kOk);
}

TEST(Mcfg, MoreSegmentsThanFitIsBufferTooSmall) {
  std::vector<Entry> entries;
  for (uint16_t i = 0; i < 20; ++i)
    entries.push_back({0x1'0000'0000 + (uint64_t{i} << 28), i, 0, 255});
  Parsed parsed = Parse(MakeMcfg(entries));
  EXPECT_EQ(parsed.status, Status::kBufferTooSmall);
  EXPECT_TRUE(parsed.mcfg->truncated);
  ASSERT_EQ(parsed.mcfg->segment_count, Mcfg::kMaxSegments);
  EXPECT_EQ(parsed.mcfg->segments[15].segment_group, 15);
  // A bad entry after the overflow still makes the table corrupt.
  entries.push_back({0x123, 99, 0, 0});
  Parsed corrupt = Parse(MakeMcfg(entries));
  EXPECT_EQ(corrupt.status, Status::kCorrupt);
  EXPECT_EQ(corrupt.mcfg->segment_count, 0u);
}

TEST(Mcfg, HeaderDefectsAreCorrupt) {
  ByteVector good = MakeMcfg({{0xb0000000, 0, 0, 255}});
  ByteVector bad_checksum = good;
  bad_checksum[44] ^= 0x10;
  EXPECT_EQ(Parse(bad_checksum).status, Status::kCorrupt);
  for (uint32_t length : {0u, 43u, 61u, 0x1000000u + 1, 0xffffffffu}) {
    ByteVector table = good;
    Put<uint32_t>(table, 4, length);
    FixTableChecksum(table);
    EXPECT_EQ(Parse(table).status, Status::kCorrupt) << length;
  }
  for (size_t size = 0; size < 44; ++size) {
    EXPECT_EQ(Parse(ByteVector(good.begin(), good.begin() + size)).status, Status::kCorrupt);
  }
}

TEST(Mcfg, RandomCorruptionIsSafe) {
  std::mt19937 random(5150);
  ByteVector original =
      MakeMcfg({{0xb0000000, 0, 0, 255}, {0xc0000000, 1, 0, 63}, {0x8'0000'0000, 2, 16, 31}});
  for (int round = 0; round < 3000; ++round) {
    ByteVector table = original;
    for (int i = 0; i < 4; ++i) table[44 + random() % 48] = static_cast<uint8_t>(random());
    FixTableChecksum(table);
    Parsed parsed = Parse(table);
    if (parsed.status != Status::kOk) {
      EXPECT_EQ(parsed.status, Status::kCorrupt);
      continue;
    }
    for (const EcamSegment& segment : parsed.mcfg->Segments()) {
      EXPECT_LE(segment.start_bus, segment.end_bus);
      EXPECT_EQ(segment.base % (1 << 20), 0u);
      EXPECT_NE(segment.base, 0u);
    }
  }
}

}  // namespace
}  // namespace raeen::kernel::acpi
