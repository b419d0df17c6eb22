#pragma once
// Fills a Ramfs from the initial ramdisk, a ustar archive (libs/archive/tar_reader.h).
//
// Members become inodes at their path below the root; missing parent directories are made
// with mode 0755 and the member's time. Regular files keep their data, mode and mtime;
// directories their mode and mtime (applied after all members, so that adding their children
// does not change it); symlinks their target verbatim (mode 0777). Both times of an inode are
// the member's mtime (seconds, converted to nanoseconds).
//
// Choices:
//  - Hard links become independent copies of the earlier member they name (Ramfs has no hard
//    links). One naming no earlier regular file: kCorrupt.
//  - Devices and FIFOs are skipped (Ramfs has no device nodes) and counted.
//  - A later member replaces an earlier file or symlink of the same path, as tar does when it
//    extracts; a directory member over an existing directory updates its mode and mtime. A
//    member where a directory is and must be replaced by a non-directory, or the reverse, or
//    a member below a file or symlink: kCorrupt. An empty symlink target: kCorrupt.
//
// Errors: those of TarReader::Next (kCorrupt, kOutOfRange, kUnsupported), kCorrupt as above,
// and those of Ramfs (kQuotaExceeded, kNoMemory). On an error the members before the failing
// one are in the file system (and maybe parent directories the failing one made), and it is
// consistent: every Ramfs operation is all or nothing, and a file whose data did not fit is
// removed again. `stats` counts the members imported; `stats->error_offset` tells where the
// failing member's header starts.

#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "services/vfsd/ramfs.h"

namespace raeen::vfsd {

struct InitrdImportStats {
  uint32_t files = 0;
  uint32_t directories = 0;
  uint32_t symlinks = 0;
  uint32_t hard_links = 0;
  uint32_t skipped = 0;
  // Where the header of the member that failed starts (0 when none did, or when the archive
  // itself failed before a member was read).
  uint64_t error_offset = 0;
};

Result<void> ImportInitrd(Ramfs* fs, rstd::Bytes archive, InitrdImportStats* stats = nullptr);

}  // namespace raeen::vfsd
