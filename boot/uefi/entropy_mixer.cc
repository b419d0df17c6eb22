#include "boot/uefi/entropy_mixer.h"

namespace raeen::boot {
namespace {

constexpr uint64_t kGoldenGamma = 0x9e3779b97f4a7c15;

constexpr uint64_t RotateLeft(uint64_t value, int bits) {
  return (value << bits) | (value >> (64 - bits));
}

}  // namespace

uint64_t EntropyMixer::Scramble(uint64_t value) {
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9;
  value = (value ^ (value >> 27)) * 0x94d049bb133111eb;
  return value ^ (value >> 31);
}

void EntropyMixer::Add(uint64_t sample) {
  ++samples_;
  state_ = RotateLeft(state_ ^ Scramble(sample + samples_ * kGoldenGamma), 23) * kGoldenGamma;
}

uint64_t EntropyMixer::Finish() const {
  return Scramble(state_ ^ samples_);
}

}  // namespace raeen::boot
