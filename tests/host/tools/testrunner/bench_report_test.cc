#include "tools/testrunner/bench_report.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TEST(BenchReport, GroupsSamplesByMetricInFirstSeenOrder) {
  BenchReport report;
  report.Add("boot.host.qemu_to_loader", "ms", 4000);
  report.Add("boot.loader_to_kernel_entry", "ms", 12.5);
  report.Add("boot.host.qemu_to_loader", "ms", 4200);
  const JsonValue json =
      report.ToJson({"qemu-system-x86_64 -nic none", "abc-dirty", "tcg", "2026-11-23T23:00:00Z"});
  const JsonValue::Object& metrics = json.Find("metrics")->AsObject();
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0].key, "boot.host.qemu_to_loader");
  EXPECT_EQ(metrics[0].value.Find("n")->AsNumber(), 2);
  EXPECT_EQ(metrics[0].value.Find("p50")->AsNumber(), 4000);
  EXPECT_EQ(metrics[0].value.Find("max")->AsNumber(), 4200);
  EXPECT_EQ(metrics[0].value.Find("unit")->AsString(), "ms");
  EXPECT_EQ(metrics[1].value.Find("noise")->AsNumber(), 0);
  EXPECT_EQ(json.Find("qemu_command")->AsString(), "qemu-system-x86_64 -nic none");
  EXPECT_EQ(json.Find("git_commit")->AsString(), "abc-dirty");
  EXPECT_EQ(json.Find("accel")->AsString(), "tcg");
  EXPECT_EQ(json.Find("date")->AsString(), "2026-11-23T23:00:00Z");
}

TEST(BenchReport, JsonHasEveryStatistic) {
  BenchReport report;
  report.Add("m", "ns", 1);
  const JsonValue json = report.ToJson({});
  const JsonValue* metric = json.Find("metrics")->Find("m");
  ASSERT_NE(metric, nullptr);
  for (const char* key : {"unit", "n", "p50", "p99", "p999", "max", "noise"}) {
    EXPECT_NE(metric->Find(key), nullptr) << key;
  }
}

TEST(BenchReport, UnitMismatchIsAProblemNotASample) {
  BenchReport report;
  report.Add("m", "ms", 1);
  report.Add("m", "us", 1000);
  ASSERT_EQ(report.problems().size(), 1u);
  EXPECT_EQ(report.problems()[0], "m: sample in 'us' ignored, the metric is in 'ms'");
  EXPECT_EQ(report.ToJson({}).Find("metrics")->Find("m")->Find("n")->AsNumber(), 1);
}

TEST(BenchReport, TableHasHeaderRowsAndLegend) {
  BenchReport report;
  EXPECT_TRUE(report.empty());
  report.Add("boot.host.qemu_to_kernel_ready", "ms", 4500);
  report.Add("boot.host.qemu_to_kernel_ready", "ms", 5500);
  const std::string table = report.FormatTable();
  EXPECT_NE(table.find("metric"), std::string::npos);
  EXPECT_NE(table.find("p999"), std::string::npos);
  EXPECT_NE(table.find("boot.host.qemu_to_kernel_ready  ms        2      4500.000      5500.000"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("14.1%"), std::string::npos) << table;  // stddev 707.1 / mean 5000
  EXPECT_NE(table.find("nearest rank"), std::string::npos);
  EXPECT_NE(table.find("stddev / mean"), std::string::npos);
}

}  // namespace
}  // namespace raeen::tools::testrunner
