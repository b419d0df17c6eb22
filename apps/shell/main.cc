// shell: the command shell on the console service. Reads keys from consoled, edits the line
// (line_editor.h), runs the commands of each line, pipelines included (pipeline.h), and
// writes everything back through consoled. It is a service that provides nothing; svcmgr
// restarts it if it ends.
//
// Just before it first shows the prompt it logs `shell: prompt at N ms` (N: clock_monotonic,
// which counts from the kernel's start), the end point of the boot-time benchmark.

#include "libs/rae/main.h"

#include "apps/shell/builtins.h"
#include "apps/shell/command_line.h"
#include "apps/shell/completer.h"
#include "apps/shell/history.h"
#include "apps/shell/line_editor.h"
#include "apps/shell/pipeline.h"
#include "apps/shell/rae_system.h"
#include "libs/rae/runtime.h"
#include "libs/rae/service.h"
#include "libs/rstd/placement_new.h"
#include "services/consoled/console_client.h"

using raeen::Result;
using raeen::Status;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace shell = raeen::shell;
namespace sys = raeen::sys;

namespace {

// Everything the shell shows goes through here: kept until Flush (or until the buffer is
// full), so that a command's output travels in a few console writes, not one per line.
class ConsoleWriter final : public rstd::Writer {
 public:
  explicit ConsoleWriter(raeen::consoled::ConsoleClient& console) : console_(console) {}

  void Write(rstd::StringView text) override {
    while (!text.empty()) {
      if (size_ == sizeof(buffer_)) Flush();
      const size_t n = rstd::Min(text.size(), sizeof(buffer_) - size_);
      for (size_t i = 0; i < n; ++i) buffer_[size_ + i] = text[i];
      size_ += n;
      text = text.substr(n);
    }
  }

  void Flush() {
    if (size_ == 0) return;
    const Status written = console_.Write(rstd::StringView(buffer_, size_));
    size_ = 0;
    // Nowhere to show it but the kernel log; once per failure streak is enough.
    if (written != Status::kOk && !failing_) Print("shell: console write: {}", written);
    failing_ = written != Status::kOk;
  }

 private:
  raeen::consoled::ConsoleClient& console_;
  char buffer_[4096];
  size_t size_ = 0;
  bool failing_ = false;
};

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

void Sleep(int64_t ns) {
  (void)sys::ThreadSleep(Now() + ns);
}

// The whole program. The runtime runs no global constructors, so main builds it in static
// storage (it is big: buffers, history).
class Shell {
 public:
  Shell() : out_(console_), completer_(system_, state_), editor_(history_, &completer_) {}

  [[noreturn]] void Run() {
    out_.Write("\nRaeenOS shell. Type help for the commands.\n");
    out_.Flush();
    // The console answered: the prompt is one write away. Logged before it, so that the
    // kernel's line does not land behind the prompt on the same terminal line.
    Print("shell: prompt at {} ms", Now() / 1'000'000);
    Print("@bench boot.kernel_to_prompt ms {}", Now() / 1'000'000);  // for ./rae bench
    Prompt();
    out_.Flush();
    uint8_t input[64];
    bool read_failing = false;
    for (;;) {
      Result<size_t> read = console_.Read(input, sizeof(input));
      if (!read.ok()) {
        // kBadState: another program's read waits at the console; anything else: consoled
        // is not (yet) there. Either way, try again shortly (and say so once).
        if (!read_failing) Print("shell: console read: {}; retrying", read.status());
        read_failing = true;
        Sleep(500'000'000);
        continue;
      }
      read_failing = false;
      for (size_t i = 0; i < *read; ++i) Feed(input[i]);
      out_.Flush();
    }
  }

 private:
  void Feed(uint8_t byte) {
    switch (editor_.Feed(byte, out_)) {
      case shell::LineEditor::Event::kLine:
        out_.Flush();
        RunLine(editor_.line());
        Prompt();
        break;
      case shell::LineEditor::Event::kCancelled: Prompt(); break;
      case shell::LineEditor::Event::kNone: break;
    }
  }

  void Prompt() {
    char prompt[shell::kMaxPath + 16];
    editor_.Begin(rstd::FormatTo(prompt, sizeof(prompt), "raeen:{}$ ", state_.cwd()), out_);
  }

  void RunLine(rstd::StringView line) {
    if (command_line_.Parse(line) != Status::kOk) {
      rstd::Format(out_, "shell: {}\n", command_line_.error());
      return;
    }
    (void)shell::RunPipeline(system_, state_, command_line_, out_, out_);
  }

  raeen::consoled::ConsoleClient console_;
  ConsoleWriter out_;
  shell::RaeSystem system_;
  shell::ShellState state_;
  shell::History history_;
  shell::Completer completer_;
  shell::LineEditor editor_;
  shell::CommandLine command_line_;
};

}  // namespace

int main() {
  if (Result<raeen::rae::ServiceInfo> info = raeen::rae::StartInfo(); !info.ok()) {
    Print("shell: no start message from svcmgr: {}", info.status());
    return 1;
  }
  // Never destroyed (the shell does not end): placement new, so no exit-time destructor.
  alignas(Shell) static unsigned char storage[sizeof(Shell)];
  Shell* shell = new (storage) Shell();
  shell->Run();
}
