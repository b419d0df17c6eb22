#include "tools/testrunner/scenario_registry.h"

#include "tools/testrunner/boot_kaslr_scenario.h"
#include "tools/testrunner/boot_cpus_scenario.h"
#include "tools/testrunner/boot_uefi_scenario.h"
#include "tools/testrunner/mm_protection_scenarios.h"
#include "tools/testrunner/power_scenarios.h"
#include "tools/testrunner/sched_fpu_scenario.h"
#include "tools/testrunner/sched_scenarios.h"
#include "tools/testrunner/time_timer_scenario.h"
#include "tools/testrunner/time_tsc_scenario.h"
#include "tools/testrunner/svc_scenarios.h"
#include "tools/testrunner/user_scenarios.h"
#include "tools/testrunner/console_framebuffer_scenario.h"
#include "tools/testrunner/console_shell_scenario.h"
#include "tools/testrunner/cpu_panic_scenario.h"
#include "tools/testrunner/cpu_protection_scenarios.h"
#include "tools/testrunner/ktest_all_scenario.h"
#include "tools/testrunner/shell_scenario.h"

namespace raeen::tools::testrunner {

const std::vector<std::unique_ptr<Scenario>>& AllScenarios() {
  static const std::vector<std::unique_ptr<Scenario>> scenarios = [] {
    std::vector<std::unique_ptr<Scenario>> list;
    list.push_back(std::make_unique<BootUefiScenario>());
    list.push_back(std::make_unique<BootCpusScenario>());
    list.push_back(std::make_unique<TimeTscScenario>());
    list.push_back(std::make_unique<TimeTimerScenario>());
    list.push_back(std::make_unique<MmWxScenario>());
    list.push_back(std::make_unique<MmGuardScenario>());
    list.push_back(std::make_unique<BootKaslrScenario>());
    list.push_back(std::make_unique<CpuPanicScenario>());
    list.push_back(std::make_unique<CpuSmapScenario>());
    list.push_back(std::make_unique<CpuSmepScenario>());
    list.push_back(std::make_unique<CpuUmipScenario>());
    list.push_back(std::make_unique<ConsoleFramebufferScenario>());
    list.push_back(std::make_unique<KtestAllScenario>());
    list.push_back(std::make_unique<SchedFpuScenario>());
    list.push_back(std::make_unique<SchedSmpScenario>());
    list.push_back(std::make_unique<SchedEdfScenario>());
    list.push_back(std::make_unique<SchedCbsScenario>());
    list.push_back(std::make_unique<SchedAdmissionScenario>());
    list.push_back(std::make_unique<SchedIsolateScenario>());
    list.push_back(std::make_unique<UserHelloScenario>());
    list.push_back(std::make_unique<UserFaultScenario>());
    for (auto& scenario : MakeProgramScenarios()) list.push_back(std::move(scenario));
    list.push_back(std::make_unique<SyscallFuzzScenario>());
    list.push_back(std::make_unique<IrqUserScenario>());
    for (auto& scenario : MakeServiceScenarios()) list.push_back(std::move(scenario));
    list.push_back(std::make_unique<ShellSessionScenario>());
    list.push_back(std::make_unique<ConsoleShellScenario>());
    list.push_back(std::make_unique<PowerOffScenario>());
    list.push_back(std::make_unique<PowerRebootScenario>());
    list.push_back(std::make_unique<PowerRebootWaysScenario>());
    return list;
  }();
  return scenarios;
}

const Scenario* FindScenario(std::string_view name) {
  for (const auto& scenario : AllScenarios()) {
    if (scenario->name() == name) return scenario.get();
  }
  return nullptr;
}

}  // namespace raeen::tools::testrunner
