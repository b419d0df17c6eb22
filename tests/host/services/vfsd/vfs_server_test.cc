#include "services/vfsd/vfs_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace raeen::vfsd {
namespace {

constexpr uint32_t kClient = 100;
constexpr uint32_t kOtherClient = 200;
constexpr uint32_t kRead = vfs::OpenFlags::kRead;
constexpr uint32_t kWrite = vfs::OpenFlags::kWrite;
constexpr uint32_t kCreate = vfs::OpenFlags::kCreate;

// Memory objects are host vectors; handles are counted so that leaks show.
class FakePlatform final : public VfsPlatform {
 public:
  uint64_t NowNs() override { return ++now_; }
  Result<uint8_t*> MapBuffer(uint32_t memory, uint64_t size) override {
    auto it = objects_.find(memory);
    if (it == objects_.end()) return Error(Status::kBadHandle);
    if (size > it->second.size()) return Error(Status::kOutOfRange);
    ++mappings_;
    return it->second.data();
  }
  void UnmapBuffer(uint8_t* address, uint64_t size) override {
    (void)address;
    (void)size;
    --mappings_;
  }
  void CloseHandle(uint32_t handle) override {
    EXPECT_TRUE(live_.erase(handle) == 1) << "handle " << handle << " closed twice or unknown";
  }

  // A memory object of `size` bytes and a live handle to it.
  uint32_t NewMemory(size_t size) {
    const uint32_t handle = next_handle_++;
    objects_[handle].assign(size, 0);
    live_.insert(handle);
    return handle;
  }
  // A handle that names no memory object (e.g. a channel).
  uint32_t NewHandle() {
    const uint32_t handle = next_handle_++;
    live_.insert(handle);
    return handle;
  }
  std::vector<uint8_t>& Memory(uint32_t handle) { return objects_[handle]; }
  size_t live_handles() const { return live_.size(); }
  bool IsLive(uint32_t handle) const { return live_.count(handle) != 0; }
  int mappings() const { return mappings_; }

 private:
  uint64_t now_ = 1000;
  uint32_t next_handle_ = 1000;
  std::map<uint32_t, std::vector<uint8_t>> objects_;
  std::set<uint32_t> live_;
  int mappings_ = 0;
};

Status FromWire(int32_t status) {
  return static_cast<Status>(status);
}

class VfsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fs = Ramfs::Create(0755, 1);
    ASSERT_TRUE(fs.ok());
    fs_.emplace(std::move(*fs));
    server_ = std::make_unique<VfsServer>(&*fs_, &platform_);
  }

  // Encodes `request`, hands it to the server and decodes the reply with `decode`; the
  // reply's strings and bytes stay valid until the next call.
  template <typename Request, typename Reply>
  Reply Call(const Request& request,
             Result<Reply> (*decode)(rstd::Bytes, rstd::Span<const sys::HandleInfo>),
             uint32_t client = kClient, std::vector<sys::HandleInfo> infos = {}) {
    std::vector<uint8_t> bytes(Request::kMaxBytes);
    uint32_t handle_values[4] = {};
    auto encoded =
        vfs::Encode(request, ++transaction_, rstd::Span<uint8_t>(bytes.data(), bytes.size()),
                    rstd::Span<uint32_t>(handle_values, 4));
    EXPECT_TRUE(encoded.ok());
    if (!encoded.ok()) return Reply{};
    bytes.resize(encoded->bytes);
    // The decoded reply's views point into reply_, valid until the next call.
    std::vector<uint8_t>& reply = reply_;
    reply.assign(kMaxReplyBytes, 0);
    const size_t size =
        server_->HandleRequest(client, rstd::Bytes(bytes.data(), bytes.size()),
                               rstd::Span<const sys::HandleInfo>(infos.data(), infos.size()),
                               rstd::Span<uint8_t>(reply.data(), reply.size()));
    EXPECT_GT(size, 0u);
    auto header = ridl::PeekHeader(rstd::Bytes(reply.data(), size));
    EXPECT_TRUE(header.ok());
    if (header.ok()) EXPECT_EQ(header->transaction_id, transaction_);
    auto decoded = decode(rstd::Bytes(reply.data(), size), {});
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? *decoded : Reply{};
  }

  vfs::OpenReply Open(const std::string& path, uint32_t flags, uint32_t mode = 0644,
                      uint32_t client = kClient) {
    vfs::OpenRequest request{};
    request.path = rstd::StringView(path.data(), path.size());
    request.flags = flags;
    request.mode = mode;
    return Call(request, vfs::DecodeOpenReply, client);
  }
  // A file id, or 0 (and a test failure).
  uint32_t OpenOk(const std::string& path, uint32_t flags, uint32_t client = kClient) {
    const vfs::OpenReply reply = Open(path, flags, 0644, client);
    EXPECT_EQ(FromWire(reply.status), Status::kOk) << path;
    return reply.file;
  }
  Status CloseFile(uint32_t file, uint32_t client = kClient) {
    vfs::CloseRequest request{};
    request.file = file;
    return FromWire(Call(request, vfs::DecodeCloseReply, client).status);
  }
  Status WriteFile(uint32_t file, const std::string& data, uint32_t client = kClient) {
    vfs::WriteRequest request{};
    request.file = file;
    request.data = rstd::Bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    const vfs::WriteReply reply = Call(request, vfs::DecodeWriteReply, client);
    if (FromWire(reply.status) == Status::kOk) EXPECT_EQ(reply.count, data.size());
    return FromWire(reply.status);
  }
  // The bytes read, or "<status name>" on an error.
  std::string ReadFile(uint32_t file, uint32_t count, uint32_t client = kClient) {
    vfs::ReadRequest request{};
    request.file = file;
    request.count = count;
    const vfs::ReadReply reply = Call(request, vfs::DecodeReadReply, client);
    if (FromWire(reply.status) != Status::kOk) {
      return std::string("<") + StatusName(FromWire(reply.status)) + ">";
    }
    return std::string(reinterpret_cast<const char*>(reply.data.data()), reply.data.size());
  }
  vfs::SeekReply SeekFile(uint32_t file, int64_t offset, vfs::Whence whence) {
    vfs::SeekRequest request{};
    request.file = file;
    request.offset = offset;
    request.whence = whence;
    return Call(request, vfs::DecodeSeekReply);
  }
  vfs::StatReply StatPath(const std::string& path, bool follow = true) {
    vfs::StatRequest request{};
    request.path = rstd::StringView(path.data(), path.size());
    request.follow = follow;
    return Call(request, vfs::DecodeStatReply);
  }
  Status Mkdir(const std::string& path, uint32_t mode = 0755) {
    vfs::MkdirRequest request{};
    request.path = rstd::StringView(path.data(), path.size());
    request.mode = mode;
    return FromWire(Call(request, vfs::DecodeMkdirReply).status);
  }
  Status Unlink(const std::string& path, bool directory = false) {
    vfs::UnlinkRequest request{};
    request.path = rstd::StringView(path.data(), path.size());
    request.directory = directory;
    return FromWire(Call(request, vfs::DecodeUnlinkReply).status);
  }
  Status Rename(const std::string& from, const std::string& to) {
    vfs::RenameRequest request{};
    request.from = rstd::StringView(from.data(), from.size());
    request.to = rstd::StringView(to.data(), to.size());
    return FromWire(Call(request, vfs::DecodeRenameReply).status);
  }
  Status Symlink(const std::string& target, const std::string& path) {
    vfs::SymlinkRequest request{};
    request.target = rstd::StringView(target.data(), target.size());
    request.path = rstd::StringView(path.data(), path.size());
    return FromWire(Call(request, vfs::DecodeSymlinkReply).status);
  }
  std::string Readlink(const std::string& path) {
    vfs::ReadlinkRequest request{};
    request.path = rstd::StringView(path.data(), path.size());
    const vfs::ReadlinkReply reply = Call(request, vfs::DecodeReadlinkReply);
    if (FromWire(reply.status) != Status::kOk) {
      return std::string("<") + StatusName(FromWire(reply.status)) + ">";
    }
    return std::string(reply.target.data(), reply.target.size());
  }
  Status Attach(uint32_t memory, uint64_t size, uint32_t client = kClient) {
    vfs::AttachBufferRequest request{};
    request.memory = memory;
    request.size = size;
    const sys::HandleInfo info{memory, static_cast<uint32_t>(sys::HandleType::kMemoryObject),
                               sys::HandleRights::kRead | sys::HandleRights::kWrite |
                                   sys::HandleRights::kMap | sys::HandleRights::kTransfer};
    return FromWire(Call(request, vfs::DecodeAttachBufferReply, client, {info}).status);
  }
  vfs::ReadSharedReply ReadShared(uint32_t file, uint64_t offset, uint32_t count) {
    vfs::ReadSharedRequest request{};
    request.file = file;
    request.buffer_offset = offset;
    request.count = count;
    return Call(request, vfs::DecodeReadSharedReply);
  }
  vfs::WriteSharedReply WriteShared(uint32_t file, uint64_t offset, uint32_t count) {
    vfs::WriteSharedRequest request{};
    request.file = file;
    request.buffer_offset = offset;
    request.count = count;
    return Call(request, vfs::DecodeWriteSharedReply);
  }
  // Names of a directory as read_dir lists them.
  std::vector<std::string> List(const std::string& path) {
    const uint32_t dir = OpenOk(path, vfs::OpenFlags::kDirectory);
    std::vector<std::string> names;
    uint64_t cursor = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      vfs::ReadDirRequest request{};
      request.file = dir;
      request.cursor = cursor;
      const vfs::ReadDirReply reply = Call(request, vfs::DecodeReadDirReply);
      EXPECT_EQ(FromWire(reply.status), Status::kOk);
      if (FromWire(reply.status) != Status::kOk || !reply.found) break;
      names.emplace_back(reply.name.data(), reply.name.size());
      cursor = reply.next_cursor;
    }
    EXPECT_EQ(CloseFile(dir), Status::kOk);
    return names;
  }

  FakePlatform platform_;
  std::optional<Ramfs> fs_;
  std::unique_ptr<VfsServer> server_;
  uint32_t transaction_ = 0;
  std::vector<uint8_t> reply_;
};

TEST_F(VfsServerTest, CreateWriteReadBack) {
  const uint32_t file = OpenOk("/notes.txt", kRead | kWrite | kCreate);
  EXPECT_EQ(file, 1u);
  EXPECT_EQ(WriteFile(file, "hello, vfs"), Status::kOk);
  EXPECT_EQ(ReadFile(file, 100), "");  // at the end
  EXPECT_EQ(SeekFile(file, 0, vfs::Whence::kSet).position, 0u);
  EXPECT_EQ(ReadFile(file, 5), "hello");
  EXPECT_EQ(ReadFile(file, 100), ", vfs");
  const vfs::StatReply stat = StatPath("notes.txt");
  EXPECT_EQ(FromWire(stat.status), Status::kOk);
  EXPECT_EQ(stat.info.size, 10u);
  EXPECT_EQ(stat.info.type, vfs::NodeType::kFile);
  EXPECT_EQ(stat.info.mode, 0644u);
  EXPECT_EQ(CloseFile(file), Status::kOk);
  EXPECT_EQ(server_->OpenFileCount(kClient), 0u);
}

TEST_F(VfsServerTest, OpenErrors) {
  EXPECT_EQ(FromWire(Open("/missing", kRead).status), Status::kNotFound);
  EXPECT_EQ(FromWire(Open("/f", kRead | kCreate | vfs::OpenFlags::kExclusive).status), Status::kOk);
  EXPECT_EQ(FromWire(Open("/f", kRead | kCreate | vfs::OpenFlags::kExclusive).status),
            Status::kAlreadyExists);
  EXPECT_EQ(FromWire(Open("/f", vfs::OpenFlags::kDirectory).status), Status::kWrongType);
  EXPECT_EQ(FromWire(Open("/f/x", kRead).status), Status::kWrongType);
  EXPECT_EQ(FromWire(Open("/", kWrite).status), Status::kWrongType);
  EXPECT_EQ(FromWire(Open("/f", 0).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(Open("/f", kRead | vfs::OpenFlags::kAppend).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(Open("/f", kRead | vfs::OpenFlags::kExclusive).status),
            Status::kInvalidArgument);
  EXPECT_EQ(FromWire(Open("/g", kWrite | kCreate, 010000).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(Open("", kRead).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(Open("/" + std::string(256, 'n'), kRead | kCreate).status),
            Status::kOutOfRange);
}

// A create that asks for a directory is refused before anything is made: it used to create a
// regular file and then fail with wrong_type, leaving the file behind.
TEST_F(VfsServerTest, CreateWithDirectoryFlagMakesNothing) {
  const uint32_t create_directory = kRead | kCreate | vfs::OpenFlags::kDirectory;
  EXPECT_EQ(FromWire(Open("/new", create_directory).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(StatPath("/new").status), Status::kNotFound);
  EXPECT_EQ(FromWire(Open("/", create_directory).status), Status::kInvalidArgument);
  EXPECT_EQ(server_->OpenFileCount(kClient), 0u);
}

TEST_F(VfsServerTest, AccessIsChecked) {
  const uint32_t writer = OpenOk("/f", kWrite | kCreate);
  EXPECT_EQ(ReadFile(writer, 10), "<access-denied>");
  const uint32_t reader = OpenOk("/f", kRead);
  EXPECT_EQ(WriteFile(reader, "x"), Status::kAccessDenied);
  vfs::TruncateRequest truncate{};
  truncate.file = reader;
  EXPECT_EQ(FromWire(Call(truncate, vfs::DecodeTruncateReply).status), Status::kAccessDenied);
  const uint32_t dir = OpenOk("/", vfs::OpenFlags::kDirectory);
  vfs::ReadRequest read{};
  read.file = dir;
  read.count = 1;
  EXPECT_EQ(FromWire(Call(read, vfs::DecodeReadReply).status), Status::kAccessDenied);
  const uint32_t dir_read = OpenOk("/", vfs::OpenFlags::kDirectory | kRead);
  read.file = dir_read;
  EXPECT_EQ(FromWire(Call(read, vfs::DecodeReadReply).status), Status::kWrongType);
}

TEST_F(VfsServerTest, ClosedAndUnknownFileIds) {
  const uint32_t file = OpenOk("/f", kRead | kWrite | kCreate);
  EXPECT_EQ(CloseFile(file), Status::kOk);
  EXPECT_EQ(CloseFile(file), Status::kBadHandle);
  EXPECT_EQ(ReadFile(file, 1), "<bad-handle>");
  EXPECT_EQ(ReadFile(0, 1), "<bad-handle>");
  EXPECT_EQ(ReadFile(kMaxOpenFiles + 1, 1), "<bad-handle>");
  EXPECT_EQ(ReadFile(0xffffffff, 1), "<bad-handle>");
}

TEST_F(VfsServerTest, FileIdsBelongToTheirConnection) {
  const uint32_t file = OpenOk("/f", kRead | kWrite | kCreate);
  EXPECT_EQ(WriteFile(file, "mine"), Status::kOk);
  EXPECT_EQ(ReadFile(file, 4, kOtherClient), "<bad-handle>");
  EXPECT_EQ(server_->client_count(), 2u);
}

TEST_F(VfsServerTest, SeekAppendAndTruncate) {
  const uint32_t file = OpenOk("/f", kRead | kWrite | kCreate);
  EXPECT_EQ(WriteFile(file, "0123456789"), Status::kOk);
  EXPECT_EQ(SeekFile(file, -3, vfs::Whence::kEnd).position, 7u);
  EXPECT_EQ(ReadFile(file, 10), "789");
  EXPECT_EQ(SeekFile(file, -5, vfs::Whence::kCurrent).position, 5u);
  EXPECT_EQ(FromWire(SeekFile(file, -6, vfs::Whence::kCurrent).status), Status::kInvalidArgument);
  EXPECT_EQ(FromWire(SeekFile(file, INT64_MIN, vfs::Whence::kCurrent).status),
            Status::kInvalidArgument);
  EXPECT_EQ(SeekFile(file, INT64_MAX, vfs::Whence::kSet).position,
            static_cast<uint64_t>(INT64_MAX));
  EXPECT_EQ(FromWire(SeekFile(file, 1, vfs::Whence::kCurrent).status), Status::kOutOfRange);
  EXPECT_EQ(WriteFile(file, "x"), Status::kOutOfRange);
  // Past the end: a write zero-fills the gap.
  EXPECT_EQ(SeekFile(file, 12, vfs::Whence::kSet).position, 12u);
  EXPECT_EQ(WriteFile(file, "!"), Status::kOk);
  EXPECT_EQ(SeekFile(file, 9, vfs::Whence::kSet).position, 9u);
  EXPECT_EQ(ReadFile(file, 10), std::string("9\0\0!", 4));
  EXPECT_EQ(CloseFile(file), Status::kOk);

  const uint32_t appender = OpenOk("/f", kWrite | vfs::OpenFlags::kAppend);
  EXPECT_EQ(WriteFile(appender, "+"), Status::kOk);
  EXPECT_EQ(StatPath("/f").info.size, 14u);
  const uint32_t cutter = OpenOk("/f", kWrite | vfs::OpenFlags::kTruncate);
  EXPECT_EQ(StatPath("/f").info.size, 0u);
  vfs::TruncateRequest truncate{};
  truncate.file = cutter;
  truncate.size = 3;
  EXPECT_EQ(FromWire(Call(truncate, vfs::DecodeTruncateReply).status), Status::kOk);
  EXPECT_EQ(StatPath("/f").info.size, 3u);
  vfs::FstatRequest fstat{};
  fstat.file = cutter;
  EXPECT_EQ(Call(fstat, vfs::DecodeFstatReply).info.size, 3u);
}

TEST_F(VfsServerTest, OpenFileLimitPerConnection) {
  ASSERT_EQ(Mkdir("/d"), Status::kOk);
  for (uint32_t i = 0; i < kMaxOpenFiles; ++i) {
    EXPECT_EQ(OpenOk("/d/f" + std::to_string(i), kWrite | kCreate), i + 1);
  }
  EXPECT_EQ(FromWire(Open("/d/extra", kWrite | kCreate).status), Status::kQuotaExceeded);
  // The refused open created nothing.
  EXPECT_EQ(FromWire(StatPath("/d/extra").status), Status::kNotFound);
  // Another connection has its own table.
  EXPECT_EQ(OpenOk("/d/extra", kWrite | kCreate, kOtherClient), 1u);
  // A freed id is reused, lowest first.
  EXPECT_EQ(CloseFile(7), Status::kOk);
  EXPECT_EQ(OpenOk("/d/f0", kRead), 7u);
}

TEST_F(VfsServerTest, UnlinkedOpenFileStaysUntilClosed) {
  const uint32_t file = OpenOk("/f", kRead | kWrite | kCreate);
  EXPECT_EQ(WriteFile(file, "still here"), Status::kOk);
  const uint32_t inodes = fs_->inode_count();
  EXPECT_EQ(Unlink("/f"), Status::kOk);
  EXPECT_EQ(FromWire(StatPath("/f").status), Status::kNotFound);
  EXPECT_EQ(SeekFile(file, 0, vfs::Whence::kSet).position, 0u);
  EXPECT_EQ(ReadFile(file, 100), "still here");
  EXPECT_EQ(fs_->inode_count(), inodes);
  EXPECT_EQ(CloseFile(file), Status::kOk);
  EXPECT_EQ(fs_->inode_count(), inodes - 1);
}

TEST_F(VfsServerTest, ClosingTheConnectionClosesItsFiles) {
  const uint32_t inodes = fs_->inode_count();
  const uint32_t file = OpenOk("/f", kRead | kWrite | kCreate);
  EXPECT_EQ(OpenOk("/f", kRead), file + 1);
  EXPECT_EQ(Unlink("/f"), Status::kOk);
  EXPECT_EQ(fs_->inode_count(), inodes + 1);
  const uint32_t memory = platform_.NewMemory(8192);
  EXPECT_EQ(Attach(memory, 8192), Status::kOk);
  EXPECT_TRUE(platform_.IsLive(memory));
  server_->CloseClient(kClient);
  EXPECT_EQ(fs_->inode_count(), inodes);
  EXPECT_FALSE(platform_.IsLive(memory));
  EXPECT_EQ(platform_.mappings(), 0);
  EXPECT_EQ(server_->client_count(), 0u);
  server_->CloseClient(kClient);  // unknown: nothing happens
}

TEST_F(VfsServerTest, DirectoriesAndReadDir) {
  EXPECT_EQ(Mkdir("/a"), Status::kOk);
  EXPECT_EQ(Mkdir("/a"), Status::kAlreadyExists);
  EXPECT_EQ(Mkdir("/a/b/c"), Status::kNotFound);
  EXPECT_EQ(Mkdir("/a/b", 010000), Status::kInvalidArgument);
  EXPECT_EQ(Mkdir("/a/b"), Status::kOk);
  EXPECT_EQ(CloseFile(OpenOk("/a/zeta", kWrite | kCreate)), Status::kOk);
  EXPECT_EQ(CloseFile(OpenOk("/a/alpha", kWrite | kCreate)), Status::kOk);
  EXPECT_EQ(Symlink("alpha", "/a/link"), Status::kOk);
  EXPECT_EQ(List("/a"), (std::vector<std::string>{"alpha", "b", "link", "zeta"}));
  EXPECT_EQ(StatPath("/a").info.type, vfs::NodeType::kDirectory);
  EXPECT_EQ(StatPath("/a").info.link_count, 3u);
  // read_dir of a file, and unlink of the wrong kind.
  const uint32_t file = OpenOk("/a/alpha", kRead);
  vfs::ReadDirRequest read_dir{};
  read_dir.file = file;
  EXPECT_EQ(FromWire(Call(read_dir, vfs::DecodeReadDirReply).status), Status::kWrongType);
  EXPECT_EQ(Unlink("/a/b"), Status::kWrongType);
  EXPECT_EQ(Unlink("/a/alpha", true), Status::kWrongType);
  EXPECT_EQ(Unlink("/a", true), Status::kBadState);
  EXPECT_EQ(Unlink("/a/b", true), Status::kOk);
  EXPECT_EQ(Unlink("/a/b", true), Status::kNotFound);
}

TEST_F(VfsServerTest, RenameMovesNames) {
  EXPECT_EQ(Mkdir("/src"), Status::kOk);
  EXPECT_EQ(Mkdir("/dst"), Status::kOk);
  const uint32_t file = OpenOk("/src/f", kRead | kWrite | kCreate);
  EXPECT_EQ(WriteFile(file, "moved"), Status::kOk);
  EXPECT_EQ(Rename("/src/f", "/dst/g"), Status::kOk);
  EXPECT_EQ(FromWire(StatPath("/src/f").status), Status::kNotFound);
  EXPECT_EQ(StatPath("/dst/g").info.size, 5u);
  EXPECT_EQ(Rename("/src", "/src/inner"), Status::kInvalidArgument);
  EXPECT_EQ(Rename("/missing", "/x"), Status::kNotFound);
  EXPECT_EQ(Rename("/dst/g", "/src"), Status::kWrongType);
}

TEST_F(VfsServerTest, SymlinksDotDotAndLoops) {
  EXPECT_EQ(Mkdir("/etc"), Status::kOk);
  EXPECT_EQ(Mkdir("/home"), Status::kOk);
  const uint32_t file = OpenOk("/etc/motd", kWrite | kCreate);
  EXPECT_EQ(WriteFile(file, "welcome"), Status::kOk);
  EXPECT_EQ(Symlink("../etc/motd", "/home/motd"), Status::kOk);
  EXPECT_EQ(Readlink("/home/motd"), "../etc/motd");
  EXPECT_EQ(Readlink("/etc/motd"), "<wrong-type>");
  EXPECT_EQ(StatPath("/home/motd").info.size, 7u);
  EXPECT_EQ(StatPath("/home/motd", false).info.type, vfs::NodeType::kSymlink);
  EXPECT_EQ(ReadFile(OpenOk("/home/../home/./motd", kRead), 100), "welcome");
  EXPECT_EQ(Symlink("loop-b", "/home/loop-a"), Status::kOk);
  EXPECT_EQ(Symlink("loop-a", "/home/loop-b"), Status::kOk);
  EXPECT_EQ(FromWire(Open("/home/loop-a", kRead).status), Status::kOutOfRange);
  EXPECT_EQ(FromWire(StatPath("/home/loop-a").status), Status::kOutOfRange);
  EXPECT_EQ(StatPath("/home/loop-a", false).info.type, vfs::NodeType::kSymlink);
  EXPECT_EQ(Symlink("x", "/home/motd"), Status::kAlreadyExists);
  EXPECT_EQ(Symlink("", "/home/empty"), Status::kInvalidArgument);
  // A dangling symlink: not found through it, removable as itself.
  EXPECT_EQ(Symlink("/nowhere", "/home/dangling"), Status::kOk);
  EXPECT_EQ(FromWire(Open("/home/dangling", kRead).status), Status::kNotFound);
  EXPECT_EQ(Unlink("/home/dangling"), Status::kOk);
}

TEST_F(VfsServerTest, InlineReadsAreCapped) {
  const uint32_t file = OpenOk("/big", kRead | kWrite | kCreate);
  const std::string chunk(kMaxInlineBytes, 'q');
  EXPECT_EQ(WriteFile(file, chunk), Status::kOk);
  EXPECT_EQ(WriteFile(file, "tail"), Status::kOk);
  EXPECT_EQ(SeekFile(file, 0, vfs::Whence::kSet).position, 0u);
  EXPECT_EQ(ReadFile(file, 0xffffffff).size(), kMaxInlineBytes);
  EXPECT_EQ(ReadFile(file, 0xffffffff), "tail");
}

TEST_F(VfsServerTest, SharedBufferTransfers) {
  const uint32_t file = OpenOk("/big", kRead | kWrite | kCreate);
  EXPECT_EQ(FromWire(ReadShared(file, 0, 1).status), Status::kBadState);
  const uint32_t memory = platform_.NewMemory(64 * 1024);
  std::vector<uint8_t>& buffer = platform_.Memory(memory);
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<uint8_t>(i * 7 + 3);
  EXPECT_EQ(Attach(memory, 64 * 1024), Status::kOk);
  EXPECT_TRUE(platform_.IsLive(memory));
  for (int round = 0; round < 4; ++round) {
    const vfs::WriteSharedReply wrote = WriteShared(file, 0, 64 * 1024);
    EXPECT_EQ(FromWire(wrote.status), Status::kOk);
    EXPECT_EQ(wrote.count, 64u * 1024);
  }
  EXPECT_EQ(StatPath("/big").info.size, 256u * 1024);
  const std::vector<uint8_t> expected = buffer;
  std::fill(buffer.begin(), buffer.end(), 0);
  EXPECT_EQ(SeekFile(file, 64 * 1024 + 100, vfs::Whence::kSet).position, 64u * 1024 + 100);
  const vfs::ReadSharedReply read = ReadShared(file, 100, 4000);
  EXPECT_EQ(FromWire(read.status), Status::kOk);
  EXPECT_EQ(read.count, 4000u);
  EXPECT_EQ(std::memcmp(buffer.data() + 100, expected.data() + 100, 4000), 0);
  EXPECT_EQ(buffer[99], 0);
  // Bounds: every range must lie inside the buffer.
  EXPECT_EQ(FromWire(ReadShared(file, 64 * 1024, 1).status), Status::kOutOfRange);
  EXPECT_EQ(FromWire(ReadShared(file, 64 * 1024 - 10, 11).status), Status::kOutOfRange);
  EXPECT_EQ(FromWire(ReadShared(file, UINT64_MAX, 1).status), Status::kOutOfRange);
  EXPECT_EQ(FromWire(WriteShared(file, 1, 0xffffffff).status), Status::kOutOfRange);
  EXPECT_EQ(FromWire(ReadShared(file, 64 * 1024, 0).status), Status::kOk);
  // A new buffer replaces the old one, whose handle is closed.
  const uint32_t second = platform_.NewMemory(4096);
  EXPECT_EQ(Attach(second, 4096), Status::kOk);
  EXPECT_FALSE(platform_.IsLive(memory));
  EXPECT_EQ(platform_.mappings(), 1);
  EXPECT_EQ(FromWire(ReadShared(file, 0, 4097).status), Status::kOutOfRange);
}

// A shared buffer belongs to the connection that attached it: another client's shared
// transfers do not reach it, so it can neither read nor overwrite the owner's bytes.
TEST_F(VfsServerTest, SharedBuffersBelongToTheirConnection) {
  const uint32_t memory = platform_.NewMemory(4096);
  std::vector<uint8_t>& buffer = platform_.Memory(memory);
  std::fill(buffer.begin(), buffer.end(), 0xab);
  ASSERT_EQ(Attach(memory, 4096), Status::kOk);
  const uint32_t other_file = OpenOk("/other", kRead | kWrite | kCreate, kOtherClient);
  ASSERT_EQ(WriteFile(other_file, "intruder", kOtherClient), Status::kOk);
  ASSERT_EQ(other_file, 1u);
  vfs::WriteSharedRequest write{};
  write.file = other_file;
  write.count = 16;
  EXPECT_EQ(FromWire(Call(write, vfs::DecodeWriteSharedReply, kOtherClient).status),
            Status::kBadState);
  vfs::ReadSharedRequest read{};
  read.file = other_file;
  read.count = 8;
  EXPECT_EQ(FromWire(Call(read, vfs::DecodeReadSharedReply, kOtherClient).status),
            Status::kBadState);
  EXPECT_EQ(StatPath("/other").info.size, 8u);
  EXPECT_TRUE(std::all_of(buffer.begin(), buffer.end(), [](uint8_t b) { return b == 0xab; }));
  // The other client's file id 1 is not the owner's either.
  EXPECT_EQ(FromWire(ReadShared(1, 0, 8).status), Status::kBadHandle);
}

TEST_F(VfsServerTest, BadBuffersAreRefusedAndClosed) {
  const uint32_t small = platform_.NewMemory(4096);
  EXPECT_EQ(Attach(small, 8192), Status::kOutOfRange);
  EXPECT_FALSE(platform_.IsLive(small));
  const uint32_t odd = platform_.NewMemory(8192);
  EXPECT_EQ(Attach(odd, 100), Status::kInvalidArgument);
  EXPECT_FALSE(platform_.IsLive(odd));
  const uint32_t zero = platform_.NewMemory(4096);
  EXPECT_EQ(Attach(zero, 0), Status::kInvalidArgument);
  const uint32_t huge = platform_.NewMemory(4096);
  EXPECT_EQ(Attach(huge, kMaxSharedBufferBytes + 4096), Status::kInvalidArgument);
  // A handle of the wrong type fails to decode and is closed too.
  const uint32_t channel = platform_.NewHandle();
  vfs::AttachBufferRequest request{};
  request.memory = channel;
  request.size = 4096;
  const sys::HandleInfo info{channel, static_cast<uint32_t>(sys::HandleType::kChannel),
                             sys::HandleRights::kRead | sys::HandleRights::kWrite};
  EXPECT_EQ(FromWire(Call(request, vfs::DecodeAttachBufferReply, kClient, {info}).status),
            Status::kWrongType);
  EXPECT_EQ(platform_.live_handles(), 0u);
  EXPECT_EQ(platform_.mappings(), 0);
}

TEST_F(VfsServerTest, UndecodableRequestsGetTheirStatus) {
  vfs::OpenRequest open{};
  open.path = "/x";
  open.flags = kRead;
  std::vector<uint8_t> bytes(vfs::OpenRequest::kMaxBytes);
  auto encoded = vfs::Encode(open, 77, rstd::Span<uint8_t>(bytes.data(), bytes.size()), {});
  ASSERT_TRUE(encoded.ok());
  // An undeclared flag bit: the reply of open, with the decoder's status and our id.
  bytes[16 + 8] = 0xff;
  std::vector<uint8_t> reply(kMaxReplyBytes);
  const size_t size = server_->HandleRequest(kClient, rstd::Bytes(bytes.data(), encoded->bytes), {},
                                             rstd::Span<uint8_t>(reply.data(), reply.size()));
  ASSERT_GT(size, 0u);
  auto decoded = vfs::DecodeOpenReply(rstd::Bytes(reply.data(), size), {});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(FromWire(decoded->status), Status::kCorrupt);
  EXPECT_EQ(ridl::PeekHeader(rstd::Bytes(reply.data(), size))->transaction_id, 77u);
  // An ordinal the protocol does not have, and a message too short for a header: no reply,
  // and the handles that came with them are closed.
  bytes[0] = 99;
  const sys::HandleInfo info{platform_.NewHandle(), 5, 0};
  EXPECT_EQ(server_->HandleRequest(kClient, rstd::Bytes(bytes.data(), encoded->bytes),
                                   rstd::Span<const sys::HandleInfo>(&info, 1),
                                   rstd::Span<uint8_t>(reply.data(), reply.size())),
            0u);
  EXPECT_EQ(server_->HandleRequest(kClient, rstd::Bytes(bytes.data(), 7), {},
                                   rstd::Span<uint8_t>(reply.data(), reply.size())),
            0u);
  EXPECT_EQ(platform_.live_handles(), 0u);
}

// Random messages, and valid ones truncated, bit-flipped and with random handles attached:
// the server answers or drops each, never crashes (ASan/UBSan), closes every handle it does
// not keep, and still works afterwards.
TEST_F(VfsServerTest, SurvivesGarbage) {
  std::mt19937_64 random(20261124);
  ASSERT_EQ(Mkdir("/d"), Status::kOk);
  const uint32_t file = OpenOk("/d/f", kRead | kWrite | kCreate);
  ASSERT_EQ(WriteFile(file, "payload"), Status::kOk);
  const uint32_t memory = platform_.NewMemory(8192);
  ASSERT_EQ(Attach(memory, 8192), Status::kOk);

  // Valid requests of every ordinal to mutate.
  std::vector<std::vector<uint8_t>> seeds;
  auto add = [&](const auto& request) {
    std::vector<uint8_t> bytes(std::decay_t<decltype(request)>::kMaxBytes);
    uint32_t handles[2] = {};
    auto encoded = vfs::Encode(request, 5, rstd::Span<uint8_t>(bytes.data(), bytes.size()),
                               rstd::Span<uint32_t>(handles, 2));
    ASSERT_TRUE(encoded.ok());
    bytes.resize(encoded->bytes);
    seeds.push_back(bytes);
  };
  add(vfs::OpenRequest{"/d/f", kRead | kWrite | kCreate, 0644});
  add(vfs::CloseRequest{file});
  add(vfs::ReadRequest{file, 100});
  add(vfs::WriteRequest{file, rstd::Bytes(reinterpret_cast<const uint8_t*>("abc"), 3)});
  add(vfs::SeekRequest{file, -1, vfs::Whence::kEnd});
  add(vfs::StatRequest{"/d/../d/f", true});
  add(vfs::FstatRequest{file});
  add(vfs::ReadDirRequest{file, 0});
  add(vfs::MkdirRequest{"/d/e", 0755});
  add(vfs::UnlinkRequest{"/d/e", true});
  add(vfs::RenameRequest{"/d/f", "/d/g"});
  add(vfs::SymlinkRequest{"f", "/d/s"});
  add(vfs::ReadlinkRequest{"/d/s"});
  add(vfs::TruncateRequest{file, 3});
  add(vfs::AttachBufferRequest{1, 4096});
  add(vfs::ReadSharedRequest{file, 0, 100});
  add(vfs::WriteSharedRequest{file, 0, 100});

  std::vector<uint8_t> reply(kMaxReplyBytes);
  int answered = 0;
  for (int round = 0; round < 60000; ++round) {
    std::vector<uint8_t> message;
    const int kind = static_cast<int>(random() % 4);
    if (kind == 0) {
      message.resize(random() % 200);
      for (uint8_t& byte : message) byte = static_cast<uint8_t>(random());
      // Often a plausible header, so that the decoders see the body.
      if (message.size() >= 16 && random() % 2 == 0) {
        ridl::StoreLittle(message.data(), 4, 1 + random() % 18);
        ridl::StoreLittle(message.data() + 4, 4, 0);
        ridl::StoreLittle(message.data() + 12, 4, message.size());
      }
    } else {
      message = seeds[random() % seeds.size()];
      if (kind == 1) message.resize(random() % (message.size() + 1));
      if (kind >= 2) {
        const int flips = 1 + static_cast<int>(random() % 4);
        for (int i = 0; i < flips; ++i) {
          message[random() % message.size()] ^= static_cast<uint8_t>(1u << (random() % 8));
        }
      }
      if (kind == 3 && message.size() >= 16) {
        ridl::StoreLittle(message.data() + 12, 4, message.size());
      }
    }
    std::vector<sys::HandleInfo> handles;
    const size_t handle_count = random() % 3;
    for (size_t i = 0; i < handle_count; ++i) {
      const bool real_memory = random() % 2 == 0;
      const uint32_t handle = real_memory ? platform_.NewMemory(4096) : platform_.NewHandle();
      handles.push_back(sys::HandleInfo{handle, static_cast<uint32_t>(random() % 10),
                                        static_cast<uint32_t>(random() % 2048)});
    }
    const uint32_t client = kClient + static_cast<uint32_t>(random() % 3);
    const size_t size =
        server_->HandleRequest(client, rstd::Bytes(message.data(), message.size()),
                               rstd::Span<const sys::HandleInfo>(handles.data(), handles.size()),
                               rstd::Span<uint8_t>(reply.data(), reply.size()));
    ASSERT_LE(size, reply.size());
    if (size != 0) {
      ++answered;
      auto header = ridl::PeekHeader(rstd::Bytes(reply.data(), size));
      ASSERT_TRUE(header.ok());
      EXPECT_EQ(header->flags, ridl::kFlagReply);
    }
    if (random() % 500 == 0) server_->CloseClient(client);
  }
  EXPECT_GT(answered, 1000);
  // Only attached buffers may hold handles: one per connection at most.
  server_->CloseClient(kClient);
  server_->CloseClient(kClient + 1);
  server_->CloseClient(kClient + 2);
  EXPECT_EQ(platform_.live_handles(), 0u);
  EXPECT_EQ(platform_.mappings(), 0);
  // Still serving.
  EXPECT_EQ(Mkdir("/after"), Status::kOk);
  EXPECT_EQ(FromWire(StatPath("/after").status), Status::kOk);
}

}  // namespace
}  // namespace raeen::vfsd
