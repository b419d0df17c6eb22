#include "services/svcmgr/restart_backoff.h"

namespace raeen::svcmgr {

RestartDecision RestartBackoff::OnEnd(RestartPolicy policy, bool failed, int64_t started_ns,
                                      int64_t ended_ns) {
  if (ended_ns - started_ns >= kStableNs) failures_ = 0;
  if (policy == RestartPolicy::kNever || (policy == RestartPolicy::kOnFailure && !failed)) {
    return {};
  }
  // A short run counts against the service whether it failed or exited cleanly (`always`):
  // either way it would otherwise be restarted in a tight loop.
  if (failures_ == kMaxFailures) return {};
  ++failures_;
  int64_t delay = kFirstDelayNs;
  for (uint32_t i = 1; i < failures_ && delay < kMaxDelayNs; ++i) delay *= 2;
  return {true, delay < kMaxDelayNs ? delay : kMaxDelayNs};
}

}  // namespace raeen::svcmgr
