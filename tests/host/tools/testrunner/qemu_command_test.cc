#include "tools/testrunner/qemu_command.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace raeen::tools::testrunner {
namespace {

QemuOptions TestOptions() {
  QemuOptions options;
  options.firmware_code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
  options.firmware_vars = "/out/OVMF_VARS_4M.fd";
  options.esp_image = "/out/esp.img";
  options.qmp_socket = "/out/qmp.sock";
  return options;
}

// True if `argv` contains `option` immediately followed by `value`.
bool HasPair(const std::vector<std::string>& argv, std::string_view option,
             std::string_view value) {
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == option && argv[i + 1] == value) return true;
  }
  return false;
}

TEST(QemuCommand, DefaultTestMachine) {
  const auto argv = BuildQemuCommand(TestOptions());
  EXPECT_EQ(JoinShellCommand(argv),
            "qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 512M -smp 2 "
            "-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd "
            "-drive if=pflash,format=raw,unit=1,file=/out/OVMF_VARS_4M.fd "
            "-drive if=none,id=esp,format=raw,file=/out/esp.img -device ide-hd,drive=esp,bus=ide.0 "
            "-device virtio-rng-pci -device isa-debug-exit,iobase=0xf4,iosize=0x04 -nic none "
            "-no-reboot -display none -qmp unix:/out/qmp.sock,server=on,wait=off "
            "-chardev stdio,id=ser0,signal=off -serial chardev:ser0 -monitor none");
}

TEST(QemuCommand, MachineVariant) {
  QemuOptions options = TestOptions();
  options.machine = Machine{"qemu64", 8192, 1};
  const auto argv = BuildQemuCommand(options);
  EXPECT_TRUE(HasPair(argv, "-cpu", "qemu64"));
  EXPECT_TRUE(HasPair(argv, "-m", "8192M"));
  EXPECT_TRUE(HasPair(argv, "-smp", "1"));
  EXPECT_FALSE(HasPair(argv, "-cpu", "max"));
}

TEST(QemuCommand, AlwaysHasNoNetwork) {
  for (const auto serial : {SerialWiring::kPipe, SerialWiring::kMonitorMux}) {
    for (const auto display : {Display::kNone, Display::kGtk, Display::kSdl}) {
      QemuOptions options = TestOptions();
      options.serial = serial;
      options.display = display;
      options.gdb_server = true;
      options.extra_args = {"-device", "virtio-keyboard-pci"};
      const auto argv = BuildQemuCommand(options);
      EXPECT_TRUE(HasPair(argv, "-nic", "none"));
      EXPECT_EQ(std::count(argv.begin(), argv.end(), "-netdev"), 0);
    }
  }
}

TEST(QemuCommand, InteractiveRunMultiplexesMonitorAndSerial) {
  QemuOptions options = TestOptions();
  options.serial = SerialWiring::kMonitorMux;
  options.display = Display::kGtk;
  const auto argv = BuildQemuCommand(options);
  EXPECT_TRUE(HasPair(argv, "-chardev", "stdio,id=ser0,mux=on,signal=off"));
  EXPECT_TRUE(HasPair(argv, "-mon", "chardev=ser0,mode=readline"));
  EXPECT_TRUE(HasPair(argv, "-display", "gtk"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-monitor"), 0);
}

TEST(QemuCommand, GdbServerListensOnLoopbackOnly) {
  QemuOptions options = TestOptions();
  options.gdb_server = true;
  const auto argv = BuildQemuCommand(options);
  EXPECT_TRUE(HasPair(argv, "-gdb", "tcp:127.0.0.1:1234"));
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-s"), 0);
}

TEST(QemuCommand, KvmAndExtraArgs) {
  QemuOptions options = TestOptions();
  options.accel = Accel::kKvm;
  options.extra_args = {"-device", "virtio-keyboard-pci"};
  const auto argv = BuildQemuCommand(options);
  EXPECT_TRUE(HasPair(argv, "-accel", "kvm"));
  ASSERT_GE(argv.size(), 2u);
  EXPECT_EQ(argv[argv.size() - 2], "-device");
  EXPECT_EQ(argv.back(), "virtio-keyboard-pci");
}

TEST(QemuCommand, CommasInPathsAreDoubled) {
  QemuOptions options = TestOptions();
  options.esp_image = "/out/a,b/esp.img";
  const auto argv = BuildQemuCommand(options);
  EXPECT_TRUE(HasPair(argv, "-drive", "if=none,id=esp,format=raw,file=/out/a,,b/esp.img"));
}

TEST(QemuCommand, ShellQuoting) {
  EXPECT_EQ(ShellQuote("plain-word_1.2/x:y,z=w"), "plain-word_1.2/x:y,z=w");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("two words"), "'two words'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$HOME"), "'$HOME'");
  EXPECT_EQ(JoinShellCommand({"echo", "a b", "c"}), "echo 'a b' c");
}

}  // namespace
}  // namespace raeen::tools::testrunner
