#include "apps/shell/rae_system.h"

#include "libs/rae/file.h"
#include "libs/rae/log.h"
#include "libs/rae/service.h"

namespace raeen::shell {

Result<FileStatus> RaeSystem::Stat(rstd::StringView path) {
  RAEEN_TRY(rae::FileInfo info, rae::Stat(path));
  return FileStatus{info.type == rae::NodeType::kDirectory, info.size};
}

Status RaeSystem::ListDirectory(rstd::StringView path, DirectoryVisitor& visitor) {
  Result<rae::DirectoryReader> reader = rae::ReadDir(path);
  if (!reader.ok()) return reader.status();
  rae::DirEntry entry;
  for (;;) {
    Result<bool> more = reader->Next(&entry);
    if (!more.ok()) return more.status();
    if (!*more) break;
    visitor.Entry({entry.name(), entry.type == rae::NodeType::kDirectory, 0});
  }
  return Status::kOk;
}

Status RaeSystem::ReadFile(rstd::StringView path, rstd::Writer& out) {
  Result<rae::File> file = rae::File::Open(path, rae::OpenFlags::kRead);
  if (!file.ok()) return file.status();
  uint8_t buffer[rae::kInlineTransferBytes];
  for (;;) {
    Result<size_t> read = file->Read(rstd::Span<uint8_t>(buffer, sizeof(buffer)));
    if (!read.ok()) return read.status();
    if (*read == 0) return Status::kOk;
    out.Write(rstd::StringView(reinterpret_cast<const char*>(buffer), *read));
  }
}

Status RaeSystem::MakeDirectory(rstd::StringView path) {
  return rae::MakeDirectory(path);
}

Status RaeSystem::RemoveFile(rstd::StringView path) {
  return rae::Unlink(path);
}

Status RaeSystem::RemoveDirectory(rstd::StringView path) {
  return rae::RemoveDirectory(path);
}

Status RaeSystem::Rename(rstd::StringView from, rstd::StringView to) {
  return rae::Rename(from, to);
}

Result<TaskInfo> RaeSystem::TaskAt(uint32_t index) {
  RAEEN_TRY(rae::TaskEntry entry, rae::TaskAt(index));
  TaskInfo task;
  for (size_t i = 0; i + 1 < sizeof(task.name) && entry.name[i] != '\0'; ++i) {
    task.name[i] = entry.name[i];
  }
  task.pid = entry.pid;
  task.service = entry.service;
  switch (entry.state) {
    case rae::TaskState::kRunning: task.state = TaskState::kRunning; break;
    case rae::TaskState::kRestarting: task.state = TaskState::kRestarting; break;
    case rae::TaskState::kStopped: task.state = TaskState::kStopped; break;
  }
  task.cpu_ns = entry.cpu_ns;
  task.memory_bytes = entry.memory_bytes;
  task.restarts = entry.restarts;
  task.exit_code = entry.exit_code;
  return task;
}

Status RaeSystem::RestartService(rstd::StringView name) {
  return rae::RestartService(name);
}

Status RaeSystem::KillTask(uint64_t pid) {
  return rae::KillTask(pid);
}

Result<MemoryInfo> RaeSystem::Memory() {
  RAEEN_TRY(rae::SystemMemory memory, rae::QuerySystemMemory());
  return MemoryInfo{memory.total_bytes, memory.free_bytes};
}

Status RaeSystem::ReadLog(LogVisitor& visitor) {
  for (uint64_t next = 0;;) {
    Result<rae::LogRecord> record = rae::ReadLogRecord(next);
    if (record.status() == Status::kNotFound) return Status::kOk;  // up to date
    if (!record.ok()) return record.status();
    visitor.Line({record->time_ns, record->source(), record->text()});
    next = record->sequence + 1;
  }
}

int64_t RaeSystem::NowNs() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

void RaeSystem::Sleep(int64_t ns) {
  (void)sys::ThreadSleep(NowNs() + ns);
}

}  // namespace raeen::shell
