#include "kernel/process/boot_programs.h"

#include "kernel/boot/boot_info.h"
#include "kernel/boot/initrd.h"
#include "kernel/object/channel.h"
#include "kernel/object/memory_object.h"
#include "kernel/object/resource.h"
#include "kernel/log/log.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/thread/thread.h"
#include "kernel/process/program_loader.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

// A test program that has not ended by then is reported and left running.
constexpr uint64_t kProgramTimeoutNs = 180'000'000'000;

rstd::StringView EndName(ProcessEnd end) {
  switch (end) {
    case ProcessEnd::kRunning: return "running";
    case ProcessEnd::kExited: return "exited";
    case ProcessEnd::kFaulted: return "faulted";
    case ProcessEnd::kKilled: return "killed";
  }
  return "?";
}

// The initrd as a memory object (read-only handles only) and the root resource, made once
// and kept for good (their references are never dropped).
struct BootHandles {
  MemoryObject* initrd = nullptr;
  Resource* root = nullptr;
};
BootHandles boot_handles;

Result<BootHandles*> GetBootHandles() {
  BootHandles& handles = boot_handles;
  if (handles.root != nullptr) return &handles;
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  if (handoff.initrd_size == 0) return Error(Status::kNotFound);
  RAEEN_TRY(RefPtr<MemoryObject> initrd, MemoryObject::Create(handoff.initrd_size));
  RAEEN_TRY(initrd->Write(0, PhysicalToVirtual<uint8_t>(handoff.initrd), handoff.initrd_size));
  RAEEN_TRY(RefPtr<Resource> root, Resource::CreateRoot());
  handles.initrd = initrd.Leak();
  handles.root = root.Leak();
  return &handles;
}

// A program is named after its file.
rstd::StringView BaseName(rstd::StringView path) {
  for (size_t i = path.size(); i > 0; --i) {
    if (path[i - 1] == '/') return path.substr(i);
  }
  return path;
}

// A boot program's bootstrap channel end, with the kernel's first message already queued
// (libs/rae/bootstrap.h): the tag, a NUL, the kernel command line, and the handles [initrd,
// root resource].
Result<HandleEntry> MakeBootstrap() {
  RAEEN_TRY(BootHandles* boot, GetBootHandles());
  RefPtr<Channel> ours;
  RefPtr<Channel> theirs;
  RAEEN_TRY(Channel::CreatePair(&ours, &theirs));
  HandleEntry handles[2] = {
      {RefPtr<KernelObject>::Share(boot->initrd),
       Rights::kRead | Rights::kMap | Rights::kDuplicate | Rights::kTransfer |
           Rights::kGetProperty},
      {RefPtr<KernelObject>::Share(boot->root), Resource::kValidRights},
  };
  static constexpr char kTag[] = "raeen-boot-2";  // with its NUL
  const char* const command_line = GetBootInfo().handoff->command_line;
  const size_t command_line_size = rstd::StringView(command_line).size();
  uint8_t message[sizeof(kTag) + boot::kCommandLineMax];
  __builtin_memcpy(message, kTag, sizeof(kTag));
  __builtin_memcpy(message + sizeof(kTag), command_line, command_line_size);
  RAEEN_TRY(ours->Write(rstd::Span<const uint8_t>(message, sizeof(kTag) + command_line_size),
                        rstd::Span<HandleEntry>(handles, 2)));
  // Our end may go: the message stays queued for the program, which then sees peer_closed.
  return HandleEntry{RefPtr<KernelObject>(rstd::Move(theirs)), Channel::kDefaultRights};
}

// The initrd program `path` as the first process, left running.
void StartInit(rstd::StringView path) {
  Result<rstd::Bytes> file = FindInitrdFile(path);
  if (!file.ok()) {
    LogWarn("init: {} is not in the initrd ({}); no user space", path, file.status());
    return;
  }
  Result<HandleEntry> bootstrap = MakeBootstrap();
  if (!bootstrap.ok()) {
    LogError("init: no bootstrap handles ({})", bootstrap.status());
    return;
  }
  Result<SpawnedProgram> spawned = SpawnProgram(BaseName(path), *file, ProcessLimits{},
                                                rstd::Move(*bootstrap), /*may_debug_write=*/true);
  if (!spawned.ok()) LogError("init: cannot start it ({})", spawned.status());
}

}  // namespace

bool RunProgramAndWait(rstd::StringView path) {
  Result<rstd::Bytes> file = FindInitrdFile(path);
  if (!file.ok()) {
    LogError("run: {}: not in the initrd ({})", path, file.status());
    return false;
  }
  // Created before the baseline so that they are not counted as the program's.
  if (!GetBootHandles().ok()) {
    LogError("run: {}: the initrd and root resource are not available", path);
    return false;
  }
  const PhysicalMemoryStats before = PhysicalPages().stats();
  Result<HandleEntry> bootstrap = MakeBootstrap();
  if (!bootstrap.ok()) {
    LogError("run: {}: no bootstrap handles ({})", path, bootstrap.status());
    return false;
  }
  Result<SpawnedProgram> spawned = SpawnProgram(BaseName(path), *file, ProcessLimits{},
                                                rstd::Move(*bootstrap), /*may_debug_write=*/true);
  if (!spawned.ok()) {
    LogError("run: {}: cannot start it ({})", path, spawned.status());
    return false;
  }
  RefPtr<Process> process_reference = rstd::Move(spawned->process);
  spawned->thread = RefPtr<UserThread>();
  Process& process = *process_reference;
  if (!process.WaitForSignals(signals::kTerminated, MonotonicNanoseconds() + kProgramTimeoutNs)
           .ok()) {
    LogError("run: {} (pid {}) still running after {} s", path, process.id(),
             kProgramTimeoutNs / 1'000'000'000);
    return false;
  }
  const uint64_t id = process.id();
  const ProcessEnd end = process.end();
  const int32_t code = process.exit_code();
  // What the program took must all come back: drop our reference and give its last thread a
  // moment to be reclaimed (the CPU that ran it frees it at its next switch).
  process_reference = RefPtr<Process>();
  SleepFor(20'000'000);
  const PhysicalMemoryStats after = PhysicalPages().stats();
  LogInfo("run: {} (pid {}) {} with code {}; user pages {} -> {}, page tables {} -> {}", path,
          id, EndName(end), code, before.user_pages, after.user_pages, before.page_table_pages,
          after.page_table_pages);
  return end == ProcessEnd::kExited && code == 0;
}

void RunBootPrograms(const CommandLine& command_line) {
  rstd::StringView list;
  if (!command_line.Get("run", &list)) {
    rstd::StringView init = "bin/svcmgr";
    (void)command_line.Get("init", &init);
    if (!command_line.Has("bench") && init != "none") StartInit(init);
    return;
  }
  while (!list.empty()) {
    size_t comma = 0;
    while (comma < list.size() && list[comma] != ',') ++comma;
    if (comma != 0) (void)RunProgramAndWait(list.substr(0, comma));
    list = comma < list.size() ? list.substr(comma + 1) : rstd::StringView();
  }
}

}  // namespace raeen::kernel
