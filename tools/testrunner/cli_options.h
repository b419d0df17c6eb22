#pragma once
// The runner's command line. Parsing is pure so that every accepted and rejected form has a
// host test; main() only dispatches on the result.

#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace raeen::tools::testrunner {

enum class Command { kHelp, kList, kScenario, kRun, kBench };
enum class AccelChoice { kAuto, kTcg, kKvm };

// Per-boot hard timeout under TCG. OVMF alone needs ~4 s; the rest is headroom for a loaded
// CI machine running two QEMUs on two cores.
inline constexpr int kDefaultBootTimeoutSeconds = 90;
inline constexpr int kDefaultBenchBoots = 5;

struct CliOptions {
  Command command = Command::kHelp;
  std::string scenario;             // scenario
  std::filesystem::path build_dir;  // scenario, run, bench
  std::optional<std::filesystem::path> out_dir;
  // TCG unless asked: /dev/kvm may exist and still be unable to run firmware (FACTS.md).
  AccelChoice accel = AccelChoice::kTcg;
  int timeout_seconds = kDefaultBootTimeoutSeconds;
  bool headless = false;                           // run
  std::optional<std::string> cmdline;              // run
  bool gdb = false;                                // run
  int boots = kDefaultBenchBoots;                  // bench
  std::optional<std::filesystem::path> json_path;  // bench
  // bench: QEMU counts instructions (-icount shift=0: one guest ns per instruction) and the
  // guest runs only its user-space benchmarks, so their "ns" are instructions.
  bool icount = false;
};

// The usage text printed for `help`, `--help` and after every argument error.
std::string_view Usage();

// `args` excludes the program name. Errors are one line and name the offending argument.
std::expected<CliOptions, std::string> ParseCli(std::span<const std::string_view> args);

}  // namespace raeen::tools::testrunner
