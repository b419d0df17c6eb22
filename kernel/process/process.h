#pragma once
// Process: an address space, a handle table, quotas and the user threads that run in them
// (ARCHITECTURE.md §4). It ends when its last thread ends: every thread exits by itself
// (process_exit, thread_exit) or is ended at its next return to ring 3 once the process is
// killed (Kill, a fault in ring 3). Ending closes every handle and unmaps all memory at once;
// the object itself lives on while handles or threads still refer to it, so its exit code
// stays readable.

#include <stdint.h>

#include "kernel/arch/x86_64/io_permissions.h"
#include "kernel/object/address_space.h"
#include "kernel/object/handle_table.h"
#include "kernel/object/kernel_object.h"
#include "kernel/object/signaling_object.h"
#include "kernel/process/quota.h"
#include "kernel/process/user_thread.h"
#include "kernel/sync/mutex.h"
#include "kernel/thread/thread.h"
#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

struct ProcessLimits {
  uint64_t memory_bytes = 64ull << 20;  // memory objects it creates or is given by the loader
  uint32_t handles = 1024;
  uint32_t threads = 64;
};

// How a process ended.
enum class ProcessEnd : uint8_t {
  kRunning,  // not yet
  kExited,   // process_exit, or its last thread exited
  kFaulted,  // an exception in ring 3
  kKilled,   // task_kill or the kernel
};

class Process final : public SignalingObject {
 public:
  static constexpr size_t kMaxNameLength = 31;
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kGetProperty | Rights::kWait |
                                           Rights::kManage;
  static constexpr Rights kValidRights = kDefaultRights;

  // A process with an empty address space and handle table. Errors: kNoMemory.
  static Result<RefPtr<Process>> Create(rstd::StringView name, const ProcessLimits& limits,
                                        uint64_t mappings_base, uint64_t mappings_end);

  rstd::StringView name() const { return rstd::StringView(name_); }
  uint64_t id() const { return id_; }
  AddressSpace& address_space() { return *address_space_; }
  Quota& memory_quota() { return memory_quota_; }
  const ProcessLimits& limits() const { return limits_; }
  // CPU time its threads have run, in ns (charged at each switch; ended threads included).
  uint64_t cpu_time_ns() const { return __atomic_load_n(&cpu_time_ns_, __ATOMIC_RELAXED); }
  // Where the program's image lies, for fault reports (set once by the loader).
  void set_image(uint64_t base, uint64_t span) {
    image_base_ = base;
    image_span_ = span;
  }
  uint64_t image_base() const { return image_base_; }
  // Whether debug_write may write to the kernel log (process_spawn's allow_debug_write; the
  // kernel's own boot programs may).
  bool may_debug_write() const { return may_debug_write_; }
  void set_may_debug_write(bool allowed) { may_debug_write_ = allowed; }
  bool InImage(uint64_t address) const {
    return address >= image_base_ && address - image_base_ < image_span_;
  }

  // Runs fn(HandleTable&) under the table's lock.
  template <typename Fn>
  decltype(auto) WithHandles(Fn&& fn) {
    sync::MutexGuard guard(handles_lock_);
    return fn(handles_);
  }

  // Starts a user thread at `entry` with `stack_top`, rdi = arg0, rsi = arg1, rdx = arg2,
  // and returns its object. Errors: kQuotaExceeded (the thread limit), kBadState (the process is ending),
  // kNoMemory, CreateThread's.
  Result<RefPtr<UserThread>> StartThread(rstd::StringView name, uint64_t entry,
                                         uint64_t stack_top, uint64_t arg0, uint64_t arg1,
                                         uint64_t arg2);

  // Lets the process's threads use ports [base, base + count) (ioport_enable): at once on this
  // CPU, on others at their next switch to one of its threads. Errors: kNoMemory (no room
  // for another range).
  Result<void> AllowIoPorts(uint16_t base, uint32_t count);

  // Marks the process as ending with `how` and `code` (the first call wins) and makes every
  // one of its threads end at its next return to ring 3.
  void Kill(ProcessEnd how, int32_t code);

  ProcessEnd end() const { return static_cast<ProcessEnd>(State() >> 32); }
  int32_t exit_code() const { return static_cast<int32_t>(State() & 0xffffffff); }
  // Threads started and not yet ended: what the thread quota has charged.
  uint32_t live_threads() const { return static_cast<uint32_t>(thread_quota_.used()); }
  // signals::kTerminated is set once the last thread has ended and everything was released.

  // The process of the calling thread, nullptr for a kernel thread.
  static Process* Current();

  // Ends the calling user thread; the process's last one ends the process too (as exited
  // with code 0 unless it was ended before). Enables interrupts if they are off.
  [[noreturn]] static void ExitCurrentThread();

 private:
  Process(rstd::StringView name, uint64_t id, const ProcessLimits& limits, HandleSlot* slots);
  ~Process() override;

  uint64_t State() const { return __atomic_load_n(&state_, __ATOMIC_ACQUIRE); }
  // The last thread ended: close every handle, drop every mapping, tell the waiters.
  void Terminate();

  char name_[kMaxNameLength + 1] = {};
  uint64_t id_;
  RefPtr<AddressSpace> address_space_;
  uint64_t image_base_ = 0;
  uint64_t image_span_ = 0;
  sync::Mutex io_lock_;
  arch::IoPermissions io_permissions_;
  bool may_debug_write_ = false;
  sync::Mutex handles_lock_;
  HandleSlot* handle_slots_;
  HandleTable handles_;
  ProcessLimits limits_;
  uint64_t cpu_time_ns_ = 0;  // added to atomically by the scheduler
  Quota memory_quota_;
  Quota thread_quota_;
  // The ProcessEnd in bits 32..39 and the exit code in bits 0..31, so one compare-and-swap
  // settles both (the first end wins).
  uint64_t state_ = 0;
};

// Sets the arch hooks: user exceptions end the process with a report, and killed processes'
// threads end on their way back to ring 3. Once, at boot.
void InitProcesses();

}  // namespace raeen::kernel
