#pragma once
// EntropyMixer: condenses many weakly random samples (TSC deltas around short firmware
// stalls, the last-resort KASLR source) into one 64-bit word. Each sample is scrambled with the
// SplitMix64 finaliser (Steele, Lea, Flood, "Fast Splittable Pseudorandom Number Generators",
// OOPSLA 2014) and folded into the state with a rotate and an odd multiply, so every sample
// bit affects every output bit and the order of samples matters. This spreads whatever jitter
// there is; it cannot create entropy, which is why the hand-off marks this source as weak.

#include <stddef.h>
#include <stdint.h>

namespace raeen::boot {

class EntropyMixer {
 public:
  void Add(uint64_t sample);
  uint64_t Finish() const;
  size_t samples() const { return samples_; }

  // SplitMix64's output function: a bijection with good avalanche.
  static uint64_t Scramble(uint64_t value);

 private:
  uint64_t state_ = 0x6a09e667f3bcc908;  // the first SHA-512 IV word: any odd-looking constant
  size_t samples_ = 0;
};

}  // namespace raeen::boot
