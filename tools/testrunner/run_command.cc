#include "tools/testrunner/run_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "tools/testrunner/accel_probe.h"
#include "tools/testrunner/captured_command.h"
#include "tools/testrunner/elf_link_base.h"
#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/output_dir.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/stop_signal.h"
#include "tools/testrunner/terminal_raw_mode.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr int kGdbPort = 1234;

// A window needs a display server and a QEMU built with a GUI backend (Debian's
// qemu-system-gui); otherwise the run is headless with a note saying why.
Display ChooseDisplay(bool headless) {
  if (headless) return Display::kNone;
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((x11 == nullptr || *x11 == '\0') && (wayland == nullptr || *wayland == '\0')) {
    std::printf("run: no display (DISPLAY and WAYLAND_DISPLAY unset): running headless\n");
    return Display::kNone;
  }
  auto help = RunCaptured({"qemu-system-x86_64", "-display", "help"}, std::chrono::seconds(20));
  if (help && help->ok()) {
    bool gtk = false;
    bool sdl = false;
    std::string_view text = help->out;
    while (!text.empty()) {
      const size_t end = text.find('\n');
      const std::string_view line = Trim(text.substr(0, end));
      gtk = gtk || line == "gtk";
      sdl = sdl || line == "sdl";
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    if (gtk) return Display::kGtk;
    if (sdl) return Display::kSdl;
  }
  std::printf(
      "run: QEMU has no gtk or sdl display here (install qemu-system-gui): running "
      "headless\n");
  return Display::kNone;
}

void PrintGdbHint(const std::filesystem::path& kernel_elf, uint64_t base) {
  uint64_t offset = base;
  std::ifstream file(kernel_elf, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(file), {});
  if (auto link_base = ElfLinkBase(bytes)) {
    offset = base - *link_base;
  } else {
    std::printf("\nrun: %s: %s; assuming it is linked at 0\n", kernel_elf.c_str(),
                link_base.error().c_str());
  }
  std::printf(
      "\n==== gdb: the kernel is waiting (gdbwait). In another terminal:\n"
      "gdb -q -ex 'add-symbol-file %s -o 0x%llx' -ex 'target remote 127.0.0.1:%d'\n"
      "==== then, in gdb: `set var raeen_gdb_release = 1` and `continue` to let it boot.\n\n",
      kernel_elf.c_str(), static_cast<unsigned long long>(offset), kGdbPort);
  std::fflush(stdout);
}

}  // namespace

int RunRunCommand(const CliOptions& options) {
  auto paths = BuildPaths::Resolve(options.build_dir);
  if (!paths) {
    std::printf("run: %s\n", paths.error().c_str());
    return 1;
  }
  if (auto bootable = paths->CheckBootable(); !bootable) {
    std::printf("run: %s\n", bootable.error().c_str());
    return 1;
  }
  const auto out_dir = paths->DefaultOutputDir("run");
  if (auto prepared = PrepareOutputDir(out_dir); !prepared) {
    std::printf("run: %s\n", prepared.error().c_str());
    return 1;
  }
  auto accel = ResolveAccel(options.accel, *paths);
  if (!accel) {
    std::printf("run: %s\n", accel.error().c_str());
    return 1;
  }

  SessionOptions session_options;
  session_options.label = "run";
  session_options.source_image = paths->esp_image;
  session_options.out_dir = out_dir;
  session_options.cmdline = options.cmdline;
  session_options.cmdline_suffix = options.gdb ? "gdbwait" : "";
  session_options.accel = *accel;
  session_options.serial = SerialWiring::kMonitorMux;
  session_options.display = ChooseDisplay(options.headless);
  session_options.gdb_server = options.gdb;
  session_options.echo_fd = STDOUT_FILENO;
  session_options.input_fd = STDIN_FILENO;
  auto session = QemuSession::Start(std::move(session_options));
  if (!session) {
    std::printf("run: %s\n", session.error().c_str());
    return 1;
  }
  std::printf(
      "RaeenOS in QEMU (%s, cmdline \"%s\"). Serial console below: Ctrl-A X quits, Ctrl-A C "
      "toggles the QEMU monitor.\nLogs: %s\n\n",
      AccelName(*accel).data(), (*session)->cmdline().c_str(), out_dir.c_str());
  std::fflush(stdout);

  // The terminal is raw only while QEMU runs; the destructor restores it before we report.
  WaitResult result;
  {
    TerminalRawMode raw_mode(STDIN_FILENO);
    if (options.gdb) {
      result = (*session)->WaitForLine(
          [](std::string_view line) { return ParseKaslrBase(line).has_value(); });
      if (result.status == WaitStatus::kMatched) {
        PrintGdbHint(paths->kernel_elf, *ParseKaslrBase((*session)->lines()[result.line].text));
      }
    }
    if (result.status == WaitStatus::kMatched || !options.gdb) result = (*session)->WaitForExit();
    (*session)->Stop();
  }
  if (result.status == WaitStatus::kInterrupted) {
    std::printf("\nrun: stopped QEMU on signal %d\n", StopSignal());
    return 128 + StopSignal();  // the shell convention for "ended by a signal"
  }
  const auto status = (*session)->exit();
  std::printf("\nrun: QEMU %s. Serial log: %s\n",
              status ? ("ended with " + status->Describe()).c_str() : "was stopped",
              (*session)->serial_log_path().c_str());
  if (!status || status->signaled) return 1;
  return status->code;
}

}  // namespace raeen::tools::testrunner
