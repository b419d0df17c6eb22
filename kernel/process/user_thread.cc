#include "kernel/process/user_thread.h"

#include "kernel/mm/alloc_checker.h"
#include "kernel/process/process.h"
#include "kernel/thread/thread.h"

namespace raeen::kernel {

Result<RefPtr<UserThread>> UserThread::Create(Process& process) {
  AllocChecker checker;
  auto* thread = new (checker) UserThread(process);
  if (!checker.Check()) return Error(Status::kNoMemory);
  return RefPtr<UserThread>::Adopt(thread);
}

UserThread::UserThread(Process& process)
    : SignalingObject(ObjectType::kThread, kDefaultRights, kValidRights), process_(&process) {
  process_->Retain();
}

UserThread::~UserThread() { process_->Release(); }

void UserThread::MarkEnded() {
  UpdateSignals(0, signals::kTerminated);
}

UserThread* UserThread::Current() {
  KernelObject* owner = CurrentThread()->owner();
  if (owner == nullptr || owner->type() != ObjectType::kThread) return nullptr;
  return static_cast<UserThread*>(owner);
}

}  // namespace raeen::kernel
