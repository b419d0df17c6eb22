// vfsd: the VFS server (services/contracts/vfs.ridl). At start it fills a RAM file system with
// the initrd (the `initrd` capability svcmgr grants), then serves it to every client svcmgr
// connects. The request handling is VfsServer (vfs_server.h), the syscalls it needs are
// SyscallPlatform (syscall_platform.h); this file is the start-up and the server loop.

#include "libs/rae/main.h"

#include "libs/rae/initrd.h"
#include "libs/rae/runtime.h"
#include "libs/rae/server.h"
#include "libs/rae/service.h"
#include "libs/rstd/placement_new.h"
#include "services/vfsd/initrd_import.h"
#include "services/vfsd/ramfs.h"
#include "services/vfsd/syscall_platform.h"
#include "services/vfsd/vfs_server.h"

using raeen::Result;
using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;
namespace vfsd = raeen::vfsd;

namespace {

constexpr uint64_t kPageSize = 4096;

class VfsdServer final : public raeen::rae::Server {
 public:
  explicit VfsdServer(vfsd::VfsServer& server) : server_(server) {}

  void OnRequest(sys::Handle client, rstd::Bytes request,
                 rstd::Span<const sys::HandleInfo> handles) override {
    const size_t size =
        server_.HandleRequest(client, request, handles, rstd::Span<uint8_t>(reply_));
    // A client that went away or stopped reading loses its reply, nothing else.
    if (size != 0) (void)sys::ChannelWrite(client, reply_, size, nullptr, 0);
  }

  void OnClientClosed(sys::Handle client) override { server_.CloseClient(client); }

 private:
  vfsd::VfsServer& server_;
  uint8_t reply_[vfsd::kMaxReplyBytes];
};

// Maps the initrd and imports it; prints what it found. An initrd that cannot be read leaves
// the file system with what was imported before the failure (ImportInitrd is consistent).
void ImportBootInitrd(vfsd::Ramfs& fs, vfsd::SyscallPlatform& platform) {
  const uint64_t start = platform.NowNs();
  Result<sys::Handle> initrd = raeen::rae::TakeCapability("initrd");
  if (!initrd.ok()) {
    Print("vfsd: no initrd capability ({}); serving an empty root", StatusName(initrd.status()));
    return;
  }
  // Memory objects are whole pages; the archive's end is marked inside it (zero blocks).
  uint64_t size = 0;
  const Status status = sys::MemoryGetSize(*initrd, &size);
  size = (size + kPageSize - 1) & ~(kPageSize - 1);
  Result<rstd::Bytes> archive = status == Status::kOk ? raeen::rae::MapReadOnly(*initrd, size)
                                                      : Result<rstd::Bytes>(raeen::Error(status));
  if (!archive.ok()) {
    (void)sys::HandleClose(*initrd);
    Print("vfsd: cannot map the initrd ({}); serving an empty root", StatusName(archive.status()));
    return;
  }
  vfsd::InitrdImportStats stats;
  const Result<void> imported = vfsd::ImportInitrd(&fs, *archive, &stats);
  // The files are copies: the archive is not needed any more.
  (void)sys::VmUnmap(raeen::rae::SelfAddressSpace(), reinterpret_cast<uint64_t>(archive->data()),
                     size);
  (void)sys::HandleClose(*initrd);
  const uint64_t micros = (platform.NowNs() - start) / 1000;
  if (!imported.ok()) {
    Print("vfsd: initrd import failed at offset {}: {}", stats.error_offset,
          StatusName(imported.status()));
  }
  Print("vfsd: imported the initrd: {} files, {} directories, {} symlinks, {} bytes in {} us",
        stats.files, stats.directories, stats.symlinks, fs.total_bytes(), micros);
}

alignas(vfsd::VfsServer) uint8_t g_server_storage[sizeof(vfsd::VfsServer)];
alignas(VfsdServer) uint8_t g_loop_storage[sizeof(VfsdServer)];

}  // namespace

int main() {
  vfsd::SyscallPlatform platform;
  Result<vfsd::Ramfs> fs = vfsd::Ramfs::Create(0755, platform.NowNs());
  if (!fs.ok()) {
    Print("vfsd: cannot make the root: {}", StatusName(fs.status()));
    return 1;
  }
  ImportBootInitrd(*fs, platform);
  // The server and its loop hold 16 KiB buffers each: static storage, not the stack.
  auto* server = new (g_server_storage) vfsd::VfsServer(&*fs, &platform);
  auto* loop = new (g_loop_storage) VfsdServer(*server);
  const Status served = raeen::rae::Serve(*loop);
  Print("vfsd: serving ended: {}", StatusName(served));
  return served == Status::kOk ? 0 : 2;
}
