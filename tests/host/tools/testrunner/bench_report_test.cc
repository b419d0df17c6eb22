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

GuestDistribution Dist(double p50, double p99, double p999, double max, uint64_t n = 1000) {
  return GuestDistribution{"mm.page_alloc_free", "ns", n, p50, p99, p999, max};
}

TEST(BenchReport, GuestDistributionsTakeTheMedianOfEachBootsPercentile) {
  BenchReport report;
  report.AddDistribution(Dist(100, 300, 900, 5000));
  report.AddDistribution(Dist(120, 200, 700, 9000));
  report.AddDistribution(Dist(110, 250, 800, 6000));
  const JsonValue json = report.ToJson({});
  const JsonValue* metric = json.Find("metrics")->Find("mm.page_alloc_free");
  ASSERT_NE(metric, nullptr);
  EXPECT_EQ(metric->Find("n")->AsNumber(), 3000);
  EXPECT_EQ(metric->Find("p50")->AsNumber(), 110);
  EXPECT_EQ(metric->Find("p99")->AsNumber(), 250);
  EXPECT_EQ(metric->Find("p999")->AsNumber(), 800);
  EXPECT_EQ(metric->Find("max")->AsNumber(), 9000);
  EXPECT_NEAR(metric->Find("noise")->AsNumber(), 10.0 / 110.0, 1e-9);  // stddev of p50s / mean
  EXPECT_EQ(metric->Find("source")->AsString(), "guest-distribution");
  const std::string table = report.FormatTable();
  EXPECT_NE(table.find("mm.page_alloc_free *  ns     3000"), std::string::npos) << table;
  EXPECT_NE(table.find("median over boots"), std::string::npos) << table;
}

TEST(BenchReport, SamplesAndDistributionsOfOneMetricDoNotMix) {
  BenchReport report;
  report.AddDistribution(Dist(100, 300, 900, 5000));
  report.Add("mm.page_alloc_free", "ns", 42);
  ASSERT_EQ(report.problems().size(), 1u);
  EXPECT_EQ(report.problems()[0],
            "mm.page_alloc_free: a sample ignored, the metric has only distributions");
  BenchReport other;
  other.Add("mm.page_alloc_free", "ns", 42);
  other.AddDistribution(Dist(100, 300, 900, 5000));
  ASSERT_EQ(other.problems().size(), 1u);
  EXPECT_EQ(other.problems()[0],
            "mm.page_alloc_free: a distribution ignored, the metric has only samples");
}

}  // namespace
}  // namespace raeen::tools::testrunner
