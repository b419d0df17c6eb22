#include "tools/testrunner/shell_scenario.h"

#include <string>
#include <vector>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// The shell's prompt starts every line it echoes (and every redraw of one).
constexpr std::string_view kPromptStart = "raeen:";

// One typed line and what the shell printed for it.
struct Exchange {
  std::string typed;
  std::vector<std::string> output;  // the lines between the echo and the end marker
};

std::string Printable(std::string_view bytes) {
  std::string text;
  for (char c : bytes) {
    if (c >= 0x20 && c < 0x7f) {
      text += c;
    } else {
      text += Printf("\\x%02x", static_cast<unsigned char>(c));
    }
  }
  return text;
}

std::string Describe(const Exchange& exchange) {
  std::string text = "`" + Printable(exchange.typed) + "` printed";
  if (exchange.output.empty()) return text + " nothing";
  for (const std::string& line : exchange.output) text += "\n    | " + line;
  return text;
}

bool HasLine(const Exchange& exchange, std::string_view wanted) {
  for (const std::string& line : exchange.output) {
    if (line == wanted) return true;
  }
  return false;
}

bool HasLineContaining(const Exchange& exchange, std::string_view part) {
  for (const std::string& line : exchange.output) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

bool HasLineStartingWithWord(const Exchange& exchange, std::string_view word) {
  for (const std::string& line : exchange.output) {
    const std::vector<std::string_view> words = SplitWords(line);
    if (!words.empty() && words[0] == word) return true;
  }
  return false;
}

// Types at the shell. Each line is followed by `echo @@N`: the line `@@N` ends its output,
// whatever the line printed (or failed to), so a missing output is a failed check, not a
// timeout.
class Typist {
 public:
  Typist(ScenarioContext& context, QemuSession& session) : context_(context), session_(session) {}

  std::expected<Exchange, std::string> Type(std::string bytes) {
    const int mark = ++marks_;
    const std::string marker = Printf("@@%d", mark);
    if (auto written = session_.WriteSerial(bytes + "\recho " + marker + "\r"); !written) {
      return std::unexpected(written.error());
    }
    const WaitResult found =
        session_.WaitForLine([&](std::string_view line) { return Trim(line) == marker; }, from_);
    if (found.status != WaitStatus::kMatched) {
      return std::unexpected(session_.Explain(
          found, "the shell to run `" + Printable(bytes) + "` and then `echo " + marker + "`"));
    }
    Exchange exchange{bytes, {}};
    for (size_t i = from_; i < found.line; ++i) {
      const std::string& text = session_.lines()[i].text;
      const std::string_view line = Trim(text);
      // Echoed input (starts with the prompt), kernel log lines, blank lines.
      if (line.empty() || line.starts_with(kPromptStart) || KernelMessage(text) != text) continue;
      exchange.output.emplace_back(line);
    }
    from_ = found.line + 1;
    return exchange;
  }

  // Types `bytes` and checks the output with `ok`; `what` names the check in messages.
  template <typename Check>
  Outcome Expect(const std::string& bytes, std::string_view what, Check&& ok) {
    auto exchange = Type(bytes);
    if (!exchange) return std::unexpected(exchange.error());
    if (!ok(*exchange)) {
      return std::unexpected(std::string(what) + ": " + Describe(*exchange));
    }
    context_.Note(std::string(what) + ": ok");
    return {};
  }

  void SkipTo(size_t line) { from_ = line; }

 private:
  ScenarioContext& context_;
  QemuSession& session_;
  size_t from_ = 0;
  int marks_ = 0;
};

}  // namespace

Outcome ShellSessionScenario::Run(ScenarioContext& context) const {
  // No run=: the kernel starts svcmgr, which starts the boot services, the shell among them.
  auto booted = context.Boot({"", "", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  // Matched anywhere in the line: a program's output without a newline may precede it.
  auto prompt = context.Expect(
      session,
      [](std::string_view line) { return line.find(kShellPromptMarker) != std::string::npos; },
      "the shell's first prompt");
  if (!prompt) return std::unexpected(prompt.error());
  const std::string& prompt_line = (*prompt)->text;
  const std::vector<std::string_view> after =
      SplitWords(std::string_view(prompt_line)
                     .substr(prompt_line.find(kShellPromptMarker) + kShellPromptMarker.size()));
  const std::optional<int64_t> ms = after.empty() ? std::nullopt : ParseInteger(after[0]);
  if (!ms || *ms <= 0) return std::unexpected("cannot read the prompt line: " + prompt_line);
  context.Note(
      Printf("shell.session: prompt %lld ms after kernel entry", static_cast<long long>(*ms)));
  // Let the boot's remaining messages pass, so that they do not land inside shell output.
  (void)session.WaitForQuiet(std::chrono::seconds(2));

  Typist typist(context, session);
  typist.SkipTo(session.lines().size());
  // The first line also proves that typed bytes reach the shell at all.
  if (Outcome r =
          typist.Expect("echo hello from the runner", "echo",
                        [](const Exchange& e) { return HasLine(e, "hello from the runner"); });
      !r) {
    return r;
  }
  if (Outcome r =
          typist.Expect("ls /", "ls / lists bin and etc",
                        [](const Exchange& e) { return HasLine(e, "bin/") && HasLine(e, "etc/"); });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("cat /etc/services/shell.svc", "cat shows shell's manifest",
                                [](const Exchange& e) {
                                  return HasLine(e, "name = shell") &&
                                         HasLine(e, "binary = bin/shell") &&
                                         HasLine(e, "lookup = console, vfs, log, log-reader");
                                });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("ps", "ps shows svcmgr",
                                [](const Exchange& e) {
                                  return HasLineContaining(e, "PID NAME") &&
                                         HasLineContaining(e, " svcmgr ");
                                });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("services", "services lists the boot services",
                                [](const Exchange& e) {
                                  return HasLineStartingWithWord(e, "vfsd") &&
                                         HasLineStartingWithWord(e, "consoled") &&
                                         HasLineStartingWithWord(e, "logd") &&
                                         HasLineStartingWithWord(e, "shell");
                                });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect(
          "ls /bin | grep shell", "a pipe: ls /bin | grep shell",
          [](const Exchange& e) { return e.output == std::vector<std::string>{"shell"}; });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("ls /bin | grep -c consoled | wc", "a three-stage pipe",
                                [](const Exchange& e) {
                                  return e.output == std::vector<std::string>{"1       1       2"};
                                });
      !r) {
    return r;
  }
  // Line editing: a typo removed with backspace; a missing letter put in with the arrow keys
  // and another at the start of the line (Home); ctrl-A and End.
  if (Outcome r = typist.Expect("echo typo-xx\x7f\x08\x7f-fixed", "backspace fixes a typo",
                                [](const Exchange& e) { return HasLine(e, "typo-fixed"); });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("cho hello-wrld\x1b[D\x1b[D\x1b[Do\x1b[He\x1b[F!",
                                "arrows and Home/End fix a line",
                                [](const Exchange& e) { return HasLine(e, "hello-world!"); });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("cho ctrl-a\x01"
                                "e",
                                "ctrl-A goes to the start",
                                [](const Exchange& e) { return HasLine(e, "ctrl-a"); });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("cat /etc/services/shel\t", "tab completes a path",
                                [](const Exchange& e) { return HasLine(e, "name = shell"); });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("nosuchcommand --flag", "an unknown command is reported",
                                [](const Exchange& e) {
                                  return HasLine(e,
                                                 "shell: unknown command 'nosuchcommand' "
                                                 "(try help)");
                                });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect(
          "echo 'unterminated", "a parse error is reported",
          [](const Exchange& e) { return HasLine(e, "shell: unterminated ' quote"); });
      !r) {
    return r;
  }
  // Files: make, move, list, remove, through vfsd.
  if (Outcome r = typist.Expect(
          "mkdir -p /tmp/a/b\rmv /tmp/a /tmp/c\rls /tmp /tmp/c\rrm -r /tmp/c\rls /tmp",
          "mkdir, mv, rm",
          [](const Exchange& e) {
            return HasLine(e, "/tmp:") && HasLine(e, "c/") && HasLine(e, "/tmp/c:") &&
                   HasLine(e, "b/") && !HasLine(e, "a/");
          });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect(
          "mem\ruptime\rdmesg | grep -c \"kernel ready\"", "mem, uptime, dmesg",
          [](const Exchange& e) {
            return HasLineContaining(e, "memory: ") && HasLineContaining(e, "KiB free") &&
                   HasLineContaining(e, "up ") && HasLine(e, "1");
          });
      !r) {
    return r;
  }
  if (Outcome r = typist.Expect("bench", "bench",
                                [](const Exchange& e) {
                                  return HasLineContaining(e, "bench: vfs stat /") &&
                                         HasLineContaining(e, "bench: svcmgr task 0");
                                });
      !r) {
    return r;
  }
  // A restarted vfsd serves the same tree: the shell reconnects.
  if (Outcome r = typist.Expect("services restart vfsd\rls /", "services restart vfsd, then ls /",
                                [](const Exchange& e) {
                                  return HasLineContaining(
                                             e, "services: vfsd is running again (pid ") &&
                                         HasLine(e, "bin/");
                                });
      !r) {
    return r;
  }
  // A service killed from the shell (`kill` with logd's pid from `ps`): svcmgr restarts it,
  // and dmesg, which reads through logd, finds svcmgr's record of that restart.
  auto ps = typist.Type("ps");
  if (!ps) return std::unexpected(ps.error());
  std::string logd_pid;
  for (const std::string& line : ps->output) {
    const std::vector<std::string_view> words = SplitWords(line);
    if (words.size() >= 2 && words[1] == "logd") logd_pid = std::string(words[0]);
  }
  if (logd_pid.empty()) return std::unexpected("ps shows no logd: " + Describe(*ps));
  if (Outcome r = typist.Expect("kill " + logd_pid + "\rdmesg | grep -c \"restarted logd\"",
                                "kill logd from the shell; dmesg reads from its next instance",
                                [](const Exchange& e) { return HasLine(e, "1"); });
      !r) {
    return r;
  }
  // So does a restarted consoled: the new instance takes over COM1 and its interrupt. (What
  // was typed ahead is lost with the old instance's queue, so the next line waits.)
  if (auto written = session.WriteSerial("services restart consoled\r"); !written) {
    return std::unexpected(written.error());
  }
  auto restarted = context.Expect(
      session,
      [](std::string_view line) {
        return Trim(line).starts_with("services: consoled is running again (pid ");
      },
      "consoled restarted by the shell");
  if (!restarted) return std::unexpected(restarted.error());
  typist.SkipTo(session.lines().size());
  return typist.Expect("echo still here", "typing after consoled's restart",
                       [](const Exchange& e) { return HasLine(e, "still here"); });
}

}  // namespace raeen::tools::testrunner
