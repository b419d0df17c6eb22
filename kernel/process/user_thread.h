#pragma once
// UserThread: the object a thread handle names (ObjectType::kThread). It belongs to one
// process and asserts
// signals::kTerminated once that thread has ended. It is the kernel Thread's owner
// (ThreadOptions::owner), so the thread keeps it and its process alive while it runs.

#include <stdint.h>

#include "kernel/object/signaling_object.h"
#include "kernel/sync/mutex.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

class Process;
class Thread;

class UserThread final : public SignalingObject {
 public:
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kGetProperty | Rights::kWait |
                                           Rights::kManage;
  static constexpr Rights kValidRights = kDefaultRights;

  static Result<RefPtr<UserThread>> Create(Process& process);

  Process& process() const { return *process_; }

  // Asks the thread to end at its next return to ring 3 (task_kill of a thread).
  void Kill() { __atomic_store_n(&killed_, true, __ATOMIC_RELEASE); }
  bool killed() const { return __atomic_load_n(&killed_, __ATOMIC_ACQUIRE); }

  // The thread has ended: waiters are told.
  void MarkEnded();

  // Runs `use` with the kernel thread (nullptr before it is started and once it has ended),
  // under a lock that keeps it from ending meanwhile: for changing its scheduling and reading
  // its statistics. The thread's start sets it, its end clears it.
  template <typename Use>
  auto WithThread(Use use) {
    sync::MutexGuard guard(thread_lock_);
    return use(thread_);
  }

  // The calling thread's UserThread, nullptr for a kernel thread.
  static UserThread* Current();

 private:
  explicit UserThread(Process& process);
  ~UserThread() override;

  Process* process_;  // a reference
  sync::Mutex thread_lock_;
  Thread* thread_ = nullptr;
  bool killed_ = false;
};

}  // namespace raeen::kernel
