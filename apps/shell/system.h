#pragma once
// What the shell's commands need from the system, as one interface: the program implements
// it with the same file, service and log APIs any program uses (rae_system.h); the host
// tests with an in-memory fake. Paths given here are absolute and normalised
// (shell_path.h).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/format.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

struct FileStatus {
  bool directory = false;
  uint64_t size = 0;
};

struct DirectoryEntry {
  rstd::StringView name;
  bool directory = false;
  uint64_t size = 0;
};

class DirectoryVisitor {
 public:
  virtual void Entry(const DirectoryEntry& entry) = 0;

 protected:
  ~DirectoryVisitor() = default;
};

enum class TaskState : uint8_t { kRunning, kRestarting, kStopped };

struct TaskInfo {
  char name[33] = {};  // NUL-terminated
  uint64_t pid = 0;    // 0 while not running
  bool service = false;
  TaskState state = TaskState::kRunning;
  uint64_t cpu_ns = 0;
  uint64_t memory_bytes = 0;
  uint32_t restarts = 0;
  int32_t exit_code = 0;
};

struct MemoryInfo {
  uint64_t total_bytes = 0;
  uint64_t free_bytes = 0;
};

struct LogLine {
  uint64_t time_ns = 0;
  rstd::StringView source;  // "kernel", "logd", or a program's name
  rstd::StringView text;
};

class LogVisitor {
 public:
  virtual void Line(const LogLine& line) = 0;

 protected:
  ~LogVisitor() = default;
};

class System {
 public:
  // Files. Errors are the file service's (kNotFound, kAlreadyExists, kBadState for a
  // directory that is not empty, ...).
  virtual Result<FileStatus> Stat(rstd::StringView path) = 0;
  virtual Status ListDirectory(rstd::StringView path, DirectoryVisitor& visitor) = 0;
  // Writes the file's contents to `out`.
  virtual Status ReadFile(rstd::StringView path, rstd::Writer& out) = 0;
  virtual Status MakeDirectory(rstd::StringView path) = 0;
  virtual Status RemoveFile(rstd::StringView path) = 0;
  virtual Status RemoveDirectory(rstd::StringView path) = 0;
  virtual Status Rename(rstd::StringView from, rstd::StringView to) = 0;

  // svcmgr's programs: index 0 is svcmgr; kOutOfRange past the last.
  virtual Result<TaskInfo> TaskAt(uint32_t index) = 0;
  virtual Status RestartService(rstd::StringView name) = 0;
  virtual Status KillTask(uint64_t pid) = 0;
  virtual Result<MemoryInfo> Memory() = 0;

  // Every log record still kept, oldest first.
  virtual Status ReadLog(LogVisitor& visitor) = 0;

  // Monotonic nanoseconds since the kernel started.
  virtual int64_t NowNs() = 0;
  // Waits `ns` nanoseconds.
  virtual void Sleep(int64_t ns) = 0;

 protected:
  ~System() = default;
};

}  // namespace raeen::shell
