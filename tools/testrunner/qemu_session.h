#pragma once
// One boot of a RaeenOS image in QEMU: prepares the private image copy, starts QEMU, captures
// the serial console, and lets a scenario wait for lines, for exit, take screenshots, press
// keys and type into the serial console. Tests and interactive runs use the same class: an
// interactive run additionally echoes the serial bytes to the terminal and forwards the
// terminal's input to the guest.
//
// A session is used by one thread at a time. It must be started from the main thread (see
// SpawnSpec::die_with_parent); waiting may happen on another thread.

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/boot_image.h"
#include "tools/testrunner/process.h"
#include "tools/testrunner/qemu_command.h"
#include "tools/testrunner/qmp_client.h"
#include "tools/testrunner/serial_log.h"

namespace raeen::tools::testrunner {

struct SessionOptions {
  std::string label;                   // names the boot in messages, e.g. "boot.kaslr/boot-2"
  std::filesystem::path source_image;  // <build>/images/esp.img
  std::filesystem::path out_dir;       // must exist; receives every artifact of the boot
  std::optional<std::string> cmdline;  // replaces raeen.cfg's; nullopt keeps the image's
  std::string cmdline_suffix;          // appended, e.g. "gdbwait"
  std::optional<std::string> resolution;
  Accel accel = Accel::kTcg;
  Machine machine;
  SerialWiring serial = SerialWiring::kPipe;
  Display display = Display::kNone;
  bool gdb_server = false;
  // Hard limit for the whole boot; zero means none (interactive runs).
  std::chrono::seconds timeout{0};
  // Any serial line containing one of these ends every wait with WaitStatus::kFatal.
  std::vector<std::string> fatal_patterns;
  std::vector<std::string> extra_qemu_args;
  // Interactive runs: serial bytes are also written to echo_fd; bytes read from input_fd are
  // sent to the guest. -1 disables either.
  int echo_fd = -1;
  int input_fd = -1;
};

enum class WaitStatus {
  kMatched,      // the awaited line, exit, or quiet period arrived
  kExited,       // QEMU ended (and its output was read to the end) first
  kTimedOut,     // the boot's hard timeout passed
  kFatal,        // a fatal pattern appeared (`line` is its index)
  kInterrupted,  // the runner got SIGINT/SIGTERM/SIGHUP
};

struct WaitResult {
  WaitStatus status = WaitStatus::kTimedOut;
  size_t line = 0;  // kMatched from WaitForLine, kFatal: index into lines()
};

class QemuSession {
 public:
  using Clock = std::chrono::steady_clock;
  using LineMatcher = std::function<bool(std::string_view)>;

  static std::expected<std::unique_ptr<QemuSession>, std::string> Start(SessionOptions options);
  ~QemuSession();

  // Waits for the first line at index >= `from` that `matcher` accepts.
  WaitResult WaitForLine(const LineMatcher& matcher, size_t from = 0);
  // Waits for QEMU to end; kMatched when it did (see exit()).
  WaitResult WaitForExit();
  // Waits until the guest has printed nothing for `quiet` (kMatched) or QEMU ended.
  WaitResult WaitForQuiet(Clock::duration quiet);
  // One sentence for a failed wait: "timed out after 90 s waiting for `kernel ready`".
  std::string Explain(const WaitResult& result, std::string_view waiting_for) const;

  // Screenshot via QMP; the path is remembered for failure reports.
  std::expected<void, std::string> Screendump(const std::filesystem::path& path,
                                              ScreendumpFormat format);
  std::expected<void, std::string> SendKey(const std::vector<std::string>& qcodes);
  // Types into COM1 (the guest's serial console).
  std::expected<void, std::string> WriteSerial(std::string_view bytes);

  // Ends QEMU if it still runs (QMP quit, then SIGTERM, then SIGKILL) and reads the serial
  // output to the end. Idempotent.
  void Stop();

  bool running();
  // True when QEMU was still running when Stop() ended it (its exit status is then ours).
  bool stopped_by_runner() const { return stopped_by_runner_; }
  std::optional<ProcessExit> exit() const { return process_.exit(); }
  const std::vector<SerialLine>& lines() const { return log_.lines(); }
  std::vector<std::string> SerialTail(size_t count) const { return log_.Tail(count); }
  double Elapsed() const;

  const SessionOptions& options() const { return options_; }
  const std::string& cmdline() const { return image_.cmdline; }
  const std::vector<std::string>& command() const { return command_; }
  std::filesystem::path serial_log_path() const { return options_.out_dir / "serial.log"; }
  std::filesystem::path serial_raw_path() const { return options_.out_dir / "serial.raw"; }
  std::filesystem::path stderr_log_path() const { return options_.out_dir / "qemu.stderr.log"; }
  std::filesystem::path command_path() const { return options_.out_dir / "qemu-command.txt"; }
  const std::vector<std::filesystem::path>& screenshots() const { return screenshots_; }

 private:
  QemuSession(SessionOptions options, BootImage image, SerialLog log, Process process,
              std::vector<std::string> command, std::filesystem::path qmp_socket,
              std::filesystem::path private_socket_dir, Clock::time_point start);

  // Reads serial output (and forwards input) until `until` or until something changes.
  void Pump(Clock::time_point until);
  void ReadSerial();
  void ForwardInput();
  void CheckFatal();
  // After a fatal line: keep reading briefly so the whole report (e.g. a panic's backtrace)
  // lands in the log.
  void Settle();
  bool Finished();
  Clock::time_point HardDeadline() const;
  std::expected<QmpClient*, std::string> Qmp();
  std::string StderrTail() const;

  SessionOptions options_;
  BootImage image_;
  SerialLog log_;
  Process process_;
  std::vector<std::string> command_;
  std::filesystem::path qmp_socket_;
  std::filesystem::path private_socket_dir_;
  Clock::time_point start_;
  Clock::time_point last_output_;
  std::optional<Clock::time_point> exit_seen_;
  std::optional<QmpClient> qmp_;
  bool serial_open_ = true;
  bool stopped_by_runner_ = false;
  bool input_open_ = true;
  size_t fatal_checked_ = 0;
  std::optional<size_t> fatal_line_;
  std::vector<std::filesystem::path> screenshots_;
};

}  // namespace raeen::tools::testrunner
