#include "services/vfsd/initrd_import.h"

#include "tests/host/libs/archive/ustar_builder.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace raeen::vfsd {
namespace {

using archive::testing::Archive;

rstd::StringView View(const std::string& text) {
  return rstd::StringView(text.data(), text.size());
}
std::string ToString(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

constexpr uint64_t kSecond = 1'000'000'000;

// Members as the initrd has them, on the tar reader tests' builders.
class TarWriter {
 public:
  TarWriter& Add(const std::string& name, char type, const std::string& data = "",
                 uint32_t mode = 0644, uint64_t mtime = 0, const std::string& link = "") {
    archive_.Add(archive::testing::HeaderBuilder(name, type, data.size())
                     .Mode(mode)
                     .Mtime(mtime)
                     .Link(link),
                 data);
    return *this;
  }
  TarWriter& File(const std::string& name, const std::string& data, uint32_t mode = 0644,
                  uint64_t mtime = 0) {
    return Add(name, '0', data, mode, mtime);
  }
  TarWriter& Dir(const std::string& name, uint32_t mode = 0755, uint64_t mtime = 0) {
    return Add(name, '5', "", mode, mtime);
  }
  TarWriter& Symlink(const std::string& name, const std::string& target, uint64_t mtime = 0) {
    return Add(name, '2', "", 0777, mtime, target);
  }
  TarWriter& HardLink(const std::string& name, const std::string& target) {
    return Add(name, '1', "", 0644, 0, target);
  }

  Archive Finish() const {
    archive::testing::ArchiveBuilder done = archive_;
    return done.End().bytes;
  }

 private:
  archive::testing::ArchiveBuilder archive_;
};

class InitrdImportTest : public ::testing::Test {
 protected:
  InitrdImportTest() {
    Result<Ramfs> created = Ramfs::Create(0755, 0);
    EXPECT_TRUE(created.ok());
    fs_.emplace(rstd::Move(created).value());
  }

  Result<void> Import(const Archive& archive) {
    return ImportInitrd(&*fs_, rstd::Bytes(archive.data(), archive.size()), &stats_);
  }
  StatInfo StatOf(const std::string& path, bool follow = true) {
    Result<InodeId> id = fs_->LookupAt(View(path), follow);
    EXPECT_TRUE(id.ok()) << path << ": " << StatusName(id.status());
    if (!id.ok()) return StatInfo{};
    return fs_->Stat(id.value()).value_or(StatInfo{});
  }
  std::string Content(const std::string& path) {
    Result<InodeId> id = fs_->LookupAt(View(path));
    EXPECT_TRUE(id.ok()) << path;
    if (!id.ok()) return "";
    std::string out(4096, '\0');
    Result<size_t> n = fs_->Read(
        id.value(), 0, rstd::Span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
    out.resize(n.value_or(0));
    return out;
  }
  bool Exists(const std::string& path) { return fs_->LookupAt(View(path), false).ok(); }

  std::optional<Ramfs> fs_;
  InitrdImportStats stats_;
};

TEST_F(InitrdImportTest, ImportsFilesDirectoriesAndSymlinks) {
  Archive archive = TarWriter()
                        .Dir("./", 0755, 100)
                        .Dir("./bin/", 0711, 200)
                        .File("./bin/init",
                              "\x7f"
                              "ELF",
                              0755, 300)
                        .Dir("etc", 0750, 400)
                        .File("etc/motd", "hello\n", 0600, 500)
                        .Symlink("etc/link", "motd", 600)
                        .Symlink("abs", "/bin/init", 700)
                        .Finish();
  ASSERT_TRUE(Import(archive).ok());
  EXPECT_EQ(stats_.files, 2u);
  EXPECT_EQ(stats_.directories, 2u);
  EXPECT_EQ(stats_.symlinks, 2u);

  StatInfo bin = StatOf("/bin");
  EXPECT_EQ(bin.type, InodeType::kDirectory);
  EXPECT_EQ(bin.mode, 0711u);
  EXPECT_EQ(bin.mtime_ns, 200 * kSecond);  // Kept although a child came later.
  StatInfo init = StatOf("/bin/init");
  EXPECT_EQ(init.type, InodeType::kFile);
  EXPECT_EQ(init.mode, 0755u);
  EXPECT_EQ(init.mtime_ns, 300 * kSecond);
  EXPECT_EQ(init.ctime_ns, 300 * kSecond);
  EXPECT_EQ(Content("/bin/init"),
            "\x7f"
            "ELF");
  StatInfo etc = StatOf("/etc");
  EXPECT_EQ(etc.mode, 0750u);
  EXPECT_EQ(etc.mtime_ns, 400 * kSecond);
  EXPECT_EQ(StatOf("/etc/motd").mode, 0600u);
  EXPECT_EQ(Content("/etc/link"), "hello\n");
  EXPECT_EQ(Content("/abs"),
            "\x7f"
            "ELF");
  StatInfo link = StatOf("/etc/link", false);
  EXPECT_EQ(link.type, InodeType::kSymlink);
  EXPECT_EQ(link.mtime_ns, 600 * kSecond);
  Result<rstd::StringView> target = fs_->ReadLink(fs_->LookupAt("/abs", false).value_or(0));
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(ToString(target.value()), "/bin/init");
}

TEST_F(InitrdImportTest, MakesMissingParents) {
  Archive archive = TarWriter().File("a/b/c/file", "x", 0644, 42).Finish();
  ASSERT_TRUE(Import(archive).ok());
  StatInfo b = StatOf("/a/b");
  EXPECT_EQ(b.type, InodeType::kDirectory);
  EXPECT_EQ(b.mode, 0755u);
  EXPECT_EQ(Content("/a/b/c/file"), "x");
  EXPECT_EQ(stats_.directories, 0u);
  EXPECT_EQ(stats_.files, 1u);
}

TEST_F(InitrdImportTest, HardLinksBecomeCopies) {
  Archive archive = TarWriter().File("orig", "shared", 0640, 9).HardLink("copy", "orig").Finish();
  ASSERT_TRUE(Import(archive).ok());
  EXPECT_EQ(stats_.hard_links, 1u);
  EXPECT_EQ(Content("/copy"), "shared");
  StatInfo copy = StatOf("/copy");
  EXPECT_EQ(copy.mode, 0640u);
  EXPECT_EQ(copy.mtime_ns, 9 * kSecond);
  EXPECT_NE(copy.inode, StatOf("/orig").inode);
}

TEST_F(InitrdImportTest, HardLinkToNothingIsCorrupt) {
  Archive missing = TarWriter().HardLink("copy", "nothing").Finish();
  EXPECT_EQ(Import(missing).status(), Status::kCorrupt);
  Archive to_dir = TarWriter().Dir("d").HardLink("copy", "d").Finish();
  EXPECT_EQ(Import(to_dir).status(), Status::kCorrupt);
  EXPECT_FALSE(Exists("/copy"));
}

TEST_F(InitrdImportTest, LaterMembersReplaceEarlierFiles) {
  Archive archive = TarWriter()
                        .File("f", "first")
                        .File("f", "second")
                        .Symlink("f", "target")
                        .Dir("d", 0700)
                        .Dir("d", 0755)
                        .Finish();
  ASSERT_TRUE(Import(archive).ok());
  EXPECT_EQ(StatOf("/f", false).type, InodeType::kSymlink);
  EXPECT_EQ(StatOf("/d").mode, 0755u);
  EXPECT_EQ(fs_->inode_count(), 3u);
}

TEST_F(InitrdImportTest, TypeConflictsAreCorrupt) {
  EXPECT_EQ(Import(TarWriter().Dir("d").File("d", "x").Finish()).status(), Status::kCorrupt);
  EXPECT_EQ(Import(TarWriter().File("f", "x").Dir("f").Finish()).status(), Status::kCorrupt);
  EXPECT_EQ(Import(TarWriter().File("g", "x").File("g/child", "y").Finish()).status(),
            Status::kCorrupt);
  EXPECT_EQ(Import(TarWriter().Symlink("s", "d").File("s/child", "y").Finish()).status(),
            Status::kCorrupt);
  EXPECT_EQ(Import(TarWriter().Symlink("empty", "").Finish()).status(), Status::kCorrupt);
}

TEST_F(InitrdImportTest, DevicesAreSkipped) {
  Archive archive = TarWriter().Add("dev/null", '3').File("x", "y").Finish();
  ASSERT_TRUE(Import(archive).ok());
  EXPECT_EQ(stats_.skipped, 1u);
  EXPECT_FALSE(Exists("/dev/null"));
  EXPECT_TRUE(Exists("/x"));
}

TEST_F(InitrdImportTest, MalformedArchiveStopsWithTheReadersError) {
  TarWriter writer;
  writer.File("good", "ok").File("bad", "data");
  Archive archive = writer.Finish();
  archive[512 * 2 + 148] ^= 1;  // The second header's checksum.
  EXPECT_EQ(Import(archive).status(), Status::kCorrupt);
  // What came before is there and usable; nothing of the bad member is.
  EXPECT_EQ(Content("/good"), "ok");
  EXPECT_FALSE(Exists("/bad"));
  EXPECT_TRUE(fs_->CreateFileAt("/after", 0644, 1).ok());
}

TEST_F(InitrdImportTest, TruncatedArchiveIsAnError) {
  Archive archive = TarWriter().File("big", std::string(2000, 'b')).Finish();
  archive.resize(1024);
  EXPECT_EQ(Import(archive).status(), Status::kOutOfRange);
  EXPECT_FALSE(Exists("/big"));
  Archive empty;
  EXPECT_NE(Import(empty).status(), Status::kOk);
}

TEST_F(InitrdImportTest, LimitsApplyToImportedData) {
  Limits limits;
  limits.max_file_size = 10;
  Result<Ramfs> small = Ramfs::Create(0755, 0, limits);
  ASSERT_TRUE(small.ok());
  fs_.emplace(rstd::Move(small).value());
  Archive archive = TarWriter().File("ok", "0123456789").File("big", "01234567890").Finish();
  EXPECT_EQ(Import(archive).status(), Status::kQuotaExceeded);
  EXPECT_EQ(stats_.error_offset, 1024u);
  EXPECT_EQ(Content("/ok"), "0123456789");
  EXPECT_FALSE(Exists("/big"));  // No empty file left behind.
}

// --- An archive made by the real tar, as images/CMakeLists.txt makes the initrd (but with
// the files' own times) ---------------------------------------------------------------------

namespace fs = std::filesystem;

using archive::testing::TempDir;

void WriteFile(const fs::path& path, const std::string& content, mode_t mode, time_t mtime) {
  std::ofstream(path, std::ios::binary) << content;
  ASSERT_EQ(chmod(path.c_str(), mode), 0);
  struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

void SetDirectory(const fs::path& path, mode_t mode, time_t mtime) {
  ASSERT_EQ(chmod(path.c_str(), mode), 0);
  struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST_F(InitrdImportTest, ImportsAnArchiveMadeByTar) {
  TempDir temp;
  fs::path root = temp.path() / "root";
  fs::create_directories(root / "bin");
  fs::create_directories(root / "etc" / "deep" / "er");
  std::string big(70000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  WriteFile(root / "bin" / "init", big, 0755, 1'700'000'000);
  WriteFile(root / "etc" / "motd", "welcome\n", 0640, 1'600'000'000);
  WriteFile(root / "etc" / "deep" / "er" / "x", "", 0600, 1'500'000'000);
  fs::create_symlink("../bin/init", root / "etc" / "init_link");
  fs::create_symlink("/etc/motd", root / "motd");
  fs::create_hard_link(root / "etc" / "motd", root / "etc" / "motd_again");
  SetDirectory(root / "etc" / "deep", 0700, 1'400'000'000);
  SetDirectory(root / "etc", 0751, 1'300'000'000);
  SetDirectory(root / "bin", 0755, 1'200'000'000);

  fs::path output = temp.path() / "initrd.tar";
  std::string command = "tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner -cf '" +
                        output.string() + "' -C '" + root.string() + "' .";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(output, std::ios::binary);
  Archive archive((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  ASSERT_TRUE(Import(archive).ok());
  EXPECT_EQ(stats_.hard_links, 1u);
  EXPECT_EQ(Content("/bin/init").size(), 4096u);  // Content() reads one page.
  Result<InodeId> init = fs_->LookupAt("/etc/init_link");
  ASSERT_TRUE(init.ok());
  std::string all(big.size() + 10, '\0');
  Result<size_t> n = fs_->Read(
      init.value(), 0, rstd::Span<uint8_t>(reinterpret_cast<uint8_t*>(all.data()), all.size()));
  ASSERT_TRUE(n.ok());
  all.resize(n.value());
  EXPECT_EQ(all, big);
  EXPECT_EQ(StatOf("/bin/init").mode, 0755u);
  EXPECT_EQ(StatOf("/bin/init").mtime_ns, 1'700'000'000 * kSecond);
  EXPECT_EQ(StatOf("/bin").mtime_ns, 1'200'000'000 * kSecond);
  EXPECT_EQ(StatOf("/etc").mode, 0751u);
  EXPECT_EQ(StatOf("/etc").mtime_ns, 1'300'000'000 * kSecond);
  EXPECT_EQ(StatOf("/etc/deep").mode, 0700u);
  EXPECT_EQ(StatOf("/etc/deep").mtime_ns, 1'400'000'000 * kSecond);
  EXPECT_EQ(StatOf("/etc/deep/er/x").mode, 0600u);
  EXPECT_EQ(StatOf("/etc/deep/er/x").size, 0u);
  EXPECT_EQ(Content("/motd"), "welcome\n");
  EXPECT_EQ(Content("/etc/motd_again"), "welcome\n");
  EXPECT_EQ(StatOf("/etc/motd_again").mode, 0640u);
  EXPECT_EQ(StatOf("/etc/init_link", false).type, InodeType::kSymlink);
}

}  // namespace
}  // namespace raeen::vfsd
