#pragma once
// Builds the QEMU command line for one boot. This is the single place that decides the
// machine the tests run on, so every scenario, the bench and `./rae run` boot the same one.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

enum class Accel { kTcg, kKvm };

// How the guest's first serial port (COM1) is wired.
enum class SerialWiring {
  // COM1 on QEMU's stdin/stdout, which the runner holds as pipes; no monitor. For tests.
  kPipe,
  // COM1 multiplexed with the QEMU monitor on stdin/stdout (`-serial mon:stdio`): Ctrl-A X
  // quits, Ctrl-A C toggles the monitor. For interactive runs.
  kMonitorMux,
};

enum class Display { kNone, kGtk, kSdl };

// The test machine: what boot.uefi expects the kernel to report.
inline constexpr int kGuestMemoryMib = 512;
inline constexpr int kGuestCpus = 2;

// The virtual hardware of one boot. The default is the test machine; boot.cpus varies it.
struct Machine {
  // `max` under TCG emulates every feature QEMU knows (RDRAND, SMEP/SMAP, FSGSBASE, ...);
  // under KVM it means the host's features. `qemu64` is a bare x86-64 without them.
  std::string cpu_model = "max";
  int memory_mib = kGuestMemoryMib;
  int cpus = kGuestCpus;
};

struct QemuOptions {
  std::string qemu_binary = "qemu-system-x86_64";
  Accel accel = Accel::kTcg;
  Machine machine;
  std::filesystem::path firmware_code;  // read-only pflash unit 0
  std::filesystem::path firmware_vars;  // private writable copy, pflash unit 1
  std::filesystem::path esp_image;      // private copy of images/esp.img
  std::filesystem::path qmp_socket;
  SerialWiring serial = SerialWiring::kPipe;
  Display display = Display::kNone;
  // gdb server on 127.0.0.1:<gdb_port> only; `-s` would listen on every interface.
  bool gdb_server = false;
  int gdb_port = 1234;
  // Appended last. Networking is not configurable here on purpose: the guest always gets
  // `-nic none` (see BuildQemuCommand).
  std::vector<std::string> extra_args;
};

std::string_view AccelName(Accel accel);

// The full argv, binary first. Always contains `-nic none`: without any NIC option QEMU adds
// an unrestricted user-mode network and OVMF would PXE-boot over it.
std::vector<std::string> BuildQemuCommand(const QemuOptions& options);

// Quotes one word for a POSIX shell (only when it needs it), so printed commands can be pasted.
std::string ShellQuote(std::string_view word);
std::string JoinShellCommand(const std::vector<std::string>& argv);

}  // namespace raeen::tools::testrunner
