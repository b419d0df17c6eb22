#include "tools/testrunner/qemu_command.h"

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// QEMU splits option values at commas; a comma inside a value (a path) is written twice.
std::string OptionValue(const std::filesystem::path& path) {
  std::string escaped;
  for (const char c : path.string()) {
    escaped.push_back(c);
    if (c == ',') escaped.push_back(',');
  }
  return escaped;
}

}  // namespace

std::string_view AccelName(Accel accel) {
  return accel == Accel::kKvm ? "kvm" : "tcg";
}

std::vector<std::string> BuildQemuCommand(const QemuOptions& options) {
  std::vector<std::string> argv = {options.qemu_binary};
  auto add = [&argv](std::string option, std::string value) {
    argv.push_back(std::move(option));
    argv.push_back(std::move(value));
  };
  add("-machine", "q35");
  add("-accel", std::string(AccelName(options.accel)));
  add("-cpu", options.machine.cpu_model);
  add("-m", Printf("%dM", options.machine.memory_mib));
  add("-smp", Printf("%d", options.machine.cpus));
  add("-drive",
      "if=pflash,format=raw,unit=0,readonly=on,file=" + OptionValue(options.firmware_code));
  add("-drive", "if=pflash,format=raw,unit=1,file=" + OptionValue(options.firmware_vars));
  // The ESP as a SATA disk on q35's built-in AHCI controller (ICH9, port 0); OVMF's boot
  // manager finds \EFI\BOOT\BOOTX64.EFI on it as Boot0001.
  add("-drive", "if=none,id=esp,format=raw,file=" + OptionValue(options.esp_image));
  add("-device", "ide-hd,drive=esp,bus=ide.0");
  // EFI_RNG_PROTOCOL for the KASLR slide exists only with a virtio RNG.
  add("-device", "virtio-rng-pci");
  add("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
  add("-nic", "none");
  argv.push_back("-no-reboot");
  switch (options.display) {
    case Display::kNone: add("-display", "none"); break;
    case Display::kGtk: add("-display", "gtk"); break;
    case Display::kSdl: add("-display", "sdl"); break;
  }
  add("-qmp", "unix:" + OptionValue(options.qmp_socket) + ",server=on,wait=off");
  switch (options.serial) {
    case SerialWiring::kPipe:
      // signal=off: a 0x03 byte written to the guest is data, not SIGINT for QEMU.
      add("-chardev", "stdio,id=ser0,signal=off");
      add("-serial", "chardev:ser0");
      add("-monitor", "none");
      break;
    case SerialWiring::kMonitorMux:
      add("-chardev", "stdio,id=ser0,mux=on,signal=off");
      add("-serial", "chardev:ser0");
      add("-mon", "chardev=ser0,mode=readline");
      break;
  }
  if (options.gdb_server) add("-gdb", Printf("tcp:127.0.0.1:%d", options.gdb_port));
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  return argv;
}

std::string ShellQuote(std::string_view word) {
  constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%";
  if (!word.empty() && word.find_first_not_of(kSafe) == std::string_view::npos) {
    return std::string(word);
  }
  std::string quoted = "'";
  for (const char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('\'');
  return quoted;
}

std::string JoinShellCommand(const std::vector<std::string>& argv) {
  std::string command;
  for (const std::string& word : argv) {
    if (!command.empty()) command.push_back(' ');
    command += ShellQuote(word);
  }
  return command;
}

}  // namespace raeen::tools::testrunner
