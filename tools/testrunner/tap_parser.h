#pragma once
// Reads the in-kernel tests' TAP report [TAP version 13, testanything.org] out of the serial
// lines. The kernel may print TAP lines bare or behind its log prefix; both are accepted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

struct TapResult {
  int number = 0;
  bool ok = false;
  std::string name;
  std::string directive;  // "SKIP ..." or "TODO ...", empty if none
};

struct TapReport {
  bool saw_version = false;
  std::optional<int> planned;
  std::vector<TapResult> results;
  // The kernel's closing `# <P> passed, <F> failed` line.
  std::optional<int> summary_passed;
  std::optional<int> summary_failed;
  bool bailed_out = false;
  // Every TAP line seen, in order, as printed (without the kernel log prefix).
  std::vector<std::string> lines;

  int passed() const;
  int failed() const;  // `not ok` without a TODO directive
  // The plan was announced, every planned test reported, and none failed.
  bool AllPassed() const;
  // Human-readable inconsistencies (missing plan, count mismatch, summary disagreeing with
  // the results); empty when the report is coherent.
  std::vector<std::string> Problems() const;
};

class TapParser {
 public:
  // Feeds one serial line. Lines before `TAP version` are ignored, as is non-TAP output
  // interleaved with the report (ordinary kernel log lines).
  void Feed(std::string_view line);
  const TapReport& report() const { return report_; }

 private:
  TapReport report_;
};

}  // namespace raeen::tools::testrunner
