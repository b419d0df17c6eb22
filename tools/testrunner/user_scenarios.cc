#include "tools/testrunner/user_scenarios.h"

#include <cstdlib>
#include <optional>
#include <set>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/power_scenarios.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

QemuSession::LineMatcher Message(std::string prefix, std::vector<std::string> parts) {
  return [prefix = std::move(prefix), parts = std::move(parts)](std::string_view line) {
    const std::string_view message = KernelMessage(line);
    if (!message.starts_with(prefix)) return false;
    for (const std::string& part : parts) {
      if (message.find(part) == std::string_view::npos) return false;
    }
    return true;
  };
}

std::expected<size_t, std::string> ExpectLine(ScenarioContext& context, QemuSession& session,
                                              const ProgramExpectation& expected, size_t from) {
  const std::string prefix = "[" + expected.process + "] " + expected.line;
  const WaitResult found = session.WaitForLine(Message(prefix, expected.parts), from);
  if (found.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(found, expected.what + " (`" + prefix + "`)"));
  }
  context.Note(session, session.lines()[found.line], expected.what);
  return found.line + 1;
}

namespace {

// The hex number after `key` in `line` ("image at 0x5949f44f000" with key "image at ").
std::optional<uint64_t> HexAfter(std::string_view line, std::string_view key) {
  const size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string rest(line.substr(at + key.size()));
  char* end = nullptr;
  const uint64_t value = std::strtoull(rest.c_str(), &end, 16);
  if (end == rest.c_str()) return std::nullopt;
  return value;
}

struct Placement {
  uint64_t image;
  uint64_t stack_top;
};

// `spawn 'hello' (pid N): image at 0x..., entry 0x..., stack top 0x...`, checked against the
// user layout's windows (kernel/process/user_layout.h).
std::expected<Placement, std::string> ExpectSpawn(ScenarioContext& context, QemuSession& session,
                                                 const std::string& name, int pid) {
  auto line = context.Expect(
      session, Message(Printf("spawn '%s' (pid %d): image at ", name.c_str(), pid)),
      Printf("%s started as pid %d", name.c_str(), pid));
  if (!line) return std::unexpected(line.error());
  const std::optional<uint64_t> image = HexAfter((*line)->text, "image at ");
  const std::optional<uint64_t> stack = HexAfter((*line)->text, "stack top ");
  if (!image || !stack) return std::unexpected("cannot read the spawn line: " + (*line)->text);
  constexpr uint64_t kImageWindow[] = {4ull << 30, 16ull << 40};
  constexpr uint64_t kStackWindow[] = {0x0000'7000'0000'0000, 0x0000'7fff'ffff'0000};
  if (*image < kImageWindow[0] || *image >= kImageWindow[1] || *image % 4096 != 0) {
    return std::unexpected(Printf("image base %#llx is outside the image window",
                                  static_cast<unsigned long long>(*image)));
  }
  if (*stack <= kStackWindow[0] || *stack > kStackWindow[1] || *stack % 4096 != 0) {
    return std::unexpected(Printf("stack top %#llx is outside the stack window",
                                  static_cast<unsigned long long>(*stack)));
  }
  return Placement{*image, *stack};
}

Outcome ExpectRunEnd(ScenarioContext& context, QemuSession& session, const std::string& program,
                     int pid, const std::string& how) {
  auto line = context.Expect(
      session, Message(Printf("run: bin/%s (pid %d) %s", program.c_str(), pid, how.c_str())),
      Printf("%s (pid %d) %s", program.c_str(), pid, how.c_str()));
  if (!line) return std::unexpected(line.error());
  return {};
}

struct FaultCase {
  std::string program;
  std::vector<std::string> report;  // parts of the `user: process ...` line
  bool rip_in_image;                // else on the stack
  std::string address_line;         // the `user:   address ...` line starts with this
};

}  // namespace

Outcome UserHelloScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot({"", "run=bin/hello,bin/hello poweroff",
                              BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto first = ExpectSpawn(context, session, "hello", 1);
  if (!first) return std::unexpected(first.error());
  for (const auto& [prefix, what] : std::vector<std::pair<std::string, std::string>>{
           {"[hello] hello from user space", "the program's greeting over debug_write"},
           {"[hello] hello: clock advanced ", "clock_monotonic read twice from ring 3"},
           {"[hello] hello: new and delete of 32 KiB: sum 22898104320",
            "operator new and delete on the process heap"},
           {"[hello] hello: debug_write of a kernel address: invalid-argument",
            "a kernel pointer refused with invalid-argument"}}) {
    auto line = context.Expect(session, Message(prefix), what);
    if (!line) return std::unexpected(line.error());
  }
  if (Outcome end = ExpectRunEnd(context, session, "hello", 1, "exited with code 0"); !end) {
    return end;
  }
  auto second = ExpectSpawn(context, session, "hello", 2);
  if (!second) return std::unexpected(second.error());
  if (second->image == first->image || second->stack_top == first->stack_top) {
    return std::unexpected("the second run got the same image base or stack top: no ASLR");
  }
  context.Note(Printf("user.hello: image bases %#llx and %#llx, stack tops %#llx and %#llx",
                      static_cast<unsigned long long>(first->image),
                      static_cast<unsigned long long>(second->image),
                      static_cast<unsigned long long>(first->stack_top),
                      static_cast<unsigned long long>(second->stack_top)));
  if (Outcome end = ExpectRunEnd(context, session, "hello", 2, "exited with code 0"); !end) {
    return end;
  }
  return ExpectAcpiPowerOff(context, session);
}

Outcome UserFaultScenario::Run(ScenarioContext& context) const {
  const std::vector<FaultCase> cases = {
      {"fault_null",
       {"#PF page fault", "not-present read user-mode data-access"},
       true,
       "address 0x0"},
      {"fault_write_text",
       {"#PF page fault", "protection-violation write user-mode data-access"},
       true,
       "address 0x"},
      // The stack window starts at 0x7000'0000'0000 (kernel/process/user_layout.h).
      {"fault_exec_stack",
       {"#PF page fault", "protection-violation read user-mode instruction-fetch"},
       false,
       "address 0x7"},
  };
  std::string run = "run=";
  for (const FaultCase& c : cases) run += "bin/" + c.program + ",";
  run += "bin/hello poweroff";
  auto booted = context.Boot({"", run, BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  int pid = 1;
  for (const FaultCase& c : cases) {
    auto report = context.Expect(
        session,
        Message(Printf("user: process '%s' (pid %d) thread '%s': ", c.program.c_str(), pid,
                       c.program.c_str()),
                c.report),
        c.program + "'s fault report");
    if (!report) return std::unexpected(report.error());
    // The faulting instruction is named inside the program's image (or is on the stack).
    auto rip = context.Expect(
        session,
        c.rip_in_image ? Message("user:   rip 0x", {"(" + c.program + "+0x"})
                       : Message("user:   rip 0x7"),
        c.program + (c.rip_in_image ? "'s faulting rip, as an offset into its image"
                                    : "'s faulting rip, on its stack"));
    if (!rip) return std::unexpected(rip.error());
    auto address = context.Expect(session, Message("user:   " + c.address_line),
                                  c.program + "'s fault address");
    if (!address) return std::unexpected(address.error());
    if (Outcome end = ExpectRunEnd(context, session, c.program, pid, "faulted"); !end) return end;
    ++pid;
  }
  // The system lives on: a program started after the faults runs normally.
  auto greeting = context.Expect(session, Message("[hello] hello from user space"),
                                 "a program started after the faults");
  if (!greeting) return std::unexpected(greeting.error());
  if (Outcome end = ExpectRunEnd(context, session, "hello", pid, "exited with code 0"); !end) {
    return end;
  }
  return ExpectAcpiPowerOff(context, session);
}

// The unsigned decimal after `key` in `line`.
std::optional<uint64_t> NumberAfter(std::string_view line, std::string_view key) {
  const size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string rest(line.substr(at + key.size()));
  char* end = nullptr;
  const uint64_t value = std::strtoull(rest.c_str(), &end, 10);
  if (end == rest.c_str()) return std::nullopt;
  return value;
}

Outcome SyscallFuzzScenario::Run(ScenarioContext& context) const {
  // 60 s of fuzzing, the sweep of every handle value, and room for a loaded host.
  auto booted = context.Boot({.label = "",
                              .cmdline = "run=bin/syscall_fuzz poweroff",
                              .fatal_patterns = BootOrPanicFailurePatterns(),
                              .machine = {},
                              .minimum_timeout = std::chrono::seconds(240)});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto summary = context.Expect(session, Message("[syscall_fuzz] fuzz: ", {" calls in "}),
                                "the fuzzer's summary");
  if (!summary) return std::unexpected(summary.error());
  const std::string& text = (*summary)->text;
  const auto seconds = NumberAfter(text, " calls in ");
  const auto before = NumberAfter(text, "; handles ");
  const auto after = NumberAfter(text, " before, ");
  if (!seconds || !before || !after) return std::unexpected("cannot read the summary: " + text);
  if (*seconds < 60) {
    return std::unexpected(
        Printf("the fuzzer ran only %llu s", static_cast<unsigned long long>(*seconds)));
  }
  if (*before != *after) {
    return std::unexpected(Printf("handles: %llu before the fuzzing, %llu after closing all",
                                  static_cast<unsigned long long>(*before),
                                  static_cast<unsigned long long>(*after)));
  }
  auto end = context.Expect(session,
                            Message("run: bin/syscall_fuzz (pid 1) exited with code 0; "),
                            "the fuzzer's clean exit and the kernel's page counts");
  if (!end) return std::unexpected(end.error());
  // `... user pages 103 -> 103, page tables 266 -> 266`
  const std::string& counts = (*end)->text;
  for (const std::string key : {"user pages ", "page tables "}) {
    const auto before_pages = NumberAfter(counts, key);
    if (!before_pages) return std::unexpected("no page counts in: " + counts);
    const auto after_pages = NumberAfter(counts, key + std::to_string(*before_pages) + " -> ");
    if (!after_pages || *after_pages != *before_pages) {
      return std::unexpected(key + "did not come back: " + counts);
    }
  }
  return ExpectAcpiPowerOff(context, session);
}

Outcome IrqUserScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot(
      {"", "run=bin/irq_rtc,bin/ioport_denied poweroff", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::vector<ProgramExpectation> expected = {
      {"irq_rtc", "irq_rtc: minting from a minted resource: access-denied",
       "a minted resource has no manage right"},
      {"irq_rtc", "irq_rtc: enabling a port outside the resource: out-of-range",
       "ioport_enable stays inside the resource"},
      {"irq_rtc", "irq_rtc: 16 interrupts from IRQ 8, ", "16 RTC interrupts reached the driver"},
      {"irq_rtc", "irq_rtc: acking with nothing pending: bad-state", "an ack needs a fired line"},
  };
  for (const ProgramExpectation& line : expected) {
    auto found = context.Expect(session, Message("[" + line.process + "] " + line.line),
                                line.what);
    if (!found) return std::unexpected(found.error());
  }
  if (Outcome end = ExpectRunEnd(context, session, "irq_rtc", 1, "exited with code 0"); !end) {
    return end;
  }
  auto fault = context.Expect(
      session, Message("user: process 'ioport_denied' (pid 2) ", {"#GP general protection"}),
      "a port outside the process's ranges raised #GP");
  if (!fault) return std::unexpected(fault.error());
  if (Outcome end = ExpectRunEnd(context, session, "ioport_denied", 2, "faulted"); !end) {
    return end;
  }
  return ExpectAcpiPowerOff(context, session);
}

Outcome ProgramScenario::Run(ScenarioContext& context) const {
  auto booted =
      context.Boot({"", "run=bin/" + program_ + " poweroff", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  size_t from = 0;
  for (const ProgramExpectation& expected : expected_) {
    auto next = ExpectLine(context, session, expected, from);
    if (!next) return std::unexpected(next.error());
    from = *next;
  }
  if (Outcome end = ExpectRunEnd(context, session, program_, 1, "exited with code 0"); !end) {
    return end;
  }
  return ExpectAcpiPowerOff(context, session);
}

std::vector<std::unique_ptr<Scenario>> MakeProgramScenarios() {
  std::vector<std::unique_ptr<Scenario>> list;
  list.push_back(std::make_unique<ProgramScenario>(
      "ipc.channel", "bytes and handles cross a channel, rights narrow, calls, peer-closed",
      "ipc_channel",
      std::vector<ProgramExpectation>{
          {"ipc_channel", "ipc_channel: bootstrap end after spawn: bad-handle",
           "the bootstrap end left with process_spawn"},
          {"ipc_channel", "ipc_channel: duplicate with more rights: invalid-argument",
           "a duplicate may not add rights"},
          {"ipc_channel", "ipc_channel: sent handle after the write: bad-handle",
           "a sent handle leaves the sender's table"},
          {"ipc_child", "ipc_child: got 'ping' and a handle: type 4 rights 0x47",
           "the child received the bytes and a read-only memory handle"},
          {"ipc_channel",
           "ipc_channel: child replied 'read ok 'shared secret', write access-denied'",
           "the narrowed handle reads but may not write"},
          {"ipc_channel", "ipc_channel: call 'add 2 3': ok '5'", "a channel_call round trip"},
          {"ipc_channel", "ipc_channel: call 'add 40 2': ok '42'", "a second call"},
          {"ipc_child", "ipc_child: peer closed after 2 calls", "the server saw peer-closed"},
          {"ipc_channel", "ipc_channel: child terminated: ok", "the child's process ended"},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "ipc.shm", "two processes map one memory object and see each other's writes", "ipc_shm",
      std::vector<ProgramExpectation>{
          {"ipc_shm", "ipc_shm: filled 1024 KiB at ", "the first process filled its mapping"},
          {"shm_child", "shm_child: checksum matches: ",
           "the second process mapped it and read the same bytes"},
          // ipc_shm exits 0 only if this word is the complement of its checksum.
          {"ipc_shm", "ipc_shm: the child wrote ", "the child's write seen by the first"},
      }));
  // Each of these programs exits with 0 only if every check passed.
  list.push_back(std::make_unique<ProgramScenario>(
      "syscall.badargs", "every syscall with bad handles, types, rights, pointers and sizes",
      "syscall_badargs",
      std::vector<ProgramExpectation>{
          {"syscall_badargs", "badargs: ", "each case returned its documented status",
           {" cases, 0 failed"}},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "quota.memory", "memory objects past the memory quota are refused; freeing makes room",
      "quota_memory",
      std::vector<ProgramExpectation>{
          {"quota_memory", "quota_memory: ", "the quota refused an object",
           {"then quota-exceeded"}},
          {"quota_memory", "quota_memory: after closing one: ok", "room again after a close"},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "quota.handles", "a full handle table refuses new handles; closing one makes room",
      "quota_handles",
      std::vector<ProgramExpectation>{
          {"quota_handles", "quota_handles: ", "the table filled up",
           {"then quota-exceeded; 1024 handles in the table"}},
          {"quota_handles", "quota_handles: after closing one: ok", "room again after a close"},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "task.kill", "a process blocked without deadlines ends soon after task_kill",
      "kill_blocked",
      std::vector<ProgramExpectation>{
          {"kill_blocked", "kill_blocked: task_kill ok, then the blocked process terminated",
           "both blocked threads ended"},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "user.libc", "a C program on libs/c: printf, malloc, strtol, qsort, the clock", "c_hello",
      std::vector<ProgramExpectation>{
          {"c_hello", "c_hello: all checks passed", "every libc check held"},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "sched.user", "affinity, real-time reservations and isolation from user space",
      "sched_user",
      std::vector<ProgramExpectation>{
          {"sched_user", "sched_user: the first thread moved itself through thread_self",
           "thread_self names the first thread, which moved itself"},
          {"sched_user", "sched_user: a running thread moved to CPU 1 and back to CPU 0",
           "sched_set_affinity moved a running thread"},
          {"sched_user", "sched_user: a thread moved itself 20 times, 0 times not on the new CPU",
           "a thread that changes its own affinity is on the new CPU when the call returns"},
          {"sched_user", "sched_user: a sleeping thread on CPU ", "a sleeping thread woke on its "
           "new CPU"},
          {"sched_user", "sched_user: real-time server on CPU 1: ",
           "a real-time server was admitted, throttled, and left room for a fair thread"},
          {"sched_user", "sched_user: isolation checked", "isolation needs the root resource"},
          {"sched_user", "sched_user: ", "every check held", {" checks, 0 failed"}},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "ipc.donation", "a real-time caller's budget pays for the server's work on its calls",
      "ipc_donation",
      std::vector<ProgramExpectation>{
          {"ipc_donation", "ipc_donation: fair client: ", "a fair client's calls ran"},
          {"ipc_donation", "ipc_donation: real-time client: ", "a real-time client's calls ran"},
          {"ipc_donation", "ipc_donation: ", "the work was charged where it belongs",
           {" checks, 0 failed"}},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "mmio.hpet", "a physical memory object over the HPET: mapped uncached, refused over RAM",
      "mmio_hpet",
      std::vector<ProgramExpectation>{
          {"mmio_hpet", "mmio_hpet: capabilities ", "the HPET's registers read through the mapping",
           {"vendor 0x8086, period 10000000 fs"}},
          {"mmio_hpet", "mmio_hpet: main counter ", "the main counter advanced between two reads"},
          {"mmio_hpet", "mmio_hpet: ", "every check held", {" checks, 0 failed"}},
      }));
  list.push_back(std::make_unique<ProgramScenario>(
      "quota.threads", "threads past the thread limit are refused; the process ends cleanly",
      "quota_threads",
      std::vector<ProgramExpectation>{
          {"quota_threads", "quota_threads: 63 threads, then quota-exceeded; 63 running",
           "63 threads beside the first, then the limit"},
          {"quota_threads", "quota_threads: FS/GS bases checked: 0 mismatches",
           "each thread kept its own FS and GS base across switches"},
      }));
  return list;
}

}  // namespace raeen::tools::testrunner
