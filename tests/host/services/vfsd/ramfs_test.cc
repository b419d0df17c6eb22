#include "services/vfsd/ramfs.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace raeen::vfsd {
namespace {

rstd::StringView View(const std::string& text) {
  return rstd::StringView(text.data(), text.size());
}
std::string ToString(rstd::StringView view) {
  return std::string(view.data(), view.size());
}
rstd::Bytes Bytes(const std::string& text) {
  return rstd::Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

constexpr uint64_t kT0 = 1'000;
constexpr uint64_t kT1 = 2'000;

class RamfsTest : public ::testing::Test {
 protected:
  explicit RamfsTest(Limits limits = {}) {
    Result<Ramfs> created = Ramfs::Create(0755, kT0, limits);
    EXPECT_TRUE(created.ok());
    fs_.emplace(rstd::Move(created).value());
  }

  Ramfs& fs() { return *fs_; }

  InodeId MustLookup(const std::string& path, bool follow = true) {
    Result<InodeId> id = fs().LookupAt(View(path), follow);
    EXPECT_TRUE(id.ok()) << path << ": " << StatusName(id.status());
    return id.value_or(0);
  }
  Status LookupStatus(const std::string& path, bool follow = true) {
    return fs().LookupAt(View(path), follow).status();
  }
  InodeId MustMkdir(const std::string& path, uint32_t mode = 0755) {
    Result<InodeId> id = fs().MakeDirectoryAt(View(path), mode, kT0);
    EXPECT_TRUE(id.ok()) << path << ": " << StatusName(id.status());
    return id.value_or(0);
  }
  InodeId MustFile(const std::string& path, const std::string& content = "") {
    Result<InodeId> id = fs().CreateFileAt(View(path), 0644, kT0);
    EXPECT_TRUE(id.ok()) << path << ": " << StatusName(id.status());
    if (!id.ok()) return 0;
    if (!content.empty()) {
      Result<size_t> written = fs().Write(id.value(), 0, Bytes(content), kT0);
      EXPECT_TRUE(written.ok());
    }
    return id.value();
  }
  InodeId MustSymlink(const std::string& path, const std::string& target) {
    Result<InodeId> id = fs().MakeSymlinkAt(View(path), View(target), kT0);
    EXPECT_TRUE(id.ok()) << path << ": " << StatusName(id.status());
    return id.value_or(0);
  }
  std::string Content(InodeId id) {
    std::string out(256, '\0');
    std::string all;
    for (uint64_t offset = 0;;) {
      Result<size_t> n = fs().Read(
          id, offset, rstd::Span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
      EXPECT_TRUE(n.ok());
      if (!n.ok() || n.value() == 0) return all;
      all.append(out.data(), n.value());
      offset += n.value();
    }
  }
  static Resolution Resolved(const Result<Resolution>& r) {
    EXPECT_TRUE(r.ok()) << StatusName(r.status());
    return r.ok() ? r.value() : Resolution{};
  }
  StatInfo MustStat(InodeId id) {
    Result<StatInfo> info = fs().Stat(id);
    EXPECT_TRUE(info.ok());
    return info.value_or(StatInfo{});
  }
  std::vector<std::string> List(const std::string& path) {
    std::vector<std::string> names;
    InodeId dir = MustLookup(path);
    uint64_t cursor = 0;
    DirEntryInfo entry;
    for (;;) {
      Result<bool> more = fs().ReadDir(dir, &cursor, &entry);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !more.value()) return names;
      names.push_back(ToString(entry.name.view()));
    }
  }

  std::optional<Ramfs> fs_;
};

// --- Creation ----------------------------------------------------------------------------

TEST_F(RamfsTest, EmptyFileSystemHasARoot) {
  StatInfo root = MustStat(kRootInode);
  EXPECT_EQ(root.type, InodeType::kDirectory);
  EXPECT_EQ(root.mode, 0755u);
  EXPECT_EQ(root.link_count, 2u);
  EXPECT_EQ(root.mtime_ns, kT0);
  EXPECT_EQ(root.ctime_ns, kT0);
  EXPECT_EQ(root.size, 0u);
  EXPECT_EQ(fs().inode_count(), 1u);
  EXPECT_TRUE(List("/").empty());
}

TEST(Ramfs, CreateRejectsBadArguments) {
  EXPECT_EQ(Ramfs::Create(010000, 0).status(), Status::kInvalidArgument);
  Limits none;
  none.max_inodes = 0;
  EXPECT_EQ(Ramfs::Create(0755, 0, none).status(), Status::kInvalidArgument);
}

TEST_F(RamfsTest, CreateFileSetsAttributesAndTouchesParent) {
  InodeId dir = MustMkdir("/etc");
  Result<InodeId> file = fs().CreateFile(dir, "passwd", 0640, kT1);
  ASSERT_TRUE(file.ok());
  StatInfo info = MustStat(file.value());
  EXPECT_EQ(info.type, InodeType::kFile);
  EXPECT_EQ(info.mode, 0640u);
  EXPECT_EQ(info.size, 0u);
  EXPECT_EQ(info.link_count, 1u);
  EXPECT_EQ(info.mtime_ns, kT1);
  EXPECT_EQ(info.ctime_ns, kT1);
  EXPECT_EQ(info.inode, file.value());
  StatInfo parent = MustStat(dir);
  EXPECT_EQ(parent.mtime_ns, kT1);
  EXPECT_EQ(parent.ctime_ns, kT1);
  EXPECT_EQ(parent.size, 1u);
  EXPECT_EQ(MustLookup("/etc/passwd"), file.value());
}

TEST_F(RamfsTest, CreateErrors) {
  InodeId file = MustFile("/f");
  EXPECT_EQ(fs().CreateFile(kRootInode, "f", 0644, kT0).status(), Status::kAlreadyExists);
  EXPECT_EQ(fs().MakeDirectory(kRootInode, "f", 0755, kT0).status(), Status::kAlreadyExists);
  EXPECT_EQ(fs().MakeSymlink(kRootInode, "f", "x", kT0).status(), Status::kAlreadyExists);
  EXPECT_EQ(fs().CreateFile(kRootInode, "", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFile(kRootInode, ".", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().MakeDirectory(kRootInode, "..", 0755, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFile(kRootInode, "a/b", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFile(kRootInode, View(std::string(256, 'x')), 0644, kT0).status(),
            Status::kOutOfRange);
  EXPECT_EQ(fs().CreateFile(kRootInode, "m", 010644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFile(file, "x", 0644, kT0).status(), Status::kWrongType);
  EXPECT_EQ(fs().CreateFile(12345, "x", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFile(0, "x", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().CreateFileAt("/nodir/x", 0644, kT0).status(), Status::kNotFound);
  EXPECT_EQ(fs().CreateFileAt("/f/x", 0644, kT0).status(), Status::kWrongType);
  EXPECT_EQ(fs().CreateFileAt("/new/", 0644, kT0).status(), Status::kWrongType);
  EXPECT_EQ(fs().CreateFileAt("/", 0644, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().MakeDirectoryAt("/", 0755, kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().inode_count(), 2u);
}

TEST_F(RamfsTest, MakeDirectoryCountsLinks) {
  InodeId a = MustMkdir("/a");
  MustMkdir("/a/b/");  // A trailing '/' is fine for mkdir.
  MustMkdir("/a/c");
  MustFile("/a/f");
  EXPECT_EQ(MustStat(kRootInode).link_count, 3u);
  EXPECT_EQ(MustStat(a).link_count, 4u);
  EXPECT_EQ(MustStat(MustLookup("/a/b")).link_count, 2u);
}

TEST_F(RamfsTest, SymlinkTargetsAreStoredVerbatim) {
  InodeId link = MustSymlink("/l", "../x//y/");
  Result<rstd::StringView> target = fs().ReadLink(link);
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(ToString(target.value()), "../x//y/");
  StatInfo info = MustStat(link);
  EXPECT_EQ(info.type, InodeType::kSymlink);
  EXPECT_EQ(info.mode, 0777u);
  EXPECT_EQ(info.size, 8u);
  EXPECT_EQ(fs().total_bytes(), 8u);
  EXPECT_EQ(fs().ReadLink(kRootInode).status(), Status::kWrongType);
  EXPECT_EQ(fs().MakeSymlink(kRootInode, "e", "", kT0).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().MakeSymlink(kRootInode, "n", View(std::string("a\0b", 3)), kT0).status(),
            Status::kInvalidArgument);
  EXPECT_EQ(fs().MakeSymlink(kRootInode, "long", View(std::string(4097, 'a')), kT0).status(),
            Status::kOutOfRange);
  EXPECT_EQ(fs().MakeSymlinkAt("/s/", "x", kT0).status(), Status::kWrongType);
}

// --- Resolution --------------------------------------------------------------------------

TEST_F(RamfsTest, ResolveDotAndDotDot) {
  InodeId a = MustMkdir("/a");
  InodeId b = MustMkdir("/a/b");
  EXPECT_EQ(MustLookup("/"), kRootInode);
  EXPECT_EQ(MustLookup("."), kRootInode);
  EXPECT_EQ(MustLookup("//"), kRootInode);
  EXPECT_EQ(MustLookup("/.."), kRootInode);
  EXPECT_EQ(MustLookup("/../../.."), kRootInode);
  EXPECT_EQ(MustLookup("../a"), a);
  EXPECT_EQ(MustLookup("/a/./b/../b/."), b);
  EXPECT_EQ(MustLookup("a/b/../.."), kRootInode);
  EXPECT_EQ(MustLookup("a//b///"), b);
}

TEST_F(RamfsTest, ResolveErrors) {
  MustFile("/f");
  MustMkdir("/d");
  EXPECT_EQ(LookupStatus("/missing"), Status::kNotFound);
  EXPECT_EQ(LookupStatus("/d/missing/x"), Status::kNotFound);
  EXPECT_EQ(LookupStatus("/f/x"), Status::kWrongType);
  EXPECT_EQ(LookupStatus("/f/"), Status::kWrongType);
  EXPECT_EQ(LookupStatus("/f/."), Status::kWrongType);
  EXPECT_EQ(LookupStatus("/f/.."), Status::kWrongType);
  EXPECT_EQ(LookupStatus(""), Status::kInvalidArgument);
  EXPECT_EQ(LookupStatus(std::string("/d\0", 3)), Status::kInvalidArgument);
  EXPECT_EQ(LookupStatus("/" + std::string(256, 'x')), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus(std::string(4097, '/')), Status::kOutOfRange);
  EXPECT_EQ(fs().Resolve("x", {.start = 999}).status(), Status::kInvalidArgument);
}

TEST_F(RamfsTest, ResolveRelativeToAStartDirectory) {
  InodeId a = MustMkdir("/a");
  InodeId f = MustFile("/a/f");
  Resolution r = Resolved(fs().Resolve("f", {.start = a}));
  EXPECT_EQ(r.inode, f);
  r = Resolved(fs().Resolve("/a", {.start = a}));
  EXPECT_EQ(r.inode, a);
  r = Resolved(fs().Resolve("..", {.start = a}));
  EXPECT_EQ(r.inode, kRootInode);
  EXPECT_EQ(fs().Resolve("x", {.start = f}).status(), Status::kWrongType);
}

TEST_F(RamfsTest, RemovedStartDirectoryResolvesNothingRelative) {
  InodeId a = MustMkdir("/a");
  ASSERT_TRUE(fs().Retain(a).ok());
  ASSERT_TRUE(fs().RemoveDirectoryAt("/a", kT1).ok());
  EXPECT_EQ(fs().Resolve("..", {.start = a}).status(), Status::kNotFound);
  EXPECT_EQ(fs().CreateFile(a, "x", 0644, kT1).status(), Status::kNotFound);
  EXPECT_EQ(MustStat(a).link_count, 0u);
  ASSERT_TRUE(fs().Release(a).ok());
  EXPECT_EQ(fs().Stat(a).status(), Status::kInvalidArgument);
}

TEST_F(RamfsTest, SymlinksResolve) {
  MustMkdir("/data");
  MustMkdir("/data/sub");
  InodeId file = MustFile("/data/sub/file", "hello");
  MustSymlink("/abs", "/data/sub/file");         // Absolute target.
  MustSymlink("/data/rel", "sub/file");          // Relative to its own directory.
  MustSymlink("/data/sub/up", "../sub/./file");  // Relative with "..".
  MustSymlink("/chain1", "chain2");
  MustSymlink("/chain2", "/data/rel");
  MustSymlink("/dirlink", "data/sub");
  MustSymlink("/data/root", "/");
  EXPECT_EQ(MustLookup("/abs"), file);
  EXPECT_EQ(MustLookup("/data/rel"), file);
  EXPECT_EQ(MustLookup("/data/sub/up"), file);
  EXPECT_EQ(MustLookup("/chain1"), file);
  EXPECT_EQ(MustLookup("/dirlink/file"), file);
  EXPECT_EQ(MustLookup("/dirlink/../sub/file"), file);  // ".." of the target directory.
  EXPECT_EQ(MustLookup("/data/root/data/root/abs"), file);
  EXPECT_EQ(MustLookup("/data/root"), kRootInode);
  EXPECT_EQ(Content(MustLookup("chain1")), "hello");
}

TEST_F(RamfsTest, NotFollowingTheLastComponent) {
  MustMkdir("/d");
  MustFile("/d/f");
  InodeId link = MustSymlink("/l", "d");
  InodeId flink = MustSymlink("/fl", "d/f");
  EXPECT_EQ(MustLookup("/l", /*follow=*/false), link);
  EXPECT_EQ(MustLookup("/l", /*follow=*/true), MustLookup("/d"));
  // Intermediate symlinks are always followed, and a trailing '/' follows the last one.
  EXPECT_EQ(MustLookup("/l/f", false), MustLookup("/d/f"));
  EXPECT_EQ(MustLookup("/l/", false), MustLookup("/d"));
  EXPECT_EQ(MustLookup("/fl", false), flink);
  EXPECT_EQ(LookupStatus("/fl/", false), Status::kWrongType);
}

TEST_F(RamfsTest, DanglingSymlink) {
  InodeId link = MustSymlink("/dangling", "/nowhere");
  EXPECT_EQ(LookupStatus("/dangling"), Status::kNotFound);
  EXPECT_EQ(MustLookup("/dangling", false), link);
}

TEST_F(RamfsTest, SymlinkLoopsEndWithAnError) {
  MustSymlink("/a", "b");
  MustSymlink("/b", "a");
  MustSymlink("/self", "self");
  MustSymlink("/grow", "grow/x");
  MustMkdir("/d");
  MustSymlink("/d/up", "../d/up");
  EXPECT_EQ(LookupStatus("/a"), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus("/self"), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus("/self/x"), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus("/grow"), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus("/d/up"), Status::kOutOfRange);
  // Not following the last component sees the link itself.
  EXPECT_TRUE(fs().LookupAt("/a", false).ok());
}

TEST_F(RamfsTest, SymlinkExpansionLimitIsForty) {
  MustFile("/target");
  MustSymlink("/l0", "target");
  for (int i = 1; i <= 40; ++i) {
    MustSymlink("/l" + std::to_string(i), "l" + std::to_string(i - 1));
  }
  EXPECT_TRUE(fs().LookupAt("/l39").ok());               // 40 expansions.
  EXPECT_EQ(LookupStatus("/l40"), Status::kOutOfRange);  // 41.
}

TEST_F(RamfsTest, SymlinkExpansionTooLong) {
  MustMkdir("/d");
  std::string target = "/d/" + std::string(200, 'x');
  for (int i = 0; i < 25; ++i) target += "/" + std::string(150, 'y');
  ASSERT_LE(target.size(), kMaxPathLength);
  MustSymlink("/l", target);
  std::string path = "/l/" + std::string(255, 'z');
  ASSERT_GT(target.size() + path.size() - 2, kMaxPathLength);
  EXPECT_EQ(LookupStatus(path), Status::kOutOfRange);
  EXPECT_EQ(LookupStatus("/l"), Status::kNotFound);
  MustSymlink("/longname", "d/" + std::string(256, 'n'));
  EXPECT_EQ(LookupStatus("/longname"), Status::kOutOfRange);
}

TEST_F(RamfsTest, ResolveParent) {
  InodeId d = MustMkdir("/d");
  MustSymlink("/l", "d");
  Resolution r = Resolved(fs().ResolveParent("/l/new"));
  EXPECT_EQ(r.inode, d);
  EXPECT_EQ(ToString(r.name.view()), "new");
  EXPECT_FALSE(r.trailing_slash);
  r = Resolved(fs().ResolveParent("/l"));  // The last symlink is not followed.
  EXPECT_EQ(r.inode, kRootInode);
  EXPECT_EQ(ToString(r.name.view()), "l");
  r = Resolved(fs().ResolveParent("d/x//"));
  EXPECT_EQ(r.inode, d);
  EXPECT_TRUE(r.trailing_slash);
  r = Resolved(fs().ResolveParent("/d/.."));
  EXPECT_EQ(ToString(r.name.view()), "..");
  EXPECT_EQ(fs().ResolveParent("/").status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().ResolveParent("/missing/x").status(), Status::kNotFound);
}

// --- Unlink and rmdir --------------------------------------------------------------------

TEST_F(RamfsTest, UnlinkFilesAndSymlinks) {
  InodeId d = MustMkdir("/d");
  MustFile("/d/f", "data");
  MustSymlink("/d/l", "f");
  ASSERT_EQ(fs().inode_count(), 4u);
  EXPECT_EQ(fs().total_bytes(), 5u);
  ASSERT_TRUE(fs().Unlink(d, "l", kT1).ok());  // The link goes, its target stays.
  EXPECT_TRUE(fs().LookupAt("/d/f").ok());
  ASSERT_TRUE(fs().UnlinkAt("/d/f", kT1).ok());
  EXPECT_EQ(LookupStatus("/d/f"), Status::kNotFound);
  EXPECT_EQ(fs().inode_count(), 2u);
  EXPECT_EQ(fs().total_bytes(), 0u);
  EXPECT_EQ(MustStat(d).mtime_ns, kT1);
  EXPECT_TRUE(List("/d").empty());
}

TEST_F(RamfsTest, UnlinkErrors) {
  MustMkdir("/d");
  MustFile("/f");
  EXPECT_EQ(fs().UnlinkAt("/d", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().UnlinkAt("/missing", kT1).status(), Status::kNotFound);
  EXPECT_EQ(fs().UnlinkAt("/f/", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().UnlinkAt("/d/..", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().UnlinkAt("/", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().Unlink(MustLookup("/f"), "x", kT1).status(), Status::kWrongType);
}

TEST_F(RamfsTest, RemoveDirectory) {
  MustMkdir("/d");
  MustMkdir("/d/e");
  MustFile("/f");
  EXPECT_EQ(fs().RemoveDirectoryAt("/d", kT1).status(), Status::kBadState);
  EXPECT_EQ(fs().RemoveDirectoryAt("/f", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().RemoveDirectoryAt("/missing", kT1).status(), Status::kNotFound);
  EXPECT_EQ(fs().RemoveDirectoryAt("/d/e/.", kT1).status(), Status::kInvalidArgument);
  ASSERT_TRUE(fs().RemoveDirectoryAt("/d/e/", kT1).ok());
  EXPECT_EQ(MustStat(MustLookup("/d")).link_count, 2u);
  ASSERT_TRUE(fs().RemoveDirectoryAt("/d", kT1).ok());
  EXPECT_EQ(MustStat(kRootInode).link_count, 2u);
  EXPECT_EQ(fs().inode_count(), 2u);
}

// --- Rename ------------------------------------------------------------------------------

TEST_F(RamfsTest, RenameWithinAndAcrossDirectories) {
  InodeId file = MustFile("/a", "x");
  MustMkdir("/d");
  ASSERT_TRUE(fs().RenameAt("/a", "/b", kT1).ok());
  EXPECT_EQ(LookupStatus("/a"), Status::kNotFound);
  EXPECT_EQ(MustLookup("/b"), file);
  ASSERT_TRUE(fs().RenameAt("/b", "/d/c", kT1).ok());
  EXPECT_EQ(MustLookup("/d/c"), file);
  EXPECT_EQ(List("/"), std::vector<std::string>{"d"});
  EXPECT_EQ(MustStat(file).ctime_ns, kT1);
  EXPECT_EQ(MustStat(MustLookup("/d")).mtime_ns, kT1);
  EXPECT_EQ(fs().inode_count(), 3u);
}

TEST_F(RamfsTest, RenameReplacesAFile) {
  InodeId a = MustFile("/a", "new");
  MustFile("/b", "old");
  ASSERT_TRUE(fs().RenameAt("/a", "/b", kT1).ok());
  EXPECT_EQ(MustLookup("/b"), a);
  EXPECT_EQ(Content(a), "new");
  EXPECT_EQ(fs().inode_count(), 2u);
  EXPECT_EQ(fs().total_bytes(), 3u);
  EXPECT_EQ(List("/"), std::vector<std::string>{"b"});
}

TEST_F(RamfsTest, RenameDirectoryUpdatesLinksAndDotDot) {
  InodeId a = MustMkdir("/a");
  InodeId b = MustMkdir("/b");
  InodeId d = MustMkdir("/a/d");
  ASSERT_TRUE(fs().RenameAt("/a/d", "/b/d2", kT1).ok());
  EXPECT_EQ(MustStat(a).link_count, 2u);
  EXPECT_EQ(MustStat(b).link_count, 3u);
  EXPECT_EQ(MustLookup("/b/d2/.."), b);
  EXPECT_EQ(MustLookup("/b/d2"), d);
}

TEST_F(RamfsTest, RenameDirectoryOverAnEmptyDirectory) {
  InodeId a = MustMkdir("/a");
  MustFile("/a/f");
  MustMkdir("/b");
  MustMkdir("/c");
  MustFile("/c/x");
  ASSERT_EQ(MustStat(kRootInode).link_count, 5u);
  EXPECT_EQ(fs().RenameAt("/a", "/c", kT1).status(), Status::kBadState);  // Not empty.
  ASSERT_TRUE(fs().RenameAt("/a", "/b", kT1).ok());
  EXPECT_EQ(MustLookup("/b"), a);
  EXPECT_EQ(MustStat(kRootInode).link_count, 4u);
  EXPECT_EQ(List("/"), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(fs().inode_count(), 5u);
}

TEST_F(RamfsTest, RenameTypeMismatches) {
  MustMkdir("/d");
  MustFile("/f");
  EXPECT_EQ(fs().RenameAt("/f", "/d", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().RenameAt("/d", "/f", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().RenameAt("/f/", "/g", kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().RenameAt("/f", "/g/", kT1).status(), Status::kWrongType);
  EXPECT_TRUE(fs().RenameAt("/d/", "/e/", kT1).ok());
}

TEST_F(RamfsTest, RenameRefusesADirectoryIntoItsOwnSubtree) {
  MustMkdir("/a");
  MustMkdir("/a/b");
  MustMkdir("/a/b/c");
  EXPECT_EQ(fs().RenameAt("/a", "/a/x", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().RenameAt("/a", "/a/b/c/x", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().RenameAt("/a/b", "/a/b/c/x", kT1).status(), Status::kInvalidArgument);
  // Moving up is fine.
  EXPECT_TRUE(fs().RenameAt("/a/b/c", "/c", kT1).ok());
  EXPECT_EQ(MustStat(MustLookup("/a/b")).link_count, 2u);
}

TEST_F(RamfsTest, RenameOntoItselfChangesNothing) {
  InodeId f = MustFile("/f");
  MustMkdir("/d");
  EXPECT_TRUE(fs().RenameAt("/f", "/f", kT1).ok());
  EXPECT_TRUE(fs().RenameAt("/d", "/./d", kT1).ok());
  EXPECT_EQ(MustLookup("/f"), f);
  EXPECT_EQ(MustStat(kRootInode).mtime_ns, kT0);
}

TEST_F(RamfsTest, RenameErrors) {
  MustFile("/f");
  EXPECT_EQ(fs().RenameAt("/missing", "/x", kT1).status(), Status::kNotFound);
  EXPECT_EQ(fs().RenameAt("/f", "/missing/x", kT1).status(), Status::kNotFound);
  EXPECT_EQ(fs().RenameAt("/f", "/..", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().RenameAt("/.", "/x", kT1).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().RenameAt("/", "/x", kT1).status(), Status::kInvalidArgument);
}

TEST_F(RamfsTest, RenameASymlinkMovesTheLinkNotItsTarget) {
  InodeId d = MustMkdir("/d");
  InodeId link = MustSymlink("/l", "d");
  ASSERT_TRUE(fs().RenameAt("/l", "/m", kT1).ok());
  EXPECT_EQ(MustLookup("/m", false), link);
  EXPECT_EQ(MustLookup("/m"), d);
  EXPECT_EQ(MustLookup("/d"), d);
}

// --- Data --------------------------------------------------------------------------------

TEST_F(RamfsTest, WriteGrowsAndReadReturnsWhatWasWritten) {
  InodeId f = MustFile("/f");
  Result<size_t> n = fs().Write(f, 0, Bytes("hello"), kT1);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value(), 5u);
  ASSERT_TRUE(fs().Write(f, 5, Bytes(" world"), kT1).ok());
  ASSERT_TRUE(fs().Write(f, 0, Bytes("J"), kT1).ok());
  EXPECT_EQ(Content(f), "Jello world");
  StatInfo info = MustStat(f);
  EXPECT_EQ(info.size, 11u);
  EXPECT_EQ(info.mtime_ns, kT1);
  EXPECT_EQ(fs().total_bytes(), 11u);

  uint8_t buffer[4];
  Result<size_t> tail = fs().Read(f, 9, rstd::Span<uint8_t>(buffer));
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail.value(), 2u);
  EXPECT_EQ(buffer[0], 'l');
  EXPECT_EQ(fs().Read(f, 11, rstd::Span<uint8_t>(buffer)).value_or(99), 0u);
  EXPECT_EQ(fs().Read(f, UINT64_MAX, rstd::Span<uint8_t>(buffer)).value_or(99), 0u);
}

TEST_F(RamfsTest, WritePastTheEndZeroFills) {
  InodeId f = MustFile("/f");
  ASSERT_TRUE(fs().Write(f, 3, Bytes("x"), kT1).ok());
  EXPECT_EQ(Content(f), std::string("\0\0\0x", 4));
}

TEST_F(RamfsTest, LargeWritesGrowManyTimes) {
  InodeId f = MustFile("/f");
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    std::string piece = std::to_string(i) + ",";
    ASSERT_TRUE(fs().Write(f, expected.size(), Bytes(piece), kT1).ok());
    expected += piece;
  }
  EXPECT_EQ(Content(f), expected);
}

TEST_F(RamfsTest, EmptyWriteChangesNothing) {
  InodeId f = MustFile("/f");
  EXPECT_EQ(fs().Write(f, 100, rstd::Bytes(), kT1).value_or(99), 0u);
  EXPECT_EQ(MustStat(f).size, 0u);
  EXPECT_EQ(MustStat(f).mtime_ns, kT0);
}

TEST_F(RamfsTest, DataErrors) {
  InodeId d = MustMkdir("/d");
  InodeId l = MustSymlink("/l", "d");
  InodeId f = MustFile("/f");
  uint8_t buffer[1];
  EXPECT_EQ(fs().Read(d, 0, rstd::Span<uint8_t>(buffer)).status(), Status::kWrongType);
  EXPECT_EQ(fs().Read(l, 0, rstd::Span<uint8_t>(buffer)).status(), Status::kWrongType);
  EXPECT_EQ(fs().Write(d, 0, Bytes("x"), kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().Truncate(d, 0, kT1).status(), Status::kWrongType);
  EXPECT_EQ(fs().Read(999, 0, rstd::Span<uint8_t>(buffer)).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().Write(f, UINT64_MAX, Bytes("x"), kT1).status(), Status::kOutOfRange);
  EXPECT_EQ(fs().Write(f, UINT64_MAX - 10, Bytes("x"), kT1).status(), Status::kQuotaExceeded);
}

TEST_F(RamfsTest, Truncate) {
  InodeId f = MustFile("/f", "abcdef");
  ASSERT_TRUE(fs().Truncate(f, 2, kT1).ok());
  EXPECT_EQ(Content(f), "ab");
  EXPECT_EQ(MustStat(f).mtime_ns, kT1);
  ASSERT_TRUE(fs().Truncate(f, 4, kT1).ok());
  EXPECT_EQ(Content(f), std::string("ab\0\0", 4));
  EXPECT_EQ(fs().total_bytes(), 4u);
  ASSERT_TRUE(fs().Truncate(f, 0, kT1).ok());
  EXPECT_EQ(MustStat(f).size, 0u);
  EXPECT_EQ(fs().total_bytes(), 0u);
}

TEST_F(RamfsTest, SetModeAndTimes) {
  InodeId f = MustFile("/f");
  ASSERT_TRUE(fs().SetMode(f, 04711, kT1).ok());
  EXPECT_EQ(MustStat(f).mode, 04711u);
  EXPECT_EQ(MustStat(f).ctime_ns, kT1);
  EXPECT_EQ(fs().SetMode(f, 0100644, kT1).status(), Status::kInvalidArgument);
  ASSERT_TRUE(fs().SetTimes(f, 5, 6).ok());
  EXPECT_EQ(MustStat(f).mtime_ns, 5u);
  EXPECT_EQ(MustStat(f).ctime_ns, 6u);
  EXPECT_EQ(fs().SetTimes(0, 5, 6).status(), Status::kInvalidArgument);
}

// --- ReadDir -----------------------------------------------------------------------------

TEST_F(RamfsTest, ReadDirListsInNameOrder) {
  MustMkdir("/d");
  for (const char* name : {"zeta", "alpha", "Beta", "m", "alpha2", "\xc3\xa9t\xc3\xa9"}) {
    MustFile(std::string("/d/") + name);
  }
  EXPECT_EQ(List("/d"), (std::vector<std::string>{"Beta", "alpha", "alpha2", "m", "zeta",
                                                  "\xc3\xa9t\xc3\xa9"}));
}

TEST_F(RamfsTest, ReadDirPagesWithACursor) {
  InodeId d = MustMkdir("/d");
  InodeId sub = MustMkdir("/d/b");
  InodeId file = MustFile("/d/a");
  MustSymlink("/d/c", "a");
  uint64_t cursor = 0;
  DirEntryInfo entry;
  ASSERT_TRUE(fs().ReadDir(d, &cursor, &entry).value_or(false));
  EXPECT_EQ(ToString(entry.name.view()), "a");
  EXPECT_EQ(entry.inode, file);
  EXPECT_EQ(entry.type, InodeType::kFile);
  EXPECT_EQ(cursor, 1u);
  // A caller can stop and resume from a saved cursor.
  uint64_t saved = cursor;
  ASSERT_TRUE(fs().ReadDir(d, &cursor, &entry).value_or(false));
  EXPECT_EQ(entry.inode, sub);
  EXPECT_EQ(entry.type, InodeType::kDirectory);
  ASSERT_TRUE(fs().ReadDir(d, &saved, &entry).value_or(false));
  EXPECT_EQ(entry.inode, sub);
  ASSERT_TRUE(fs().ReadDir(d, &cursor, &entry).value_or(false));
  EXPECT_EQ(entry.type, InodeType::kSymlink);
  Result<bool> end = fs().ReadDir(d, &cursor, &entry);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end.value());
  EXPECT_FALSE(fs().ReadDir(d, &cursor, &entry).value_or(true));  // Stays at the end.
  uint64_t far = 1000;
  EXPECT_FALSE(fs().ReadDir(d, &far, &entry).value_or(true));
  uint64_t zero = 0;
  EXPECT_EQ(fs().ReadDir(file, &zero, &entry).status(), Status::kWrongType);
}

// --- References --------------------------------------------------------------------------

TEST_F(RamfsTest, RetainedFileOutlivesItsName) {
  InodeId f = MustFile("/f", "still here");
  ASSERT_TRUE(fs().Retain(f).ok());
  ASSERT_TRUE(fs().UnlinkAt("/f", kT1).ok());
  EXPECT_EQ(LookupStatus("/f"), Status::kNotFound);
  EXPECT_EQ(Content(f), "still here");
  EXPECT_EQ(MustStat(f).link_count, 0u);
  ASSERT_TRUE(fs().Write(f, 0, Bytes("S"), kT1).ok());
  ASSERT_TRUE(fs().Release(f).ok());
  EXPECT_EQ(fs().Stat(f).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().Release(f).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().inode_count(), 1u);
  EXPECT_EQ(fs().total_bytes(), 0u);
}

TEST_F(RamfsTest, ReleaseWithoutRetainIsAnError) {
  InodeId f = MustFile("/f");
  EXPECT_EQ(fs().Release(f).status(), Status::kBadState);
  ASSERT_TRUE(fs().Retain(f).ok());
  ASSERT_TRUE(fs().Release(f).ok());  // Still linked: stays.
  EXPECT_TRUE(fs().Stat(f).ok());
}

TEST_F(RamfsTest, FreedIdsAreReused) {
  InodeId a = MustFile("/a");
  ASSERT_TRUE(fs().UnlinkAt("/a", kT1).ok());
  InodeId b = MustFile("/b");
  EXPECT_EQ(a, b);
}

// --- Mount points ------------------------------------------------------------------------

TEST_F(RamfsTest, ResolutionStopsAtAMountPoint) {
  InodeId mnt = MustMkdir("/mnt");
  MustMkdir("/mnt/hidden");
  MustSymlink("/link", "mnt/disk");
  ASSERT_TRUE(fs().Mount(mnt, 0xabcd1234).ok());
  EXPECT_TRUE(MustStat(mnt).is_mount_point);

  Resolution r = Resolved(fs().Resolve("/mnt/a/../b"));
  EXPECT_TRUE(r.in_mount);
  EXPECT_EQ(r.mount_id, 0xabcd1234u);
  EXPECT_EQ(ToString(r.remaining.view()), "a/../b");

  r = Resolved(fs().Resolve("/link/x/"));  // Through a symlink: the rest of the expanded path.
  EXPECT_TRUE(r.in_mount);
  EXPECT_EQ(ToString(r.remaining.view()), "disk/x/");

  r = Resolved(fs().Resolve("/mnt"));  // The mount point itself: the mounted root.
  EXPECT_TRUE(r.in_mount);
  EXPECT_EQ(ToString(r.remaining.view()), "");

  r = Resolved(fs().ResolveParent("/mnt/new"));
  EXPECT_TRUE(r.in_mount);
  EXPECT_EQ(ToString(r.remaining.view()), "new");

  r = Resolved(fs().Resolve("/mnt/.."));  // ".." is the mounted file system's to resolve.
  EXPECT_TRUE(r.in_mount);
  EXPECT_EQ(ToString(r.remaining.view()), "..");
}

TEST_F(RamfsTest, MountPointsAreProtected) {
  InodeId mnt = MustMkdir("/mnt");
  InodeId f = MustFile("/f");
  MustMkdir("/empty");
  ASSERT_TRUE(fs().Mount(mnt, 7).ok());
  EXPECT_EQ(fs().Mount(mnt, 8).status(), Status::kAlreadyExists);
  EXPECT_EQ(fs().Mount(kRootInode, 8).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().Mount(f, 8).status(), Status::kWrongType);
  EXPECT_EQ(fs().Mount(999, 8).status(), Status::kInvalidArgument);
  EXPECT_EQ(fs().RemoveDirectoryAt("/mnt", kT1).status(), Status::kBadState);
  EXPECT_EQ(fs().RenameAt("/mnt", "/m2", kT1).status(), Status::kBadState);
  EXPECT_EQ(fs().RenameAt("/empty", "/mnt", kT1).status(), Status::kBadState);
  EXPECT_EQ(fs().CreateFile(mnt, "x", 0644, kT1).status(), Status::kBadState);
  EXPECT_EQ(fs().CreateFileAt("/mnt/x", 0644, kT1).status(), Status::kUnsupported);
  EXPECT_EQ(LookupStatus("/mnt/x"), Status::kUnsupported);
  uint64_t cursor = 0;
  DirEntryInfo entry;
  EXPECT_EQ(fs().ReadDir(mnt, &cursor, &entry).status(), Status::kBadState);
  EXPECT_EQ(fs().Unmount(f).status(), Status::kNotFound);
  ASSERT_TRUE(fs().Unmount(mnt).ok());
  EXPECT_EQ(fs().Unmount(mnt).status(), Status::kNotFound);
  EXPECT_TRUE(fs().RemoveDirectoryAt("/mnt", kT1).ok());
}

// --- Limits ------------------------------------------------------------------------------

class SmallRamfsTest : public RamfsTest {
 protected:
  static Limits Small() {
    Limits limits;
    limits.max_file_size = 100;
    limits.max_inodes = 4;
    limits.max_total_bytes = 150;
    return limits;
  }
  SmallRamfsTest() : RamfsTest(Small()) {}
};

TEST_F(SmallRamfsTest, InodeLimit) {
  MustFile("/a");
  MustMkdir("/b");
  MustSymlink("/c", "a");
  EXPECT_EQ(fs().CreateFileAt("/d", 0644, kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(fs().MakeDirectoryAt("/d", 0755, kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(fs().MakeSymlinkAt("/d", "a", kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(List("/").size(), 3u);  // Nothing half-made.
  EXPECT_EQ(MustStat(kRootInode).link_count, 3u);
  ASSERT_TRUE(fs().UnlinkAt("/a", kT1).ok());
  EXPECT_TRUE(fs().CreateFileAt("/d", 0644, kT1).ok());
}

TEST_F(SmallRamfsTest, FileSizeLimit) {
  InodeId f = MustFile("/f");
  std::string hundred(100, 'x');
  ASSERT_TRUE(fs().Write(f, 0, Bytes(hundred), kT1).ok());
  EXPECT_EQ(fs().Write(f, 100, Bytes("y"), kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(fs().Write(f, 99, Bytes("yz"), kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(fs().Truncate(f, 101, kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(Content(f), hundred);  // Unchanged.
}

TEST_F(SmallRamfsTest, TotalBytesLimit) {
  InodeId a = MustFile("/a");
  InodeId b = MustFile("/b");
  ASSERT_TRUE(fs().Write(a, 0, Bytes(std::string(100, 'a')), kT1).ok());
  ASSERT_TRUE(fs().Write(b, 0, Bytes(std::string(50, 'b')), kT1).ok());
  EXPECT_EQ(fs().Write(b, 50, Bytes("b"), kT1).status(), Status::kQuotaExceeded);
  EXPECT_EQ(fs().MakeSymlinkAt("/l", "x", kT1).status(), Status::kQuotaExceeded);
  ASSERT_TRUE(fs().Truncate(a, 0, kT1).ok());
  EXPECT_TRUE(fs().Write(b, 50, Bytes("b"), kT1).ok());
  EXPECT_EQ(fs().total_bytes(), 51u);
}

// --- Invariants under random operations ---------------------------------------------------

struct TreeTotals {
  uint32_t inodes = 0;
  uint64_t bytes = 0;
};

// Walks the tree below `dir` checking what every operation must keep true: entries sorted and
// unique, a directory's link count 2 + its subdirectories, every subdirectory's ".." its parent.
void CheckTree(Ramfs& fs, InodeId dir, TreeTotals* totals) {
  ++totals->inodes;
  uint64_t cursor = 0;
  DirEntryInfo entry;
  std::string previous;
  bool first = true;
  uint32_t subdirectories = 0;
  for (;;) {
    Result<bool> more = fs.ReadDir(dir, &cursor, &entry);
    ASSERT_TRUE(more.ok());
    if (!more.value()) break;
    std::string name = ToString(entry.name.view());
    if (!first) EXPECT_LT(previous, name);
    first = false;
    previous = name;
    Result<StatInfo> info = fs.Stat(entry.inode);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->type, entry.type);
    if (entry.type == InodeType::kDirectory) {
      ++subdirectories;
      Result<Resolution> up = fs.Resolve("..", {.start = entry.inode});
      ASSERT_TRUE(up.ok());
      EXPECT_EQ(up->inode, dir);
      CheckTree(fs, entry.inode, totals);
    } else {
      EXPECT_EQ(info->link_count, 1u);
      ++totals->inodes;
      totals->bytes += info->size;
    }
  }
  EXPECT_EQ(fs.Stat(dir)->link_count, 2 + subdirectories);
}

TEST_F(RamfsTest, RandomOperationsKeepInvariants) {
  std::mt19937 random(20261124);
  const char* names[] = {"a", "b", "c", "l"};
  auto pick = [&](int n) { return static_cast<int>(random() % n); };
  auto random_path = [&]() {
    std::string path;
    int depth = 1 + pick(3);
    for (int i = 0; i < depth; ++i) path += std::string("/") + names[pick(4)];
    return path;
  };
  int successes = 0;
  for (int step = 0; step < 3000; ++step) {
    std::string path = random_path();
    uint64_t now = 10'000 + step;
    bool ok = false;
    switch (pick(8)) {
      case 0: ok = fs().MakeDirectoryAt(View(path), 0755, now).ok(); break;
      case 1: ok = fs().CreateFileAt(View(path), 0644, now).ok(); break;
      case 2: {
        Result<InodeId> id = fs().LookupAt(View(path));
        std::string data(pick(300), 'd');
        ok = id.ok() && fs().Write(id.value(), pick(100), Bytes(data), now).ok();
        break;
      }
      case 3:
        ok = fs().MakeSymlinkAt(View(path), View(random_path().substr(pick(2))), now).ok();
        break;
      case 4: ok = fs().UnlinkAt(View(path), now).ok(); break;
      case 5: ok = fs().RemoveDirectoryAt(View(path), now).ok(); break;
      case 6:
      case 7: ok = fs().RenameAt(View(path), View(random_path()), now).ok(); break;
    }
    successes += ok;
    TreeTotals totals;
    CheckTree(fs(), kRootInode, &totals);
    ASSERT_EQ(totals.inodes, fs().inode_count()) << "step " << step;
    ASSERT_EQ(totals.bytes, fs().total_bytes()) << "step " << step;
    if (HasFailure()) break;
  }
  EXPECT_GT(successes, 300);  // The walk did change the tree.
}

}  // namespace
}  // namespace raeen::vfsd
