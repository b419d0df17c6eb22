#pragma once
// The guest's screen as text: a screendump (screen.png for people and CI artifacts,
// screen.ppm for our own image code) turned into dark text on white, and tesseract's reading
// of it at a chosen scale. Used by the scenarios that check what the screen shows.

#include <expected>
#include <string>

#include "tools/testrunner/gray_image.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// Screendumps `session` into its output directory, notes the screenshot in `context`, and
// returns the screen as dark text on white.
std::expected<GrayImage, std::string> CaptureScreen(ScenarioContext& context,
                                                    QemuSession& session);

// The text tesseract reads on `text_on_white` upscaled `scale` times (the image and the text
// are kept as ocr-x<scale>.pgm / .txt in the session's output directory).
std::expected<std::string, std::string> ReadScreenText(const QemuSession& session,
                                                       const GrayImage& text_on_white,
                                                       int scale);

}  // namespace raeen::tools::testrunner
