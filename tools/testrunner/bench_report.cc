#include "tools/testrunner/bench_report.h"

#include <algorithm>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

void BenchReport::Add(std::string_view metric, std::string_view unit, double value) {
  for (Metric& existing : metrics_) {
    if (existing.name != metric) continue;
    if (existing.unit != unit) {
      problems_.push_back(Printf(
          "%.*s: sample in '%.*s' ignored, the metric is in '%s'", static_cast<int>(metric.size()),
          metric.data(), static_cast<int>(unit.size()), unit.data(), existing.unit.c_str()));
      return;
    }
    existing.values.push_back(value);
    return;
  }
  metrics_.push_back(Metric{std::string(metric), std::string(unit), {value}});
}

std::string BenchReport::FormatTable() const {
  size_t name_width = 6;
  size_t unit_width = 4;
  for (const Metric& metric : metrics_) {
    name_width = std::max(name_width, metric.name.size());
    unit_width = std::max(unit_width, metric.unit.size());
  }
  const int nw = static_cast<int>(name_width);
  const int uw = static_cast<int>(unit_width);
  std::string table = Printf("%-*s  %-*s  %5s  %12s  %12s  %12s  %12s  %7s\n", nw, "metric", uw,
                             "unit", "n", "p50", "p99", "p999", "max", "noise");
  for (const Metric& metric : metrics_) {
    const Summary s = Summarize(metric.values);
    table += Printf("%-*s  %-*s  %5zu  %12.3f  %12.3f  %12.3f  %12.3f  %6.1f%%\n", nw,
                    metric.name.c_str(), uw, metric.unit.c_str(), s.n, s.p50, s.p99, s.p999, s.max,
                    s.noise * 100);
  }
  table +=
      "percentiles: nearest rank (an observed sample; with few samples p99 = p999 = max)\n"
      "noise: coefficient of variation, sample stddev / mean\n";
  return table;
}

JsonValue BenchReport::ToJson(const BenchMetadata& metadata) const {
  JsonValue metrics = JsonValue(JsonValue::Object{});
  for (const Metric& metric : metrics_) {
    const Summary s = Summarize(metric.values);
    metrics.Set(metric.name, JsonValue::MakeObject({
                                 {"unit", metric.unit},
                                 {"n", static_cast<unsigned long>(s.n)},
                                 {"p50", s.p50},
                                 {"p99", s.p99},
                                 {"p999", s.p999},
                                 {"max", s.max},
                                 {"noise", s.noise},
                             }));
  }
  return JsonValue::MakeObject({
      {"metrics", std::move(metrics)},
      {"qemu_command", metadata.qemu_command},
      {"git_commit", metadata.git_commit},
      {"accel", metadata.accel},
      {"date", metadata.date},
      {"percentile_method", "nearest-rank"},
      {"noise_definition", "stddev/mean"},
  });
}

}  // namespace raeen::tools::testrunner
