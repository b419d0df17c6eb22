#include "tools/testrunner/screen_text.h"

#include <fstream>
#include <iterator>

#include "tools/testrunner/ocr.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

std::expected<GrayImage, std::string> CaptureScreen(ScenarioContext& context,
                                                    QemuSession& session) {
  const std::filesystem::path& out_dir = session.options().out_dir;
  if (auto png = session.Screendump(out_dir / "screen.png", ScreendumpFormat::kPng); !png) {
    return std::unexpected("screendump: " + png.error());
  }
  const auto ppm_path = out_dir / "screen.ppm";
  if (auto ppm = session.Screendump(ppm_path, ScreendumpFormat::kPpm); !ppm) {
    return std::unexpected("screendump: " + ppm.error());
  }
  std::ifstream file(ppm_path, std::ios::binary);
  if (!file) return std::unexpected("cannot read " + ppm_path.string());
  const std::string bytes(std::istreambuf_iterator<char>(file), {});
  auto screen = GrayImage::FromPnm(bytes);
  if (!screen) return std::unexpected(ppm_path.string() + ": " + screen.error());
  context.Note(Printf("screenshot %dx%d, mean level %.0f: %s", screen->width(), screen->height(),
                      screen->MeanLevel(), (out_dir / "screen.png").c_str()));
  return screen->TextOnWhite();
}

std::expected<std::string, std::string> ReadScreenText(const QemuSession& session,
                                                       const GrayImage& text_on_white,
                                                       int scale) {
  const std::filesystem::path& out_dir = session.options().out_dir;
  const auto input = out_dir / Printf("ocr-x%d.pgm", scale);
  {
    std::ofstream file(input, std::ios::binary);
    file << text_on_white.Upscale(scale).ToPgm();
  }
  auto text = RecognizeText(input, out_dir / Printf("ocr-x%d.txt", scale));
  if (!text) return std::unexpected("OCR: " + text.error());
  return *text;
}

}  // namespace raeen::tools::testrunner
