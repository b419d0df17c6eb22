// vfs.ops: every file operation through libs/rae/file.h against vfsd, with its results
// checked (started by svcmgr: etc/services/vfs_ops.svc, svc.start=vfs_ops).
//   - files of the initrd read back byte for byte as the archive holds them (the manifest
//     grants this program the initrd to compare with): a small one inline, this program's
//     own binary through the shared buffer;
//   - in a directory of its own: create, write, read back, seek, append, truncate, stat and
//     fstat, read_dir, mkdir, rename, unlink, rmdir, symlinks through "..", a symlink loop,
//     an unlinked file still readable while open, the open-file limit;
//   - 1 MiB written and read back in 64 KiB pieces (the shared buffer) with a checksum;
//   - errors: a missing path, a file used as a directory, a name too long, a closed file;
//   - vfsd restarted: an old file reports peer-closed, path calls reach the new instance.
// Prints the CheckList summary; exits with the number of failed checks.

#include "apps/tests/check_list.h"
#include "libs/rae/file.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/service.h"

using raeen::Result;
using raeen::Status;
using raeen::StatusName;
using raeen::rae::DirEntry;
using raeen::rae::File;
using raeen::rae::FileInfo;
using raeen::rae::NodeType;
using raeen::rae::OpenFlags;
using raeen::rae::Print;
using raeen::rae::Whence;
namespace rae = raeen::rae;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;

namespace {

raeen::apps::CheckList checks("vfs_ops");

constexpr uint32_t kReadWrite = OpenFlags::kRead | OpenFlags::kWrite;
constexpr size_t kPiece = 64 * 1024;
constexpr size_t kBigFile = 1024 * 1024;

uint8_t g_piece[kPiece];
uint8_t g_whole[512 * 1024];
// etc/services/vfsd.svc in the archive.
rstd::Bytes g_manifest;

template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.ok() ? Status::kOk : result.status();
}

bool SameBytes(rstd::Bytes a, rstd::Bytes b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

rstd::Bytes AsBytes(rstd::StringView text) {
  return rstd::Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// Reads all of `path` into g_whole; its size, or 0 on a failure (checked).
size_t ReadWhole(const char* what, rstd::StringView path) {
  Result<File> file = File::Open(path, OpenFlags::kRead);
  checks.Expect(what, StatusOf(file), Status::kOk);
  if (!file.ok()) return 0;
  Result<size_t> count = file->Read(rstd::Span<uint8_t>(g_whole, sizeof(g_whole)));
  checks.Expect(what, StatusOf(count), Status::kOk);
  return count.ok() ? *count : 0;
}

// The initrd's files, as the archive has them.
void CheckInitrdFiles() {
  Result<sys::Handle> initrd = rae::TakeCapability("initrd");
  checks.Expect("initrd capability", StatusOf(initrd), Status::kOk);
  if (!initrd.ok()) return;
  uint64_t size = 0;
  checks.Expect("initrd size", sys::MemoryGetSize(*initrd, &size), Status::kOk);
  Result<rstd::Bytes> archive = rae::MapReadOnly(*initrd, (size + 4095) & ~uint64_t{4095});
  checks.Expect("map initrd", StatusOf(archive), Status::kOk);
  if (!archive.ok()) return;
  const char* const paths[] = {"etc/services/vfsd.svc", "/etc/services/vfs_ops.svc",
                               "/bin/vfs_ops"};
  for (const char* path : paths) {
    rstd::StringView name(path);
    if (name.starts_with("/")) name = name.substr(1);
    Result<rstd::Bytes> expected = rae::FindInitrdFile(*archive, name);
    checks.Expect("file in the archive", StatusOf(expected), Status::kOk);
    const size_t read = ReadWhole("open an initrd file", path);
    const bool same = expected.ok() && SameBytes(rstd::Bytes(g_whole, read), *expected);
    checks.Check("an initrd file reads back as archived", same);
    if (!same) Print("vfs_ops: {}: read {} bytes, differs from the archive", path, read);
  }
  Result<FileInfo> bin = rae::Stat("/bin");
  checks.Check("/bin is a directory", bin.ok() && bin->type == NodeType::kDirectory);
  Result<FileInfo> manifest = rae::Stat("/etc/services/vfsd.svc");
  Result<rstd::Bytes> archived = rae::FindInitrdFile(*archive, "etc/services/vfsd.svc");
  if (archived.ok()) g_manifest = *archived;
  checks.Check("stat size of an initrd file",
               manifest.ok() && archived.ok() && manifest->size == archived->size());
}

void CheckReadWriteSeek() {
  Result<File> created =
      File::Open("/vfs_ops/a.txt", kReadWrite | OpenFlags::kCreate | OpenFlags::kExclusive, 0640);
  checks.Expect("create a.txt", StatusOf(created), Status::kOk);
  if (!created.ok()) return;
  File file = static_cast<File&&>(*created);
  checks.Expect("create again, exclusive",
                StatusOf(File::Open("/vfs_ops/a.txt",
                                    kReadWrite | OpenFlags::kCreate | OpenFlags::kExclusive)),
                Status::kAlreadyExists);
  Result<size_t> wrote = file.Write(rstd::StringView("hello, file"));
  checks.Check("write 11 bytes", wrote.ok() && *wrote == 11);
  Result<uint64_t> start = file.Seek(0);
  checks.Check("seek to 0", start.ok() && *start == 0);
  uint8_t buffer[64];
  Result<size_t> read = file.Read(rstd::Span<uint8_t>(buffer, sizeof(buffer)));
  checks.Check("read back",
               read.ok() && SameBytes(rstd::Bytes(buffer, *read), AsBytes("hello, file")));
  Result<uint64_t> back = file.Seek(-4, Whence::kEnd);
  checks.Check("seek from the end", back.ok() && *back == 7);
  Result<size_t> tail = file.Read(rstd::Span<uint8_t>(buffer, sizeof(buffer)));
  checks.Check("read after seek",
               tail.ok() && SameBytes(rstd::Bytes(buffer, *tail), AsBytes("file")));
  checks.Expect("seek before the start", StatusOf(file.Seek(-1, Whence::kSet)),
                Status::kInvalidArgument);
  Result<FileInfo> info = rae::Stat("/vfs_ops/a.txt");
  checks.Check("stat a.txt", info.ok() && info->type == NodeType::kFile && info->size == 11 &&
                                 info->mode == 0640 && info->link_count == 1);
  Result<FileInfo> fstat = file.Stat();
  checks.Check("fstat agrees", fstat.ok() && info.ok() && fstat->inode == info->inode);
  checks.Expect("close", file.Close(), Status::kOk);
  // A closed file: every call says so.
  checks.Expect("read a closed file",
                StatusOf(file.Read(rstd::Span<uint8_t>(buffer, sizeof(buffer)))),
                Status::kBadHandle);
  checks.Expect("close twice", file.Close(), Status::kBadHandle);

  Result<File> appender = File::Open("/vfs_ops/a.txt", OpenFlags::kWrite | OpenFlags::kAppend);
  checks.Expect("open for append", StatusOf(appender), Status::kOk);
  if (appender.ok()) {
    checks.Expect("append", StatusOf(appender->Write(rstd::StringView("!"))), Status::kOk);
    checks.Expect("truncate to 5", StatusOf(appender->Truncate(5)), Status::kOk);
  }
  Result<File> reader = File::Open("/vfs_ops/a.txt", OpenFlags::kRead);
  checks.Expect("open for read", StatusOf(reader), Status::kOk);
  if (reader.ok()) {
    Result<size_t> cut = reader->Read(rstd::Span<uint8_t>(buffer, sizeof(buffer)));
    checks.Check("truncated contents",
                 cut.ok() && SameBytes(rstd::Bytes(buffer, *cut), AsBytes("hello")));
    checks.Expect("write without write access", StatusOf(reader->Write(rstd::StringView("x"))),
                  Status::kAccessDenied);
  }
}

// Names in `path`, in order, joined with ',' into `out`; false on an error.
bool ListNames(rstd::StringView path, char* out, size_t capacity, size_t* size) {
  Result<rae::DirectoryReader> dir = rae::ReadDir(path);
  if (!dir.ok()) return false;
  *size = 0;
  DirEntry entry;
  for (;;) {
    Result<bool> more = dir->Next(&entry);
    if (!more.ok()) return false;
    if (!*more) return true;
    const rstd::StringView name = entry.name();
    if (*size + name.size() + 1 > capacity) return false;
    if (*size != 0) out[(*size)++] = ',';
    for (char c : name) out[(*size)++] = c;
  }
}

void CheckDirectories() {
  checks.Expect("mkdir sub", rae::MakeDirectory("/vfs_ops/sub"), Status::kOk);
  checks.Expect("mkdir sub again", rae::MakeDirectory("/vfs_ops/sub"), Status::kAlreadyExists);
  char names[256];
  size_t size = 0;
  const bool listed = ListNames("/vfs_ops", names, sizeof(names), &size);
  checks.Check("read_dir lists a.txt,sub", listed && rstd::StringView(names, size) == "a.txt,sub");
  if (listed && rstd::StringView(names, size) != "a.txt,sub") {
    Print("vfs_ops: /vfs_ops lists '{}'", rstd::StringView(names, size));
  }
  Result<rae::DirectoryReader> dir = rae::ReadDir("/vfs_ops");
  DirEntry entry;
  checks.Check("first entry is a file",
               dir.ok() && dir->Next(&entry).value_or(false) && entry.type == NodeType::kFile);
  checks.Check("second entry is a directory",
               dir.ok() && dir->Next(&entry).value_or(false) && entry.type == NodeType::kDirectory);
  checks.Expect("rename into sub", rae::Rename("/vfs_ops/a.txt", "/vfs_ops/sub/b.txt"),
                Status::kOk);
  checks.Expect("old name is gone", StatusOf(rae::Stat("/vfs_ops/a.txt")), Status::kNotFound);
  Result<FileInfo> moved = rae::Stat("/vfs_ops/sub/b.txt");
  checks.Check("new name has the data", moved.ok() && moved->size == 5);
  checks.Expect("rmdir a non-empty directory", rae::RemoveDirectory("/vfs_ops/sub"),
                Status::kBadState);
  checks.Expect("unlink a directory", rae::Unlink("/vfs_ops/sub"), Status::kWrongType);
  checks.Expect("rmdir a file", rae::RemoveDirectory("/vfs_ops/sub/b.txt"), Status::kWrongType);
}

void CheckSymlinks() {
  checks.Expect("symlink through ..", rae::MakeSymlink("sub/../sub/b.txt", "/vfs_ops/link"),
                Status::kOk);
  char target[64];
  Result<size_t> length = rae::ReadLink("/vfs_ops/link", rstd::Span<char>(target, 64));
  checks.Check("readlink", length.ok() && rstd::StringView(target, *length) == "sub/../sub/b.txt");
  checks.Expect("readlink into a small buffer",
                StatusOf(rae::ReadLink("/vfs_ops/link", rstd::Span<char>(target, 3))),
                Status::kBufferTooSmall);
  Result<FileInfo> link = rae::StatLink("/vfs_ops/link");
  checks.Check("lstat sees the symlink", link.ok() && link->type == NodeType::kSymlink);
  uint8_t buffer[16];
  Result<File> through = File::Open("/vfs_ops/link", OpenFlags::kRead);
  Result<size_t> read = through.ok() ? through->Read(rstd::Span<uint8_t>(buffer, 16))
                                     : Result<size_t>(raeen::Error(through.status()));
  checks.Check("read through the symlink",
               read.ok() && SameBytes(rstd::Bytes(buffer, *read), AsBytes("hello")));
  checks.Expect("symlink loop a", rae::MakeSymlink("loop-b", "/vfs_ops/loop-a"), Status::kOk);
  checks.Expect("symlink loop b", rae::MakeSymlink("loop-a", "/vfs_ops/loop-b"), Status::kOk);
  checks.Expect("open a symlink loop", StatusOf(File::Open("/vfs_ops/loop-a", OpenFlags::kRead)),
                Status::kOutOfRange);
  checks.Expect("readlink of a file",
                StatusOf(rae::ReadLink("/vfs_ops/sub/b.txt", rstd::Span<char>(target, 64))),
                Status::kWrongType);
}

uint8_t Pattern(size_t offset) {
  return static_cast<uint8_t>((offset * 2654435761u) >> 13);
}

// FNV-1a.
uint64_t Checksum(uint64_t hash, rstd::Bytes bytes) {
  for (uint8_t byte : bytes) hash = (hash ^ byte) * 1099511628211ull;
  return hash;
}

void CheckLargeTransfer() {
  Result<File> big = File::Open("/vfs_ops/big", kReadWrite | OpenFlags::kCreate);
  checks.Expect("create big", StatusOf(big), Status::kOk);
  if (!big.ok()) return;
  uint64_t written_sum = 14695981039346656037ull;
  bool wrote_all = true;
  for (size_t offset = 0; offset < kBigFile; offset += kPiece) {
    for (size_t i = 0; i < kPiece; ++i) g_piece[i] = Pattern(offset + i);
    written_sum = Checksum(written_sum, rstd::Bytes(g_piece, kPiece));
    Result<size_t> wrote = big->Write(rstd::Bytes(g_piece, kPiece));
    wrote_all = wrote_all && wrote.ok() && *wrote == kPiece;
  }
  checks.Check("write 1 MiB in 64 KiB pieces", wrote_all);
  Result<FileInfo> info = big->Stat();
  checks.Check("size 1 MiB", info.ok() && info->size == kBigFile);
  checks.Check("seek to 0", big->Seek(0).value_or(1) == 0);
  uint64_t read_sum = 14695981039346656037ull;
  size_t total = 0;
  bool pattern_held = true;
  for (;;) {
    Result<size_t> read = big->Read(rstd::Span<uint8_t>(g_piece, kPiece));
    if (!read.ok() || *read == 0) {
      checks.Expect("read 1 MiB", StatusOf(read), Status::kOk);
      break;
    }
    for (size_t i = 0; i < *read; ++i) pattern_held &= g_piece[i] == Pattern(total + i);
    read_sum = Checksum(read_sum, rstd::Bytes(g_piece, *read));
    total += *read;
  }
  checks.Check("read back 1 MiB", total == kBigFile);
  checks.Check("checksum matches", read_sum == written_sum && pattern_held);
  Print("vfs_ops: 1 MiB written and read back, checksum {:x}", read_sum);
}

void CheckUnlinkedFileStaysOpen() {
  Result<File> file = File::Open("/vfs_ops/sub/b.txt", OpenFlags::kRead);
  checks.Expect("open b.txt", StatusOf(file), Status::kOk);
  checks.Expect("unlink it", rae::Unlink("/vfs_ops/sub/b.txt"), Status::kOk);
  checks.Expect("its name is gone", StatusOf(rae::Stat("/vfs_ops/sub/b.txt")), Status::kNotFound);
  uint8_t buffer[16];
  Result<size_t> read = file.ok() ? file->Read(rstd::Span<uint8_t>(buffer, 16))
                                  : Result<size_t>(raeen::Error(file.status()));
  checks.Check("still readable while open",
               read.ok() && SameBytes(rstd::Bytes(buffer, *read), AsBytes("hello")));
  checks.Expect("rmdir the emptied directory", rae::RemoveDirectory("/vfs_ops/sub"), Status::kOk);
}

void CheckErrors() {
  checks.Expect("open a missing path", StatusOf(File::Open("/vfs_ops/missing", OpenFlags::kRead)),
                Status::kNotFound);
  checks.Expect("a file as a directory", StatusOf(File::Open("/vfs_ops/big/x", OpenFlags::kRead)),
                Status::kWrongType);
  checks.Expect("read_dir of a file", StatusOf(rae::ReadDir("/vfs_ops/big")), Status::kWrongType);
  char long_name[300];
  for (char& c : long_name) c = 'n';
  long_name[0] = '/';
  checks.Expect("a name too long",
                StatusOf(File::Open(rstd::StringView(long_name, 257),
                                    OpenFlags::kWrite | OpenFlags::kCreate)),
                Status::kOutOfRange);
  checks.Expect("write a directory", StatusOf(File::Open("/vfs_ops", OpenFlags::kWrite)),
                Status::kWrongType);
  checks.Expect("unlink a missing path", rae::Unlink("/vfs_ops/missing"), Status::kNotFound);
}

void CheckOpenFileLimit() {
  // Every earlier check has closed its files (File closes on destruction), so the whole
  // per-connection limit is free: exactly 64 open, the 65th fails, closing one makes room.
  File files[80];
  size_t opened = 0;
  Status last = Status::kOk;
  while (opened < 80) {
    Result<File> file = File::Open("/vfs_ops/big", OpenFlags::kRead);
    if (!file.ok()) {
      last = file.status();
      break;
    }
    files[opened++] = static_cast<File&&>(*file);
  }
  checks.Expect("open files beyond the limit", last, Status::kQuotaExceeded);
  checks.Check("the limit is 64 per connection", opened == 64);
  if (opened != 64) Print("vfs_ops: {} files opened before the limit", opened);
  if (opened > 0) {
    checks.Expect("close one", files[0].Close(), Status::kOk);
    checks.Expect("room again", StatusOf(File::Open("/vfs_ops/big", OpenFlags::kRead)),
                  Status::kOk);
  }
  for (File& file : files) {
    if (file.is_open()) (void)file.Close();
  }
}

// vfsd restarted (svcmgr, at this program's request): a File of the old instance reports
// kPeerClosed, calls that name a path connect to the new instance by themselves, and the new
// instance serves the initrd again (its RAM file system starts over: /vfs_ops is gone).
void CheckRestart(rstd::Bytes archived_manifest) {
  Result<File> old = File::Open("/etc/services/vfsd.svc", OpenFlags::kRead);
  checks.Expect("open before the restart", StatusOf(old), Status::kOk);
  checks.Expect("restart vfsd", rae::RestartService("vfsd"), Status::kOk);
  // The old instance may answer a few more calls before it is gone.
  Status seen = Status::kOk;
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  const int64_t give_up = now + 10'000'000'000;
  while (now < give_up) {
    // kOk: the old instance answered; kPeerClosed: the file API gave up reconnecting while
    // svcmgr restarts vfsd (it says so in file.h); both are worth another try.
    seen = StatusOf(rae::Stat("/vfs_ops"));
    if (seen != Status::kOk && seen != Status::kPeerClosed) break;
    (void)sys::ThreadSleep(now + 10'000'000);
    (void)sys::ClockMonotonic(&now);
  }
  checks.Expect("a path call reaches the new vfsd", seen, Status::kNotFound);
  uint8_t buffer[16];
  if (old.ok()) {
    checks.Expect("a file of the old vfsd", StatusOf(old->Read(rstd::Span<uint8_t>(buffer, 16))),
                  Status::kPeerClosed);
  }
  const size_t read = ReadWhole("open after the restart", "/etc/services/vfsd.svc");
  checks.Check("the new vfsd serves the initrd",
               SameBytes(rstd::Bytes(g_whole, read), archived_manifest));
}

}  // namespace

int main() {
  checks.Expect("mkdir /vfs_ops", rae::MakeDirectory("/vfs_ops"), Status::kOk);
  CheckInitrdFiles();
  CheckReadWriteSeek();
  CheckDirectories();
  CheckSymlinks();
  CheckLargeTransfer();
  CheckUnlinkedFileStaysOpen();
  CheckErrors();
  CheckOpenFileLimit();
  checks.Expect("unlink big", rae::Unlink("/vfs_ops/big"), Status::kOk);
  CheckRestart(g_manifest);
  return checks.Finish();
}
