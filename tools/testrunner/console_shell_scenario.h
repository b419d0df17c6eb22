#pragma once

#include "tools/testrunner/scenario.h"

namespace raeen::tools::testrunner {

// console.shell: the shell on the framebuffer, typed at with the PS/2 keyboard. After a
// normal boot (the kernel must log the framebuffer's hand-over to consoled) the runner types
// `echo fbok`, Left, Left, `-` and Enter with QMP send-key (QEMU's i8042, read by consoled),
// waits for `echo fb-ok` and its output on the serial console (consoled writes to every
// output device), and reads a screenshot with OCR: the screen must show the output line
// `fb-ok` and none of the kernel log lines written after the hand-over.
class ConsoleShellScenario final : public Scenario {
 public:
  std::string_view name() const override { return "console.shell"; }
  std::string_view summary() const override {
    return "PS/2 keys typed at the shell; its output on serial and (OCR) on the framebuffer";
  }
  Outcome Run(ScenarioContext& context) const override;
};

}  // namespace raeen::tools::testrunner
