#include "boot/uefi/kaslr_entropy.h"

#include "boot/uefi/cpu.h"
#include "boot/uefi/entropy_mixer.h"

namespace raeen::boot {
namespace {

// EDK2's RNG drivers serve requests of 32 bytes best (some fail below that); fold them into 64
// bits. A few attempts cover EFI_NOT_READY, which the specification allows as transient.
constexpr efi::Uintn kRngRequestBytes = 32;
constexpr int kRngAttempts = 4;
// Intel recommends retrying RDRAND 10 times before treating the DRNG as failed [Intel Digital
// Random Number Generator Software Implementation Guide, 5.2.1].
constexpr int kRdrandAttempts = 10;
constexpr int kJitterSamples = 512;

}  // namespace

KaslrEntropy KaslrEntropy::Select(efi::BootServices* boot_services) {
  efi::RngProtocol* rng = nullptr;
  efi::StatusCode status = boot_services->LocateProtocol(&efi::kRngProtocolGuid, nullptr,
                                                         reinterpret_cast<void**>(&rng));
  if (efi::IsError(status)) rng = nullptr;
  bool has_rdrand = cpu::HasRdrand();
  KaslrEntropy entropy(boot_services, rng, has_rdrand, EntropySource::kTscJitter);
  uint64_t probe = 0;
  if (rng != nullptr && entropy.FromEfiRng(&probe)) {
    entropy.source_ = EntropySource::kEfiRng;
  } else if (has_rdrand && FromRdrand(&probe)) {
    entropy.source_ = EntropySource::kRdrand;
  }
  return entropy;
}

const char* KaslrEntropy::source_name() const {
  switch (source_) {
    case EntropySource::kEfiRng: return "efi-rng";
    case EntropySource::kRdrand: return "rdrand";
    case EntropySource::kTscJitter: return "tsc-jitter";
    case EntropySource::kNone: return "none";
  }
  return "?";
}

Result<uint64_t> KaslrEntropy::Next64() {
  uint64_t word = 0;
  if (source_ == EntropySource::kEfiRng) {
    if (FromEfiRng(&word)) return word;
    source_ = has_rdrand_ ? EntropySource::kRdrand : EntropySource::kTscJitter;
  }
  if (source_ == EntropySource::kRdrand) {
    if (FromRdrand(&word)) return word;
    source_ = EntropySource::kTscJitter;
  }
  return FromTscJitter();
}

bool KaslrEntropy::FromEfiRng(uint64_t* word) {
  alignas(8) uint8_t bytes[kRngRequestBytes];
  for (int attempt = 0; attempt < kRngAttempts; ++attempt) {
    if (efi::IsError(rng_->GetRNG(rng_, nullptr, sizeof(bytes), bytes))) continue;
    uint64_t folded = 0;
    for (size_t i = 0; i < sizeof(bytes); i += sizeof(uint64_t)) {
      uint64_t part = 0;
      __builtin_memcpy(&part, bytes + i, sizeof(part));
      folded ^= part;
    }
    *word = folded;
    return true;
  }
  return false;
}

bool KaslrEntropy::FromRdrand(uint64_t* word) {
  for (int attempt = 0; attempt < kRdrandAttempts; ++attempt) {
    if (cpu::RdRand64(word)) return true;
  }
  return false;
}

uint64_t KaslrEntropy::FromTscJitter() {
  // The time a firmware stall really takes varies with timer granularity, interrupts, caches
  // and (under emulation) the host's scheduling; the low bits of each delta carry that jitter.
  EntropyMixer mixer;
  uint64_t previous = cpu::ReadTsc();
  for (int i = 0; i < kJitterSamples; ++i) {
    (void)boot_services_->Stall(1 + (i & 3));
    uint64_t now = cpu::ReadTsc();
    mixer.Add(now - previous);
    previous = now;
  }
  mixer.Add(previous);
  return mixer.Finish();
}

}  // namespace raeen::boot
