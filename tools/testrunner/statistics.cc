#include "tools/testrunner/statistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace raeen::tools::testrunner {

double NearestRankPercentile(std::span<const double> sorted, double percent) {
  const double n = static_cast<double>(sorted.size());
  // The small epsilon keeps exact products (99/100 * 100 = 99.000000000000014) on their rank.
  auto rank = static_cast<size_t>(std::ceil(percent / 100.0 * n - 1e-9));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

Summary Summarize(std::span<const double> samples) {
  Summary summary;
  if (samples.empty()) return summary;
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  summary.n = sorted.size();
  summary.p50 = NearestRankPercentile(sorted, 50);
  summary.p99 = NearestRankPercentile(sorted, 99);
  summary.p999 = NearestRankPercentile(sorted, 99.9);
  summary.max = sorted.back();
  double sum = 0;
  for (const double value : sorted) sum += value;
  summary.mean = sum / static_cast<double>(sorted.size());
  if (sorted.size() > 1) {
    double squares = 0;
    for (const double value : sorted) squares += (value - summary.mean) * (value - summary.mean);
    summary.stddev = std::sqrt(squares / static_cast<double>(sorted.size() - 1));
  }
  summary.noise = summary.mean != 0 ? summary.stddev / std::fabs(summary.mean) : 0;
  return summary;
}

}  // namespace raeen::tools::testrunner
