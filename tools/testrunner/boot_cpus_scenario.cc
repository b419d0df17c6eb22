#include "tools/testrunner/boot_cpus_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

struct Variant {
  const char* label;
  Machine machine;
  // The protection line the kernel must print: every protection on for `max`, the ones the
  // CPU lacks OFF for `qemu64` (which has NX but none of the others).
  const char* protection_line;
};

const Variant kVariants[] = {
    {"qemu64", {"qemu64", 512, 2},
     "protection: nx on, wp on, smep OFF, smap OFF, umip OFF, fsgsbase OFF"},
    {"max", {"max", 512, 2}, "protection: nx on, wp on, smep on, smap on, umip on, fsgsbase on"},
    {"max-128M", {"max", 128, 1},
     "protection: nx on, wp on, smep on, smap on, umip on, fsgsbase on"},
    {"max-8G", {"max", 8192, 2}, "protection: nx on, wp on, smep on, smap on, umip on, fsgsbase on"},
};

// RAM the kernel must find: firmware holes and reserved ranges cost a few MiB, never more than
// 3% of the machine; usable memory (free + firmware boot memory) at least half of it even at
// 128 MiB, where OVMF's own allocations weigh most.
Outcome CheckMemory(const MemoryReport& memory, int machine_mib) {
  const int64_t min_ram = machine_mib - machine_mib * 3 / 100 - 4;
  if (memory.total_mib > machine_mib || memory.total_mib < min_ram) {
    return std::unexpected(Printf("kernel reports %lld MiB RAM for -m %dM (expected %lld..%d)",
                                  static_cast<long long>(memory.total_mib), machine_mib,
                                  static_cast<long long>(min_ram), machine_mib));
  }
  if (memory.usable_mib > memory.total_mib || memory.usable_mib < machine_mib / 2) {
    return std::unexpected(Printf("kernel reports %lld MiB usable of %lld MiB RAM for -m %dM",
                                  static_cast<long long>(memory.usable_mib),
                                  static_cast<long long>(memory.total_mib), machine_mib));
  }
  return {};
}

Outcome BootVariant(ScenarioContext& context, const Variant& variant) {
  auto booted = context.Boot({variant.label, "", BootOrPanicFailurePatterns(), variant.machine});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  const std::string prefix = std::string(variant.label) + ": ";

  auto protection = context.Expect(
      session, [](std::string_view line) { return line.find("protection: nx") != line.npos; },
      "the protection report");
  if (!protection) return std::unexpected(prefix + protection.error());
  if ((*protection)->text.find(variant.protection_line) == std::string::npos) {
    return std::unexpected(prefix + "expected `" + variant.protection_line + "`, got `" +
                           (*protection)->text + "`");
  }

  auto memory_line = context.Expect(
      session, [](std::string_view line) { return ParseMemoryReport(line).has_value(); },
      "the memory report");
  if (!memory_line) return std::unexpected(prefix + memory_line.error());
  Outcome memory = CheckMemory(*ParseMemoryReport((*memory_line)->text), variant.machine.memory_mib);
  if (!memory) return std::unexpected(prefix + memory.error());

  auto cpus_line = context.Expect(
      session, [](std::string_view line) { return ParseCpuCount(line).has_value(); },
      "the CPU count");
  if (!cpus_line) return std::unexpected(prefix + cpus_line.error());
  const int64_t cpus = *ParseCpuCount((*cpus_line)->text);
  if (cpus != variant.machine.cpus) {
    return std::unexpected(prefix + Printf("kernel reports %lld CPUs for -smp %d",
                                           static_cast<long long>(cpus), variant.machine.cpus));
  }

  // Every CPU started: `smp: N of N cpus online`, N the -smp count.
  const std::string online = Printf("smp: %d of %d cpus online", variant.machine.cpus,
                                    variant.machine.cpus);
  auto smp_line = context.Expect(
      session, [](std::string_view line) { return line.find("cpus online") != line.npos; },
      "the `smp: ... cpus online` line");
  if (!smp_line) return std::unexpected(prefix + smp_line.error());
  if ((*smp_line)->text.find(online) == std::string::npos) {
    return std::unexpected(prefix + "expected `" + online + "`, got `" + (*smp_line)->text + "`");
  }

  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(prefix + ready.error());
  session.Stop();
  return {};
}

}  // namespace

Outcome BootCpusScenario::Run(ScenarioContext& context) const {
  for (const Variant& variant : kVariants) {
    Outcome outcome = BootVariant(context, variant);
    if (!outcome) return outcome;
  }
  return {};
}

}  // namespace raeen::tools::testrunner
