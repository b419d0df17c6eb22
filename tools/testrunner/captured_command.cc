#include "tools/testrunner/captured_command.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "tools/testrunner/qemu_command.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Appends what is readable on `fd` to `out`; false at EOF.
bool Drain(int fd, std::string& out) {
  char buffer[8192];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got > 0) {
      out.append(buffer, static_cast<size_t>(got));
    } else if (got == 0) {
      return false;
    } else {
      return errno == EAGAIN || errno == EINTR;
    }
  }
}

}  // namespace

std::expected<CapturedOutput, std::string> RunCaptured(
    const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
    std::vector<std::pair<std::string, std::string>> environment) {
  SpawnSpec spec;
  spec.argv = argv;
  spec.stdout_spec = StreamSpec::Pipe();
  spec.stderr_spec = StreamSpec::Pipe();
  spec.environment = std::move(environment);
  auto process = Process::Spawn(spec);
  if (!process) return std::unexpected(process.error());

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  CapturedOutput captured;
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      process->Terminate(std::chrono::milliseconds(500));
      return std::unexpected(Printf("%s timed out after %lld ms", JoinShellCommand(argv).c_str(),
                                    static_cast<long long>(timeout.count())));
    }
    pollfd fds[2] = {{out_open ? process->stdout_fd() : -1, POLLIN, 0},
                     {err_open ? process->stderr_fd() : -1, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
    if (out_open && fds[0].revents != 0) out_open = Drain(process->stdout_fd(), captured.out);
    if (err_open && fds[1].revents != 0) err_open = Drain(process->stderr_fd(), captured.err);
  }
  const auto status = process->WaitUntil(deadline);
  if (!status) {
    process->Terminate(std::chrono::milliseconds(500));
    return std::unexpected(Printf("%s timed out", JoinShellCommand(argv).c_str()));
  }
  captured.exit = *status;
  return captured;
}

}  // namespace raeen::tools::testrunner
