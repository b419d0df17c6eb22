// vfs.read: file read throughput from a RAM file system through the file API
// (libs/rae/file.h) and the vfs protocol. The kernel runs benchmarks before svcmgr exists, so
// this program runs vfsd's request handling itself (VfsServer over a Ramfs) on a second
// thread, at the other end of the channel the file API uses: every read is a channel call
// answered by the server thread, as with vfsd. It writes an 8 MiB file, then reads it
//   - in 4 KiB pieces, inline in the messages: `vfs.read_4k_inline` (ns per read, as a
//     distribution) and `vfs.read_inline` (MB/s), with `vfs.handle_4k_read` (ns) the server's
//     share of one such read (the request handled in this thread, without IPC);
//   - in 256 KiB pieces through the shared buffer: `vfs.read_shared` (MB/s);
// next to `vfs.write_shared` (MB/s, the 8 MiB written in 256 KiB pieces).

#include "apps/bench/user_timing.h"
#include "libs/rae/channel.h"
#include "libs/rae/file.h"
#include "libs/rae/main.h"
#include "libs/rae/server.h"
#include "libs/rae/thread.h"
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
// The channel's server end stands for the one client vfsd would see.
constexpr uint32_t kClient = 1;

sys::Handle g_server_end = sys::kInvalidHandle;
vfsd::VfsServer* g_server = nullptr;
uint8_t g_request[raeen::rae::kMaxRequestBytes];
uint8_t g_reply[vfsd::kMaxReplyBytes];
uint8_t g_piece[kLargeRead];
uint64_t g_samples[2 * kSmallReads];
alignas(vfsd::VfsServer) uint8_t g_server_storage[sizeof(vfsd::VfsServer)];
alignas(vfsd::SyscallPlatform) uint8_t g_platform_storage[sizeof(vfsd::SyscallPlatform)];

// The server thread: vfsd's request handling without svcmgr, until the client end closes.
// It answers with channel_reply_and_wait, which switches straight to the next request.
void Serve(uint64_t) {
  sys::HandleInfo handles[raeen::rae::kMaxRequestHandles];
  sys::MessageSize size{};
  // The first round has no reply to send (an empty write sends nothing).
  sys::ChannelCallArgs args{reinterpret_cast<uint64_t>(g_reply),
                            0,
                            0,
                            0,
                            reinterpret_cast<uint64_t>(g_request),
                            sizeof(g_request),
                            reinterpret_cast<uint64_t>(handles),
                            raeen::rae::kMaxRequestHandles,
                            raeen::rae::kForever};
  for (;;) {
    if (sys::ChannelReplyAndWait(g_server_end, g_server_end, &args, &size) != Status::kOk) break;
    args.write_bytes_size = g_server->HandleRequest(
        kClient, rstd::Bytes(g_request, size.bytes),
        rstd::Span<const sys::HandleInfo>(handles, size.handles), rstd::Span<uint8_t>(g_reply));
  }
  g_server->CloseClient(kClient);
  sys::ThreadExit();
}

void PrintRate(const char* metric, uint64_t bytes, int64_t ns) {
  const uint64_t mb_per_s = ns > 0 ? bytes * 1000 / static_cast<uint64_t>(ns) : 0;
  Print("@bench {} MB/s {}", metric, mb_per_s);
}

// Hands kSmallReads 4 KiB read requests for `file` to the server directly (the server thread
// is blocked waiting for the channel meanwhile), timing each.
bool HandleReads(uint32_t file, uint64_t* samples) {
  uint8_t request[raeen::protocol::vfs::ReadRequest::kMaxBytes];
  Result<raeen::ridl::Encoded> encoded =
      raeen::protocol::vfs::Encode(raeen::protocol::vfs::ReadRequest{file, kSmallRead}, 1,
                                   rstd::Span<uint8_t>(request), rstd::Span<uint32_t>());
  if (!encoded.ok()) return false;
  static uint8_t reply[vfsd::kMaxReplyBytes];
  for (size_t i = 0; i < kSmallReads; ++i) {
    const uint64_t start = raeen::apps::Tsc();
    const size_t size = g_server->HandleRequest(kClient, rstd::Bytes(request, encoded->bytes), {},
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
  Result<vfsd::Ramfs> fs = vfsd::Ramfs::Create(0755, 0);
  if (!fs.ok()) return 1;
  auto* platform = new (g_platform_storage) vfsd::SyscallPlatform();
  g_server = new (g_server_storage) vfsd::VfsServer(&*fs, platform);
  sys::Handle client_end = sys::kInvalidHandle;
  if (sys::ChannelCreate(&g_server_end, &client_end) != Status::kOk) return 2;
  if (!raeen::rae::StartThread(&Serve, 0).ok()) return 3;
  raeen::rae::UseVfsChannel(client_end);

  Result<File> file =
      File::Open("/bench", OpenFlags::kRead | OpenFlags::kWrite | OpenFlags::kCreate);
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
  if (!file->Seek(0).ok()) return 7;
  if (!HandleReads(file->id(), g_samples)) return 7;
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
  return 0;
}
