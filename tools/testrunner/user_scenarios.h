#pragma once
// User space from the outside: the kernel runs test programs from the initrd (`run=` on the
// command line, kernel/process/boot_programs.h) and the runner checks what they and the kernel
// print on the serial console.

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The first program: runs in ring 3 at a random base, makes syscalls (console, clock), gets a
// status for a kernel pointer, exits 0; a second run gets another image base and stack.
class UserHelloScenario final : public Scenario {
 public:
  std::string_view name() const override { return "user.hello"; }
  std::string_view summary() const override {
    return "a user program prints, reads the clock, is refused a kernel pointer and exits 0";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A null dereference, a write to its own text and a jump to its stack each end only the
// faulting process, with a decoded report; a program started afterwards runs normally.
class UserFaultScenario final : public Scenario {
 public:
  std::string_view name() const override { return "user.fault"; }
  std::string_view summary() const override {
    return "user faults end only their process, with a report; the system lives on";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A seeded random syscall fuzzer runs for at least 60 s of guest time: no panic, its handle
// count back at its baseline, and the kernel's user and page-table page counts back where
// they were before it started.
class SyscallFuzzScenario final : public Scenario {
 public:
  std::string_view name() const override { return "syscall.fuzz"; }
  std::string_view summary() const override {
    return "60 s of random syscalls: no panic, handles and pages back to their baseline";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A user-space driver: irq_rtc mints I/O-port and IRQ resources from the root resource,
// enables the RTC's ports and services 16 of its periodic interrupts; ioport_denied touches a
// port it was not given and ends with #GP, alone.
class IrqUserScenario final : public Scenario {
 public:
  std::string_view name() const override { return "irq.user"; }
  std::string_view summary() const override {
    return "a user-space RTC driver gets IRQ 8 as an object; ports it lacks fault";
  }
  Outcome Run(ScenarioContext& context) const override;
};

// A test program run by the kernel (`run=bin/<program>`): the runner waits for each of
// `expected` in order (the start of a line the program prints, after `[<name>] `), then for
// the program's exit with code 0 and a clean poweroff.
struct ProgramExpectation {
  std::string process;             // the process that prints it
  std::string line;                // what its line starts with
  std::string what;                // for progress and failure messages
  std::vector<std::string> parts = {};  // and what else it must contain
};

// A kernel log line `[process] ...` whose message starts with `prefix` and contains every one
// of `parts`.
QemuSession::LineMatcher Message(std::string prefix, std::vector<std::string> parts = {});

// Waits for `expected` from serial line `from` on and notes it; returns the line after it.
std::expected<size_t, std::string> ExpectLine(ScenarioContext& context, QemuSession& session,
                                              const ProgramExpectation& expected, size_t from);

class ProgramScenario final : public Scenario {
 public:
  ProgramScenario(std::string name, std::string summary, std::string program,
                  std::vector<ProgramExpectation> expected)
      : name_(std::move(name)),
        summary_(std::move(summary)),
        program_(std::move(program)),
        expected_(std::move(expected)) {}
  std::string_view name() const override { return name_; }
  std::string_view summary() const override { return summary_; }
  Outcome Run(ScenarioContext& context) const override;

 private:
  std::string name_;
  std::string summary_;
  std::string program_;
  std::vector<ProgramExpectation> expected_;
};

// ipc.channel, ipc.shm, syscall.badargs, quota.memory, quota.handles, task.kill,
// user.libc, sched.user, ipc.donation, mmio.hpet, quota.threads.
std::vector<std::unique_ptr<Scenario>> MakeProgramScenarios();

}  // namespace raeen::tools::testrunner
