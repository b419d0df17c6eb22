#pragma once
// Ramfs: vfsd's in-memory file system, the root of the name space. Pure logic: no IPC, no
// clock (every time is passed in, in nanoseconds since the Unix epoch), no locking (vfsd
// serves one request at a time). Built for the host (tests) and for user space.
//
// Inodes are regular files, directories and symlinks with permission bits (mode & 07777),
// size, mtime, ctime and a link count (a file or symlink has one link: there are no hard
// links; a directory has 2 + its subdirectories). An inode is named by an InodeId; the root
// is kRootInode. An inode lives while it has a link or a reference taken with Retain(), so
// that vfsd can keep an open file's id valid after it is unlinked. Ids of freed inodes are
// reused.
//
// Directories keep their entries sorted by name (byte order): ReadDir() lists them in that
// order, and "." and ".." are not listed (vfsd adds them if a client wants them).
//
// Mount points: Mount() marks a directory with an opaque 32-bit id. Resolution that enters a
// mount point stops there and returns the id and the rest of the path (verbatim, for the
// mounted file system to resolve; climbing out of it with ".." is that file system's business).
// A mount point cannot be removed, renamed over or renamed until Unmount().
//
// Limits (Limits): bytes per file, inodes, and bytes of file and symlink data in all, so that
// bad input cannot exhaust vfsd's memory.
//
// Statuses (RaeenOS has one status enum; POSIX errors map onto it like this):
//   kNotFound         ENOENT: a name does not exist (also a dangling symlink's target), or
//                     the directory operated in has been removed (kept only by Retain()).
//   kAlreadyExists    EEXIST: the name to create exists.
//   kWrongType        ENOTDIR: a directory was needed (a path component, a trailing '/', the
//                     directory argument of an operation, rename of a directory over a
//                     non-directory); EISDIR: a non-directory was needed (Read/Write/Truncate
//                     of a directory, Unlink of a directory, rename of a file over a
//                     directory); and Rmdir or ReadDir of a non-directory.
//   kBadState         ENOTEMPTY: Rmdir of, or rename over, a non-empty directory; EBUSY: the
//                     object is a mount point (or Mount of one already mounted: kAlreadyExists).
//   kInvalidArgument  EINVAL: an empty path or name, NUL or '/' in a name, "." or ".." as the
//                     name to create, remove or rename, a directory renamed into its own
//                     subtree, mode bits outside 07777, an id that names no live inode.
//   kOutOfRange       ENAMETOOLONG: a name over 255 bytes, a path (also after symlink
//                     expansion) over 4096 bytes; ELOOP: more than kMaxSymlinkExpansions
//                     symlinks in one resolution; EOVERFLOW: offset + length overflows.
//   kQuotaExceeded    EFBIG / ENOSPC: a limit in Limits would be exceeded; nothing changed.
//   kNoMemory         ENOMEM: the heap is exhausted; nothing changed.
//   kUnsupported      the path-based helpers only: the path leads into a mount point (vfsd
//                     must forward such requests; Resolve()/ResolveParent() tell it where).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "services/vfsd/path.h"
#include "services/vfsd/vector.h"

namespace raeen::vfsd {

using InodeId = uint32_t;
inline constexpr InodeId kRootInode = 1;
inline constexpr uint32_t kMaxSymlinkExpansions = 40;
// Permission bits: setuid, setgid, sticky and rwx for owner, group and others.
inline constexpr uint32_t kModeMask = 07777;

enum class InodeType : uint8_t { kFile, kDirectory, kSymlink };

struct Limits {
  uint64_t max_file_size = 64ull << 20;
  // Including the root.
  uint32_t max_inodes = 65536;
  // Bytes of file contents and symlink targets together.
  uint64_t max_total_bytes = 256ull << 20;
};

struct StatInfo {
  InodeId inode = 0;
  InodeType type = InodeType::kFile;
  uint32_t mode = 0;
  // File: bytes of data; symlink: bytes of the target; directory: number of entries.
  uint64_t size = 0;
  uint32_t link_count = 0;
  uint64_t mtime_ns = 0;
  uint64_t ctime_ns = 0;
  bool is_mount_point = false;
  uint32_t mount_id = 0;
};

// Where a resolution ended.
struct Resolution {
  // Resolve(): the inode the path names. ResolveParent(): the directory that holds (or would
  // hold) the last name. Not meaningful when in_mount.
  InodeId inode = 0;
  // ResolveParent() only: the last component (may be "." or ".."; the operations that create,
  // remove or rename refuse those).
  NameBuffer name;
  // ResolveParent() only: the path ended in '/' (the object must be a directory).
  bool trailing_slash = false;
  // The walk entered a mount point: the rest is for the file system mounted there.
  bool in_mount = false;
  uint32_t mount_id = 0;
  // in_mount: the path left to resolve inside the mounted file system (may be empty).
  PathBuffer remaining;
};

struct ResolveOptions {
  // Where a relative path starts (an absolute one starts at the root).
  InodeId start = kRootInode;
  // Follow a symlink named by the last component (stat, open); false for lstat, readlink,
  // unlink and rename. A trailing '/' always follows.
  bool follow_last = true;
};

// One directory entry, from ReadDir().
struct DirEntryInfo {
  NameBuffer name;
  InodeId inode = 0;
  InodeType type = InodeType::kFile;
};

class Ramfs {
 public:
  // An empty file system: the root directory with `root_mode` and both times `time_ns`.
  // kNoMemory; kInvalidArgument for mode bits outside kModeMask or limits that leave no room
  // for the root.
  static Result<Ramfs> Create(uint32_t root_mode, uint64_t time_ns, Limits limits = {});
  ~Ramfs();
  Ramfs(Ramfs&& other) noexcept;
  Ramfs(const Ramfs&) = delete;
  Ramfs& operator=(const Ramfs&) = delete;
  Ramfs& operator=(Ramfs&&) = delete;

  const Limits& limits() const { return limits_; }
  uint32_t inode_count() const { return inode_count_; }
  uint64_t total_bytes() const { return total_bytes_; }

  // --- Resolution -------------------------------------------------------------------------
  // The inode `path` names: "." stays, ".." goes up (never above the root), symlinks are
  // expanded (relative targets from the symlink's directory, absolute ones from the root), at
  // most kMaxSymlinkExpansions times. Errors: those of CheckPath, kNotFound, kWrongType (a
  // component that is not a directory; a trailing '/' after a non-directory), kOutOfRange
  // (ELOOP, expansion too long), kInvalidArgument (`start` names no inode), kNotFound (a
  // relative path from a removed directory).
  //
  // A Resolution holds a whole path (about 4.4 KiB) and a resolution uses about twice that
  // on the stack: callers keep few of them alive at once.
  Result<Resolution> Resolve(rstd::StringView path, ResolveOptions options = {}) const;
  // The directory holding the last component, and that component, without looking it up.
  // kInvalidArgument when the path has no component ("/").
  Result<Resolution> ResolveParent(rstd::StringView path, InodeId start = kRootInode) const;

  // --- Operations on (directory, name) ----------------------------------------------------
  // Each checks the name (CheckName, and "." and ".." give kInvalidArgument), that `dir` is a
  // directory (kWrongType), still linked (kNotFound) and not a mount point (kBadState). Changing a
  // directory sets its mtime and ctime to `time_ns`; a new inode gets both times `time_ns`.
  Result<InodeId> Lookup(InodeId dir, rstd::StringView name) const;
  Result<InodeId> CreateFile(InodeId dir, rstd::StringView name, uint32_t mode, uint64_t time_ns);
  Result<InodeId> MakeDirectory(InodeId dir, rstd::StringView name, uint32_t mode,
                                uint64_t time_ns);
  // `target` is stored verbatim: 1..kMaxPathLength bytes without NUL (else kInvalidArgument
  // or kOutOfRange); it need not exist. Mode 0777.
  Result<InodeId> MakeSymlink(InodeId dir, rstd::StringView name, rstd::StringView target,
                              uint64_t time_ns);
  // Removes a file or symlink (a directory: kWrongType).
  Result<void> Unlink(InodeId dir, rstd::StringView name, uint64_t time_ns);
  // Removes an empty directory (not a directory: kWrongType; not empty or a mount point:
  // kBadState).
  Result<void> RemoveDirectory(InodeId dir, rstd::StringView name, uint64_t time_ns);
  // Moves an entry, replacing an existing target as POSIX rename does: a file or symlink
  // replaces a non-directory, a directory replaces an empty directory. Renaming an entry
  // onto itself succeeds and changes nothing. A directory cannot move into its own subtree
  // (kInvalidArgument).
  Result<void> Rename(InodeId from_dir, rstd::StringView from_name, InodeId to_dir,
                      rstd::StringView to_name, uint64_t time_ns);

  // --- Operations on inodes ---------------------------------------------------------------
  // kInvalidArgument when `inode` names no live inode.
  Result<StatInfo> Stat(InodeId inode) const;
  // Up to buffer.size() bytes from `offset`; 0 at or past the end. Files only (kWrongType).
  Result<size_t> Read(InodeId inode, uint64_t offset, rstd::Span<uint8_t> buffer) const;
  // Writes all of `data` at `offset`, zero-filling any gap, growing the file; sets mtime and
  // ctime. kQuotaExceeded past max_file_size or max_total_bytes; kOutOfRange on overflow.
  Result<size_t> Write(InodeId inode, uint64_t offset, rstd::Bytes data, uint64_t time_ns);
  // Sets the size (growing zero-fills); sets mtime and ctime.
  Result<void> Truncate(InodeId inode, uint64_t size, uint64_t time_ns);
  // The target of a symlink (kWrongType otherwise). Valid until the symlink is freed.
  Result<rstd::StringView> ReadLink(InodeId inode) const;
  // chmod: sets the permission bits and ctime.
  Result<void> SetMode(InodeId inode, uint32_t mode, uint64_t time_ns);
  // Sets mtime (and ctime to `ctime_ns`), as utimensat and archive extraction do.
  Result<void> SetTimes(InodeId inode, uint64_t mtime_ns, uint64_t ctime_ns);

  // The entry at `*cursor` (0 for the first) in name order, and advances the cursor: true, or
  // false after the last entry. A cursor is a position: entries created or removed between
  // two calls may shift the listing by one (an entry may be missed or seen twice), as POSIX
  // allows readdir to do. kWrongType when `dir` is not a directory, kBadState when it is a
  // mount point (its entries are the mounted file system's), kNotFound when it was removed.
  Result<bool> ReadDir(InodeId dir, uint64_t* cursor, DirEntryInfo* entry) const;

  // Keeps an inode alive (an open file) after its last link goes; Release() frees it when it
  // has neither links nor references.
  Result<void> Retain(InodeId inode);
  Result<void> Release(InodeId inode);

  // Marks the directory `dir` (not the root: kInvalidArgument) as a mount point.
  // kAlreadyExists when it is one already.
  Result<void> Mount(InodeId dir, uint32_t mount_id);
  // kNotFound when `dir` is not a mount point.
  Result<void> Unmount(InodeId dir);

  // --- Path-based helpers -----------------------------------------------------------------
  // ResolveParent or Resolve, then the operation above. A path that enters a mount point
  // gives kUnsupported. Creating with a trailing '/' is allowed for MakeDirectoryAt only
  // (else kWrongType); UnlinkAt of "name/" gives kWrongType.
  Result<InodeId> LookupAt(rstd::StringView path, bool follow_last = true) const;
  Result<InodeId> CreateFileAt(rstd::StringView path, uint32_t mode, uint64_t time_ns);
  Result<InodeId> MakeDirectoryAt(rstd::StringView path, uint32_t mode, uint64_t time_ns);
  Result<InodeId> MakeSymlinkAt(rstd::StringView path, rstd::StringView target, uint64_t time_ns);
  Result<void> UnlinkAt(rstd::StringView path, uint64_t time_ns);
  Result<void> RemoveDirectoryAt(rstd::StringView path, uint64_t time_ns);
  Result<void> RenameAt(rstd::StringView from, rstd::StringView to, uint64_t time_ns);

 private:
  struct Entry;
  struct Inode;
  // An inode table slot: a live inode, or a link in the free list.
  struct Slot {
    Inode* inode = nullptr;
    uint32_t next_free = 0;
  };

  explicit Ramfs(Limits limits) : limits_(limits) {}

  Inode* Get(InodeId id) const;
  // A live directory whose entries this file system serves: kInvalidArgument (no such
  // inode), kWrongType (not a directory), kNotFound (removed), kBadState (a mount point).
  Result<Inode*> GetDirectory(InodeId id) const;
  // Index of `name` in `dir`'s sorted entries, or where it would be inserted.
  static size_t FindEntry(const Inode& dir, rstd::StringView name, bool* found);
  static Result<void> CheckNewName(rstd::StringView name);
  // An existing entry: its directory, index, inode id and inode.
  struct Located {
    Inode* parent;
    size_t at;
    InodeId id;
    Inode* node;
  };
  // CheckNewName, GetDirectory and the entry `name` (kNotFound).
  Result<Located> Locate(InodeId dir, rstd::StringView name) const;
  // Unlink (directory false) and RemoveDirectory (true).
  Result<void> Remove(InodeId dir, rstd::StringView name, bool directory, uint64_t time_ns);

  // Allocates an inode and links it into `dir` as `name`: all allocation happens before the
  // file system changes.
  Result<InodeId> AddInode(InodeId dir, rstd::StringView name, InodeType type, uint32_t mode,
                           rstd::StringView symlink_target, uint64_t time_ns);
  // A new unlinked inode in a free slot (or kQuotaExceeded, kNoMemory).
  Result<InodeId> AllocateInode(InodeType type, uint32_t mode, rstd::StringView symlink_target,
                                uint64_t time_ns);
  // ResolveParent from the root, refusing mount points (kUnsupported).
  Result<Resolution> LocalParent(rstd::StringView path) const;
  void FreeInode(InodeId id);
  // Drops one link of an inode just removed from a directory.
  void DropLink(InodeId id);
  void Touch(Inode* dir, uint64_t time_ns);
  Result<void> ResizeData(Inode* inode, uint64_t size);
  bool IsInSubtree(InodeId inode, InodeId root) const;

  // ResolveParent and Resolve share one walk.
  Result<Resolution> Walk(rstd::StringView path, InodeId start, bool follow_last,
                          bool stop_before_last) const;

  Limits limits_;
  Vector<Slot> slots_;  // slots_[0] is never used: id 0 names nothing.
  uint32_t free_head_ = 0;
  uint32_t inode_count_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace raeen::vfsd
