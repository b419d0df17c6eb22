#pragma once
// When svcmgr starts a service again after it ended: its manifest's policy decides whether,
// and runs shorter than kStableNs in a row space the restarts out (10 ms, 20 ms, 40 ms, ... up
// to 5 s), so that a service that dies at once cannot keep a CPU busy. A run that lasted
// kStableNs resets the count; after kMaxFailures short runs in a row the service stays stopped.
// Pure logic (host-tested).

#include <stdint.h>

#include "services/svcmgr/manifest.h"

namespace raeen::svcmgr {

struct RestartDecision {
  bool restart = false;
  int64_t delay_ns = 0;  // from the end
};

class RestartBackoff {
 public:
  static constexpr int64_t kFirstDelayNs = 10'000'000;
  static constexpr int64_t kMaxDelayNs = 5'000'000'000;
  static constexpr int64_t kStableNs = 10'000'000'000;
  static constexpr uint32_t kMaxFailures = 8;

  // The process that started at `started_ns` ended at `ended_ns`; `failed`: it did not exit
  // with code 0 (a fault, a kill, a non-zero code).
  RestartDecision OnEnd(RestartPolicy policy, bool failed, int64_t started_ns, int64_t ended_ns);

  // Failures in a row so far.
  uint32_t failures() const { return failures_; }
  // A restart asked for by a person (svc restart): immediate, and a fresh count.
  void Reset() { failures_ = 0; }

 private:
  uint32_t failures_ = 0;
};

}  // namespace raeen::svcmgr
