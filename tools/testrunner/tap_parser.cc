#include "tools/testrunner/tap_parser.h"

#include <cctype>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// `ok 3 - name # SKIP reason` / `not ok 3 name`; returns nullopt for anything else.
std::optional<TapResult> ParseResultLine(std::string_view line) {
  TapResult result;
  std::string_view rest;
  if (line.starts_with("ok ")) {
    result.ok = true;
    rest = line.substr(3);
  } else if (line.starts_with("not ok ")) {
    rest = line.substr(7);
  } else {
    return std::nullopt;
  }
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  const auto number = ParseInteger(rest.substr(0, digits));
  if (!number) return std::nullopt;
  result.number = static_cast<int>(*number);
  rest = Trim(rest.substr(digits));
  if (rest.starts_with("- ")) rest = rest.substr(2);
  const size_t hash = rest.find(" # ");
  if (hash != std::string_view::npos) {
    result.directive = std::string(Trim(rest.substr(hash + 3)));
    rest = rest.substr(0, hash);
  }
  result.name = std::string(Trim(rest));
  return result;
}

// A `# TODO` directive marks an expected failure; directives are case-insensitive [TAP 13].
bool IsTodo(const TapResult& result) {
  constexpr std::string_view kTodo = "todo";
  if (result.directive.size() < kTodo.size()) return false;
  for (size_t i = 0; i < kTodo.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(result.directive[i])) != kTodo[i]) return false;
  }
  return true;
}

// `# 12 passed, 1 failed`
bool ParseSummary(std::string_view line, TapReport& report) {
  const auto words = SplitWords(line);
  if (words.size() != 5 || words[0] != "#" || words[2] != "passed," || words[4] != "failed") {
    return false;
  }
  const auto passed = ParseInteger(words[1]);
  const auto failed = ParseInteger(words[3]);
  if (!passed || !failed) return false;
  report.summary_passed = static_cast<int>(*passed);
  report.summary_failed = static_cast<int>(*failed);
  return true;
}

}  // namespace

int TapReport::passed() const {
  int count = 0;
  for (const TapResult& result : results) count += result.ok ? 1 : 0;
  return count;
}

int TapReport::failed() const {
  int count = 0;
  for (const TapResult& result : results) count += (!result.ok && !IsTodo(result)) ? 1 : 0;
  return count;
}

bool TapReport::AllPassed() const {
  return Problems().empty() && failed() == 0;
}

std::vector<std::string> TapReport::Problems() const {
  std::vector<std::string> problems;
  if (!saw_version) problems.push_back("no `TAP version` line");
  if (!planned) {
    problems.push_back("no plan line `1..N`");
  } else if (*planned != static_cast<int>(results.size())) {
    problems.push_back(Printf("plan announced %d tests, %zu reported", *planned, results.size()));
  }
  if (bailed_out) problems.push_back("the tests bailed out");
  if (summary_passed && *summary_passed != passed()) {
    problems.push_back(
        Printf("summary says %d passed, %d `ok` lines seen", *summary_passed, passed()));
  }
  if (summary_failed && *summary_failed != static_cast<int>(results.size()) - passed()) {
    problems.push_back(Printf("summary says %d failed, %d `not ok` lines seen", *summary_failed,
                              static_cast<int>(results.size()) - passed()));
  }
  return problems;
}

void TapParser::Feed(std::string_view raw_line) {
  const std::string_view line = Trim(KernelMessage(raw_line));
  if (!report_.saw_version) {
    if (line.starts_with("TAP version ")) {
      report_.saw_version = true;
      report_.lines.emplace_back(line);
    }
    return;
  }
  if (auto result = ParseResultLine(line)) {
    report_.results.push_back(std::move(*result));
  } else if (line.starts_with("1..")) {
    const auto count = ParseInteger(line.substr(3));
    if (!count) return;
    report_.planned = static_cast<int>(*count);
  } else if (line.starts_with("Bail out!")) {
    report_.bailed_out = true;
  } else if (line.starts_with("#")) {
    ParseSummary(line, report_);
  } else {
    return;  // not TAP: ordinary log output between test lines
  }
  report_.lines.emplace_back(line);
}

}  // namespace raeen::tools::testrunner
