#include "kernel/bench/sample_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace raeen::kernel::bench {
namespace {

// The reference: sort with the standard library and take ceil(p * n) as the 1-based rank.
uint64_t ReferencePercentile(std::vector<uint64_t> values, double fraction) {
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::max<size_t>(rank, 1) - 1];
}

TEST(SampleSetTest, EmptySetSummarizesToZeros) {
  uint64_t storage[4];
  SampleSet samples(storage);
  Distribution d = samples.Summarize();
  EXPECT_EQ(d.n, 0u);
  EXPECT_EQ(d.p50, 0u);
  EXPECT_EQ(d.max, 0u);
}

TEST(SampleSetTest, FilledCountsSamplesWrittenInPlace) {
  uint64_t storage[5] = {50, 10, 40, 20, 30};
  SampleSet samples = SampleSet::Filled(storage);
  EXPECT_EQ(samples.count(), 5u);
  samples.Add(60);  // no room left: dropped, not written past the end
  EXPECT_EQ(samples.dropped(), 1u);
  Distribution d = samples.Summarize();
  EXPECT_EQ(d.n, 5u);
  EXPECT_EQ(d.p50, 30u);
  EXPECT_EQ(d.max, 50u);
}

TEST(SampleSetTest, SingleSampleIsEveryPercentile) {
  uint64_t storage[1];
  SampleSet samples(storage);
  samples.Add(42);
  Distribution d = samples.Summarize();
  EXPECT_EQ(d.n, 1u);
  EXPECT_EQ(d.p50, 42u);
  EXPECT_EQ(d.p99, 42u);
  EXPECT_EQ(d.p999, 42u);
  EXPECT_EQ(d.max, 42u);
}

TEST(SampleSetTest, NearestRankOfHundredSamples) {
  uint64_t storage[100];
  SampleSet samples(storage);
  for (uint64_t v = 100; v >= 1; --v) samples.Add(v);  // reverse order: the sort must work
  Distribution d = samples.Summarize();
  EXPECT_EQ(d.p50, 50u);
  EXPECT_EQ(d.p99, 99u);
  EXPECT_EQ(d.p999, 100u);
  EXPECT_EQ(d.max, 100u);
}

TEST(SampleSetTest, MatchesTheReferenceOnRandomData) {
  std::mt19937_64 random(7);
  for (size_t n : {2u, 3u, 999u, 1000u, 1001u, 4096u, 10007u}) {
    std::vector<uint64_t> storage(n);
    std::vector<uint64_t> copy;
    SampleSet samples(rstd::Span<uint64_t>(storage.data(), storage.size()));
    for (size_t i = 0; i < n; ++i) {
      uint64_t v = random() % 5000;  // many duplicates
      samples.Add(v);
      copy.push_back(v);
    }
    Distribution d = samples.Summarize();
    EXPECT_EQ(d.p50, ReferencePercentile(copy, 0.5)) << n;
    EXPECT_EQ(d.p99, ReferencePercentile(copy, 0.99)) << n;
    EXPECT_EQ(d.p999, ReferencePercentile(copy, 0.999)) << n;
    EXPECT_EQ(d.max, *std::max_element(copy.begin(), copy.end())) << n;
    EXPECT_TRUE(std::is_sorted(storage.begin(), storage.end())) << n;
  }
}

TEST(SampleSetTest, SamplesPastTheStorageAreDroppedAndCounted) {
  uint64_t storage[3] = {};
  uint64_t guard = 0xdead;
  SampleSet samples(rstd::Span<uint64_t>(storage, 3));
  for (uint64_t v = 1; v <= 5; ++v) samples.Add(v);
  EXPECT_EQ(samples.count(), 3u);
  EXPECT_EQ(samples.dropped(), 2u);
  EXPECT_EQ(guard, 0xdeadu);
  EXPECT_EQ(samples.Summarize().max, 3u);
}

TEST(SampleSetTest, NearestRankNeverReturnsZeroForSamples) {
  EXPECT_EQ(NearestRank(0, 500), 0u);
  EXPECT_EQ(NearestRank(1, 1), 1u);
  EXPECT_EQ(NearestRank(1000, 999), 999u);
  EXPECT_EQ(NearestRank(1001, 999), 1000u);
}

TEST(SampleSetTest, WritesTheLineTheRunnerParses) {
  char text[128];
  rstd::BufferWriter out(text, sizeof(text));
  WriteDistribution(out, "mm.page_alloc_free", "ns",
                    Distribution{.n = 10, .p50 = 1, .p99 = 2, .p999 = 3, .max = 4});
  EXPECT_EQ(std::string(out.view().data(), out.view().size()),
            "@bench-dist mm.page_alloc_free ns n=10 p50=1 p99=2 p999=3 max=4");
}

}  // namespace
}  // namespace raeen::kernel::bench
