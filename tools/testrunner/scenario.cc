#include "tools/testrunner/scenario.h"

#include <algorithm>

#include <cstdio>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

std::expected<QemuSession*, std::string> ScenarioContext::Boot(const BootRequest& request) {
  std::filesystem::path out_dir = environment_.out_dir;
  std::string label = environment_.name;
  if (!request.label.empty()) {
    out_dir /= request.label;
    label += "/" + request.label;
    std::error_code error;
    std::filesystem::create_directories(out_dir, error);
    if (error) return std::unexpected("cannot create " + out_dir.string() + ": " + error.message());
  }
  SessionOptions options;
  options.label = label;
  options.source_image = environment_.paths.esp_image;
  options.out_dir = out_dir;
  options.cmdline = request.cmdline;
  options.accel = environment_.accel;
  options.machine = request.machine;
  options.timeout = std::max(environment_.boot_timeout, request.minimum_timeout);
  options.fatal_patterns = request.fatal_patterns;
  auto session = QemuSession::Start(std::move(options));
  if (!session) return std::unexpected(label + ": cannot start QEMU: " + session.error());
  Note(Printf("%s: booting (%s, cmdline \"%s\"), output in %s", label.c_str(),
              AccelName(environment_.accel).data(), (*session)->cmdline().c_str(),
              out_dir.c_str()));
  sessions_.push_back(std::move(*session));
  return sessions_.back().get();
}

std::expected<const SerialLine*, std::string> ScenarioContext::Expect(
    QemuSession& session, const QemuSession::LineMatcher& matcher, std::string_view what) {
  const WaitResult result = session.WaitForLine(matcher);
  if (result.status != WaitStatus::kMatched) {
    // Name the boot only when the scenario has several.
    const std::string& label = session.options().label;
    const std::string prefix = label == environment_.name ? "" : label + ": ";
    return std::unexpected(prefix + session.Explain(result, what));
  }
  const SerialLine& line = session.lines()[result.line];
  Note(session, line, what);
  return &line;
}

void ScenarioContext::Note(std::string_view text) {
  std::printf("%.*s\n", static_cast<int>(text.size()), text.data());
  std::fflush(stdout);
}

void ScenarioContext::Note(const QemuSession& session, const SerialLine& line,
                           std::string_view what) {
  Note(Printf("%s: [+%6.3fs] %.*s: %s", session.options().label.c_str(), line.seconds,
              static_cast<int>(what.size()), what.data(), line.text.c_str()));
}

}  // namespace raeen::tools::testrunner
