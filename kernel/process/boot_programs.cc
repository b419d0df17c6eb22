#include "kernel/process/boot_programs.h"

#include "kernel/boot/initrd.h"
#include "kernel/log/log.h"
#include "kernel/process/program_loader.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

// A test program that has not ended by then is reported and left running.
constexpr uint64_t kProgramTimeoutNs = 60'000'000'000;

rstd::StringView EndName(ProcessEnd end) {
  switch (end) {
    case ProcessEnd::kRunning: return "running";
    case ProcessEnd::kExited: return "exited";
    case ProcessEnd::kFaulted: return "faulted";
    case ProcessEnd::kKilled: return "killed";
  }
  return "?";
}

}  // namespace

bool RunProgramAndWait(rstd::StringView path) {
  Result<rstd::Bytes> file = FindInitrdFile(path);
  if (!file.ok()) {
    LogError("run: {}: not in the initrd ({})", path, file.status());
    return false;
  }
  // The process is named after the file.
  rstd::StringView name = path;
  for (size_t i = path.size(); i > 0; --i) {
    if (path[i - 1] == '/') {
      name = path.substr(i);
      break;
    }
  }
  Result<SpawnedProgram> spawned = SpawnProgram(name, *file, ProcessLimits{}, 0, 0);
  if (!spawned.ok()) {
    LogError("run: {}: cannot start it ({})", path, spawned.status());
    return false;
  }
  Process& process = *spawned->process;
  if (!process.WaitForSignals(signals::kTerminated, MonotonicNanoseconds() + kProgramTimeoutNs)
           .ok()) {
    LogError("run: {} (pid {}) still running after {} s", path, process.id(),
             kProgramTimeoutNs / 1'000'000'000);
    return false;
  }
  LogInfo("run: {} (pid {}) {} with code {}", path, process.id(), EndName(process.end()),
          process.exit_code());
  return process.end() == ProcessEnd::kExited && process.exit_code() == 0;
}

void RunBootPrograms(const CommandLine& command_line) {
  rstd::StringView list;
  if (!command_line.Get("run", &list)) return;
  while (!list.empty()) {
    size_t comma = 0;
    while (comma < list.size() && list[comma] != ',') ++comma;
    if (comma != 0) (void)RunProgramAndWait(list.substr(0, comma));
    list = comma < list.size() ? list.substr(comma + 1) : rstd::StringView();
  }
}

}  // namespace raeen::kernel
