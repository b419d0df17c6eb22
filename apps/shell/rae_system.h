#pragma once
// The shell's System on RaeenOS: files through libs/rae/file.h (vfsd), programs and memory
// through libs/rae/service.h (svcmgr), the log through libs/rae/log.h (logd), the clock
// through clock_monotonic. The same APIs any program uses.

#include "apps/shell/system.h"

namespace raeen::shell {

class RaeSystem final : public System {
 public:
  Result<FileStatus> Stat(rstd::StringView path) override;
  Status ListDirectory(rstd::StringView path, DirectoryVisitor& visitor) override;
  Status ReadFile(rstd::StringView path, rstd::Writer& out) override;
  Status MakeDirectory(rstd::StringView path) override;
  Status RemoveFile(rstd::StringView path) override;
  Status RemoveDirectory(rstd::StringView path) override;
  Status Rename(rstd::StringView from, rstd::StringView to) override;
  Result<TaskInfo> TaskAt(uint32_t index) override;
  Status RestartService(rstd::StringView name) override;
  Status KillTask(uint64_t pid) override;
  Result<MemoryInfo> Memory() override;
  Status ReadLog(LogVisitor& visitor) override;
  int64_t NowNs() override;
  void Sleep(int64_t ns) override;
};

}  // namespace raeen::shell
