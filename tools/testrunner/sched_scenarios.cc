#include "tools/testrunner/sched_scenarios.h"

#include <string>
#include <vector>

#include "tools/testrunner/ktest_boot.h"
#include "tools/testrunner/panic_report.h"
#include "tools/testrunner/qemu_command.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

Machine WithCpus(int cpus) { return Machine{"max", kGuestMemoryMib, cpus}; }

std::string Label(int cpus) { return Printf("smp%d", cpus); }

// Boots `test` with `cpus` CPUs; it must pass and log a line starting with `marker`, which
// `check` then judges (an empty string means fine). The line goes into the notes. `label`
// names the boot (its output directory); by default "smp<cpus>".
template <typename Check>
Outcome RunTest(ScenarioContext& context, const std::string& test, int cpus,
                std::string_view marker, Check check, std::string label = {}) {
  if (label.empty()) label = Label(cpus);
  auto booted = BootKtestsToPass(context, label, test, WithCpus(cpus));
  if (!booted) return std::unexpected(booted.error());
  const std::string line = FirstKernelMessage(**booted, marker);
  if (line.empty()) return std::unexpected(label + ": no `" + std::string(marker) + "` line");
  if (std::string problem = check(line); !problem.empty()) {
    return std::unexpected(label + ": " + problem + "\n  in: " + line);
  }
  context.Note(label + ": " + line);
  return {};
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

Outcome SchedSmpScenario::Run(ScenarioContext& context) const {
  for (int cpus : {1, 2, 4}) {
    const std::string all = Printf("scheduler cpus %#x", (1 << cpus) - 1);
    const std::string seen = Printf("ran on cpus %#x;", (1 << cpus) - 1);
    Outcome outcome = RunTest(context, "sched.every_cpu_runs_threads", cpus, "sched.smp: ",
                              [&](const std::string& line) -> std::string {
                                if (!Contains(line, all)) return "expected `" + all + "`";
                                if (!Contains(line, seen)) return "expected `" + seen + "`";
                                return {};
                              });
    if (!outcome) return outcome;
  }
  auto sync = BootKtestsToPass(context, "sync-smp4", "sync", WithCpus(4));
  if (!sync) return std::unexpected(sync.error());
  // Busy CPUs even out: spinners that all started on CPU 0 reach every CPU.
  Outcome balanced = RunTest(context, "sched.busy_cpus_even_out", 4, "sched: ",
                             [](const std::string& line) -> std::string {
                               if (!Contains(line, "then on 0xf")) return "expected `then on 0xf`";
                               return {};
                             },
                             "balance-smp4");
  if (!balanced) return balanced;
  const std::string_view texts[] = {
      "lock order: 'test low lock' (rank 20) taken while holding 'test high lock' (rank 70)"};
  return ExpectPanicReport(context, {"lock_order", "ktest=sync.lock_order_violation_panics",
                                     texts, "lock_order_violation_panics"});
}

Outcome SchedEdfScenario::Run(ScenarioContext& context) const {
  for (int cpus : {1, 2, 4}) {
    const std::string expected = Printf("beside %d hogs: 0 misses in undisturbed jobs", cpus);
    Outcome outcome = RunTest(context, "sched.edf_120hz_beside_hogs", cpus, "sched.edf: ",
                              [&](const std::string& line) -> std::string {
                                if (!line.starts_with("sched.edf: 2000 periods")) {
                                  return "expected 2000 periods";
                                }
                                if (!Contains(line, expected)) return "expected `" + expected + "`";
                                return {};
                              });
    if (!outcome) return outcome;
  }
  return {};
}

Outcome SchedCbsScenario::Run(ScenarioContext& context) const {
  for (int cpus : {1, 2, 4}) {
    Outcome outcome = RunTest(context, "sched.cbs_throttles_a_runaway_real_time_thread", cpus,
                              "sched.cbs: ", [](const std::string&) { return std::string(); });
    if (!outcome) return outcome;
  }
  return {};
}

Outcome SchedAdmissionScenario::Run(ScenarioContext& context) const {
  for (int cpus : {1, 2}) {
    const std::string test = "sched.admission_refuses_oversubscription";
    auto booted = BootKtestsToPass(context, Label(cpus), test, WithCpus(cpus));
    if (!booted) return std::unexpected(booted.error());
    for (std::string_view expected :
         {std::string_view("sched.admission: a 4th server (10%) on cpu 0 at 90%: out-of-range"),
          std::string_view("sched.admission: budget above its period: invalid-argument")}) {
      if (FirstKernelMessage(**booted, expected).empty()) {
        return std::unexpected(Label(cpus) + ": no `" + std::string(expected) + "` line");
      }
      context.Note(Label(cpus) + ": " + std::string(expected));
    }
  }
  return {};
}

Outcome SchedIsolateScenario::Run(ScenarioContext& context) const {
  const std::string test = "sched.isolated_cpu_runs_only_bound_threads";
  Outcome single = RunTest(context, test, 1, "sched.isolate: ",
                           [](const std::string& line) -> std::string {
                             if (!Contains(line, "isolating the only cpu: bad-state")) {
                               return "expected the only CPU's isolation to be refused";
                             }
                             return {};
                           });
  if (!single) return single;
  for (int cpus : {2, 4}) {
    const int last = cpus - 1;
    const std::string none = Printf("0 of them on cpu %d", last);
    const std::string bound = Printf("bound thread on %#x,", 1 << last);
    Outcome outcome = RunTest(context, test, cpus, "sched.isolate: cpu ",
                              [&](const std::string& line) -> std::string {
                                if (!Contains(line, none)) return "expected `" + none + "`";
                                if (!Contains(line, bound)) return "expected `" + bound + "`";
                                return {};
                              });
    if (!outcome) return outcome;
  }
  return {};
}

}  // namespace raeen::tools::testrunner
