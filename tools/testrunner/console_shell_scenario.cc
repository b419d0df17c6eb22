#include "tools/testrunner/console_shell_scenario.h"

#include <string>
#include <vector>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/ocr.h"
#include "tools/testrunner/screen_text.h"
#include "tools/testrunner/shell_scenario.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr std::string_view kCommand = "echo fb-ok";
// What is typed: the command without its '-', put in with two Left arrows (E0-prefixed
// scancodes, an ANSI sequence for the line editor, a redraw with cursor controls on the
// screen), then Enter. QEMU's qcodes (QAPI QKeyCode).
constexpr std::string_view kKeys[] = {"e", "c", "h",    "o",    "spc",   "f",  "b",
                                      "o", "k", "left", "left", "minus", "ret"};
constexpr std::string_view kOutput = "fb-ok";
// The kernel's line when consoled creates its memory object over the framebuffer.
constexpr std::string_view kHandOver = "console: the framebuffer now belongs to user space";
// The screen is drawn before the serial line is written (consoled's outputs run in order and
// the screen is no slower under TCG), but a margin costs little.
constexpr auto kSettle = std::chrono::milliseconds(500);
// OCR scales, cheapest first (see console_framebuffer_scenario.cc for why several).
constexpr int kScales[] = {1, 2, 3};

// True if a line of the OCR text is the command's output: it shows `fb-ok` and is not the
// line the command was typed on.
bool ShowsOutput(std::string_view text) {
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    if (line.find(kOutput) != std::string_view::npos &&
        line.find("echo") == std::string_view::npos) {
      return true;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace

Outcome ConsoleShellScenario::Run(ScenarioContext& context) const {
  if (!TesseractAvailable()) {
    return std::unexpected("tesseract not found: install tesseract-ocr (./rae installs it)");
  }
  // No run=: svcmgr starts the boot services, consoled and the shell among them.
  auto booted = context.Boot({"", "", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto prompt = context.Expect(
      session,
      [](std::string_view line) { return line.find(kShellPromptMarker) != std::string::npos; },
      "the shell's first prompt");
  if (!prompt) return std::unexpected(prompt.error());
  auto handed = context.Expect(
      session, [](std::string_view line) { return KernelMessage(line).starts_with(kHandOver); },
      "the kernel handing the framebuffer to consoled");
  if (!handed) return std::unexpected(handed.error());
  // Let the boot's remaining messages pass, so that they do not scroll the screen.
  (void)session.WaitForQuiet(std::chrono::seconds(2));

  const size_t from = session.lines().size();
  for (const std::string_view key : kKeys) {
    if (auto sent = session.SendKey({std::string(key)}); !sent) {
      return std::unexpected("send-key " + std::string(key) + ": " + sent.error());
    }
  }
  context.Note("typed `echo fbok`, Left, Left, `-` and Enter on the PS/2 keyboard");
  // The serial console shows the same: the command as the line editor echoed it, then its
  // output on a line of its own.
  const WaitResult typed = session.WaitForLine(
      [](std::string_view line) {
        return line.find(kCommand) != std::string_view::npos && KernelMessage(line) == line;
      },
      from);
  if (typed.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(typed, "the typed command echoed on serial"));
  }
  context.Note(session, session.lines()[typed.line], "the typed command on serial");
  const WaitResult output = session.WaitForLine(
      [](std::string_view line) { return Trim(line) == kOutput; }, typed.line + 1);
  if (output.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(output, "the command's output on serial"));
  }
  context.Note(session, session.lines()[output.line], "the command's output on serial");
  (void)session.WaitForQuiet(kSettle);

  const std::filesystem::path& out_dir = session.options().out_dir;
  auto text_on_white = CaptureScreen(context, session);
  if (!text_on_white) return std::unexpected(text_on_white.error());
  std::string texts;
  for (const int scale : kScales) {
    auto text = ReadScreenText(session, *text_on_white, scale);
    if (!text) return std::unexpected(text.error());
    // The shell's `prompt at` line reached the kernel log after the hand-over: on the screen
    // it would mean the kernel still draws there.
    if (text->find("prompt at") != std::string::npos) {
      return std::unexpected(Printf("the kernel's log is still drawn on the screen (%s)\n%s",
                                    (out_dir / "screen.png").c_str(), text->c_str()));
    }
    if (ShowsOutput(*text)) {
      context.Note(Printf("OCR (x%d) found the output `%.*s` on the screen", scale,
                          static_cast<int>(kOutput.size()), kOutput.data()));
      return {};
    }
    texts += Printf("--- OCR text (x%d) ---\n%s\n", scale, std::string(Trim(*text)).c_str());
  }
  return std::unexpected(Printf("OCR found no output line `%.*s` on the screen (%s)\n%s",
                                static_cast<int>(kOutput.size()), kOutput.data(),
                                (out_dir / "screen.png").c_str(), texts.c_str()));
}

}  // namespace raeen::tools::testrunner
