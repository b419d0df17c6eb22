#pragma once
// Runs a short helper program (mtools, git, tesseract, qemu -display help) to completion and
// captures what it prints.

#include <chrono>
#include <expected>
#include <string>
#include <utility>
#include <vector>

#include "tools/testrunner/process.h"

namespace raeen::tools::testrunner {

struct CapturedOutput {
  ProcessExit exit;
  std::string out;
  std::string err;

  bool ok() const { return exit.Exited(0); }
};

// Fails if the program cannot be started or runs longer than `timeout` (it is then killed).
// A non-zero exit is not a failure here: callers look at `exit`.
std::expected<CapturedOutput, std::string> RunCaptured(
    const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
    std::vector<std::pair<std::string, std::string>> environment = {});

}  // namespace raeen::tools::testrunner
