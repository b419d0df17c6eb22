#include "libs/archive/tar_reader.h"

#include "tests/host/libs/archive/ustar_builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace raeen::archive {
namespace {

namespace fs = std::filesystem;
using testing::Archive;
using testing::ArchiveBuilder;
using testing::HeaderBuilder;
using testing::TempDir;

std::string ToString(rstd::StringView view) {
  return std::string(view.data(), view.size());
}
std::string ToString(rstd::Bytes bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}
rstd::Bytes View(const Archive& archive) {
  return rstd::Bytes(archive.data(), archive.size());
}

// Every entry of an archive, or the first error.
struct Listing {
  std::vector<TarEntry> entries;
  Status status = Status::kOk;
};

Listing ReadAll(const Archive& archive) {
  Listing listing;
  TarReader reader(View(archive));
  TarEntry entry;
  for (;;) {
    Result<bool> more = reader.Next(&entry);
    if (!more.ok()) {
      listing.status = more.status();
      return listing;
    }
    if (!more.value()) return listing;
    listing.entries.push_back(entry);
  }
}

Status FirstError(const Archive& archive) {
  return ReadAll(archive).status;
}

// --- Archives made by the real tar -------------------------------------------------------

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

Archive ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Archive(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Packs `root` exactly as images/CMakeLists.txt packs the initrd.
Archive PackWithTar(const fs::path& root, const fs::path& output, const char* format = "ustar") {
  std::string command = std::string("tar --format=") + format +
                        " --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf '" +
                        output.string() + "' -C '" + root.string() + "' .";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return ReadFile(output);
}

std::string Pattern(size_t size, unsigned seed) {
  std::string text(size, '\0');
  for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 131 + seed * 7) % 251);
  return text;
}

struct Expected {
  TarEntryType type;
  std::string content;  // files: data; symlinks: target
};

class RealTar : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "root";
    // Nested directories, an empty file, files of 512 and 513 bytes, a symlink, and names
    // long enough to need the prefix field (155 + 100).
    Add("bin/init", Pattern(5000, 1));
    Add("bin/empty", "");
    Add("etc/exact512", Pattern(512, 2));
    Add("etc/over513", Pattern(513, 3));
    Add("etc/hello.txt", "hello, world\n");
    std::string deep = "deep";
    for (int i = 0; i < 7; ++i) deep += "/level" + std::to_string(i) + "-abcdefghij";
    Add(deep + "/" + std::string(99, 'n'), Pattern(700, 4));
    long_path_ = deep + "/" + std::string(99, 'n');
    // A name that fills the name field exactly, with "." as the prefix ("./" + 100 bytes).
    Add(std::string(100, 'f'), "full name field");
    fs::create_directories(root_ / "empty-dir");
    expected_["empty-dir"] = {TarEntryType::kDirectory, ""};
    fs::create_symlink("../etc/hello.txt", root_ / "bin" / "hello-link");
    expected_["bin/hello-link"] = {TarEntryType::kSymlink, "../etc/hello.txt"};
    // Every directory on the way to a file is an entry too.
    for (auto& item : fs::recursive_directory_iterator(root_)) {
      if (item.is_directory() && !item.is_symlink()) {
        expected_[fs::relative(item.path(), root_).string()] = {TarEntryType::kDirectory, ""};
      }
    }
  }

  void Add(const std::string& path, const std::string& content) {
    WriteFile(root_ / path, content);
    expected_[path] = {TarEntryType::kFile, content};
  }

  void CheckAgainstExpected(const Archive& archive) {
    Listing listing = ReadAll(archive);
    ASSERT_EQ(listing.status, Status::kOk);
    std::map<std::string, Expected> remaining = expected_;
    for (const TarEntry& entry : listing.entries) {
      std::string path = ToString(entry.path());
      auto it = remaining.find(path);
      ASSERT_NE(it, remaining.end()) << "unexpected or duplicate entry " << path;
      EXPECT_EQ(entry.type(), it->second.type) << path;
      EXPECT_EQ(entry.mtime(), 0u) << path;
      EXPECT_EQ(entry.uid(), 0u) << path;
      EXPECT_EQ(entry.gid(), 0u) << path;
      auto status = fs::symlink_status(root_ / path);
      EXPECT_EQ(entry.mode(), static_cast<uint32_t>(status.permissions()) & 07777) << path;
      if (it->second.type == TarEntryType::kSymlink) {
        EXPECT_EQ(ToString(entry.link_target()), it->second.content);
        EXPECT_EQ(entry.size(), 0u);
      } else {
        EXPECT_EQ(ToString(entry.data()), it->second.content) << path;
        EXPECT_EQ(entry.size(), it->second.content.size());
        EXPECT_TRUE(entry.link_target().empty());
      }
      // The data lies inside the archive.
      EXPECT_GE(entry.data().data(), archive.data());
      EXPECT_LE(entry.data().data() + entry.size(), archive.data() + archive.size());
      remaining.erase(it);
    }
    for (auto& [path, expected] : remaining) ADD_FAILURE() << "missing entry " << path;
  }

  TempDir dir_;
  fs::path root_;
  std::string long_path_;
  std::map<std::string, Expected> expected_;
};

TEST_F(RealTar, EveryEntryMatchesWhatWasPacked) {
  Archive archive = PackWithTar(root_, dir_.path() / "initrd.tar");
  ASSERT_FALSE(archive.empty());
  CheckAgainstExpected(archive);
  EXPECT_TRUE(TarReader(View(archive)).Validate().ok());
}

TEST_F(RealTar, GnuFormatWithShortNamesReadsTheSame) {
  // GNU format stores names over 100 bytes ("./" included) as 'L' entries; keep to the
  // short ones here.
  fs::remove_all(root_ / "deep");
  fs::remove(root_ / std::string(100, 'f'));
  std::erase_if(expected_, [](const auto& item) {
    return item.first.starts_with("deep") || item.first.size() >= 100;
  });
  CheckAgainstExpected(PackWithTar(root_, dir_.path() / "gnu.tar", "gnu"));
}

TEST_F(RealTar, GnuLongNamesAreUnsupported) {
  Archive archive = PackWithTar(root_, dir_.path() / "gnu.tar", "gnu");
  EXPECT_EQ(FirstError(archive), Status::kUnsupported);
}

TEST_F(RealTar, PaxHeadersAreUnsupported) {
  Archive archive = PackWithTar(root_, dir_.path() / "pax.tar", "pax");
  EXPECT_EQ(FirstError(archive), Status::kUnsupported);
}

TEST_F(RealTar, FindsByNormalizedPath) {
  Archive archive = PackWithTar(root_, dir_.path() / "initrd.tar");
  TarReader reader(View(archive));
  Result<TarEntry> init = reader.Find("bin/init");
  ASSERT_TRUE(init.ok());
  EXPECT_EQ(ToString(init->data()), expected_["bin/init"].content);
  Result<TarEntry> deep = reader.Find(rstd::StringView(long_path_.data(), long_path_.size()));
  ASSERT_TRUE(deep.ok());
  EXPECT_EQ(ToString(deep->data()), Pattern(700, 4));
  Result<TarEntry> dir = reader.Find("etc");
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(dir->type(), TarEntryType::kDirectory);
  EXPECT_EQ(reader.Find("bin/missing").status(), Status::kNotFound);
  EXPECT_EQ(reader.Find("./bin/init").status(), Status::kInvalidArgument);
  EXPECT_EQ(reader.Find("/bin/init").status(), Status::kInvalidArgument);
  EXPECT_EQ(reader.Find("bin/").status(), Status::kInvalidArgument);
  EXPECT_EQ(reader.Find("").status(), Status::kInvalidArgument);
}

TEST_F(RealTar, HardLinkTargetsAreNormalized) {
  fs::create_hard_link(root_ / "etc" / "hello.txt", root_ / "etc" / "zz-hard");
  Archive archive = PackWithTar(root_, dir_.path() / "links.tar");
  Result<TarEntry> link = TarReader(View(archive)).Find("etc/zz-hard");
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->type(), TarEntryType::kHardLink);
  EXPECT_EQ(ToString(link->link_target()), "etc/hello.txt");
  EXPECT_EQ(link->size(), 0u);
}

TEST_F(RealTar, TruncationAnywhereIsAnError) {
  Archive archive = PackWithTar(root_, dir_.path() / "initrd.tar");
  // Find where the end marker starts: after the last entry's data.
  Listing full = ReadAll(archive);
  ASSERT_EQ(full.status, Status::kOk);
  const TarEntry& last = full.entries.back();
  size_t end_marker =
      static_cast<size_t>(last.data().data() - archive.data()) + (last.size() + 511) / 512 * 512;
  for (size_t size = 0; size < end_marker; size += 97) {
    Archive cut(archive.begin(), archive.begin() + static_cast<ptrdiff_t>(size));
    EXPECT_NE(FirstError(cut), Status::kOk) << "cut at " << size;
  }
  // Cut exactly at a header boundary: no end marker.
  Archive cut(archive.begin(), archive.begin() + static_cast<ptrdiff_t>(end_marker));
  EXPECT_EQ(FirstError(cut), Status::kCorrupt);
  // One zero block and then the end is accepted.
  Archive one_zero(archive.begin(), archive.begin() + static_cast<ptrdiff_t>(end_marker + 512));
  EXPECT_EQ(FirstError(one_zero), Status::kOk);
  EXPECT_EQ(ReadAll(one_zero).entries.size(), full.entries.size());
}

// --- Hand-made archives --------------------------------------------------------------------

Archive OneEntry(const HeaderBuilder& header, const std::string& data = "") {
  return ArchiveBuilder().Add(header, data).End().bytes;
}

TEST(TarReader, HandMadeArchiveReads) {
  Archive archive = ArchiveBuilder()
                        .Add(HeaderBuilder("./", '5'))
                        .Add(HeaderBuilder("./bin/", '5'))
                        .Add(HeaderBuilder("./bin/a", '0', 3), "abc")
                        .Add(HeaderBuilder("b", '\0', 0))
                        .Add(HeaderBuilder("c", '2').Link("/abs/target"))
                        .Add(HeaderBuilder("dev", '3'))
                        .Add(HeaderBuilder(std::string(100, 'x')).Prefix(std::string(155, 'p')))
                        .End()
                        .bytes;
  Listing listing = ReadAll(archive);
  ASSERT_EQ(listing.status, Status::kOk);
  ASSERT_EQ(listing.entries.size(), 6u);
  EXPECT_EQ(ToString(listing.entries[0].path()), "bin");
  EXPECT_EQ(listing.entries[0].type(), TarEntryType::kDirectory);
  EXPECT_EQ(ToString(listing.entries[1].path()), "bin/a");
  EXPECT_EQ(ToString(listing.entries[1].data()), "abc");
  EXPECT_EQ(listing.entries[1].mode(), 0644u);
  EXPECT_EQ(listing.entries[2].type(), TarEntryType::kFile);
  EXPECT_EQ(ToString(listing.entries[3].link_target()), "/abs/target");
  EXPECT_EQ(listing.entries[4].type(), TarEntryType::kOther);
  EXPECT_EQ(ToString(listing.entries[5].path()),
            std::string(155, 'p') + "/" + std::string(100, 'x'));
  EXPECT_EQ(listing.entries[5].path().size(), TarEntry::kMaxPath);
}

TEST(TarReader, EndOfArchiveRules) {
  HeaderBuilder file("a", '0', 1);
  // Two zero blocks, then anything: ignored.
  Archive archive = ArchiveBuilder().Add(file, "x").End().bytes;
  archive.push_back(0xff);
  EXPECT_EQ(FirstError(archive), Status::kOk);
  // One zero block and the end.
  EXPECT_EQ(FirstError(ArchiveBuilder().Add(file, "x").Data(std::string(512, '\0')).bytes),
            Status::kOk);
  // No end marker at all.
  EXPECT_EQ(FirstError(ArchiveBuilder().Add(file, "x").bytes), Status::kCorrupt);
  // A zero block followed by garbage, or by another header.
  Archive garbage = ArchiveBuilder().Add(file, "x").Data(std::string(512, '\0')).bytes;
  garbage.resize(garbage.size() + 512, 0x41);
  EXPECT_EQ(FirstError(garbage), Status::kCorrupt);
  EXPECT_EQ(
      FirstError(
          ArchiveBuilder().Add(file, "x").Data(std::string(512, '\0')).Add(file, "y").End().bytes),
      Status::kCorrupt);
  // The empty archive has no end marker; an archive of just the marker is empty.
  EXPECT_EQ(FirstError(Archive()), Status::kCorrupt);
  Listing empty = ReadAll(Archive(1024, 0));
  EXPECT_EQ(empty.status, Status::kOk);
  EXPECT_TRUE(empty.entries.empty());
}

TEST(TarReader, ErrorsAreSticky) {
  Archive archive = OneEntry(HeaderBuilder("../etc/passwd"));
  TarReader reader(View(archive));
  TarEntry entry;
  EXPECT_EQ(reader.Next(&entry).status(), Status::kCorrupt);
  EXPECT_EQ(reader.Next(&entry).status(), Status::kCorrupt);
  reader.Rewind();
  EXPECT_EQ(reader.Next(&entry).status(), Status::kCorrupt);
}

TEST(TarReader, EndIsRepeated) {
  Archive archive = OneEntry(HeaderBuilder("a"));
  TarReader reader(View(archive));
  TarEntry entry;
  EXPECT_TRUE(reader.Next(&entry).value());
  EXPECT_FALSE(reader.Next(&entry).value());
  EXPECT_FALSE(reader.Next(&entry).value());
}

TEST(TarReader, TruncatedHeader) {
  Archive archive = OneEntry(HeaderBuilder("a"));
  archive.resize(300);
  EXPECT_EQ(FirstError(archive), Status::kCorrupt);
}

TEST(TarReader, TruncatedData) {
  Archive archive = ArchiveBuilder().Add(HeaderBuilder("a", '0', 2000), "short").bytes;
  EXPECT_EQ(FirstError(archive), Status::kOutOfRange);
  // The data fits but its padding does not.
  Archive unpadded = ArchiveBuilder().Add(HeaderBuilder("a", '0', 10)).bytes;
  unpadded.resize(unpadded.size() + 10, 'z');
  EXPECT_EQ(FirstError(unpadded), Status::kOutOfRange);
}

TEST(TarReader, AbsurdSize) {
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '0', 077777777777ull))), Status::kOutOfRange);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '0', 1536))), Status::kOutOfRange);
}

TEST(TarReader, Checksums) {
  EXPECT_EQ(FirstError(ArchiveBuilder().Block(HeaderBuilder("a").Build(1)).End().bytes),
            Status::kCorrupt);
  EXPECT_EQ(FirstError(ArchiveBuilder().Block(HeaderBuilder("a").Build(-1)).End().bytes),
            Status::kCorrupt);
  // The historic signed sum: a name byte >= 0x80 counts negative.
  HeaderBuilder high("caf\xe9");
  std::vector<uint8_t> block = high.Build();
  unsigned sum = 0;
  for (size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : block[i];
  int signed_sum = static_cast<int>(sum) - 256;  // 0xe9 counted as -23 instead of 233
  char text[16];
  std::snprintf(text, sizeof(text), "%06o", signed_sum);
  std::memcpy(&block[148], text, 7);
  Listing listing = ReadAll(ArchiveBuilder().Block(block).End().bytes);
  EXPECT_EQ(listing.status, Status::kOk);
  // Non-octal checksum.
  block[150] = '9';
  EXPECT_EQ(FirstError(ArchiveBuilder().Block(block).End().bytes), Status::kCorrupt);
}

TEST(TarReader, Paths) {
  const char* bad[] = {"../etc/passwd", "a/../../b", "a/..", "/etc/passwd", "a//b",
                       "a/./b",         "./",        ".",    "a/",          "./../x",
                       "././a",         ".."};
  for (const char* name : bad) {
    EXPECT_EQ(FirstError(OneEntry(HeaderBuilder(name))), Status::kCorrupt) << name;
  }
  // Directories: the same, except for one trailing slash.
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a//", '5'))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("../", '5'))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("", '0'))), Status::kCorrupt);
  // The prefix is joined before the checks.
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("b").Prefix(".."))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("b").Prefix("/abs"))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("b").Prefix("a/"))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("").Prefix("a"))), Status::kCorrupt);
  // A NUL inside a name (bytes after the terminator).
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("abc").Raw(1, 0))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("b").Prefix("abc").Raw(346, 0))), Status::kCorrupt);
}

TEST(TarReader, GnuMagicIgnoresThePrefixField) {
  HeaderBuilder header("file");
  header.Put(257, std::string("ustar  \0", 8), 8).Prefix("garbage that is atime in GNU");
  Listing listing = ReadAll(OneEntry(header));
  ASSERT_EQ(listing.status, Status::kOk);
  EXPECT_EQ(ToString(listing.entries[0].path()), "file");
}

TEST(TarReader, Magic) {
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(257, "", 8))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(257,
                                                       std::string("ustar\0"
                                                                   "01",
                                                                   8),
                                                       8))),
            Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(257, "USTAR", 8))), Status::kCorrupt);
}

TEST(TarReader, NumericFields) {
  // Non-octal digits, junk after the terminator, empty fields, base-256.
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(124, "00000000008", 12))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(100, "0644 x", 8))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(108, "", 8))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Put(136, "-1", 12))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a").Raw(124, 0x80))), Status::kUnsupported);
  // Leading spaces, a space terminator, and a field of digits only are all fine.
  Listing listing = ReadAll(OneEntry(HeaderBuilder("a", '0', 0)
                                         .Put(100, "   755 ", 8)
                                         .Put(108, "12345670", 8)
                                         .Put(136, "77777777777 ", 12)));
  ASSERT_EQ(listing.status, Status::kOk);
  EXPECT_EQ(listing.entries[0].mode(), 0755u);
  EXPECT_EQ(listing.entries[0].uid(), 012345670u);
  EXPECT_EQ(listing.entries[0].mtime(), 077777777777ull);
}

TEST(TarReader, Types) {
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", 'x'))), Status::kUnsupported);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", 'g'))), Status::kUnsupported);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", 'L'))), Status::kUnsupported);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", 'K'))), Status::kUnsupported);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", 'S'))), Status::kUnsupported);
  // Links carry no data and need a target.
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '2', 1).Link("b"), "x")), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '2'))), Status::kCorrupt);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '1').Link("../b"))), Status::kCorrupt);
  // A symlink target that fills its field exactly is fine; one with bytes after its NUL not.
  Listing full = ReadAll(OneEntry(HeaderBuilder("a", '2').Link(std::string(100, 't'))));
  ASSERT_EQ(full.status, Status::kOk);
  EXPECT_EQ(full.entries[0].link_target().size(), 100u);
  EXPECT_EQ(FirstError(OneEntry(HeaderBuilder("a", '2').Link("tt").Raw(157, 0))), Status::kCorrupt);
}

TEST(TarReader, FindReadsTheWholeArchive) {
  Archive archive = ArchiveBuilder()
                        .Add(HeaderBuilder("a", '0', 1), "1")
                        .Add(HeaderBuilder("a", '0', 1), "2")
                        .Add(HeaderBuilder("../evil"))
                        .End()
                        .bytes;
  EXPECT_EQ(TarReader(View(archive)).Find("a").status(), Status::kCorrupt);
  archive = ArchiveBuilder()
                .Add(HeaderBuilder("a", '0', 1), "1")
                .Add(HeaderBuilder("a", '0', 1), "2")
                .End()
                .bytes;
  Result<TarEntry> found = TarReader(View(archive)).Find("a");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(ToString(found->data()), "2");
}

// Random damage never makes the reader read outside the archive or return an entry that does.
TEST(TarReader, FuzzedArchivesAreRejectedOrSafe) {
  TempDir dir;
  fs::path root = dir.path() / "root";
  WriteFile(root / "bin/init", Pattern(3000, 9));
  WriteFile(root / "bin/sh", Pattern(100, 8));
  WriteFile(root / "etc/x", "");
  fs::create_symlink("init", root / "bin/link");
  Archive original = PackWithTar(root, dir.path() / "fuzz.tar");
  ASSERT_EQ(FirstError(original), Status::kOk);

  std::mt19937_64 random(20261124);
  int rejected = 0;
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    Archive archive = original;
    int flips = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < flips; ++i) {
      // Bias towards the headers, where the interesting bytes are.
      size_t at = random() % 2 ? random() % archive.size() : (random() % 8) * 512 + random() % 512;
      at %= archive.size();
      archive[at] ^= static_cast<uint8_t>(1u << (random() % 8));
    }
    if (random() % 3 == 0) archive.resize(random() % archive.size());
    // A copy in its own allocation, so ASan sees any read past the end.
    std::unique_ptr<uint8_t[]> exact(new uint8_t[archive.size() + 1]);
    std::memcpy(exact.get(), archive.data(), archive.size());
    rstd::Bytes view(exact.get(), archive.size());
    TarReader reader(view);
    TarEntry entry;
    for (int steps = 0; steps < 100; ++steps) {
      Result<bool> more = reader.Next(&entry);
      if (!more.ok()) ++rejected;
      if (more.ok() && !more.value()) ++accepted;
      if (!more.ok() || !more.value()) break;
      ASSERT_GE(entry.data().data(), view.data());
      ASSERT_LE(entry.data().data() + entry.size(), view.data() + view.size());
      ASSERT_TRUE(IsNormalizedPath(entry.path()));
      ASSERT_LE(entry.path().size(), TarEntry::kMaxPath);
    }
  }
  // Both outcomes happen: the damage is not all in ignored bytes, nor all fatal.
  EXPECT_GT(rejected, 1000);
  EXPECT_GT(accepted, 100);
}

TEST(TarReader, IsNormalizedPath) {
  EXPECT_TRUE(IsNormalizedPath("a"));
  EXPECT_TRUE(IsNormalizedPath("a/b.c/..d"));
  EXPECT_FALSE(IsNormalizedPath(""));
  EXPECT_FALSE(IsNormalizedPath("a/"));
  EXPECT_FALSE(IsNormalizedPath("/a"));
  EXPECT_FALSE(IsNormalizedPath("a/./b"));
  EXPECT_FALSE(IsNormalizedPath(rstd::StringView("a\0b", 3)));
}

}  // namespace
}  // namespace raeen::archive
