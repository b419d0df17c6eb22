#pragma once
// Collects benchmark samples by metric and renders them as the table `./rae bench` prints and
// the JSON file CI keeps. Metrics appear in the order they were first seen.

#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/json_value.h"
#include "tools/testrunner/statistics.h"

namespace raeen::tools::testrunner {

struct BenchMetadata {
  std::string qemu_command;
  std::string git_commit;
  std::string accel;
  std::string date;  // ISO 8601, UTC
};

class BenchReport {
 public:
  // A sample whose unit differs from the metric's first sample is not mixed in; it is
  // recorded as a problem instead.
  void Add(std::string_view metric, std::string_view unit, double value);

  // A distribution the guest summarized itself, one per boot. Such a metric is reported as the
  // median over boots of each per-boot percentile (max: the largest), n as the samples of all
  // boots, and noise as the coefficient of variation of the per-boot p50s. A metric gets
  // either samples or distributions; mixing them is recorded as a problem.
  void AddDistribution(const GuestDistribution& distribution);

  // Fixed-width table: metric, unit, n, p50, p99, p999, max, noise; then a legend line.
  std::string FormatTable() const;

  // {"metrics": {"<metric>": {"unit", "n", "p50", "p99", "p999", "max", "noise"}, ...},
  //  "qemu_command", "git_commit", "accel", "date", "percentile_method", "noise_definition"}
  JsonValue ToJson(const BenchMetadata& metadata) const;

  const std::vector<std::string>& problems() const { return problems_; }
  bool empty() const { return metrics_.empty(); }

 private:
  struct Metric {
    std::string name;
    std::string unit;
    std::vector<double> values;
    std::vector<GuestDistribution> distributions;
  };

  Metric* FindOrAdd(std::string_view metric, std::string_view unit, bool distribution);
  static Summary SummarizeMetric(const Metric& metric);

  std::vector<Metric> metrics_;
  std::vector<std::string> problems_;
};

}  // namespace raeen::tools::testrunner
