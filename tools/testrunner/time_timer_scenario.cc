#include "tools/testrunner/time_timer_scenario.h"

#include <algorithm>

#include "tools/testrunner/ktest_boot.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

struct Variant {
  const char* label;
  const char* cpu_model;
};

const Variant kVariants[] = {{"max", "max"}, {"qemu64", "qemu64"}};

// Whether the kernel's `cpu: has a b c` line lists `feature`.
bool CpuHas(const std::string& has_line, std::string_view feature) {
  std::vector<std::string_view> words = SplitWords(has_line);
  return std::find(words.begin(), words.end(), feature) != words.end();
}

struct Modes {
  std::string timer;  // "TSC-deadline" or "one-shot"
  std::string apic;   // "x2APIC" or "xAPIC"
};

std::expected<Modes, std::string> BootVariant(ScenarioContext& context, const Variant& variant) {
  Machine machine;
  machine.cpu_model = variant.cpu_model;
  auto booted = BootKtestsToPass(context, variant.label, "timer", machine);
  if (!booted) return std::unexpected(booted.error());
  const QemuSession& session = **booted;
  const std::string prefix = std::string(variant.label) + ": ";

  const std::string has = FirstKernelMessage(session, "cpu: has ");
  const std::string timer = FirstKernelMessage(session, "timer: ");
  const std::string apic = FirstKernelMessage(session, "apic: ");
  if (has.empty() || timer.empty() || apic.empty()) {
    return std::unexpected(prefix + "missing the `cpu: has`, `apic:` or `timer:` line");
  }
  Modes modes;
  if (timer.starts_with("timer: TSC-deadline")) {
    modes.timer = "TSC-deadline";
  } else if (timer.starts_with("timer: local APIC one-shot")) {
    modes.timer = "one-shot";
  } else {
    return std::unexpected(prefix + "unknown timer mode in `" + timer + "`");
  }
  modes.apic = apic.starts_with("apic: x2APIC") ? "x2APIC"
               : apic.starts_with("apic: xAPIC") ? "xAPIC"
                                                  : "";
  const bool tsc_deadline = CpuHas(has, "tsc-deadline");
  const bool x2apic = CpuHas(has, "x2apic");
  const std::string expected_timer = tsc_deadline ? "TSC-deadline" : "one-shot";
  const std::string expected_apic = x2apic ? "x2APIC" : "xAPIC";
  context.Note(Printf("%s-cpu %s: tsc-deadline %s, x2apic %s -> timer %s, %s", prefix.c_str(),
                      variant.cpu_model, tsc_deadline ? "yes" : "no", x2apic ? "yes" : "no",
                      modes.timer.c_str(), modes.apic.c_str()));
  if (modes.timer != expected_timer) {
    return std::unexpected(prefix + "the CPU " + (tsc_deadline ? "offers" : "lacks") +
                           " TSC-deadline but the kernel chose " + modes.timer + ": `" + timer +
                           "`");
  }
  if (modes.apic != expected_apic) {
    return std::unexpected(prefix + "expected " + expected_apic + " mode, got `" + apic + "`");
  }
  return modes;
}

}  // namespace

Outcome TimeTimerScenario::Run(ScenarioContext& context) const {
  std::vector<Modes> modes;
  for (const Variant& variant : kVariants) {
    auto result = BootVariant(context, variant);
    if (!result) return std::unexpected(result.error());
    modes.push_back(*result);
  }
  if (modes[0].timer == modes[1].timer) {
    context.Note("both CPU models ran the " + modes[0].timer +
                 " timer (this accelerator offers TSC-deadline to neither)");
  }
  return {};
}

}  // namespace raeen::tools::testrunner
