#include "tools/testrunner/boot_uefi_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/power_scenarios.h"
#include "tools/testrunner/qemu_command.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Firmware, loader, kernel image, initrd and page tables take some of the 512 MiB, but never
// more than a fifth of it.
constexpr int64_t kMinUsableMib = 400;

}  // namespace

Outcome BootUefiScenario::Run(ScenarioContext& context) const {
  // `poweroff`: the boot ends by itself through ACPI S5 instead of the runner stopping QEMU.
  auto booted = context.Boot({"", "poweroff", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;

  auto loader = context.Expect(session, IsLoaderFirstLine, "rae-boot's first line");
  if (!loader) return std::unexpected(loader.error());
  auto banner = context.Expect(session, IsKernelBanner, "the kernel banner");
  if (!banner) return std::unexpected(banner.error());

  auto memory_line = context.Expect(
      session, [](std::string_view line) { return ParseMemoryReport(line).has_value(); },
      "the memory report");
  if (!memory_line) return std::unexpected(memory_line.error());
  const MemoryReport memory = *ParseMemoryReport((*memory_line)->text);
  if (memory.usable_mib < kMinUsableMib || memory.usable_mib > kGuestMemoryMib ||
      memory.total_mib < memory.usable_mib || memory.total_mib > kGuestMemoryMib) {
    return std::unexpected(
        Printf("implausible memory report for -m %dM: %lld MiB usable of %lld MiB RAM "
               "(expected %lld..%d usable, usable <= RAM <= %d)",
               kGuestMemoryMib, static_cast<long long>(memory.usable_mib),
               static_cast<long long>(memory.total_mib), static_cast<long long>(kMinUsableMib),
               kGuestMemoryMib, kGuestMemoryMib));
  }

  auto cpus_line = context.Expect(
      session, [](std::string_view line) { return ParseCpuCount(line).has_value(); },
      "the CPU count");
  if (!cpus_line) return std::unexpected(cpus_line.error());
  const int64_t cpus = *ParseCpuCount((*cpus_line)->text);
  if (cpus != kGuestCpus) {
    return std::unexpected(Printf("kernel reports %lld CPUs, the machine has -smp %d",
                                  static_cast<long long>(cpus), kGuestCpus));
  }

  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  return ExpectAcpiPowerOff(context, session);
}

}  // namespace raeen::tools::testrunner
