#include "kernel/arch/x86_64/hpet.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/mm/mmio.h"

namespace raeen::kernel::arch {
namespace {

// Register offsets [IA-PC HPET 1.0a, 2.3.1, table 2].
constexpr uint64_t kCapabilities = 0x000;  // General Capabilities and ID, 64 bits
constexpr uint64_t kConfiguration = 0x010;
constexpr uint64_t kMainCounter = 0x0f0;  // 64 bits
constexpr uint32_t kEnable = 1u << 0;     // ENABLE_CNF: the main counter runs

}  // namespace

uint32_t Hpet::Read32(uint64_t offset) const {
  return *reinterpret_cast<volatile const uint32_t*>(registers_ + offset);
}

void Hpet::Write32(uint64_t offset, uint32_t value) const {
  *reinterpret_cast<volatile uint32_t*>(registers_ + offset) = value;
}

Result<Hpet> Hpet::Create(const acpi::HpetTable& table, rstd::StringView* reason) {
  Result<uint64_t> mapped = MapMmio(table.base_address, acpi::HpetTable::kRegisterBlockSize);
  if (!mapped.ok()) {
    *reason = "cannot map its registers";
    return Error(mapped.status());
  }
  Hpet hpet;
  hpet.registers_ = *mapped;
  hpet.physical_base_ = table.base_address;
  const uint64_t capabilities =
      uint64_t{hpet.Read32(kCapabilities)} | uint64_t{hpet.Read32(kCapabilities + 4)} << 32;
  const HpetProblem problem = CheckHpetCapabilities(capabilities);
  if (problem != HpetProblem::kNone) {
    *reason = HpetProblemText(problem);
    return Error(Status::kUnsupported);
  }
  hpet.capabilities_ = DecodeHpetCapabilities(capabilities);
  hpet.hz_ = HpetFrequencyHz(hpet.capabilities_.period_fs);
  // Other bits (LEG_RT_CNF) stay as the firmware left them; reserved bits are written back.
  const uint32_t configuration = hpet.Read32(kConfiguration);
  if ((configuration & kEnable) == 0) hpet.Write32(kConfiguration, configuration | kEnable);
  return hpet;
}

uint32_t Hpet::ReadCounterLow() const {
  return Read32(kMainCounter);
}

uint64_t Hpet::ReadCounter() const {
  if (!capabilities_.counter_64bit) return Read32(kMainCounter);
  for (;;) {
    const uint32_t high = Read32(kMainCounter + 4);
    const uint32_t low = Read32(kMainCounter);
    if (Read32(kMainCounter + 4) == high) return uint64_t{high} << 32 | low;
  }
}

Result<CalibrationSample> MeasureWithHpet(const Hpet& hpet, uint32_t milliseconds) {
  if (hpet.hz() == 0 || milliseconds == 0 || milliseconds > 1000) {
    return Error(Status::kInvalidArgument);
  }
  const uint64_t wait_ticks = hpet.hz() * milliseconds / 1000;
  // One wrap of the low 32 bits at most (CalibrateTsc undoes one): keep the wait below half.
  if (wait_ticks >= (uint64_t{1} << 31)) return Error(Status::kInvalidArgument);
  uint64_t before_start = ReadTsc();
  const uint32_t start_count = hpet.ReadCounterLow();
  uint64_t start = ReadTsc();
  const uint64_t limit = start + uint64_t{milliseconds} * 10'000'000 * 4;
  uint32_t count = start_count;
  uint64_t before_read = start;
  uint64_t after_read = start;
  while (static_cast<uint32_t>(count - start_count) < wait_ticks) {
    before_read = ReadTsc();
    count = hpet.ReadCounterLow();
    after_read = ReadTsc();
    if (after_read > limit) return Error(Status::kTimedOut);
  }
  // The counter value was read between before_read and after_read.
  return CalibrationSample{start, after_read, start_count, count,
                           (start - before_start) + (after_read - before_read)};
}

}  // namespace raeen::kernel::arch
