#include "tools/testrunner/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "tools/testrunner/text.h"

extern char** environ;

namespace raeen::tools::testrunner {
namespace {

// The child's end and our end of one standard stream.
struct StreamFds {
  UniqueFd child;
  UniqueFd parent;
};

std::expected<StreamFds, std::string> OpenStream(const StreamSpec& spec, bool is_input) {
  StreamFds fds;
  switch (spec.mode) {
    case StreamSpec::Mode::kInherit: break;
    case StreamSpec::Mode::kNull:
      fds.child.Reset(::open("/dev/null", (is_input ? O_RDONLY : O_WRONLY) | O_CLOEXEC));
      if (!fds.child.valid()) return std::unexpected(Printf("/dev/null: %s", strerror(errno)));
      break;
    case StreamSpec::Mode::kFile:
      fds.child.Reset(::open(
          spec.file.c_str(),
          is_input ? (O_RDONLY | O_CLOEXEC) : (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC), 0644));
      if (!fds.child.valid()) {
        return std::unexpected(Printf("%s: %s", spec.file.c_str(), strerror(errno)));
      }
      break;
    case StreamSpec::Mode::kPipe: {
      int ends[2];
      if (::pipe2(ends, O_CLOEXEC) != 0)
        return std::unexpected(Printf("pipe: %s", strerror(errno)));
      UniqueFd read_end(ends[0]);
      UniqueFd write_end(ends[1]);
      fds.child = is_input ? std::move(read_end) : std::move(write_end);
      fds.parent = is_input ? std::move(write_end) : std::move(read_end);
      ::fcntl(fds.parent.get(), F_SETFL, ::fcntl(fds.parent.get(), F_GETFL) | O_NONBLOCK);
      break;
    }
  }
  return fds;
}

ProcessExit FromWaitStatus(int status) {
  if (WIFSIGNALED(status)) return ProcessExit{true, WTERMSIG(status)};
  return ProcessExit{false, WEXITSTATUS(status)};
}

}  // namespace

std::string ProcessExit::Describe() const {
  if (signaled) return Printf("killed by signal %d (%s)", code, strsignal(code));
  return Printf("exit status %d", code);
}

std::expected<Process, std::string> Process::Spawn(const SpawnSpec& spec) {
  if (spec.argv.empty()) return std::unexpected("empty command");
  auto in = OpenStream(spec.stdin_spec, true);
  if (!in) return std::unexpected(in.error());
  auto out = OpenStream(spec.stdout_spec, false);
  if (!out) return std::unexpected(out.error());
  auto err = OpenStream(spec.stderr_spec, false);
  if (!err) return std::unexpected(err.error());

  // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (const std::string& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    bool overridden = false;
    for (const auto& [name, value] : spec.environment) {
      if (text.starts_with(name) && text.size() > name.size() && text[name.size()] == '=') {
        overridden = true;
      }
    }
    if (!overridden) env_strings.emplace_back(text);
  }
  for (const auto& [name, value] : spec.environment) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  // exec failures travel back over a close-on-exec pipe: EOF means exec succeeded.
  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
    return std::unexpected(Printf("pipe: %s", strerror(errno)));
  }
  UniqueFd error_read(error_pipe[0]);
  UniqueFd error_write(error_pipe[1]);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) return std::unexpected(Printf("fork: %s", strerror(errno)));
  if (pid == 0) {
    if (spec.own_process_group) ::setpgid(0, 0);
    if (spec.die_with_parent) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    }
    // The runner ignores SIGPIPE and may block signals in threads; the child starts clean.
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (in->child.valid()) ::dup2(in->child.get(), STDIN_FILENO);
    if (out->child.valid()) ::dup2(out->child.get(), STDOUT_FILENO);
    if (err->child.valid()) ::dup2(err->child.get(), STDERR_FILENO);
    ::execvpe(argv[0], argv.data(), envp.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t written = ::write(error_write.get(), &error, sizeof(error));
    ::_exit(127);
  }

  if (spec.own_process_group) ::setpgid(pid, pid);  // both sides set it: no race with kill()
  error_write.Reset();
  Process process;
  process.pid_ = pid;
  process.own_group_ = spec.own_process_group;
  process.stdin_ = std::move(in->parent);
  process.stdout_ = std::move(out->parent);
  process.stderr_ = std::move(err->parent);

  int exec_error = 0;
  ssize_t got;
  do {
    got = ::read(error_read.get(), &exec_error, sizeof(exec_error));
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof(exec_error))) {
    int status;
    ::waitpid(pid, &status, 0);
    process.exit_ = FromWaitStatus(status);
    return std::unexpected(Printf("cannot run %s: %s", spec.argv[0].c_str(), strerror(exec_error)));
  }
  return process;
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      own_group_(other.own_group_),
      exit_(other.exit_),
      stdin_(std::move(other.stdin_)),
      stdout_(std::move(other.stdout_)),
      stderr_(std::move(other.stderr_)) {}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    KillAndReap();
    pid_ = std::exchange(other.pid_, -1);
    own_group_ = other.own_group_;
    exit_ = other.exit_;
    stdin_ = std::move(other.stdin_);
    stdout_ = std::move(other.stdout_);
    stderr_ = std::move(other.stderr_);
  }
  return *this;
}

Process::~Process() {
  KillAndReap();
}

void Process::KillAndReap() {
  if (pid_ <= 0 || exit_) return;
  Signal(SIGKILL);
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_ = FromWaitStatus(status);
}

void Process::Signal(int signal) {
  if (pid_ <= 0 || exit_) return;  // never signal a reaped pid: it may belong to someone else
  ::kill(own_group_ ? -pid_ : pid_, signal);
}

std::optional<ProcessExit> Process::Poll() {
  if (exit_ || pid_ <= 0) return exit_;
  int status;
  pid_t result;
  do {
    result = ::waitpid(pid_, &status, WNOHANG);
  } while (result < 0 && errno == EINTR);
  if (result == pid_) exit_ = FromWaitStatus(status);
  return exit_;
}

std::optional<ProcessExit> Process::WaitUntil(std::chrono::steady_clock::time_point deadline) {
  while (true) {
    if (auto status = Poll()) return status;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ProcessExit Process::Terminate(std::chrono::milliseconds grace) {
  if (auto status = Poll()) return *status;
  Signal(SIGTERM);
  if (auto status = WaitUntil(std::chrono::steady_clock::now() + grace)) return *status;
  Signal(SIGKILL);
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_ = FromWaitStatus(status);
  return *exit_;
}

}  // namespace raeen::tools::testrunner
