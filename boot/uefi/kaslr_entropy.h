#pragma once
// KaslrEntropy: the random words behind the KASLR slot, from the best source the machine has:
//   1. EFI_RNG_PROTOCOL [UEFI 2.10, 37.5] with the driver's default algorithm (OVMF offers it
//      when QEMU has -device virtio-rng-pci);
//   2. RDRAND [Intel SDM vol. 2B], when CPUID.01H:ECX[30] says it exists;
//   3. TSC jitter: rdtsc deltas around short BootServices->Stall() calls, condensed by
//      EntropyMixer. Weak, and reported as such in the hand-off.
// A source that stops working mid-way is dropped for the next one, so Next64() always
// produces a word and source() names the weakest source used.

#include <raeen/handoff.h>

#include "boot/uefi/efi/rng.h"
#include "boot/uefi/efi/system_table.h"
#include "boot/uefi/kaslr.h"
#include "libs/rstd/result.h"

namespace raeen::boot {

class KaslrEntropy final : public RandomSource {
 public:
  // Probes the sources in order; must run before ExitBootServices().
  static KaslrEntropy Select(efi::BootServices* boot_services);

  Result<uint64_t> Next64() override;

  EntropySource source() const { return source_; }
  // "efi-rng", "rdrand" or "tsc-jitter", as the log line names it.
  const char* source_name() const;

 private:
  KaslrEntropy(efi::BootServices* boot_services, efi::RngProtocol* rng, bool has_rdrand,
               EntropySource source)
      : boot_services_(boot_services), rng_(rng), has_rdrand_(has_rdrand), source_(source) {}

  bool FromEfiRng(uint64_t* word);
  static bool FromRdrand(uint64_t* word);
  uint64_t FromTscJitter();

  efi::BootServices* boot_services_;
  efi::RngProtocol* rng_;
  bool has_rdrand_;
  EntropySource source_;
};

}  // namespace raeen::boot
