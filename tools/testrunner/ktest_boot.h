#pragma once
// One boot that runs in-kernel tests (`ktest=<filter>`) and must pass them all: QEMU exits
// with isa-debug-exit status 33, the TAP report is consistent, every test is ok, and at least
// one ran. Scenarios that then check more of the log get the finished session back.

#include <expected>
#include <string>

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// `label` names the boot's output directory and prefixes its notes and errors.
std::expected<QemuSession*, std::string> BootKtestsToPass(ScenarioContext& context,
                                                          const std::string& label,
                                                          const std::string& filter,
                                                          const Machine& machine);

// The message of the first kernel log line that starts with `marker`; empty if none.
std::string FirstKernelMessage(const QemuSession& session, std::string_view marker);

}  // namespace raeen::tools::testrunner
