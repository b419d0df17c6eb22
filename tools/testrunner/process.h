#pragma once
// A child process started with fork/exec: its pipes, its exit status, and killing it. QEMU,
// mtools, tesseract and git all run through this.

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/testrunner/unique_fd.h"

namespace raeen::tools::testrunner {

struct ProcessExit {
  bool signaled = false;
  int code = 0;  // exit status, or the signal number when `signaled`

  bool Exited(int status) const { return !signaled && code == status; }
  // "exit status 33" / "killed by signal 9 (Killed)"
  std::string Describe() const;
};

// Where one of the child's standard streams goes.
struct StreamSpec {
  enum class Mode { kInherit, kNull, kPipe, kFile };
  Mode mode = Mode::kInherit;
  std::filesystem::path file;  // kFile: created or truncated

  static StreamSpec Inherit() { return {}; }
  static StreamSpec Null() { return {Mode::kNull, {}}; }
  static StreamSpec Pipe() { return {Mode::kPipe, {}}; }
  static StreamSpec File(std::filesystem::path path) { return {Mode::kFile, std::move(path)}; }
};

struct SpawnSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  StreamSpec stdin_spec = StreamSpec::Null();
  StreamSpec stdout_spec = StreamSpec::Inherit();
  StreamSpec stderr_spec = StreamSpec::Inherit();
  // Added to (or replacing entries of) the runner's environment.
  std::vector<std::pair<std::string, std::string>> environment;
  // Own process group: a Ctrl-C on the terminal reaches the runner, which then stops the
  // child in order, instead of both dying at once.
  bool own_process_group = true;
  // The child gets SIGKILL when the thread that spawned it dies (PR_SET_PDEATHSIG), so a
  // runner killed by a ctest timeout leaves no QEMU behind. Spawn from the main thread.
  bool die_with_parent = true;
};

class Process {
 public:
  // Starts the child. Fails (with errno's text) if the program cannot be executed.
  static std::expected<Process, std::string> Spawn(const SpawnSpec& spec);

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // Kills a child that is still running (SIGKILL) and reaps it.
  ~Process();

  pid_t pid() const { return pid_; }
  // Our ends of the pipes (-1 unless the stream was StreamSpec::Pipe()). Non-blocking.
  int stdin_fd() const { return stdin_.get(); }
  int stdout_fd() const { return stdout_.get(); }
  int stderr_fd() const { return stderr_.get(); }
  void CloseStdin() { stdin_.Reset(); }

  // The exit status if the child has ended (reaps it), without waiting.
  std::optional<ProcessExit> Poll();
  // Waits up to `deadline`; nullopt if still running then.
  std::optional<ProcessExit> WaitUntil(std::chrono::steady_clock::time_point deadline);
  // SIGTERM (to the child's process group), up to `grace` for it to end, then SIGKILL.
  ProcessExit Terminate(std::chrono::milliseconds grace);
  std::optional<ProcessExit> exit() const { return exit_; }

 private:
  Process() = default;
  void Signal(int signal);
  void KillAndReap();

  pid_t pid_ = -1;
  bool own_group_ = false;
  std::optional<ProcessExit> exit_;
  UniqueFd stdin_;
  UniqueFd stdout_;
  UniqueFd stderr_;
};

}  // namespace raeen::tools::testrunner
