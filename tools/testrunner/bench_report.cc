#include "tools/testrunner/bench_report.h"

#include <algorithm>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

BenchReport::Metric* BenchReport::FindOrAdd(std::string_view metric, std::string_view unit,
                                            bool distribution) {
  for (Metric& existing : metrics_) {
    if (existing.name != metric) continue;
    if (existing.unit != unit) {
      problems_.push_back(Printf(
          "%.*s: sample in '%.*s' ignored, the metric is in '%s'", static_cast<int>(metric.size()),
          metric.data(), static_cast<int>(unit.size()), unit.data(), existing.unit.c_str()));
      return nullptr;
    }
    if (existing.distributions.empty() == distribution) {
      problems_.push_back(Printf("%.*s: %s ignored, the metric has only %s",
                                 static_cast<int>(metric.size()), metric.data(),
                                 distribution ? "a distribution" : "a sample",
                                 distribution ? "samples" : "distributions"));
      return nullptr;
    }
    return &existing;
  }
  metrics_.push_back(Metric{std::string(metric), std::string(unit), {}, {}});
  return &metrics_.back();
}

void BenchReport::Add(std::string_view metric, std::string_view unit, double value) {
  if (Metric* found = FindOrAdd(metric, unit, false)) found->values.push_back(value);
}

void BenchReport::AddDistribution(const GuestDistribution& distribution) {
  if (Metric* found = FindOrAdd(distribution.metric, distribution.unit, true)) {
    found->distributions.push_back(distribution);
  }
}

Summary BenchReport::SummarizeMetric(const Metric& metric) {
  if (metric.distributions.empty()) return Summarize(metric.values);
  std::vector<double> p50s;
  std::vector<double> p99s;
  std::vector<double> p999s;
  Summary s;
  for (const GuestDistribution& d : metric.distributions) {
    p50s.push_back(d.p50);
    p99s.push_back(d.p99);
    p999s.push_back(d.p999);
    s.n += d.n;
    s.max = std::max(s.max, d.max);
  }
  const Summary over_p50s = Summarize(p50s);
  s.p50 = over_p50s.p50;
  s.p99 = Summarize(p99s).p50;
  s.p999 = Summarize(p999s).p50;
  s.mean = over_p50s.mean;
  s.stddev = over_p50s.stddev;
  s.noise = over_p50s.noise;
  return s;
}

std::string BenchReport::FormatTable() const {
  size_t name_width = 6;
  size_t unit_width = 4;
  for (const Metric& metric : metrics_) {
    name_width = std::max(name_width, metric.name.size() + (metric.distributions.empty() ? 0 : 2));
    unit_width = std::max(unit_width, metric.unit.size());
  }
  const int nw = static_cast<int>(name_width);
  const int uw = static_cast<int>(unit_width);
  std::string table = Printf("%-*s  %-*s  %5s  %12s  %12s  %12s  %12s  %7s\n", nw, "metric", uw,
                             "unit", "n", "p50", "p99", "p999", "max", "noise");
  for (const Metric& metric : metrics_) {
    const Summary s = SummarizeMetric(metric);
    const std::string name = metric.distributions.empty() ? metric.name : metric.name + " *";
    table += Printf("%-*s  %-*s  %5zu  %12.3f  %12.3f  %12.3f  %12.3f  %6.1f%%\n", nw,
                    name.c_str(), uw, metric.unit.c_str(), s.n, s.p50, s.p99, s.p999, s.max,
                    s.noise * 100);
  }
  table +=
      "percentiles: nearest rank (an observed sample; with few samples p99 = p999 = max)\n"
      "noise: coefficient of variation, sample stddev / mean\n"
      "*: measured in the guest; each percentile is the median over boots of that boot's own,\n"
      "   n counts the samples of all boots, noise is the variation of the per-boot p50\n";
  return table;
}

JsonValue BenchReport::ToJson(const BenchMetadata& metadata) const {
  JsonValue metrics = JsonValue(JsonValue::Object{});
  for (const Metric& metric : metrics_) {
    const Summary s = SummarizeMetric(metric);
    metrics.Set(metric.name, JsonValue::MakeObject({
                                 {"unit", metric.unit},
                                 {"source", metric.distributions.empty() ? "samples"
                                                                         : "guest-distribution"},
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
