#include "tools/testrunner/svc_scenarios.h"

#include "tools/testrunner/guest_markers.h"

namespace raeen::tools::testrunner {

Outcome ServiceScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot({"", "svc.start=" + start_, BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  size_t from = 0;
  for (const ProgramExpectation& line : expected_) {
    auto next = ExpectLine(context, session, line, from);
    if (!next) return std::unexpected(next.error());
    from = *next;
  }
  // The summary whatever it says: a failure is reported with the program's FAIL lines, not
  // as a timeout.
  const std::string tag = "[" + program_ + "] " + program_ + ": ";
  auto summary = ExpectLine(context, session,
                            {program_, program_ + ": ", program_ + "'s summary", {" checks, "}}, 0);
  if (!summary) return std::unexpected(summary.error());
  const std::string_view message = KernelMessage(session.lines()[*summary - 1].text);
  if (!message.ends_with(" checks, 0 failed")) {
    std::string failures;
    for (const SerialLine& line : session.lines()) {
      const std::string_view text = KernelMessage(line.text);
      if (text.starts_with(tag + "FAIL ")) failures += "\n  " + std::string(text);
    }
    return std::unexpected(std::string(message) + failures);
  }
  auto ended = ExpectLine(context, session,
                          {"svcmgr",
                           "svcmgr: " + program_ + " (pid ",
                           "svcmgr saw it exit cleanly",
                           {"exited with code 0"}},
                          *summary);
  if (!ended) return std::unexpected(ended.error());
  return {};
}

std::vector<std::unique_ptr<Scenario>> MakeServiceScenarios() {
  std::vector<std::unique_ptr<Scenario>> list;
  list.push_back(std::make_unique<ServiceScenario>(
      "svc.start", "svcmgr starts every boot service; each is running and resolvable by name",
      "svc_probe", "svc_probe",
      std::vector<ProgramExpectation>{
          // Boot services start in manifest file-name order, then those svc.start names.
          {"svcmgr", "svcmgr: started consoled (pid ", "consoled started"},
          {"svcmgr", "svcmgr: started logd (pid ", "logd started"},
          {"svcmgr", "svcmgr: started shell (pid ", "shell started"},
          {"svcmgr", "svcmgr: started vfsd (pid ", "vfsd started"},
          {"svcmgr", "svcmgr: started svc_probe (pid ", "the test program started"},
          {"svc_probe", "svc_probe: connected to console", "console resolved"},
          {"svc_probe", "svc_probe: connected to log", "log resolved"},
          {"svc_probe", "svc_probe: connected to vfs", "vfs resolved"},
      }));
  list.push_back(std::make_unique<ServiceScenario>(
      "svc.sandbox",
      "a service gets only its manifest's grants; other names, capabilities and control are "
      "refused",
      "svc_sandbox", "svc_sandbox",
      std::vector<ProgramExpectation>{
          {"svcmgr", "svcmgr: svc_sandbox may not look up log (not in its manifest)",
           "svcmgr refused a name outside the manifest, and logged it"},
          {"svcmgr", "svcmgr: svc_sandbox sent a malformed request",
           "svcmgr answered garbage with an error"},
      }));
  list.push_back(std::make_unique<ServiceScenario>(
      "svc.restart",
      "a service that crashes, is killed or is restarted comes back; a client's next call "
      "succeeds",
      "svc_crashy,svc_restart", "svc_restart",
      std::vector<ProgramExpectation>{
          {"svc_crashy", "svc_crashy: crashing as asked", "the service crashed by itself"},
          {"svcmgr", "svcmgr: svc_crashy (pid ", "svcmgr saw the fault", {"faulted"}},
          {"svcmgr", "svcmgr: restarted svc_crashy (pid ", "and restarted it", {"restart 1"}},
          {"svc_restart", "svc_restart: crashed by itself: answered again after ",
           "the client's next call succeeded"},
          {"svcmgr", "svcmgr: svc_crashy (pid ", "killed by a controlling client", {"was killed"}},
          {"svcmgr", "svcmgr: restarted svc_crashy (pid ", "restarted", {"restart 2"}},
          {"svc_restart", "svc_restart: killed: answered again after ",
           "the client's next call succeeded"},
          {"svcmgr", "svcmgr: svc_restart asked to restart svc_crashy", "a restart on request"},
          {"svcmgr", "svcmgr: restarted svc_crashy (pid ", "done at once", {"restart 3"}},
          {"svc_restart", "svc_restart: restarted on request: answered again after ",
           "the client's next call succeeded"},
      }));
  list.push_back(std::make_unique<ServiceScenario>(
      "vfs.ops",
      "vfsd serves the initrd as files; a program does every file operation and checks it",
      "vfs_ops", "vfs_ops",
      std::vector<ProgramExpectation>{
          {"vfsd",
           "vfsd: imported the initrd: ", "vfsd filled its RAM file system from the initrd"},
      }));
  list.push_back(std::make_unique<ServiceScenario>(
      "log.collect",
      "logd keeps kernel records and service writes in one sequence; a client reads both",
      "log_client", "log_client",
      std::vector<ProgramExpectation>{
          {"logd", "logd: serving ", "logd started and copied the kernel log"},
      }));
  return list;
}

}  // namespace raeen::tools::testrunner
