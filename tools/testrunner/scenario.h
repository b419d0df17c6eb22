#pragma once
// A system-test scenario: boots the image one or more times through a ScenarioContext and
// checks what the guest does. Scenarios only decide pass or fail and why; the context owns
// the boots, so the runner can report on every one of them (logs, screenshots) afterwards.

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/build_paths.h"
#include "tools/testrunner/qemu_session.h"

namespace raeen::tools::testrunner {

// Success, or the reason for failure in one or a few lines.
using Outcome = std::expected<void, std::string>;

struct ScenarioEnvironment {
  std::string name;  // the scenario's
  BuildPaths paths;
  std::filesystem::path out_dir;  // prepared (empty) by the caller
  Accel accel = Accel::kTcg;
  std::chrono::seconds boot_timeout{90};
};

struct BootRequest {
  // Sub-directory of the output directory for this boot's artifacts; empty: the output
  // directory itself (scenarios with a single boot).
  std::string label;
  // The kernel command line (replacing the image's).
  std::string cmdline;
  std::vector<std::string> fatal_patterns;
  Machine machine = {};
  // At least this long for this boot (a scenario that runs long by design), else the
  // environment's boot_timeout.
  std::chrono::seconds minimum_timeout{0};
};

class ScenarioContext {
 public:
  explicit ScenarioContext(ScenarioEnvironment environment)
      : environment_(std::move(environment)) {}

  // Starts a boot; the context keeps the session.
  std::expected<QemuSession*, std::string> Boot(const BootRequest& request);

  // Waits for a line, prints it as progress, and returns it; on failure the reason says what
  // was awaited (`what`) and what happened instead.
  std::expected<const SerialLine*, std::string> Expect(QemuSession& session,
                                                       const QemuSession::LineMatcher& matcher,
                                                       std::string_view what);

  // Progress output, one line.
  void Note(std::string_view text);
  void Note(const QemuSession& session, const SerialLine& line, std::string_view what);

  const ScenarioEnvironment& environment() const { return environment_; }
  const std::vector<std::unique_ptr<QemuSession>>& sessions() const { return sessions_; }

 private:
  ScenarioEnvironment environment_;
  std::vector<std::unique_ptr<QemuSession>> sessions_;
};

class Scenario {
 public:
  virtual ~Scenario() = default;
  virtual std::string_view name() const = 0;
  // One line for `testrunner list`.
  virtual std::string_view summary() const = 0;
  virtual Outcome Run(ScenarioContext& context) const = 0;
};

}  // namespace raeen::tools::testrunner
