#include "tools/testrunner/qemu_session.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tools/testrunner/build_paths.h"
#include "tools/testrunner/stop_signal.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Longest wait in one poll(): how quickly a stop signal, QEMU's exit or a deadline is seen.
constexpr auto kPollSlice = std::chrono::milliseconds(50);
// After a fatal line, keep reading until this much silence (or QEMU ends), at most kSettleMax.
constexpr auto kSettleQuiet = std::chrono::milliseconds(1000);
constexpr auto kSettleMax = std::chrono::seconds(3);
// QMP commands that should answer at once (screendump of a 1280x800 frame takes ~50 ms).
constexpr auto kQmpTimeout = std::chrono::seconds(15);
// sockaddr_un::sun_path holds 108 bytes; longer socket paths go to a private /tmp directory.
constexpr size_t kMaxSocketPath = 100;

int PollMilliseconds(QemuSession::Clock::time_point until) {
  const auto now = QemuSession::Clock::now();
  if (until <= now) return 0;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now);
  return static_cast<int>(std::min<int64_t>(left.count() + 1, kPollSlice.count()));
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      pollfd pfd{fd, POLLOUT, 0};
      ::poll(&pfd, 1, 1000);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::expected<std::unique_ptr<QemuSession>, std::string> QemuSession::Start(
    SessionOptions options) {
  auto image =
      PrepareBootImage(BootImageRequest{options.source_image, options.out_dir, options.cmdline,
                                        options.cmdline_suffix, options.resolution});
  if (!image) return std::unexpected(image.error());

  auto log = SerialLog::Create(options.out_dir / "serial.log", options.out_dir / "serial.raw");
  if (!log) return std::unexpected(log.error());

  std::filesystem::path qmp_socket = std::filesystem::absolute(options.out_dir / "qmp.sock");
  std::filesystem::path private_socket_dir;
  if (qmp_socket.string().size() > kMaxSocketPath) {
    std::string pattern = (std::filesystem::temp_directory_path() / "raeen-qmp-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return std::unexpected(Printf("mkdtemp: %s", strerror(errno)));
    }
    private_socket_dir = pattern;
    qmp_socket = private_socket_dir / "qmp.sock";
  }
  std::error_code ignored;
  std::filesystem::remove(qmp_socket, ignored);

  QemuOptions qemu;
  qemu.accel = options.accel;
  qemu.machine = options.machine;
  qemu.firmware_code = kOvmfCode;
  qemu.firmware_vars = std::filesystem::absolute(image->vars);
  qemu.esp_image = std::filesystem::absolute(image->esp);
  qemu.qmp_socket = qmp_socket;
  qemu.serial = options.serial;
  qemu.display = options.display;
  qemu.gdb_server = options.gdb_server;
  qemu.extra_args = options.extra_qemu_args;
  std::vector<std::string> command = BuildQemuCommand(qemu);
  {
    std::ofstream file(options.out_dir / "qemu-command.txt");
    file << JoinShellCommand(command) << "\n";
  }

  SpawnSpec spec;
  spec.argv = command;
  spec.stdin_spec = StreamSpec::Pipe();
  spec.stdout_spec = StreamSpec::Pipe();
  spec.stderr_spec = StreamSpec::File(options.out_dir / "qemu.stderr.log");
  const Clock::time_point start = Clock::now();
  auto process = Process::Spawn(spec);
  if (!process) {
    return std::unexpected(process.error() + " (install qemu-system-x86; ./rae does this)");
  }
  return std::unique_ptr<QemuSession>(new QemuSession(
      std::move(options), std::move(*image), std::move(*log), std::move(*process),
      std::move(command), std::move(qmp_socket), std::move(private_socket_dir), start));
}

QemuSession::QemuSession(SessionOptions options, BootImage image, SerialLog log, Process process,
                         std::vector<std::string> command, std::filesystem::path qmp_socket,
                         std::filesystem::path private_socket_dir, Clock::time_point start)
    : options_(std::move(options)),
      image_(std::move(image)),
      log_(std::move(log)),
      process_(std::move(process)),
      command_(std::move(command)),
      qmp_socket_(std::move(qmp_socket)),
      private_socket_dir_(std::move(private_socket_dir)),
      start_(start),
      last_output_(start) {
  if (options_.input_fd < 0) input_open_ = false;
}

QemuSession::~QemuSession() {
  Stop();
}

double QemuSession::Elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

QemuSession::Clock::time_point QemuSession::HardDeadline() const {
  if (options_.timeout.count() == 0) return Clock::time_point::max();
  return start_ + options_.timeout;
}

bool QemuSession::running() {
  process_.Poll();
  return !process_.exit();
}

void QemuSession::ReadSerial() {
  char buffer[16384];
  while (serial_open_) {
    const ssize_t n = ::read(process_.stdout_fd(), buffer, sizeof(buffer));
    if (n > 0) {
      const std::string_view bytes(buffer, static_cast<size_t>(n));
      log_.Append(bytes, Elapsed());
      last_output_ = Clock::now();
      if (options_.echo_fd >= 0) WriteAll(options_.echo_fd, bytes);
    } else if (n == 0) {
      serial_open_ = false;
      log_.Finish();
    } else if (errno == EINTR) {
      continue;
    } else {
      if (errno != EAGAIN) {
        serial_open_ = false;
        log_.Finish();
      }
      break;
    }
  }
  CheckFatal();
}

void QemuSession::ForwardInput() {
  char buffer[4096];
  const ssize_t n = ::read(options_.input_fd, buffer, sizeof(buffer));
  if (n > 0) {
    WriteAll(process_.stdin_fd(), std::string_view(buffer, static_cast<size_t>(n)));
  } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    input_open_ = false;  // our stdin ended; the guest keeps running until QEMU is quit
  }
}

void QemuSession::Pump(Clock::time_point until) {
  pollfd fds[2] = {{serial_open_ ? process_.stdout_fd() : -1, POLLIN, 0},
                   {input_open_ ? options_.input_fd : -1, POLLIN, 0}};
  const int ready = ::poll(fds, 2, PollMilliseconds(until));
  if (ready > 0) {
    if (fds[0].revents != 0) ReadSerial();
    if (fds[1].revents != 0) ForwardInput();
  }
  if (process_.exit()) return;
  if (process_.Poll()) {
    exit_seen_ = Clock::now();
    ReadSerial();
  }
}

bool QemuSession::Finished() {
  if (!process_.exit()) return false;
  if (!exit_seen_) exit_seen_ = Clock::now();
  // QEMU is gone, so EOF follows its last bytes at once; the 1 s bound only guards against a
  // grandchild that inherited the pipe.
  if (serial_open_ && Clock::now() - *exit_seen_ < std::chrono::seconds(1)) {
    ReadSerial();
    return !serial_open_;
  }
  if (serial_open_) {
    serial_open_ = false;
    log_.Finish();
    CheckFatal();
  }
  return true;
}

void QemuSession::CheckFatal() {
  const auto& lines = log_.lines();
  for (; fatal_checked_ < lines.size(); ++fatal_checked_) {
    if (fatal_line_) continue;
    for (const std::string& pattern : options_.fatal_patterns) {
      if (lines[fatal_checked_].text.find(pattern) != std::string::npos) {
        fatal_line_ = fatal_checked_;
        break;
      }
    }
  }
}

void QemuSession::Settle() {
  const Clock::time_point hard_stop = std::min(Clock::now() + kSettleMax, HardDeadline());
  while (!Finished() && Clock::now() < hard_stop && Clock::now() - last_output_ < kSettleQuiet &&
         !StopRequested()) {
    Pump(std::min(hard_stop, last_output_ + kSettleQuiet));
  }
}

WaitResult QemuSession::WaitForLine(const LineMatcher& matcher, size_t from) {
  size_t next = from;
  while (true) {
    const auto& lines = log_.lines();
    // Lines up to and including a fatal one are still searched: what came before it happened.
    const size_t limit = fatal_line_ ? std::min(lines.size(), *fatal_line_ + 1) : lines.size();
    for (; next < limit; ++next) {
      if (matcher(lines[next].text)) return WaitResult{WaitStatus::kMatched, next};
    }
    if (fatal_line_) {
      Settle();
      return WaitResult{WaitStatus::kFatal, *fatal_line_};
    }
    if (Finished()) {
      // The last bytes may have completed a line that matches.
      if (next < log_.lines().size()) continue;
      return WaitResult{WaitStatus::kExited, 0};
    }
    if (StopRequested()) return WaitResult{WaitStatus::kInterrupted, 0};
    if (Clock::now() >= HardDeadline()) return WaitResult{WaitStatus::kTimedOut, 0};
    Pump(HardDeadline());
  }
}

WaitResult QemuSession::WaitForExit() {
  while (true) {
    if (fatal_line_) {
      Settle();
      return WaitResult{WaitStatus::kFatal, *fatal_line_};
    }
    if (Finished()) return WaitResult{WaitStatus::kMatched, 0};
    if (StopRequested()) return WaitResult{WaitStatus::kInterrupted, 0};
    if (Clock::now() >= HardDeadline()) return WaitResult{WaitStatus::kTimedOut, 0};
    Pump(HardDeadline());
  }
}

WaitResult QemuSession::WaitForQuiet(Clock::duration quiet) {
  while (true) {
    if (fatal_line_) {
      Settle();
      return WaitResult{WaitStatus::kFatal, *fatal_line_};
    }
    if (Finished()) return WaitResult{WaitStatus::kExited, 0};
    if (Clock::now() - last_output_ >= quiet) return WaitResult{WaitStatus::kMatched, 0};
    if (StopRequested()) return WaitResult{WaitStatus::kInterrupted, 0};
    if (Clock::now() >= HardDeadline()) return WaitResult{WaitStatus::kTimedOut, 0};
    Pump(std::min(HardDeadline(), last_output_ + quiet));
  }
}

std::string QemuSession::StderrTail() const {
  std::ifstream file(stderr_log_path());
  std::string line;
  std::string last;
  while (std::getline(file, line)) {
    if (!Trim(line).empty()) last = line;
  }
  return last;
}

std::string QemuSession::Explain(const WaitResult& result, std::string_view waiting_for) const {
  const std::string what(waiting_for);
  switch (result.status) {
    case WaitStatus::kMatched: return "saw " + what;
    case WaitStatus::kTimedOut:
      return Printf("timed out after %lld s waiting for %s",
                    static_cast<long long>(options_.timeout.count()), what.c_str());
    case WaitStatus::kExited: {
      std::string text =
          "QEMU ended (" + (exit() ? exit()->Describe() : std::string("?")) + ") before " + what;
      const std::string stderr_tail = StderrTail();
      if (!stderr_tail.empty()) text += "; QEMU said: " + stderr_tail;
      return text;
    }
    case WaitStatus::kFatal:
      return Printf("fatal output while waiting for %s: \"%s\"", what.c_str(),
                    log_.lines()[result.line].text.c_str());
    case WaitStatus::kInterrupted:
      return Printf("interrupted by signal %d while waiting for %s", StopSignal(), what.c_str());
  }
  return what;
}

std::expected<QmpClient*, std::string> QemuSession::Qmp() {
  if (qmp_) return &*qmp_;
  // Not bounded by the boot's hard deadline: a screenshot after a timeout is still wanted.
  auto client = QmpClient::Connect(qmp_socket_, Clock::now() + kQmpTimeout,
                                   [this] { return process_.Poll().has_value(); });
  if (!client) return std::unexpected(client.error());
  qmp_.emplace(std::move(*client));
  return &*qmp_;
}

std::expected<void, std::string> QemuSession::Screendump(const std::filesystem::path& path,
                                                         ScreendumpFormat format) {
  auto qmp = Qmp();
  if (!qmp) return std::unexpected(qmp.error());
  auto done = (*qmp)->Screendump(path, format, Clock::now() + kQmpTimeout);
  if (!done) return done;
  screenshots_.push_back(path);
  return {};
}

std::expected<void, std::string> QemuSession::SendKey(const std::vector<std::string>& qcodes) {
  auto qmp = Qmp();
  if (!qmp) return std::unexpected(qmp.error());
  return (*qmp)->SendKey(qcodes, Clock::now() + kQmpTimeout);
}

std::expected<void, std::string> QemuSession::WriteSerial(std::string_view bytes) {
  if (process_.stdin_fd() < 0 || process_.exit()) return std::unexpected("QEMU is not running");
  if (!WriteAll(process_.stdin_fd(), bytes)) {
    return std::unexpected(Printf("writing to the guest's serial port: %s", strerror(errno)));
  }
  return {};
}

void QemuSession::Stop() {
  if (!process_.Poll()) {
    stopped_by_runner_ = true;
    if (qmp_) {
      // A clean quit lets QEMU flush and remove its socket; failing that, signals.
      (void)qmp_->Quit(Clock::now() + std::chrono::seconds(2));
      process_.WaitUntil(Clock::now() + std::chrono::seconds(3));
    }
    process_.Terminate(std::chrono::seconds(3));
  }
  qmp_.reset();
  const Clock::time_point drain_until = Clock::now() + std::chrono::seconds(1);
  while (serial_open_ && Clock::now() < drain_until) {
    ReadSerial();
    if (serial_open_) {
      pollfd pfd{process_.stdout_fd(), POLLIN, 0};
      ::poll(&pfd, 1, 50);
    }
  }
  if (serial_open_) {
    serial_open_ = false;
    log_.Finish();
  }
  std::error_code ignored;
  std::filesystem::remove(qmp_socket_, ignored);
  if (!private_socket_dir_.empty()) std::filesystem::remove_all(private_socket_dir_, ignored);
}

}  // namespace raeen::tools::testrunner
