#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// The kernel draws its log on the GOP framebuffer: a screenshot after boot, read by OCR,
// must show the banner's `RaeenOS` on a line that is not rae-boot's (the firmware console
// shows the loader's line, which names RaeenOS too).
class ConsoleFramebufferScenario final : public Scenario {
 public:
  std::string_view name() const override { return "console.framebuffer"; }
  std::string_view summary() const override {
    return "screenshot after kernel ready; OCR (tesseract) finds `RaeenOS` on screen";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
