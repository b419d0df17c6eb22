#pragma once
// The scheduler's system scenarios. Each boots one in-kernel test (kernel/tests/sched_tests.cc)
// on machines with 1, 2 and 4 CPUs where that makes sense, requires it to pass, and checks the
// line the test logs about what it measured, so that the numbers land in the scenario notes.

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Every CPU runs threads (two spinners per CPU are seen on every CPU); the blocking
// primitives work with 4 CPUs contending; threads that all started on one busy CPU spread
// to every CPU; a lock taken against the rank order panics.
class SchedSmpScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.smp"; }
  std::string_view summary() const override {
    return "threads run on every CPU (1/2/4), sync primitives on 4 CPUs, lock-rank violations "
           "panic";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A 120 Hz real-time thread (1 ms budget) beside a CPU hog on every CPU: no deadline missed
// over 2000 periods, with 1, 2 and 4 CPUs, apart from jobs during which QEMU stopped the
// virtual CPU (at most a fifth, each reported; kernel/bench/periodic_probe.h).
class SchedEdfScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.edf"; }
  std::string_view summary() const override {
    return "120 Hz EDF/CBS thread beside hogs on every CPU: 2000 periods, no deadline missed";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A real-time thread that spins forever gets its CBS budget and no more, and a fair thread on
// its CPU keeps running.
class SchedCbsScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.cbs"; }
  std::string_view summary() const override {
    return "a spinning real-time thread is throttled to its budget; fair threads progress";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// Real-time admission: a CPU at 90% refuses another server with out-of-range; malformed
// parameters are refused with invalid-argument.
class SchedAdmissionScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.admission"; }
  std::string_view summary() const override {
    return "real-time over-subscription is refused with a clear status";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// An isolated CPU runs only the thread bound to it and takes no device interrupts; undoing
// the isolation gives it both back. With one CPU, isolation is refused.
class SchedIsolateScenario final : public Scenario {
 public:
  std::string_view name() const override { return "sched.isolate"; }
  std::string_view summary() const override {
    return "an isolated CPU runs only its bound thread and takes no device interrupts";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
