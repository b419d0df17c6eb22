#include "boot/uefi/elf_image.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "libs/elf/elf_format.h"
#include "tests/host/boot/uefi/test_elf_builder.h"

namespace raeen::boot {
namespace {

constexpr uint32_t kRX = elf::kPfR | elf::kPfX;
constexpr uint32_t kR = elf::kPfR;
constexpr uint32_t kRW = elf::kPfR | elf::kPfW;
constexpr uint64_t kBase = 0xffffffff80200000;

std::vector<uint8_t> Fill(size_t size, uint8_t first) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(first + i);
  return data;
}

// A kernel-shaped image: text (R-X, 0x1800 bytes), rodata (R--, one page), data (RW-, 0x100
// file bytes + bss up to 0x2000), two RELATIVE relocations and one NONE.
TestElfBuilder KernelLike() {
  TestElfBuilder builder;
  builder.AddSegment(0x0000, Fill(0x1800, 0x10), 0x1800, kRX)
      .AddSegment(0x2000, Fill(0x1000, 0x20), 0x1000, kR)
      .AddSegment(0x3000, Fill(0x100, 0x30), 0x2000, kRW)
      .AddRelocation(0x3008, elf::kRX86_64Relative, 0x1234)
      .AddRelocation(0x2010, elf::kRX86_64Relative, 0x40)
      .AddRelocation(0, elf::kRX86_64None, 0)
      .SetEntry(0x10);
  return builder;
}

Result<ElfImage> ParseBytes(const std::vector<uint8_t>& file, Diagnostic& diag) {
  return ElfImage::Parse(rstd::Bytes(file.data(), file.size()), diag);
}

std::string Text(const Diagnostic& diag) {
  return std::string(diag.text().data(), diag.text().size());
}

// Expects Parse() to fail with `status` and a diagnostic containing `needle`.
void ExpectRejected(const std::vector<uint8_t>& file, Status status, const std::string& needle) {
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_FALSE(image.ok()) << "accepted; expected: " << needle;
  EXPECT_EQ(image.status(), status) << Text(diag);
  EXPECT_NE(Text(diag).find(needle), std::string::npos) << Text(diag);
}

uint64_t ReadWord(const std::vector<uint8_t>& bytes, uint64_t offset) {
  return Peek<uint64_t>(bytes, offset);
}

TEST(ElfImage, ParsesKernelShapedImage) {
  std::vector<uint8_t> file = KernelLike().Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  ASSERT_EQ(image->segments().size(), 4u);  // + the builder's relocation segment
  EXPECT_TRUE(image->segments()[0].executable);
  EXPECT_FALSE(image->segments()[0].writable);
  EXPECT_FALSE(image->segments()[1].executable);
  EXPECT_FALSE(image->segments()[1].writable);
  EXPECT_TRUE(image->segments()[2].writable);
  EXPECT_FALSE(image->segments()[2].executable);
  EXPECT_EQ(image->entry(), 0x10u);
  EXPECT_EQ(image->span(), 0x6000u);
  EXPECT_EQ(image->relocation_count(), 3u);
  EXPECT_EQ(image->relative_relocation_count(), 2u);
}

TEST(ElfImage, LoadCopiesSegmentsZeroesBssAndGaps) {
  std::vector<uint8_t> file = KernelLike().Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  std::vector<uint8_t> memory(image->span(), 0xcc);
  ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());

  std::vector<uint8_t> text = Fill(0x1800, 0x10);
  EXPECT_TRUE(std::equal(text.begin(), text.end(), memory.begin()));
  for (size_t i = 0x1800; i < 0x2000; ++i) ASSERT_EQ(memory[i], 0) << "gap byte " << i;
  EXPECT_EQ(memory[0x2000], 0x20);
  EXPECT_EQ(memory[0x3000], 0x30);
  EXPECT_EQ(memory[0x30ff], static_cast<uint8_t>(0x30 + 0xff));
  for (size_t i = 0x3100; i < 0x5000; ++i) ASSERT_EQ(memory[i], 0) << "bss byte " << i;
}

TEST(ElfImage, LoadAppliesRelativeRelocations) {
  std::vector<uint8_t> file = KernelLike().Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  std::vector<uint8_t> memory(image->span());
  ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
  EXPECT_EQ(ReadWord(memory, 0x3008), kBase + 0x1234);
  EXPECT_EQ(ReadWord(memory, 0x2010), kBase + 0x40);
  // The bytes around the relocated words are the segment's own.
  EXPECT_EQ(memory[0x3007], static_cast<uint8_t>(0x30 + 7));
  EXPECT_EQ(memory[0x3010], static_cast<uint8_t>(0x30 + 0x10));
}

TEST(ElfImage, NegativeAddendWraps) {
  std::vector<uint8_t> file = TestElfBuilder()
                                  .AddSegment(0, Fill(0x100, 0), 0x100, kRX)
                                  .AddSegment(0x1000, Fill(0x10, 0), 0x10, kRW)
                                  .AddRelocation(0x1000, elf::kRX86_64Relative, -16)
                                  .Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  std::vector<uint8_t> memory(image->span());
  ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
  EXPECT_EQ(ReadWord(memory, 0x1000), kBase - 16);
}

TEST(ElfImage, RelocationIntoBssIsApplied) {
  std::vector<uint8_t> file = TestElfBuilder()
                                  .AddSegment(0, Fill(0x100, 0), 0x100, kRX)
                                  .AddSegment(0x1000, Fill(0x10, 0), 0x3000, kRW)
                                  .AddRelocation(0x2ff8, elf::kRX86_64Relative, 8)
                                  .Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  std::vector<uint8_t> memory(image->span());
  ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
  EXPECT_EQ(ReadWord(memory, 0x2ff8), kBase + 8);
}

TEST(ElfImage, ImageWithoutDynamicHasNoRelocations) {
  std::vector<uint8_t> file = TestElfBuilder().AddSegment(0, Fill(16, 1), 16, kRX).Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  EXPECT_EQ(image->relocation_count(), 0u);
  EXPECT_EQ(image->span(), 0x1000u);
}

TEST(ElfImage, LoadRejectsWrongImageSize) {
  std::vector<uint8_t> file = KernelLike().Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok());
  std::vector<uint8_t> memory(image->span() - 1);
  EXPECT_EQ(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).status(),
            Status::kInvalidArgument);
}

TEST(ElfImage, RejectsTruncatedHeaders) {
  std::vector<uint8_t> file = KernelLike().Build();
  for (size_t size : {0, 1, 4, 16, 63}) {
    std::vector<uint8_t> cut(file.begin(), file.begin() + size);
    ExpectRejected(cut, Status::kCorrupt, "too small for an ELF header");
  }
  // The header is whole but the program header table is cut off.
  std::vector<uint8_t> cut(file.begin(), file.begin() + 64 + 56 + 10);
  ExpectRejected(cut, Status::kCorrupt, "program header table");
}

TEST(ElfImage, RejectsBadIdentification) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::vector<uint8_t> bad = file;
  bad[1] = 'X';
  ExpectRejected(bad, Status::kCorrupt, "bad magic");
  bad = file;
  bad[elf::kIdentClass] = 1;
  ExpectRejected(bad, Status::kCorrupt, "64-bit");
  bad = file;
  bad[elf::kIdentData] = 2;
  ExpectRejected(bad, Status::kCorrupt, "little-endian");
  bad = file;
  bad[elf::kIdentVersion] = 0;
  ExpectRejected(bad, Status::kCorrupt, "version");
}

TEST(ElfImage, RejectsWrongMachineAndType) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::vector<uint8_t> bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_machine), 183);  // EM_AARCH64
  ExpectRejected(bad, Status::kCorrupt, "not x86-64");
  bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_type), 2);  // ET_EXEC
  ExpectRejected(bad, Status::kCorrupt, "ET_DYN");
}

TEST(ElfImage, RejectsBadHeaderSizes) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::vector<uint8_t> bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_ehsize), 52);
  ExpectRejected(bad, Status::kCorrupt, "ELF header size");
  bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_phentsize), 32);
  ExpectRejected(bad, Status::kCorrupt, "program header size");
  bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_phnum), 0);
  ExpectRejected(bad, Status::kCorrupt, "program headers");
  bad = file;
  Poke<uint16_t>(bad, offsetof(elf::Header, e_phnum), 0xffff);
  ExpectRejected(bad, Status::kCorrupt, "program headers");
}

TEST(ElfImage, RejectsProgramHeadersBeyondFile) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::vector<uint8_t> bad = file;
  Poke<uint64_t>(bad, offsetof(elf::Header, e_phoff), file.size() - 8);
  ExpectRejected(bad, Status::kCorrupt, "beyond the end of the file");
  bad = file;
  Poke<uint64_t>(bad, offsetof(elf::Header, e_phoff), ~uint64_t{0} - 16);  // overflows
  ExpectRejected(bad, Status::kCorrupt, "beyond the end of the file");
}

TEST(ElfImage, RejectsSegmentBeyondFile) {
  std::vector<uint8_t> file = KernelLike().Build();
  uint64_t phdr = TestElfBuilder::ProgramHeaderOffset(1);
  std::vector<uint8_t> bad = file;
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_offset), file.size() - 0x10);
  ExpectRejected(bad, Status::kCorrupt, "segment 1: file bytes");
  bad = file;
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_offset), ~uint64_t{0});
  ExpectRejected(bad, Status::kCorrupt, "beyond the end of the file");
  // Truncating the file inside the last segment's bytes (136 bytes at the start of its page).
  std::vector<uint8_t> cut(file.begin(), file.end() - 0x1000 + 64);
  ExpectRejected(cut, Status::kCorrupt, "segment 3: file bytes");
}

TEST(ElfImage, RejectsFileSizeAboveMemorySize) {
  std::vector<uint8_t> bad = KernelLike().Build();
  uint64_t phdr = TestElfBuilder::ProgramHeaderOffset(2);
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_memsz), 0x80);
  ExpectRejected(bad, Status::kCorrupt, "exceeds memory size");
}

TEST(ElfImage, RejectsUnalignedSegment) {
  std::vector<uint8_t> bad = KernelLike().Build();
  uint64_t phdr = TestElfBuilder::ProgramHeaderOffset(1);
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_vaddr), 0x2010);
  ExpectRejected(bad, Status::kCorrupt, "not 4 KiB aligned");
}

TEST(ElfImage, RefusesWritableAndExecutableSegment) {
  std::vector<uint8_t> bad = KernelLike().Build();
  uint64_t phdr = TestElfBuilder::ProgramHeaderOffset(2);
  Poke<uint32_t>(bad, phdr + offsetof(elf::ProgramHeader, p_flags),
                 elf::kPfR | elf::kPfW | elf::kPfX);
  ExpectRejected(bad, Status::kAccessDenied, "segment 2 (vaddr 0x3000, flags RWX)");
  ExpectRejected(bad, Status::kAccessDenied, "W^X");
  // Write + execute without read is refused just the same, as is an empty W+X segment.
  Poke<uint32_t>(bad, phdr + offsetof(elf::ProgramHeader, p_flags), elf::kPfW | elf::kPfX);
  ExpectRejected(bad, Status::kAccessDenied, "flags -WX");
  std::vector<uint8_t> empty = TestElfBuilder()
                                   .AddSegment(0, Fill(16, 0), 16, kRX)
                                   .AddSegment(0x1000, {}, 0, elf::kPfR | elf::kPfW | elf::kPfX)
                                   .Build();
  ExpectRejected(empty, Status::kAccessDenied, "segment 1");
}

TEST(ElfImage, RejectsOverlappingSegments) {
  std::vector<uint8_t> overlapping = TestElfBuilder()
                                         .AddSegment(0, Fill(0x2000, 0), 0x2000, kRX)
                                         .AddSegment(0x1000, Fill(0x10, 0), 0x10, kRW)
                                         .Build();
  ExpectRejected(overlapping, Status::kCorrupt, "overlaps the pages of segment 0");
  // Not overlapping bytes, but sharing the page at 0x1000: one page cannot be R-X and RW-.
  std::vector<uint8_t> shared_page = TestElfBuilder()
                                         .AddSegment(0, Fill(0x1008, 0), 0x1008, kRX)
                                         .AddSegment(0x1000, Fill(0x10, 0), 0x10, kRW)
                                         .Build();
  // 0x1000 is below the end of segment 0 rounded up (0x2000).
  ExpectRejected(shared_page, Status::kCorrupt, "overlaps");
}

TEST(ElfImage, RejectsUnsortedSegments) {
  std::vector<uint8_t> unsorted = TestElfBuilder()
                                      .AddSegment(0x4000, Fill(0x10, 0), 0x10, kRW)
                                      .AddSegment(0, Fill(0x10, 0), 0x10, kRX)
                                      .Build();
  ExpectRejected(unsorted, Status::kCorrupt, "ascending order");
}

TEST(ElfImage, RejectsAbsurdSizes) {
  std::vector<uint8_t> file = KernelLike().Build();
  uint64_t phdr = TestElfBuilder::ProgramHeaderOffset(2);
  std::vector<uint8_t> bad = file;
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_memsz), 64ull << 20);
  ExpectRejected(bad, Status::kCorrupt, "64 MiB");
  bad = file;
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_memsz), ~uint64_t{0});
  ExpectRejected(bad, Status::kCorrupt, "64 MiB");
  bad = file;
  Poke<uint64_t>(bad, phdr + offsetof(elf::ProgramHeader, p_vaddr), 0xffffffff80000000);
  ExpectRejected(bad, Status::kCorrupt, "64 MiB");
  // The largest span that is still accepted: a segment ending exactly at 64 MiB.
  std::vector<uint8_t> largest = TestElfBuilder()
                                     .AddSegment(0, Fill(16, 0), 16, kRX)
                                     .AddSegment(0x1000, {}, (64ull << 20) - 0x1000, kRW)
                                     .Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(largest, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  EXPECT_EQ(image->span(), 64ull << 20);
}

TEST(ElfImage, RejectsTooManySegments) {
  TestElfBuilder builder;
  builder.AddSegment(0, Fill(16, 0), 16, kRX);
  for (uint64_t i = 1; i <= ElfImage::kMaxSegments; ++i) {
    builder.AddSegment(i * 0x1000, Fill(16, 0), 16, kR);
  }
  ExpectRejected(builder.Build(), Status::kCorrupt, "more than 8 PT_LOAD segments");
}

TEST(ElfImage, RejectsNoLoadableSegment) {
  std::vector<uint8_t> bad = KernelLike().Build();
  for (size_t i = 0; i < 4; ++i) {
    Poke<uint32_t>(bad, TestElfBuilder::ProgramHeaderOffset(i), 4);  // PT_NOTE
  }
  ExpectRejected(bad, Status::kCorrupt, "no PT_LOAD");
}

TEST(ElfImage, RejectsEntryOutsideExecutableSegment) {
  std::vector<uint8_t> in_rodata = KernelLike().SetEntry(0x2000).Build();
  ExpectRejected(in_rodata, Status::kCorrupt, "entry point 0x2000");
  std::vector<uint8_t> past_text = KernelLike().SetEntry(0x1800).Build();
  ExpectRejected(past_text, Status::kCorrupt, "entry point");
  std::vector<uint8_t> far_away = KernelLike().SetEntry(~uint64_t{0}).Build();
  ExpectRejected(far_away, Status::kCorrupt, "entry point");
}

TEST(ElfImage, RejectsUnsupportedRelocationType) {
  std::vector<uint8_t> bad = KernelLike().AddRelocation(0x3010, 1, 0).Build();  // R_X86_64_64
  ExpectRejected(bad, Status::kUnsupported, "has type 1");
  std::vector<uint8_t> got = KernelLike().AddRelocation(0x3010, 6, 0).Build();  // GLOB_DAT
  ExpectRejected(got, Status::kUnsupported, "R_X86_64_RELATIVE");
  std::vector<uint8_t> with_symbol =
      KernelLike().AddRelocation(0x3010, elf::kRX86_64Relative, 0, 3).Build();
  ExpectRejected(with_symbol, Status::kCorrupt, "symbol 3");
}

TEST(ElfImage, RejectsRelocationOutOfBounds) {
  // Beyond the image.
  ExpectRejected(KernelLike().AddRelocation(0x100000, elf::kRX86_64Relative, 0).Build(),
                 Status::kCorrupt, "outside every segment");
  // In the gap between text and rodata.
  ExpectRejected(KernelLike().AddRelocation(0x1900, elf::kRX86_64Relative, 0).Build(),
                 Status::kCorrupt, "at 0x1900");
  // Straddling the end of the data segment (0x5000).
  ExpectRejected(KernelLike().AddRelocation(0x4ffc, elf::kRX86_64Relative, 0).Build(),
                 Status::kCorrupt, "outside every segment");
  // An offset that overflows when the 8 bytes are added.
  ExpectRejected(KernelLike().AddRelocation(~uint64_t{0} - 3, elf::kRX86_64Relative, 0).Build(),
                 Status::kCorrupt, "outside every segment");
}

TEST(ElfImage, RejectsMalformedDynamicSection) {
  ExpectRejected(KernelLike().AddDynamic(elf::kDtRelaEnt, 16).Build(), Status::kCorrupt,
                 "DT_RELAENT");
  ExpectRejected(KernelLike().AddDynamic(elf::kDtRel, 0x2000).Build(), Status::kUnsupported,
                 "REL relocations");
  ExpectRejected(KernelLike().AddDynamic(elf::kDtRelr, 0x2000).Build(), Status::kUnsupported,
                 "RELR");
  ExpectRejected(KernelLike().AddDynamic(elf::kDtJmpRel, 0x2000).Build(), Status::kUnsupported,
                 "PLT");

  std::vector<uint8_t> file = KernelLike().Build();
  uint64_t dynamic_phdr = TestElfBuilder::ProgramHeaderOffset(4);
  auto dynamic_offset = Peek<uint64_t>(file, dynamic_phdr + offsetof(elf::ProgramHeader, p_offset));
  // Entries: DT_RELA, DT_RELASZ, DT_RELAENT, DT_NULL.
  std::vector<uint8_t> bad = file;
  Poke<uint64_t>(bad, dynamic_offset + 16 + 8, 3 * sizeof(elf::Rela) + 5);
  ExpectRejected(bad, Status::kCorrupt, "DT_RELASZ");
  bad = file;
  Poke<uint64_t>(bad, dynamic_offset + 8, 0x100000);  // DT_RELA outside the file
  ExpectRejected(bad, Status::kCorrupt, "relocation table");
  bad = file;
  Poke<int64_t>(bad, dynamic_offset, 0x6ffffff0);  // DT_RELA replaced by an ignored tag
  ExpectRejected(bad, Status::kCorrupt, "DT_RELASZ without DT_RELA");
  bad = file;
  Poke<int64_t>(bad, dynamic_offset + 3 * 16, 0x6ffffff0);  // DT_NULL replaced
  ExpectRejected(bad, Status::kCorrupt, "DT_NULL");
  bad = file;
  Poke<uint64_t>(bad, dynamic_phdr + offsetof(elf::ProgramHeader, p_offset), file.size());
  ExpectRejected(bad, Status::kCorrupt, "PT_DYNAMIC");
  bad = file;
  Poke<uint32_t>(bad, TestElfBuilder::ProgramHeaderOffset(0), elf::kPtDynamic);
  ExpectRejected(bad, Status::kCorrupt, "more than one PT_DYNAMIC");
}

TEST(ElfImage, RejectsInterpreterAndTls) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::vector<uint8_t> bad = file;
  Poke<uint32_t>(bad, TestElfBuilder::ProgramHeaderOffset(4), elf::kPtInterp);
  ExpectRejected(bad, Status::kUnsupported, "PT_INTERP");
  bad = file;
  Poke<uint32_t>(bad, TestElfBuilder::ProgramHeaderOffset(4), elf::kPtTls);
  ExpectRejected(bad, Status::kUnsupported, "PT_TLS");
}

// Random corruption must never crash the parser or the loader (ASan/UBSan watch this test):
// either Parse() refuses the file, or Load() succeeds on an image of span() bytes.
TEST(ElfImage, SurvivesRandomCorruption) {
  std::vector<uint8_t> file = KernelLike().Build();
  std::mt19937_64 random(20261123);
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::vector<uint8_t> bad = file;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      // Mostly the headers and the dynamic data, where the interesting fields are.
      size_t limit = (random() % 2 == 0) ? 64 + 5 * 56 : bad.size();
      bad[random() % limit] = static_cast<uint8_t>(random());
    }
    if (random() % 8 == 0) bad.resize(random() % bad.size());
    Diagnostic diag;
    Result<ElfImage> image = ParseBytes(bad, diag);
    if (!image.ok()) {
      EXPECT_FALSE(diag.empty());
      continue;
    }
    ++accepted;
    ASSERT_LE(image->span(), ElfImage::kMaxSpan);
    std::vector<uint8_t> memory(image->span());
    ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
    for (const ElfSegment& segment : image->segments()) {
      EXPECT_FALSE(segment.writable && segment.executable);
    }
  }
  EXPECT_GT(accepted, 0);  // some flips hit harmless bytes
}

// Pages handed out in reverse order from one buffer, so nothing contiguous is assumed.
class ScatteredPages final : public ElfImagePages {
 public:
  explicit ScatteredPages(size_t count)
      : count_(count), storage_(count * ElfImage::kPageSize, 0xcc) {}
  uint8_t* Page(uint64_t index) override {
    return storage_.data() + (count_ - 1 - index) * ElfImage::kPageSize;
  }
  std::vector<uint8_t> Gathered() {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < count_; ++i) {
      bytes.insert(bytes.end(), Page(i), Page(i) + ElfImage::kPageSize);
    }
    return bytes;
  }

 private:
  size_t count_;
  std::vector<uint8_t> storage_;
};

TEST(ElfImage, PagedLoadMatchesContiguousLoadIncludingRelocationsAcrossPages) {
  std::vector<uint8_t> file = TestElfBuilder()
                                  .AddSegment(0, Fill(0x100, 0), 0x100, kRX)
                                  .AddSegment(0x1000, Fill(0x1800, 0x40), 0x3000, kRW)
                                  .AddRelocation(0x1ffc, elf::kRX86_64Relative, 0x77)
                                  .AddRelocation(0x2ff8, elf::kRX86_64Relative, 8)
                                  .Build();
  Diagnostic diag;
  Result<ElfImage> image = ParseBytes(file, diag);
  ASSERT_TRUE(image.ok()) << Text(diag);
  std::vector<uint8_t> memory(image->span());
  ASSERT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
  ScatteredPages pages(image->span() / ElfImage::kPageSize);
  image->Load(pages, kBase);
  EXPECT_EQ(pages.Gathered(), memory);
  EXPECT_EQ(ReadWord(memory, 0x1ffc), kBase + 0x77);  // straddles the page boundary at 0x2000
}

// The kernel this tree builds: rae-boot must accept it, and it must satisfy W^X with only
// RELATIVE relocations. The kernel is always built before the host tests (CMake dependency).
TEST(ElfImage, AcceptsTheRealKernel) {
  for (const char* name : {"/kernel/kernel.elf", "/kernel/kernel.stripped.elf"}) {
    std::string path = std::string(RAEEN_BINARY_DIR) + name;
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "missing " << path << ": build the `kernel` target first";
    std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
    Diagnostic diag;
    Result<ElfImage> image = ParseBytes(file, diag);
    ASSERT_TRUE(image.ok()) << path << ": " << Text(diag);
    ASSERT_GT(image->segments().size(), 0u);
    bool has_text = false;
    for (const ElfSegment& segment : image->segments()) {
      EXPECT_FALSE(segment.writable && segment.executable) << "segment " << segment.index;
      has_text = has_text || segment.executable;
    }
    EXPECT_TRUE(has_text);
    EXPECT_EQ(image->relative_relocation_count(), image->relocation_count())
        << "every relocation of the kernel must be R_X86_64_RELATIVE";
    std::vector<uint8_t> memory(image->span());
    EXPECT_TRUE(image->Load(rstd::Span<uint8_t>(memory.data(), memory.size()), kBase).ok());
  }
}

}  // namespace
}  // namespace raeen::boot
