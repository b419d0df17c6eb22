#pragma once
// Reads text off a screenshot with tesseract (Debian package tesseract-ocr).

#include <expected>
#include <filesystem>
#include <string>

namespace raeen::tools::testrunner {

// True if the `tesseract` program can be run.
bool TesseractAvailable();

// Runs tesseract on `image` (any format leptonica reads: PGM, PPM, PNG); the recognized text
// is returned and also written to `text_path`.
std::expected<std::string, std::string> RecognizeText(const std::filesystem::path& image,
                                                      const std::filesystem::path& text_path);

}  // namespace raeen::tools::testrunner
