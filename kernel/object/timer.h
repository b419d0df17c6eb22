#pragma once
// Timer: an object that sets signals::kTimerFired at a monotonic deadline, so a service waits
// for a timeout the same way it waits for a message (object_wait_one, or a port binding).
// Setting it again moves the deadline and clears the signal; cancelling clears both.

#include <stdint.h>

#include "kernel/object/signaling_object.h"
#include "kernel/sync/mutex.h"
#include "kernel/time/timer_queue.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

class Timer final : public SignalingObject {
 public:
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kWait;
  static constexpr Rights kValidRights = kDefaultRights;

  static Result<RefPtr<Timer>> Create();

  // Fires at monotonic time `deadline_ns` (at once if it has passed).
  void Set(uint64_t deadline_ns);
  void Cancel();

 private:
  Timer() : SignalingObject(ObjectType::kTimer, kDefaultRights, kValidRights) {}
  ~Timer() override;

  static void Fired(TimerEvent& event, void* context);

  sync::Mutex lock_;  // serializes Set and Cancel
  TimerEvent event_;
};

}  // namespace raeen::kernel
