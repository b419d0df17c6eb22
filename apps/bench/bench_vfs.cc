// vfs.read: file read throughput from vfsd's RAM file system through the file API
// (libs/rae/file.h) and the vfs protocol. Started by svcmgr (`./rae bench`'s services boot,
// etc/services/bench_vfs.svc), it writes an 8 MiB file through vfsd, then reads it
//   - in 4 KiB pieces, inline in the messages: `vfs.read_4k_inline` (ns per read, as a
//     distribution) and `vfs.read_inline` (MB/s);
//   - in 256 KiB pieces through the shared buffer: `vfs.read_shared` (MB/s);
// next to `vfs.write_shared` (MB/s, the 8 MiB written in 256 KiB pieces). `vfs.handle_4k_read`
// (ns) is the server's share of one 4 KiB read: vfsd's request handling (VfsServer over a
// Ramfs of its own) called in this thread, without IPC.

#include "apps/bench/user_timing.h"
#include "libs/rae/file.h"
#include "libs/rae/main.h"
#include "libs/rstd/placement_new.h"
#include "services/vfsd/ramfs.h"
#include "services/vfsd/syscall_platform.h"
#include "services/vfsd/vfs_server.h"

using raeen::Result;
using raeen::Status;
using raeen::StatusName;
using raeen::rae::File;
using raeen::rae::OpenFlags;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;
namespace vfsd = raeen::vfsd;

namespace {

constexpr uint64_t kFileSize = 8ull << 20;
constexpr size_t kSmallRead = 4096;
constexpr size_t kLargeRead = raeen::rae::kSharedBufferBytes;
constexpr int kSharedPasses = 8;
constexpr size_t kSmallReads = kFileSize / kSmallRead;
// The client id the in-process server knows the measuring loop by.
constexpr uint32_t kClient = 1;

vfsd::VfsServer* g_server = nullptr;
uint8_t g_piece[kLargeRead];
uint64_t g_samples[2 * kSmallReads];
alignas(vfsd::VfsServer) uint8_t g_server_storage[sizeof(vfsd::VfsServer)];
alignas(vfsd::SyscallPlatform) uint8_t g_platform_storage[sizeof(vfsd::SyscallPlatform)];

void PrintRate(const char* metric, uint64_t bytes, int64_t ns) {
  const uint64_t mb_per_s = ns > 0 ? bytes * 1000 / static_cast<uint64_t>(ns) : 0;
  Print("@bench {} MB/s {}", metric, mb_per_s);
}

// Times kSmallReads 4 KiB read requests handled by an in-process VfsServer over a Ramfs
// holding an 8 MiB file: the server's work alone.
bool HandleReads(uint64_t* samples) {
  Result<vfsd::Ramfs> fs = vfsd::Ramfs::Create(0755, 0);
  if (!fs.ok()) return false;
  Result<vfsd::InodeId> inode = fs->CreateFileAt("/bench", 0644, 0);
  if (!inode.ok() || !fs->Truncate(*inode, kFileSize, 0).ok()) return false;
  auto* platform = new (g_platform_storage) vfsd::SyscallPlatform();
  g_server = new (g_server_storage) vfsd::VfsServer(&*fs, platform);
  namespace vfs = raeen::protocol::vfs;
  static uint8_t request[vfs::OpenRequest::kMaxBytes];
  static uint8_t reply[vfsd::kMaxReplyBytes];
  Result<raeen::ridl::Encoded> encoded =
      vfs::Encode(vfs::OpenRequest{"/bench", OpenFlags::kRead, 0}, 1,
                  rstd::Span<uint8_t>(request), rstd::Span<uint32_t>());
  if (!encoded.ok()) return false;
  size_t size = g_server->HandleRequest(kClient, rstd::Bytes(request, encoded->bytes), {},
                                        rstd::Span<uint8_t>(reply));
  Result<vfs::OpenReply> opened = vfs::DecodeOpenReply(rstd::Bytes(reply, size), {});
  if (!opened.ok() || opened->status != 0) return false;
  Result<raeen::ridl::Encoded> read =
      vfs::Encode(vfs::ReadRequest{opened->file, kSmallRead}, 2, rstd::Span<uint8_t>(request),
                  rstd::Span<uint32_t>());
  if (!read.ok()) return false;
  for (size_t i = 0; i < kSmallReads; ++i) {
    const uint64_t start = raeen::apps::Tsc();
    size = g_server->HandleRequest(kClient, rstd::Bytes(request, read->bytes), {},
                                   rstd::Span<uint8_t>(reply));
    samples[i] = raeen::apps::Tsc() - start;
    if (size < kSmallRead) return false;
  }
  return true;
}

// Reads the whole file in `piece`-byte reads; false on an error or a short file.
bool ReadAll(File& file, size_t piece, uint64_t* samples) {
  if (!file.Seek(0).ok()) return false;
  uint64_t total = 0;
  for (size_t i = 0; total < kFileSize; ++i) {
    const uint64_t start = raeen::apps::Tsc();
    Result<size_t> read = file.Read(rstd::Span<uint8_t>(g_piece, piece));
    if (samples != nullptr) samples[i] = raeen::apps::Tsc() - start;
    if (!read.ok() || *read != piece) {
      Print("bench_vfs: read at {}: {}", total, read.ok() ? "short" : StatusName(read.status()));
      return false;
    }
    total += *read;
  }
  return true;
}

}  // namespace

int main() {
  Result<File> file =
      File::Open("/bench_vfs", OpenFlags::kRead | OpenFlags::kWrite | OpenFlags::kCreate);
  if (!file.ok()) {
    Print("bench_vfs: create: {}", StatusName(file.status()));
    return 4;
  }
  // The whole size first, so that the file's storage does not grow while it is written.
  if (!file->Truncate(kFileSize).ok()) return 5;
  for (size_t i = 0; i < kLargeRead; ++i) g_piece[i] = static_cast<uint8_t>(i * 131);
  int64_t start = raeen::apps::MonotonicNs();
  for (uint64_t written = 0; written < kFileSize; written += kLargeRead) {
    Result<size_t> wrote = file->Write(rstd::Bytes(g_piece, kLargeRead));
    if (!wrote.ok()) {
      Print("bench_vfs: write: {}", StatusName(wrote.status()));
      return 6;
    }
  }
  PrintRate("vfs.write_shared", kFileSize, raeen::apps::MonotonicNs() - start);

  raeen::apps::TscToNs clock;
  // The server's own share of a 4 KiB read: the request handled in this thread, no IPC.
  if (!HandleReads(g_samples)) return 7;
  start = raeen::apps::MonotonicNs();
  if (!ReadAll(*file, kSmallRead, g_samples + kSmallReads)) return 7;
  PrintRate("vfs.read_inline", kFileSize, raeen::apps::MonotonicNs() - start);
  clock.Finish();
  raeen::apps::PrintDistribution("vfs.handle_4k_read", clock, g_samples, kSmallReads);
  raeen::apps::PrintDistribution("vfs.read_4k_inline", clock, g_samples + kSmallReads, kSmallReads);

  start = raeen::apps::MonotonicNs();
  for (int pass = 0; pass < kSharedPasses; ++pass) {
    if (!ReadAll(*file, kLargeRead, nullptr)) return 8;
  }
  PrintRate("vfs.read_shared", kFileSize * kSharedPasses, raeen::apps::MonotonicNs() - start);
  (void)file->Close();
  return raeen::rae::Unlink("/bench_vfs") == Status::kOk ? 0 : 9;
}
