#pragma once
// The serial contract between the guest (rae-boot and the kernel) and the runner: the marker
// texts and parsers for the lines that carry values. Every scenario and the bench match on
// these, so a change to what the guest prints is a change here and nowhere else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

// rae-boot's first line; the loader is running.
inline constexpr std::string_view kLoaderFirstLine = "rae-boot: RaeenOS UEFI loader";
// rae-boot gave up.
inline constexpr std::string_view kLoaderError = "rae-boot: error:";
// OVMF could not start the boot entry (missing loader, Secure Boot "Access Denied", ...); it
// then waits or falls back to its shell, so the runner stops at once.
inline constexpr std::string_view kFirmwareLoadFailure = "BdsDxe: failed to load";
// First line of a kernel panic report.
inline constexpr std::string_view kKernelPanic = "KERNEL PANIC";
// The kernel finished booting.
inline constexpr std::string_view kKernelReady = "kernel ready";
// The kernel's backtrace names this function in the cpu.panic scenario.
inline constexpr std::string_view kPageFaultFunction = "PageFaultOnPurpose";
// kernel/power: the step being tried (`power: off via ACPI S5 (PM1a_CNT 0x604, SLP_TYP 0)`,
// `power: reboot via ACPI reset register (io 0xcf9 <- 0xf)`) and the lines that say a way of
// switching off or resetting failed.
inline constexpr std::string_view kPowerOffViaAcpi = "power: off via ACPI S5";
inline constexpr std::string_view kRebootViaResetRegister = "power: reboot via ACPI reset register";
inline constexpr std::string_view kRebootVia = "power: reboot via ";
inline constexpr std::string_view kRebootVia8042 = "power: reboot via 8042 reset pulse";
inline constexpr std::string_view kRebootViaCf9 = "power: reboot via PCI reset control";
inline constexpr std::string_view kRebootViaTripleFault = "power: reboot via triple fault";
inline constexpr std::string_view kPowerStepFailed = "did not work";
inline constexpr std::string_view kPowerOffUnavailable = "power: ACPI poweroff unavailable";

// isa-debug-exit statuses: QEMU exits with (value << 1) | 1.
inline constexpr int kExitKtestPass = 33;    // guest wrote 0x10
inline constexpr int kExitKtestFail = 35;    // guest wrote 0x11
inline constexpr int kExitKernelPanic = 37;  // guest wrote 0x12
// A test boot whose ACPI poweroff failed (kernel/power); ACPI S5 itself makes QEMU exit 0.
inline constexpr int kExitPowerOffFallback = 39;  // guest wrote 0x13

// Patterns that end a boot at once in every scenario: the guest can no longer pass.
std::vector<std::string> BootFailurePatterns();
// The same plus `KERNEL PANIC`, for every boot that does not panic on purpose.
std::vector<std::string> BootOrPanicFailurePatterns();

// A kernel log line is `[    0.004211] info: <message>`. Returns <message>, or the whole line
// when it has no such prefix (loader output, TAP, firmware). The prefix may come after other
// text on the line (the shell's prompt, which ends in no newline).
std::string_view KernelMessage(std::string_view line);

// True for the kernel banner `RaeenOS <version> (RaeCore)`, the kernel's first line.
bool IsKernelBanner(std::string_view line);
bool IsKernelReady(std::string_view line);
bool IsLoaderFirstLine(std::string_view line);

// `kaslr: kernel base 0x<16 hex digits>` -> the base.
std::optional<uint64_t> ParseKaslrBase(std::string_view line);

// `kaslr: direct map 0x<16>, kernel stacks 0x<16>, mmio 0x<16>` -> the three bases.
struct KernelAreaBases {
  uint64_t direct_map;
  uint64_t stacks;
  uint64_t mmio;
};
std::optional<KernelAreaBases> ParseKernelAreaBases(std::string_view line);

struct MemoryReport {
  int64_t usable_mib = 0;
  int64_t total_mib = 0;
};
// `memory: <N> MiB usable of <M> MiB RAM`, details may follow.
std::optional<MemoryReport> ParseMemoryReport(std::string_view line);

// `cpus: <N>`, details may follow.
std::optional<int64_t> ParseCpuCount(std::string_view line);

struct BenchSample {
  std::string metric;
  std::string unit;
  double value = 0;
};
// `@bench <metric> <unit> <value>`, possibly behind a kernel log prefix.
std::optional<BenchSample> ParseBenchSample(std::string_view line);

// A latency distribution the guest summarized itself (kernel/bench/sample_set.h):
// `@bench-dist <metric> <unit> n=<N> p50=<v> p99=<v> p999=<v> max=<v>`.
struct GuestDistribution {
  std::string metric;
  std::string unit;
  uint64_t n = 0;
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
  double max = 0;
};
std::optional<GuestDistribution> ParseBenchDistribution(std::string_view line);

// `bench: done`: the guest has printed every benchmark result it will print.
bool IsBenchDone(std::string_view line);

}  // namespace raeen::tools::testrunner
