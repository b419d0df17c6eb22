#include "kernel/object/signaling_object.h"

namespace raeen::kernel {

uint32_t SignalingObject::signals() {
  sync::SpinLockGuard guard(waiters_.lock());
  return signals_;
}

void SignalingObject::UpdateSignals(uint32_t clear, uint32_t set) {
  sync::SpinLockGuard guard(waiters_.lock());
  const uint32_t updated = (signals_ & ~clear) | set;
  if (updated == signals_) return;
  signals_ = updated;
  (void)waiters_.WakeAll();  // each waiter checks its own mask again
  NotifyLocked();
}

Result<uint32_t> SignalingObject::WaitForSignals(uint32_t mask, uint64_t deadline_ns) {
  sync::SpinLockGuard guard(waiters_.lock());
  while ((signals_ & mask) == 0) {
    if (waiters_.Wait(deadline_ns) == WakeReason::kTimedOut && (signals_ & mask) == 0) {
      return Error(Status::kTimedOut);
    }
  }
  return signals_;
}

void SignalingObject::AddObserver(SignalObserver* observer) {
  sync::SpinLockGuard guard(waiters_.lock());
  observer->next = observers_;
  observers_ = observer;
  NotifyLocked();
}

bool SignalingObject::RemoveObserver(SignalObserver* observer) {
  sync::SpinLockGuard guard(waiters_.lock());
  for (SignalObserver** link = &observers_; *link != nullptr; link = &(*link)->next) {
    if (*link == observer) {
      *link = observer->next;
      return true;
    }
  }
  return false;
}

void SignalingObject::NotifyLocked() {
  SignalObserver** link = &observers_;
  while (*link != nullptr) {
    SignalObserver* observer = *link;
    if ((observer->mask & signals_) == 0) {
      link = &observer->next;
      continue;
    }
    *link = observer->next;
    observer->OnSignals(signals_);
  }
}

SignalingObject::~SignalingObject() {
  SignalObserver* observer = observers_;
  observers_ = nullptr;
  while (observer != nullptr) {
    SignalObserver* next = observer->next;
    observer->OnCancelled();
    observer = next;
  }
}

}  // namespace raeen::kernel
