#pragma once
// Random words for the kernel's boot-time layout choices, before it has a random number
// generator of its own: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 2021) started from the loader's 32-byte seed, which comes from
// EFI_RNG_PROTOCOL or RDRAND (raeen/handoff.h). Not for key material.

#include <raeen/handoff.h>
#include <stdint.h>

#include "boot/uefi/kaslr.h"

namespace raeen::kernel {

class SeededRandom final : public boot::RandomSource {
 public:
  // An all-zero seed (no randomness from the loader) is a fixed point of xoshiro; it is
  // replaced by a constant, and `seeded()` says the sequence is predictable.
  explicit SeededRandom(const uint8_t (&seed)[boot::kRandomSeedBytes]);

  Result<uint64_t> Next64() override;
  bool seeded() const { return seeded_; }

 private:
  uint64_t state_[4];
  bool seeded_;
};

}  // namespace raeen::kernel
