#include "kernel/boot/seeded_random.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

SeededRandom::SeededRandom(const uint8_t (&seed)[boot::kRandomSeedBytes]) {
  __builtin_memcpy(state_, seed, sizeof(state_));
  seeded_ = (state_[0] | state_[1] | state_[2] | state_[3]) != 0;
  if (!seeded_) {
    state_[0] = 0x9e3779b97f4a7c15;  // any nonzero state will do; this one is the golden ratio
  }
}

Result<uint64_t> SeededRandom::Next64() {
  uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

}  // namespace raeen::kernel
