// debug_write, clock_monotonic, process_exit, thread_exit, thread_sleep.

#include "kernel/log/log.h"
#include "kernel/syscall/syscall_support.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {
namespace {

// The contract's limit for one debug_write.
constexpr uint64_t kMaxDebugWrite = 4096;
// Copied and logged in pieces of this size, so the kernel stack stays small.
constexpr uint64_t kDebugChunk = 512;

void LogLine(const Process& process, rstd::StringView text) {
  LogInfo("[{}] {}", process.name(), text);
}

}  // namespace

// Logs the text one line at a time, named after the process. A line longer than a chunk is
// logged in chunk-sized pieces.
Status DebugWrite(UserBytesIn text) {
  if (text.count > kMaxDebugWrite) return Status::kOutOfRange;
  if (CheckUserRange(text.address, text.count) != Status::kOk) return Status::kInvalidArgument;
  Process& process = Caller();
  if (!process.may_debug_write()) return Status::kAccessDenied;
  char line[kDebugChunk];
  size_t line_size = 0;
  for (uint64_t done = 0; done < text.count;) {
    char chunk[kDebugChunk];
    const uint64_t size = rstd::Min(kDebugChunk, text.count - done);
    if (Status copied = CopyIn(chunk, text.address + done, size); copied != Status::kOk) {
      return copied;
    }
    for (uint64_t i = 0; i < size; ++i) {
      if (chunk[i] == '\n' || line_size == sizeof(line)) {
        LogLine(process, rstd::StringView(line, line_size));
        line_size = 0;
        if (chunk[i] == '\n') continue;
      }
      // No control characters reach the console from user space: an escape sequence could
      // rewrite what the log shows. UTF-8 (bytes from 0x80) passes.
      const auto byte = static_cast<uint8_t>(chunk[i]);
      line[line_size++] = (byte < 0x20 && byte != '\t') || byte == 0x7f ? '?' : chunk[i];
    }
    done += size;
  }
  if (line_size != 0) LogLine(process, rstd::StringView(line, line_size));
  return Status::kOk;
}

Status ClockMonotonic(UserOut<int64_t> now_ns) {
  return CopyOut(now_ns, static_cast<int64_t>(MonotonicNanoseconds()));
}

void ProcessExit(int32_t code) {
  Caller().Kill(kernel::ProcessEnd::kExited, code);
  Process::ExitCurrentThread();
}

void ThreadExit() { Process::ExitCurrentThread(); }

Status ThreadSleep(int64_t deadline_ns) {
  const uint64_t deadline = Deadline(deadline_ns);
  // In slices, so that a thread whose process is killed does not sleep on. One reading of
  // the clock per round: with two, the deadline could pass in between, and `deadline - now`
  // wrap around to a whole slice.
  for (uint64_t now = MonotonicNanoseconds(); now < deadline && !CallerIsEnding();
       now = MonotonicNanoseconds()) {
    SleepUntil(deadline - now > kKillCheckNs ? now + kKillCheckNs : deadline);
  }
  return Status::kOk;
}

}  // namespace raeen::kernel::sys
