#include "tools/testrunner/console_framebuffer_scenario.h"

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/ocr.h"
#include "tools/testrunner/screen_text.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr std::string_view kExpectedText = "RaeenOS";
// rae-boot's own first line (drawn by the firmware console) also says RaeenOS; only a line
// without these words proves the kernel drew on the framebuffer.
constexpr std::string_view kLoaderWords[] = {"rae-boot", "loader"};
// The console may still be drawing the last lines when `kernel ready` reaches the serial port.
constexpr auto kSettle = std::chrono::milliseconds(500);

// OCR attempts, cheapest first. Tesseract's reading of a bitmap console font depends on the
// scale in ways that cannot be predicted (measured on OVMF's 8x19 font: `RaeenOS` read right
// at x1 and x3, as `RaeenJS` at x2 and x4), so a miss at one scale is retried at the next.
// Nearest-neighbour scaling keeps the glyph edges sharp.
struct OcrPass {
  int scale;
};
constexpr OcrPass kPasses[] = {{1}, {2}, {3}};

// True if a line of `text` names RaeenOS and is not the loader's line.
bool ShowsKernelText(std::string_view text) {
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    bool loader = false;
    for (const std::string_view word : kLoaderWords) {
      loader = loader || line.find(word) != std::string_view::npos;
    }
    if (!loader && line.find(kExpectedText) != std::string_view::npos) return true;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace

Outcome ConsoleFramebufferScenario::Run(ScenarioContext& context) const {
  if (!TesseractAvailable()) {
    return std::unexpected("tesseract not found: install tesseract-ocr (./rae installs it)");
  }
  // Without init: its programs' lines would scroll the banner off the screen.
  auto booted = context.Boot({"", "init=none", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  const WaitResult settled = session.WaitForQuiet(kSettle);
  if (settled.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(settled, "the console to settle after boot"));
  }

  const std::filesystem::path& out_dir = session.options().out_dir;
  // The kernel is idle by now, so the PNG and the PPM show the same frame.
  auto text_on_white = CaptureScreen(context, session);
  if (!text_on_white) return std::unexpected(text_on_white.error());

  std::string texts;
  for (const OcrPass& pass : kPasses) {
    auto text = ReadScreenText(session, *text_on_white, pass.scale);
    if (!text) return std::unexpected(text.error());
    if (ShowsKernelText(*text)) {
      context.Note(Printf("OCR (x%d) found `%.*s` in the kernel's text", pass.scale,
                          static_cast<int>(kExpectedText.size()), kExpectedText.data()));
      return {};
    }
    texts += Printf("--- OCR text (x%d) ---\n%s\n", pass.scale, std::string(Trim(*text)).c_str());
  }
  return std::unexpected(
      Printf("OCR found no `%.*s` outside rae-boot's line on the screen (%s)\n%s",
             static_cast<int>(kExpectedText.size()), kExpectedText.data(),
             (out_dir / "screen.png").c_str(), texts.c_str()));
}

}  // namespace raeen::tools::testrunner
