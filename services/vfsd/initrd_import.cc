#include "services/vfsd/initrd_import.h"

#include "libs/archive/tar_reader.h"
#include "services/vfsd/path.h"

namespace raeen::vfsd {

namespace {

using archive::TarEntry;
using archive::TarEntryType;
using archive::TarReader;

constexpr uint32_t kImplicitDirectoryMode = 0755;

uint64_t ToNanoseconds(uint64_t seconds) {
  uint64_t nanoseconds = 0;
  return rstd::CheckedMul(seconds, 1'000'000'000, &nanoseconds) ? nanoseconds : UINT64_MAX;
}

// The directory that holds `path`'s last component, making missing directories; the last
// component in `*name`. Existing components must be real directories (never symlinks).
Result<InodeId> MakeParents(Ramfs* fs, rstd::StringView path, uint64_t time_ns,
                            rstd::StringView* name) {
  InodeId dir = kRootInode;
  PathComponents components(path);
  rstd::StringView component;
  while (components.Next(&component)) {
    if (components.IsLast()) {
      *name = component;
      return dir;
    }
    Result<InodeId> child = fs->Lookup(dir, component);
    if (child.ok()) {
      RAEEN_TRY(StatInfo info, fs->Stat(child.value()));
      if (info.type != InodeType::kDirectory) return Error(Status::kCorrupt);
      dir = child.value();
    } else if (child.status() == Status::kNotFound) {
      RAEEN_TRY(dir, fs->MakeDirectory(dir, component, kImplicitDirectoryMode, time_ns));
    } else {
      return Error(child.status());
    }
  }
  // TarReader never yields an empty path.
  return Error(Status::kCorrupt);
}

// Copies a regular file's data into another (empty) one.
Result<void> CopyData(Ramfs* fs, InodeId from, InodeId to, uint64_t size) {
  RAEEN_TRY(fs->Truncate(to, size, 0));  // All the room at once, or the quota error.
  uint8_t chunk[4096];
  uint64_t offset = 0;
  for (;;) {
    RAEEN_TRY(size_t count, fs->Read(from, offset, rstd::Span<uint8_t>(chunk)));
    if (count == 0) return {};
    RAEEN_TRY(fs->Write(to, offset, rstd::Bytes(chunk, count), 0));
    offset += count;
  }
}

// Makes room for a non-directory member at `name`: an earlier file or symlink goes.
Result<void> ReplaceNonDirectory(Ramfs* fs, InodeId dir, rstd::StringView name, uint64_t time_ns) {
  Result<InodeId> existing = fs->Lookup(dir, name);
  if (existing.status() == Status::kNotFound) return {};
  if (!existing.ok()) return Error(existing.status());
  RAEEN_TRY(StatInfo info, fs->Stat(existing.value()));
  if (info.type == InodeType::kDirectory) return Error(Status::kCorrupt);
  return fs->Unlink(dir, name, time_ns);
}

Result<void> ImportDirectory(Ramfs* fs, InodeId dir, rstd::StringView name, const TarEntry& entry,
                             uint64_t time_ns) {
  Result<InodeId> existing = fs->Lookup(dir, name);
  if (existing.ok()) {
    RAEEN_TRY(StatInfo info, fs->Stat(existing.value()));
    if (info.type != InodeType::kDirectory) return Error(Status::kCorrupt);
    return fs->SetMode(existing.value(), entry.mode(), time_ns);
  }
  if (existing.status() != Status::kNotFound) return Error(existing.status());
  RAEEN_TRY(fs->MakeDirectory(dir, name, entry.mode(), time_ns));
  return {};
}

Result<void> ImportFile(Ramfs* fs, InodeId dir, rstd::StringView name, const TarEntry& entry,
                        uint64_t time_ns) {
  RAEEN_TRY(ReplaceNonDirectory(fs, dir, name, time_ns));
  RAEEN_TRY(InodeId file, fs->CreateFile(dir, name, entry.mode(), time_ns));
  Result<size_t> written = fs->Write(file, 0, entry.data(), time_ns);
  if (!written.ok()) {
    // No half-written file stays behind.
    (void)fs->Unlink(dir, name, time_ns);
    return Error(written.status());
  }
  return {};
}

Result<void> ImportSymlink(Ramfs* fs, InodeId dir, rstd::StringView name, const TarEntry& entry,
                           uint64_t time_ns) {
  if (entry.link_target().empty()) return Error(Status::kCorrupt);
  RAEEN_TRY(ReplaceNonDirectory(fs, dir, name, time_ns));
  RAEEN_TRY(fs->MakeSymlink(dir, name, entry.link_target(), time_ns));
  return {};
}

Result<void> ImportHardLink(Ramfs* fs, InodeId dir, rstd::StringView name, const TarEntry& entry,
                            uint64_t time_ns) {
  Result<InodeId> source = fs->LookupAt(entry.link_target(), /*follow_last=*/false);
  if (!source.ok()) {
    return Error(source.status() == Status::kNoMemory ? Status::kNoMemory : Status::kCorrupt);
  }
  RAEEN_TRY(StatInfo info, fs->Stat(source.value()));
  if (info.type != InodeType::kFile) return Error(Status::kCorrupt);
  // A link to itself names nothing earlier.
  Result<InodeId> existing = fs->Lookup(dir, name);
  if (existing.ok() && existing.value() == source.value()) return Error(Status::kCorrupt);
  RAEEN_TRY(ReplaceNonDirectory(fs, dir, name, time_ns));
  RAEEN_TRY(InodeId copy, fs->CreateFile(dir, name, info.mode, time_ns));
  Result<void> copied = CopyData(fs, source.value(), copy, info.size);
  if (!copied.ok()) {
    (void)fs->Unlink(dir, name, time_ns);
    return copied;
  }
  return fs->SetTimes(copy, info.mtime_ns, info.ctime_ns);
}

Result<void> ImportEntry(Ramfs* fs, const TarEntry& entry, InitrdImportStats* stats) {
  uint64_t time_ns = ToNanoseconds(entry.mtime());
  rstd::StringView name;
  RAEEN_TRY(InodeId dir, MakeParents(fs, entry.path(), time_ns, &name));
  switch (entry.type()) {
    case TarEntryType::kDirectory:
      RAEEN_TRY(ImportDirectory(fs, dir, name, entry, time_ns));
      ++stats->directories;
      return {};
    case TarEntryType::kFile:
      RAEEN_TRY(ImportFile(fs, dir, name, entry, time_ns));
      ++stats->files;
      return {};
    case TarEntryType::kSymlink:
      RAEEN_TRY(ImportSymlink(fs, dir, name, entry, time_ns));
      ++stats->symlinks;
      return {};
    case TarEntryType::kHardLink:
      RAEEN_TRY(ImportHardLink(fs, dir, name, entry, time_ns));
      ++stats->hard_links;
      return {};
    case TarEntryType::kOther: ++stats->skipped; return {};
  }
  return Error(Status::kCorrupt);
}

}  // namespace

Result<void> ImportInitrd(Ramfs* fs, rstd::Bytes archive, InitrdImportStats* stats) {
  InitrdImportStats unused;
  if (stats == nullptr) stats = &unused;
  *stats = InitrdImportStats{};
  TarReader reader(archive);
  TarEntry entry;
  for (;;) {
    Result<bool> more = reader.Next(&entry);
    if (!more.ok()) return Error(more.status());
    if (!more.value()) break;
    Result<void> imported = ImportEntry(fs, entry, stats);
    if (!imported.ok()) {
      stats->error_offset = entry.header_offset();
      return imported;
    }
  }
  // Directory times last: adding children set them to the children's times.
  reader.Rewind();
  for (;;) {
    RAEEN_TRY(bool more, reader.Next(&entry));
    if (!more) return {};
    if (entry.type() != TarEntryType::kDirectory) continue;
    RAEEN_TRY(InodeId dir, fs->LookupAt(entry.path(), /*follow_last=*/false));
    uint64_t time_ns = ToNanoseconds(entry.mtime());
    RAEEN_TRY(fs->SetTimes(dir, time_ns, time_ns));
  }
}

}  // namespace raeen::vfsd
