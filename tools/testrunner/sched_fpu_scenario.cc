#include "tools/testrunner/sched_fpu_scenario.h"

#include <algorithm>

#include "tools/testrunner/ktest_boot.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

struct Variant {
  const char* label;
  Machine machine;
};

const Variant kVariants[] = {
    {"max-smp1", {"max", 512, 1}},
    {"qemu64-smp2", {"qemu64", 512, 2}},
    {"max-smp4", {"max", 512, 4}},
};

std::string CheckVariant(ScenarioContext& context, const Variant& variant) {
  const std::string label = variant.label;
  auto booted = BootKtestsToPass(context, label, "thread", variant.machine);
  if (!booted) return booted.error();
  const QemuSession& session = **booted;

  const std::string has = FirstKernelMessage(session, "cpu: has ");
  const std::string fpu = FirstKernelMessage(session, "fpu: ");
  if (has.empty() || fpu.empty()) return label + ": missing the `cpu: has` or `fpu:` line";
  const std::vector<std::string_view> features = SplitWords(has);
  const bool xsave = std::find(features.begin(), features.end(), "xsave") != features.end();
  const std::string expected = xsave ? ", xsave " : ", fxsave ";
  if (fpu.find(expected) == std::string::npos) {
    return label + ": the CPU " + (xsave ? "has" : "lacks") + " XSAVE but the kernel says `" +
           fpu + "`";
  }
  const std::string online =
      Printf("smp: %d of %d cpus online", variant.machine.cpus, variant.machine.cpus);
  if (FirstKernelMessage(session, online).empty()) {
    return label + ": no `" + online + "` line";
  }
  context.Note(label + ": " + fpu + "; " + online);
  return {};
}

}  // namespace

Outcome SchedFpuScenario::Run(ScenarioContext& context) const {
  for (const Variant& variant : kVariants) {
    if (std::string problem = CheckVariant(context, variant); !problem.empty()) {
      return std::unexpected(problem);
    }
  }
  return {};
}

}  // namespace raeen::tools::testrunner
