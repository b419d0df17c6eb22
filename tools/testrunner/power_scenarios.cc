#include "tools/testrunner/power_scenarios.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Every `power: ...` line that reports a failed way, one per line, for failure messages.
std::string PowerProblems(const QemuSession& session) {
  std::string problems;
  for (const SerialLine& line : session.lines()) {
    const std::string_view message = KernelMessage(line.text);
    if (!message.starts_with("power: ")) continue;
    if (Contains(message, kPowerStepFailed) || Contains(message, kPowerOffUnavailable) ||
        Contains(message, "failed") || Contains(message, "cannot")) {
      problems += "\n  " + std::string(message);
    }
  }
  return problems;
}

// Waits for QEMU to end by itself; it must exit with status 0 without the runner's help.
Outcome ExpectCleanExit(ScenarioContext& context, QemuSession& session, std::string_view what) {
  const WaitResult exited = session.WaitForExit();
  if (exited.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(exited, std::string(what)) + PowerProblems(session));
  }
  const ProcessExit status = *session.exit();
  if (status.Exited(0)) {
    context.Note(Printf("%s: [+%6.3fs] QEMU exited by itself with status 0",
                        session.options().label.c_str(), session.Elapsed()));
    return {};
  }
  if (status.Exited(kExitPowerOffFallback)) {
    return std::unexpected(
        Printf("ACPI poweroff failed: QEMU ended through the kernel's isa-debug-exit fallback "
               "(exit status %d), not ACPI S5 (0)",
               kExitPowerOffFallback) +
        PowerProblems(session));
  }
  if (status.Exited(kExitKernelPanic)) {
    return std::unexpected(Printf("the kernel panicked (exit status %d)", kExitKernelPanic));
  }
  return std::unexpected("QEMU ended with " + status.Describe() + ", expected exit status 0" +
                         PowerProblems(session));
}

}  // namespace

Outcome ExpectAcpiPowerOff(ScenarioContext& context, QemuSession& session) {
  auto off = context.Expect(
      session,
      [](std::string_view line) { return KernelMessage(line).starts_with(kPowerOffViaAcpi); },
      "the kernel's ACPI poweroff");
  if (!off) return std::unexpected(off.error() + PowerProblems(session));
  if (Outcome exited = ExpectCleanExit(context, session, "QEMU to exit after ACPI S5"); !exited) {
    return exited;
  }
  // Status 0 could also come from a reset (-no-reboot); the kernel must not have needed one,
  // nor reported any failed way.
  const std::string problems = PowerProblems(session);
  if (!problems.empty()) {
    return std::unexpected("QEMU exited 0, but the kernel reported a failed poweroff step:" +
                           problems);
  }
  return {};
}

Outcome PowerOffScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot({"", "poweroff", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  return ExpectAcpiPowerOff(context, session);
}

namespace {

// Boots with `cmdline`, and requires that the kernel resets the machine through the way
// `marker` names, that QEMU (-no-reboot) then exits by itself with status 0, and that no other
// way was tried.
Outcome ExpectRebootVia(ScenarioContext& context, const std::string& label,
                        const std::string& cmdline, std::string_view marker) {
  auto booted = context.Boot({label, cmdline, BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::string prefix = label.empty() ? "" : label + ": ";
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(prefix + ready.error());
  auto reset = context.Expect(
      session, [marker](std::string_view line) { return KernelMessage(line).starts_with(marker); },
      Printf("`%.*s`", static_cast<int>(marker.size()), marker.data()));
  if (!reset) return std::unexpected(prefix + reset.error() + PowerProblems(session));
  if (Outcome exited = ExpectCleanExit(context, session, "QEMU to exit on the guest's reset");
      !exited) {
    return std::unexpected(prefix + exited.error());
  }
  // -no-reboot turns every reset into exit status 0 (a triple fault too): the log must show
  // that this way did it, i.e. no later way was tried.
  for (const SerialLine& line : session.lines()) {
    const std::string_view message = KernelMessage(line.text);
    if (message.starts_with(kRebootVia) && !message.starts_with(marker)) {
      return std::unexpected(prefix + "the machine did not reset; the kernel went on to: " +
                             std::string(message) + PowerProblems(session));
    }
  }
  const std::string problems = PowerProblems(session);
  if (!problems.empty()) {
    return std::unexpected(
        prefix + "QEMU exited 0, but the kernel reported a failed reset step:" + problems);
  }
  return {};
}

}  // namespace

Outcome PowerRebootScenario::Run(ScenarioContext& context) const {
  return ExpectRebootVia(context, "", "reboot", kRebootViaResetRegister);
}

Outcome PowerRebootWaysScenario::Run(ScenarioContext& context) const {
  struct Way {
    const char* label;
    const char* cmdline;
    std::string_view marker;
  };
  const Way ways[] = {
      {"kbd", "reboot=kbd", kRebootVia8042},
      {"pci", "reboot=pci", kRebootViaCf9},
      {"triple", "reboot=triple", kRebootViaTripleFault},
  };
  for (const Way& way : ways) {
    if (Outcome outcome = ExpectRebootVia(context, way.label, way.cmdline, way.marker); !outcome) {
      return outcome;
    }
  }
  return {};
}

}  // namespace raeen::tools::testrunner
