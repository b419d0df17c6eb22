#include "tools/testrunner/tap_parser.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TapReport ParseLines(std::initializer_list<const char*> lines) {
  TapParser parser;
  for (const char* line : lines) parser.Feed(line);
  return parser.report();
}

TEST(TapParser, ReadsAPassingReport) {
  const TapReport report =
      ParseLines({"[    0.100000] info: booting", "TAP version 13", "1..2", "ok 1 - rstd.format",
                  "ok 2 - mm.pmm", "# 2 passed, 0 failed"});
  EXPECT_TRUE(report.saw_version);
  EXPECT_EQ(report.planned, 2);
  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[1].name, "mm.pmm");
  EXPECT_EQ(report.passed(), 2);
  EXPECT_EQ(report.failed(), 0);
  EXPECT_TRUE(report.AllPassed());
  EXPECT_TRUE(report.Problems().empty());
  EXPECT_EQ(report.lines.size(), 5u);
}

TEST(TapParser, AcceptsKernelLogPrefixes) {
  const TapReport report = ParseLines({"[    0.1] info: TAP version 13", "[    0.2] info: 1..1",
                                       "[    0.3] error: not ok 1 - sched.yield"});
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_FALSE(report.results[0].ok);
  EXPECT_EQ(report.results[0].name, "sched.yield");
  EXPECT_EQ(report.failed(), 1);
  EXPECT_FALSE(report.AllPassed());
}

TEST(TapParser, IgnoresLinesBeforeTheVersionAndNonTapLines) {
  const TapReport report = ParseLines(
      {"ok 9 - before", "TAP version 13", "1..1", "[    0.5] info: some log line", "ok 1 - x"});
  EXPECT_EQ(report.results.size(), 1u);
  EXPECT_EQ(report.lines.size(), 3u);
}

TEST(TapParser, ReadsDirectivesAndNamesWithoutDash) {
  const TapReport report = ParseLines({"TAP version 13", "1..3", "ok 1 fast path # SKIP no SMP",
                                       "not ok 2 - slow # TODO later", "ok 3 - a # b"});
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[0].name, "fast path");
  EXPECT_EQ(report.results[0].directive, "SKIP no SMP");
  EXPECT_EQ(report.results[1].directive, "TODO later");
  EXPECT_EQ(report.results[2].name, "a");
  EXPECT_EQ(report.failed(), 0);  // TODO failures do not count
}

TEST(TapParser, FindsInconsistencies) {
  const TapReport report =
      ParseLines({"TAP version 13", "1..3", "ok 1 - a", "not ok 2 - b", "# 2 passed, 0 failed"});
  const auto problems = report.Problems();
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "plan announced 3 tests, 2 reported");
  EXPECT_EQ(problems[1], "summary says 2 passed, 1 `ok` lines seen");
  EXPECT_EQ(problems[2], "summary says 0 failed, 1 `not ok` lines seen");
}

TEST(TapParser, ReportsMissingPlanAndBailOut) {
  const TapReport report = ParseLines({"TAP version 13", "ok 1 - a", "Bail out! no memory"});
  EXPECT_TRUE(report.bailed_out);
  const auto problems = report.Problems();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "no plan line `1..N`");
  EXPECT_EQ(problems[1], "the tests bailed out");
}

TEST(TapParser, EmptyReportHasNoVersion) {
  const TapReport report = ParseLines({"kernel ready"});
  EXPECT_FALSE(report.saw_version);
  EXPECT_FALSE(report.AllPassed());
}

}  // namespace
}  // namespace raeen::tools::testrunner
