#include "tools/testrunner/statistics.h"

#include <gtest/gtest.h>

#include <vector>

namespace raeen::tools::testrunner {
namespace {

TEST(Statistics, NearestRankPercentiles) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i);
  EXPECT_EQ(NearestRankPercentile(sorted, 50), 50);
  EXPECT_EQ(NearestRankPercentile(sorted, 99), 99);
  EXPECT_EQ(NearestRankPercentile(sorted, 99.9), 100);
  EXPECT_EQ(NearestRankPercentile(sorted, 100), 100);
  EXPECT_EQ(NearestRankPercentile(sorted, 1), 1);
  EXPECT_EQ(NearestRankPercentile(sorted, 0.5), 1);
}

TEST(Statistics, NearestRankOnAThousandSamples) {
  std::vector<double> sorted;
  for (int i = 1; i <= 1000; ++i) sorted.push_back(i);
  EXPECT_EQ(NearestRankPercentile(sorted, 99.9), 999);
  EXPECT_EQ(NearestRankPercentile(sorted, 99), 990);
  EXPECT_EQ(NearestRankPercentile(sorted, 50), 500);
}

TEST(Statistics, SummarizesFewSamples) {
  const std::vector<double> samples = {5, 1, 4, 2, 3};
  const Summary s = Summarize(samples);
  EXPECT_EQ(s.n, 5u);
  EXPECT_EQ(s.p50, 3);
  EXPECT_EQ(s.p99, 5);
  EXPECT_EQ(s.p999, 5);
  EXPECT_EQ(s.max, 5);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_NEAR(s.stddev, 1.5811388, 1e-6);  // sample stddev of 1..5
  EXPECT_NEAR(s.noise, 1.5811388 / 3, 1e-6);
}

TEST(Statistics, SingleSampleHasNoNoise) {
  const std::vector<double> samples = {12.5};
  const Summary s = Summarize(samples);
  EXPECT_EQ(s.n, 1u);
  EXPECT_EQ(s.p50, 12.5);
  EXPECT_EQ(s.max, 12.5);
  EXPECT_EQ(s.stddev, 0);
  EXPECT_EQ(s.noise, 0);
}

TEST(Statistics, EmptyIsZero) {
  const Summary s = Summarize({});
  EXPECT_EQ(s.n, 0u);
  EXPECT_EQ(s.max, 0);
}

TEST(Statistics, ZeroMeanHasZeroNoise) {
  const std::vector<double> samples = {-1, 1};
  EXPECT_EQ(Summarize(samples).noise, 0);
}

}  // namespace
}  // namespace raeen::tools::testrunner
