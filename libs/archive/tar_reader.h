#pragma once
// A reader for POSIX ustar archives held in memory: the initial ramdisk (images/CMakeLists.txt
// packs it with `tar --format=ustar`). Freestanding: no allocation, no libstdc++, and no byte
// is read outside the archive span whatever the archive holds. Used by the kernel to find the
// first programs and, later, by vfsd to build its RAM file system.
//
//   TarReader reader(archive);
//   TarEntry entry;
//   for (;;) {
//     RAEEN_TRY(bool more, reader.Next(&entry));
//     if (!more) break;
//     ... entry.path(), entry.data() ...
//   }
//
// What is accepted (everything else is an error):
//  - Headers with the POSIX magic "ustar\0" "00" or the GNU magic "ustar " " \0" (for the
//    GNU one the prefix field is not a name prefix and is ignored). No magic: kCorrupt.
//  - The header checksum as the unsigned byte sum (checksum field counted as spaces) or the
//    historic signed sum. Mismatch: kCorrupt.
//  - Numeric fields: optional leading spaces, one or more octal digits, then only NUL or
//    space up to the end of the field (a field may be all digits). Anything else: kCorrupt.
//    The GNU base-256 encoding (high bit of the first byte set): kUnsupported.
//  - Types: regular ('0', NUL, '7'), hard link ('1'), symlink ('2'), directory ('5'), and
//    character/block device or FIFO ('3', '4', '6', reported as kOther). pax headers ('x',
//    'g'), GNU long names ('L', 'K') and every other type: kUnsupported (our writer makes none
//    of them; their data layout is not ustar's).
//  - Names (prefix "/" name, or name alone) are NUL-terminated in their field or fill it
//    exactly; bytes after the terminating NUL must be NUL too. Paths are normalized: one
//    leading "./" is removed, and a directory's trailing "/" is removed. The root entry "."
//    or "./" is skipped. Rejected with kCorrupt: an empty name, an absolute path, an empty
//    component ("a//b"), a "." or ".." component, a trailing "/" on anything but a
//    directory.
//  - Sizes: an entry's data and its padding to 512 bytes must lie inside the archive, else
//    kOutOfRange. Links carry no data (size 0, else kCorrupt).
//  - The end: two zero blocks, or one zero block followed by the end of the archive (some
//    writers stop there). What follows the end marker is ignored. A zero block followed by
//    a non-zero block: kCorrupt. Data that runs out at a header boundary without an end
//    marker is reported as kCorrupt (a truncated archive is never taken for a complete one).
//    A partial header block: kCorrupt.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::archive {

enum class TarEntryType : uint8_t {
  kFile,
  kDirectory,
  kSymlink,
  kHardLink,
  // A character or block device or a FIFO: listed, with no meaning attached.
  kOther,
};

// One archive member. Holds its normalized path in itself (the ustar prefix and name fields
// are not contiguous); data() and link_target() point into the archive and live as long as it.
class TarEntry {
 public:
  // prefix (155) + "/" + name (100).
  static constexpr size_t kMaxPath = 256;

  TarEntry() = default;

  // Normalized: "bin/init", never "./bin/init", "/bin/init" or "bin/".
  rstd::StringView path() const { return rstd::StringView(path_, path_length_); }
  TarEntryType type() const { return type_; }
  // Permission bits (mode & 07777).
  uint32_t mode() const { return mode_; }
  uint32_t uid() const { return uid_; }
  uint32_t gid() const { return gid_; }
  // Seconds since the Unix epoch.
  uint64_t mtime() const { return mtime_; }
  uint64_t size() const { return data_.size(); }
  // The member's bytes, inside the archive.
  rstd::Bytes data() const { return data_; }
  // Symlinks: the target exactly as stored (vfsd resolves it). Hard links: the normalized
  // path of the earlier member it names. Other types: empty.
  rstd::StringView link_target() const { return link_target_; }
  // Where the member's header starts in the archive (for diagnostics).
  uint64_t header_offset() const { return header_offset_; }

 private:
  friend class TarReader;

  char path_[kMaxPath] = {};
  size_t path_length_ = 0;
  TarEntryType type_ = TarEntryType::kOther;
  uint32_t mode_ = 0;
  uint32_t uid_ = 0;
  uint32_t gid_ = 0;
  uint64_t mtime_ = 0;
  rstd::Bytes data_;
  rstd::StringView link_target_;
  uint64_t header_offset_ = 0;
};

class TarReader {
 public:
  static constexpr size_t kBlockSize = 512;

  // Reads nothing yet; every check happens as entries are read.
  explicit TarReader(rstd::Bytes archive) : archive_(archive) {}

  // Reads the next member into `*entry`: true, or false at the end marker (and on every
  // later call). An error is sticky: every later call returns it again; `*entry` is then
  // unspecified. Errors: kCorrupt (structure, checksum, magic, names, end marker),
  // kOutOfRange (sizes past the archive end), kUnsupported (pax, GNU long names, base-256
  // numbers, unknown types).
  Result<bool> Next(TarEntry* entry);

  // Starts reading from the first member again.
  void Rewind() {
    offset_ = 0;
    state_ = Status::kOk;
    done_ = false;
  }

  // The member at the normalized `path`. Reads the whole archive (from its start, whatever
  // Next() has read) so that a damaged archive never yields a member; with duplicates the
  // last one wins, as when tar extracts. Errors: kInvalidArgument (`path` is not normalized),
  // kNotFound, and those of Next().
  Result<TarEntry> Find(rstd::StringView path) const;

  // Reads the whole archive: ok when Next() would reach the end marker without an error.
  Result<void> Validate() const;

 private:
  Result<bool> ReadEntry(TarEntry* entry);

  rstd::Bytes archive_;
  uint64_t offset_ = 0;
  Status state_ = Status::kOk;
  bool done_ = false;
};

// True when `path` is a normalized member path: not empty, relative, no empty, "." or ".."
// components, no trailing "/", no NUL.
bool IsNormalizedPath(rstd::StringView path);

}  // namespace raeen::archive
