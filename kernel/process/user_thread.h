#pragma once
// UserThread: the object a thread handle names (ObjectType::kThread). It belongs to one
// process and asserts
// signals::kTerminated once that thread has ended. It is the kernel Thread's owner
// (ThreadOptions::owner), so the thread keeps it and its process alive while it runs.

#include <stdint.h>

#include "kernel/object/signaling_object.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

class Process;

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

  // The calling thread's UserThread, nullptr for a kernel thread.
  static UserThread* Current();

 private:
  explicit UserThread(Process& process);
  ~UserThread() override;

  Process* process_;  // a reference
  bool killed_ = false;
};

}  // namespace raeen::kernel
