// The hooks libs/c needs (libs/c/platform.h), on RaeenOS's syscalls. Output goes to the
// kernel log through debug_write until a console service exists.

#include <stddef.h>
#include <stdint.h>

#include "libs/c/platform.h"
#include "libs/rae/runtime.h"

namespace {
int process_errno = 0;  // one thread uses libs/c per process for now (platform.h allows it)
}  // namespace

extern "C" {

long RaeenPlatformWrite(int fd, const void* bytes, size_t n) {
  if (fd != 1 && fd != 2) return -9;  // EBADF
  // debug_write takes at most 4096 bytes at a time; the stream retries the rest.
  const size_t chunk = n < 4096 ? n : 4096;
  return raeen::sys::DebugWrite(bytes, chunk) == raeen::Status::kOk ? static_cast<long>(chunk)
                                                                    : -5;  // EIO
}

void* RaeenPlatformMorePages(size_t bytes) {
  raeen::sys::Handle memory = 0;
  if (raeen::sys::MemoryCreate(bytes, 0, &memory) != raeen::Status::kOk) return nullptr;
  uint64_t address = 0;
  const raeen::Status mapped =
      raeen::sys::VmMap(raeen::rae::SelfAddressSpace(), memory, 0, bytes,
                        raeen::sys::VmPerms::kRead | raeen::sys::VmPerms::kWrite, &address);
  (void)raeen::sys::HandleClose(memory);  // the mapping keeps it
  return mapped == raeen::Status::kOk ? reinterpret_cast<void*>(address) : nullptr;
}

void RaeenPlatformFreePages(void* pages, size_t bytes) {
  (void)raeen::sys::VmUnmap(raeen::rae::SelfAddressSpace(), reinterpret_cast<uint64_t>(pages),
                            bytes);
}

uint64_t RaeenPlatformMonotonicNs(void) {
  int64_t now = 0;
  (void)raeen::sys::ClockMonotonic(&now);
  return static_cast<uint64_t>(now);
}

void RaeenPlatformSleepUntilNs(uint64_t deadline_ns) {
  (void)raeen::sys::ThreadSleep(static_cast<int64_t>(deadline_ns));
}

void RaeenPlatformExit(int code) { raeen::sys::ProcessExit(code); }

void RaeenPlatformAbort(const char* reason) {
  raeen::rae::Print("abort: {}", reason != nullptr ? reason : "(no reason)");
  raeen::sys::ProcessExit(134);  // 128 + SIGABRT, as shells expect
}

int* RaeenPlatformErrnoLocation(void) { return &process_errno; }

}  // extern "C"
