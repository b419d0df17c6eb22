// logd: the log service (services/contracts/log.ridl). It copies the kernel log's records
// (log_read, through the kernel-log resource svcmgr grants) into a larger ring of its own
// every 50 ms and whenever a client asks, appends what services write, and answers readers
// (libs/rae/log.h). The logic is LogService (log_service.h); this file is the plumbing: the
// syscall behind KernelLogReader, the server loop and the pull deadline.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/server.h"
#include "libs/rae/service.h"
#include "libs/rstd/utility.h"
#include "services/logd/log_service.h"
#include "services/logd/log_store.h"

using raeen::Result;
using raeen::Status;
using raeen::logd::KernelLogReader;
using raeen::logd::LogService;
using raeen::logd::LogStore;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;

namespace {

// Bytes of record storage: four times the kernel's ring, so the log reaches further back.
constexpr size_t kStoreSize = 256 * 1024;
// How often the kernel log is copied when nobody asks. Its ring holds roughly a thousand
// lines, so a burst has to be very large to overwrite records between two pulls.
constexpr int64_t kPullPeriodNs = 50'000'000;

uint8_t g_store_bytes[kStoreSize];

uint64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return static_cast<uint64_t>(now);
}

class SyscallKernelLog final : public KernelLogReader {
 public:
  explicit SyscallKernelLog(sys::Handle resource) : resource_(resource) {}

  Result<Record> Read(uint64_t sequence, rstd::Span<char> text_buffer) override {
    Record record{};
    const Status read =
        sys::LogRead(resource_, sequence, &record.header, text_buffer.data(), text_buffer.size());
    if (read == Status::kBufferTooSmall) {
      // The contract bounds kernel texts by the buffer's size, so this is a kernel that grew
      // longer records: keep their place in the sequence rather than stall on them.
      record.text = rstd::FormatTo(text_buffer.data(), text_buffer.size(),
                                   "(a kernel record of {} bytes, too long for logd)",
                                   record.header.text_size);
      return record;
    }
    if (read != Status::kOk) return raeen::Error(read);
    // The kernel wrote at most the buffer's size; the bound keeps the view inside it anyway.
    record.text = rstd::StringView(text_buffer.data(),
                                   rstd::Min<size_t>(record.header.text_size, text_buffer.size()));
    return record;
  }

 private:
  sys::Handle resource_;
};

class LogServer final : public raeen::rae::Server {
 public:
  explicit LogServer(LogService& service) : service_(service) {}

  void OnRequest(sys::Handle client, rstd::Bytes request,
                 rstd::Span<const sys::HandleInfo> handles) override {
    uint8_t reply[LogService::kMaxReplyBytes];
    Result<size_t> size =
        service_.Handle(request, handles, rstd::Span<uint8_t>(reply), IsReader(client));
    // No message of the protocol carries handles: whatever came along is dropped.
    for (const sys::HandleInfo& handle : handles) (void)sys::HandleClose(handle.handle);
    if (!size.ok()) return;  // not a request (counted); a reply could not be addressed
    // A client that went away or stopped reading loses its reply, nothing else.
    (void)sys::ChannelWrite(client, reply, *size, nullptr, 0);
  }

  // Readers are the clients that connected as "log-reader".
  void OnClientConnected(sys::Handle client, rstd::StringView name) override {
    if (name != "log-reader") return;
    for (sys::Handle& slot : readers_) {
      if (slot != sys::kInvalidHandle) continue;
      slot = client;
      return;
    }
  }

  void OnClientClosed(sys::Handle client) override {
    for (sys::Handle& slot : readers_) {
      if (slot == client) slot = sys::kInvalidHandle;
    }
  }

  int64_t NextDeadline() override { return next_pull_ns_; }

  void OnDeadline() override {
    Pull();
    next_pull_ns_ = static_cast<int64_t>(Now()) + kPullPeriodNs;
  }

  void Pull() {
    Result<size_t> pulled = service_.PullKernel();
    if (!pulled.ok() && !pull_failed_) {
      // Said once: the same error would come every 50 ms.
      Print("logd: log_read failed: {}; kernel records stop here", pulled.status());
      pull_failed_ = true;
    }
  }

 private:
  bool IsReader(sys::Handle client) const {
    for (sys::Handle slot : readers_) {
      if (slot == client) return true;
    }
    return false;
  }

  LogService& service_;
  sys::Handle readers_[raeen::rae::kMaxClients] = {};
  int64_t next_pull_ns_ = 0;
  bool pull_failed_ = false;
};

}  // namespace

int main() {
  Result<raeen::rae::ServiceInfo> info = raeen::rae::StartInfo();
  if (!info.ok()) return 1;
  static LogStore store(rstd::Span<uint8_t>(g_store_bytes, sizeof(g_store_bytes)));
  Result<sys::Handle> kernel_log = raeen::rae::TakeCapability("kernel-log");
  if (!kernel_log.ok()) {
    // Still useful for what services write; the missing grant is a manifest bug.
    Print("logd: no kernel-log grant ({}); serving service records only", kernel_log.status());
  }
  static SyscallKernelLog kernel(kernel_log.ok() ? *kernel_log : sys::kInvalidHandle);
  static LogService service(store, kernel_log.ok() ? &kernel : nullptr, &Now);
  static LogServer server(service);
  server.Pull();
  Print("logd: serving {}, {} kernel records copied", info->name, service.kernel_records());
  const Status served = raeen::rae::Serve(server);
  Print("logd: serve ended: {}", served);
  return served == Status::kOk ? 0 : 2;
}
