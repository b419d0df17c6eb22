#pragma once
// SignalingObject: a KernelObject with signals, the 32 bits of state a thread can wait for
// (object_wait_one) or have delivered to a port (object_wait_async): a channel end is readable
// or its peer closed, a process terminated, a timer fired, an interrupt arrived.
//
// The signals live under the object's wait queue lock. An observer (a port binding) is told
// about every change while that lock is held, so it must not block; a port takes its own
// queue's lock, which ranks above (LockRank::kPortQueue).

#include <stdint.h>

#include "kernel/object/kernel_object.h"
#include "raeen/syscall_types.h"
#include "kernel/sync/wait_queue.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// The signal bits are the contract's (services/contracts/syscalls.ridl, `bits Signals`).
using signals = ::raeen::sys::Signals;

// Told when an object's signals change; one-shot: it is removed before OnSignals runs.
class SignalObserver {
 public:
  // With the object's wait queue lock held: must not block. `signals` are all current ones.
  virtual void OnSignals(uint32_t signals) = 0;
  // The object is going away without having matched: the observer is dropped.
  virtual void OnCancelled() = 0;

  uint32_t mask = 0;  // OnSignals runs when any of these is set
  SignalObserver* next = nullptr;

 protected:
  ~SignalObserver() = default;
};

class SignalingObject : public KernelObject {
 public:
  uint32_t signals();

  // Clears then sets bits; wakes every waiter and fires the observers whose masks match.
  void UpdateSignals(uint32_t clear, uint32_t set);

  // Blocks until one of `mask` is set or monotonic time `deadline_ns` passes. Returns the
  // signals then; kTimedOut (deadline passed first).
  Result<uint32_t> WaitForSignals(uint32_t mask, uint64_t deadline_ns);

  // Adds a one-shot observer; if the mask already matches it fires at once (under the lock).
  void AddObserver(SignalObserver* observer);
  // Takes back an observer that has not fired; false if it already fired.
  bool RemoveObserver(SignalObserver* observer);

 protected:
  SignalingObject(ObjectType type, Rights default_rights, Rights valid_rights,
                  uint32_t initial_signals = 0)
      : KernelObject(type, default_rights, valid_rights), signals_(initial_signals) {}
  // Cancels the observers that never fired.
  ~SignalingObject() override;

 private:
  // Lock held: fire and unlink the observers that match.
  void NotifyLocked();

  sync::WaitQueue waiters_;
  uint32_t signals_;
  SignalObserver* observers_ = nullptr;
};

}  // namespace raeen::kernel
