#include "boot/uefi/entropy_mixer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <vector>

namespace raeen::boot {
namespace {

uint64_t Mix(const std::vector<uint64_t>& samples) {
  EntropyMixer mixer;
  for (uint64_t s : samples) mixer.Add(s);
  return mixer.Finish();
}

TEST(EntropyMixer, IsDeterministicAndOrderSensitive) {
  EXPECT_EQ(Mix({1, 2, 3}), Mix({1, 2, 3}));
  EXPECT_NE(Mix({1, 2, 3}), Mix({3, 2, 1}));
  EXPECT_NE(Mix({1, 2, 3}), Mix({1, 2, 3, 0}));  // the count matters too
  EXPECT_NE(Mix({}), Mix({0}));
  EntropyMixer mixer;
  mixer.Add(5);
  mixer.Add(6);
  EXPECT_EQ(mixer.samples(), 2u);
}

TEST(EntropyMixer, OneFlippedInputBitChangesAboutHalfTheOutput) {
  // Strict avalanche, on average: jitter lives in the low bits of TSC deltas, so flip those.
  std::mt19937_64 random(7);
  double total = 0;
  constexpr int kTrials = 2000;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<uint64_t> samples(16);
    for (uint64_t& s : samples) s = 1000 + random() % 64;  // deltas that differ a little
    uint64_t before = Mix(samples);
    samples[random() % samples.size()] ^= 1ull << (random() % 4);
    total += std::popcount(before ^ Mix(samples));
  }
  double average = total / kTrials;
  EXPECT_GT(average, 30.0);
  EXPECT_LT(average, 34.0);
}

TEST(EntropyMixer, ScrambleIsABijectionOnASample) {
  // Distinct inputs give distinct outputs (SplitMix64's finaliser is invertible).
  std::vector<uint64_t> outputs;
  for (uint64_t i = 0; i < 4096; ++i) outputs.push_back(EntropyMixer::Scramble(i));
  std::sort(outputs.begin(), outputs.end());
  EXPECT_EQ(std::adjacent_find(outputs.begin(), outputs.end()), outputs.end());
  EXPECT_EQ(EntropyMixer::Scramble(0), 0u);  // a fixed point, which is why Add() offsets samples
}

}  // namespace
}  // namespace raeen::boot
