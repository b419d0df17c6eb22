#pragma once
// Files for programs: the name space vfsd serves (services/vfsd, protocol
// services/contracts/vfs.ridl). The manifest needs `lookup = vfs`.
//
//   RAEEN_TRY(rae::File file, rae::File::Open("/etc/motd", rae::OpenFlags::kRead));
//   uint8_t buffer[256];
//   RAEEN_TRY(size_t count, file.Read(buffer));
//
//   RAEEN_TRY(rae::DirectoryReader dir, rae::ReadDir("/bin"));
//   rae::DirEntry entry;
//   while (true) { RAEEN_TRY(bool more, dir.Next(&entry)); if (!more) break; ... }
//
// Transport: one channel per process (rae::Connect("vfs")), made at the first call. Reads and
// writes of up to kInlineTransferBytes travel in the messages; larger ones go through a
// shared buffer (kSharedBufferBytes, a memory object this process makes and attaches to its
// connection at the first large transfer), transparently. Calls share that channel and
// buffer: use them from one thread at a time.
//
// When vfsd dies (svcmgr restarts it), its open files are gone. The rule:
//  - a call that names a path (File::Open, Stat, MakeDirectory, ...) that gets kPeerClosed
//    connects again and sends the request again: its meaning does not depend on state the
//    old vfsd held. It does so up to 4 times (at once, then after 10, 20 and 40 ms: a
//    connection made while the old vfsd is still ending can reach it and close too), then
//    returns kPeerClosed. (A create that the old vfsd carried out before dying is then seen
//    by the new one: File::Open with kExclusive may report kAlreadyExists for a file it made.)
//  - a call on a File or DirectoryReader opened before the reconnection returns kPeerClosed,
//    and keeps doing so: open it again.
//
// Statuses are vfsd's (services/contracts/vfs.ridl): kNotFound, kAlreadyExists, kWrongType
// (not a directory / is a directory), kBadState (directory not empty, a mount point),
// kInvalidArgument, kOutOfRange (name or path too long, symlink loop), kQuotaExceeded (file
// system full, too many open files), kAccessDenied (not opened for that access), kBadHandle
// (a closed File), plus the transport's: Connect's errors, kPeerClosed, kCorrupt (a reply
// that does not decode).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/protocols/vfs.h"
#include "raeen/syscalls.h"

namespace raeen::rae {

// kRead, kWrite, kCreate, kExclusive, kTruncate, kAppend, kDirectory (vfs.ridl OpenFlags).
using OpenFlags = protocol::vfs::OpenFlags;
// kFile, kDirectory, kSymlink.
using NodeType = protocol::vfs::NodeType;
// kSet, kCurrent, kEnd.
using Whence = protocol::vfs::Whence;
// inode, type, mode, size, link_count, mtime_ns, ctime_ns, mount_point.
using FileInfo = protocol::vfs::NodeInfo;

// Reads and writes up to this size go inline; larger ones through the shared buffer.
inline constexpr size_t kInlineTransferBytes = 4096;
inline constexpr size_t kSharedBufferBytes = 256 * 1024;
inline constexpr size_t kMaxFileNameBytes = 255;

class File {
 public:
  // Opens `path` with `flags` (OpenFlags bits); `mode` is the permission bits of a file that
  // kCreate makes.
  static Result<File> Open(rstd::StringView path, uint32_t flags, uint32_t mode = 0644);

  File() = default;
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  // Closes the file (errors are dropped: call Close() to see them).
  ~File();

  bool is_open() const { return id_ != 0; }

  // Reads at the position until `buffer` is full or the file ends; returns the bytes read
  // (0 at the end) and advances the position.
  Result<size_t> Read(rstd::Span<uint8_t> buffer);
  // Writes all of `data` at the position (at the end with kAppend) and advances it.
  Result<size_t> Write(rstd::Bytes data);
  Result<size_t> Write(rstd::StringView text) {
    return Write(rstd::Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  // Moves the position; returns the new one.
  Result<uint64_t> Seek(int64_t offset, Whence whence = Whence::kSet);
  Result<FileInfo> Stat();
  // Sets the size (opened for write).
  Result<void> Truncate(uint64_t size);
  // Closes the file; it is closed afterwards even on an error. kBadHandle if not open.
  Status Close();

  // The file id on the connection (for diagnostics); 0 when closed.
  uint32_t id() const { return id_; }

 private:
  friend class DirectoryReader;
  File(uint32_t id, uint32_t generation) : id_(id), generation_(generation) {}

  // One request's worth: through the shared buffer above kInlineTransferBytes, else inline.
  // `asked` is what the request asked for (vfsd returns less only at the end of the file).
  Result<size_t> ReadSome(uint8_t* into, size_t size, size_t* asked);
  Result<size_t> WriteSome(const uint8_t* from, size_t size);

  uint32_t id_ = 0;
  // The connection it was opened on; calls after a reconnection get kPeerClosed.
  uint32_t generation_ = 0;
};

// One directory entry ("." and ".." are not listed).
struct DirEntry {
  char name_bytes[kMaxFileNameBytes] = {};
  size_t name_size = 0;
  uint32_t inode = 0;
  NodeType type = NodeType::kFile;

  rstd::StringView name() const { return rstd::StringView(name_bytes, name_size); }
};

// Lists a directory in name order. Entries made or removed while it lists may be missed or
// seen twice (as POSIX readdir allows).
class DirectoryReader {
 public:
  DirectoryReader() = default;
  // The next entry: true, or false after the last.
  Result<bool> Next(DirEntry* entry);
  Status Close() { return file_.Close(); }

 private:
  friend Result<DirectoryReader> ReadDir(rstd::StringView path);
  explicit DirectoryReader(File file) : file_(static_cast<File&&>(file)) {}

  File file_;
  uint64_t cursor_ = 0;
  bool done_ = false;
};

// Opens the directory `path` for listing.
Result<DirectoryReader> ReadDir(rstd::StringView path);

// The inode `path` names, following a final symlink (Stat) or not (StatLink).
Result<FileInfo> Stat(rstd::StringView path);
Result<FileInfo> StatLink(rstd::StringView path);
Status MakeDirectory(rstd::StringView path, uint32_t mode = 0755);
// Removes a file or symlink (a directory: kWrongType).
Status Unlink(rstd::StringView path);
// Removes an empty directory.
Status RemoveDirectory(rstd::StringView path);
Status Rename(rstd::StringView from, rstd::StringView to);
// Makes a symlink at `path` pointing to `target`.
Status MakeSymlink(rstd::StringView target, rstd::StringView path);
// Copies a symlink's target into `buffer`; returns its size. kBufferTooSmall (nothing
// copied) when it does not fit.
Result<size_t> ReadLink(rstd::StringView path, rstd::Span<char> buffer);

}  // namespace raeen::rae
