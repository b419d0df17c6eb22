#include "tools/testrunner/ocr.h"

#include <fstream>

#include "tools/testrunner/captured_command.h"

namespace raeen::tools::testrunner {
namespace {

// A 2560x1600 page takes tesseract a few seconds; a minute means something is wrong.
constexpr auto kOcrTimeout = std::chrono::seconds(60);

}  // namespace

bool TesseractAvailable() {
  auto version = RunCaptured({"tesseract", "--version"}, std::chrono::seconds(10));
  return version && version->ok();
}

std::expected<std::string, std::string> RecognizeText(const std::filesystem::path& image,
                                                      const std::filesystem::path& text_path) {
  // OMP_THREAD_LIMIT=1: tesseract's OpenMP threads only fight QEMU for the two cores.
  // --psm 6 (one uniform block of text): a console is a grid of same-sized lines, and the
  // default automatic layout analysis splits the log's timestamp column from the messages and
  // then misses words (seen on a 1920x1080 kernel console: `RaeenOS` lost at x1 with the
  // default, read at x1 and x2 with --psm 6).
  auto result = RunCaptured({"tesseract", image.string(), "stdout", "--psm", "6"}, kOcrTimeout,
                            {{"OMP_THREAD_LIMIT", "1"}});
  if (!result) return std::unexpected(result.error());
  if (!result->ok()) {
    return std::unexpected("tesseract failed (" + result->exit.Describe() + "): " + result->err);
  }
  std::ofstream file(text_path);
  file << result->out;
  return result->out;
}

}  // namespace raeen::tools::testrunner
