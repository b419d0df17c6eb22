#include "kernel/object/port.h"

#include "kernel/mm/alloc_checker.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {

// One object_wait_async: an observer on the object holding a reference to the port.
class Port::Binding final : public SignalObserver {
 public:
  Binding(RefPtr<Port> port, uint64_t key) : port_(rstd::Move(port)), key_(key) {}

  void OnSignals(uint32_t signals) override {
    {
      sync::SpinLockGuard guard(port_->queue_.lock());
      --port_->reserved_;
      port_->DeliverLocked(PortPacket{key_, MonotonicNanoseconds(), signals});
    }
    delete this;
  }

  void OnCancelled() override {
    {
      sync::SpinLockGuard guard(port_->queue_.lock());
      --port_->reserved_;
    }
    delete this;
  }

 private:
  RefPtr<Port> port_;
  uint64_t key_;
};

Result<RefPtr<Port>> Port::Create() {
  AllocChecker checker;
  auto* port = new (checker) Port();
  if (!checker.Check()) return Error(Status::kNoMemory);
  return RefPtr<Port>::Adopt(port);
}

Result<void> Port::Bind(SignalingObject& object, uint32_t mask, uint64_t key) {
  if (mask == 0) return Error(Status::kInvalidArgument);
  {
    sync::SpinLockGuard guard(queue_.lock());
    if (count_ + reserved_ >= kCapacity) return Error(Status::kShouldWait);
    ++reserved_;
  }
  AllocChecker checker;
  auto* binding = new (checker) Binding(RefPtr<Port>::Share(this), key);
  if (!checker.Check()) {
    sync::SpinLockGuard guard(queue_.lock());
    --reserved_;
    return Error(Status::kNoMemory);
  }
  binding->mask = mask;
  object.AddObserver(binding);  // may fire at once
  return {};
}

Result<PortPacket> Port::Wait(uint64_t deadline_ns) {
  sync::SpinLockGuard guard(queue_.lock());
  while (count_ == 0) {
    if (queue_.Wait(deadline_ns) == WakeReason::kTimedOut && count_ == 0) {
      return Error(Status::kTimedOut);
    }
  }
  const PortPacket packet = packets_[head_];
  head_ = (head_ + 1) % kCapacity;
  --count_;
  return packet;
}

void Port::DeliverLocked(const PortPacket& packet) {
  packets_[(head_ + count_) % kCapacity] = packet;
  ++count_;
  (void)queue_.WakeOne();
}

}  // namespace raeen::kernel
