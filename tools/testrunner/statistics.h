#pragma once
// Summary statistics for benchmark samples.
//
// Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the
// sample at 1-based rank ceil(p/100 * n). It always returns an observed value (no
// interpolation), so p99 of 5 boots is simply the slowest boot; with few samples p99/p999
// equal max, which is the honest answer.

#include <cstddef>
#include <span>

namespace raeen::tools::testrunner {

struct Summary {
  size_t n = 0;
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
  double max = 0;
  double mean = 0;
  // Sample standard deviation (n - 1 in the denominator); 0 for fewer than two samples.
  double stddev = 0;
  // Noise figure: coefficient of variation, stddev / mean; 0 when the mean is 0.
  double noise = 0;
};

// Nearest-rank percentile of `sorted` (ascending, non-empty); `percent` in (0, 100].
double NearestRankPercentile(std::span<const double> sorted, double percent);

// Summarizes `samples` (any order). An empty span gives a zero Summary with n = 0.
Summary Summarize(std::span<const double> samples);

}  // namespace raeen::tools::testrunner
