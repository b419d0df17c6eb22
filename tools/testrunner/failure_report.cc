#include "tools/testrunner/failure_report.h"

#include <cstdio>

namespace raeen::tools::testrunner {

void CaptureAndStop(const std::vector<QemuSession*>& sessions) {
  for (QemuSession* session : sessions) {
    if (session->running()) {
      // Best effort: the screen often shows what the serial log does not (firmware menus).
      (void)session->Screendump(session->options().out_dir / "failure.png", ScreendumpFormat::kPng);
    }
    session->Stop();
  }
}

void PrintFailureReport(std::string_view what, std::string_view reason,
                        const std::vector<QemuSession*>& sessions) {
  std::printf("FAIL %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
              static_cast<int>(reason.size()), reason.data());
  for (const QemuSession* session : sessions) {
    const std::string& label = session->options().label;
    const auto tail = session->SerialTail(kFailureTailLines);
    std::printf("\n---- %s: last %zu serial lines ----\n", label.c_str(), tail.size());
    for (const std::string& line : tail) std::printf("%s\n", line.c_str());
    if (tail.empty()) std::printf("(no serial output)\n");
    std::printf("---- %s: files ----\n", label.c_str());
    std::printf("serial log:    %s\n", session->serial_log_path().c_str());
    std::printf("serial bytes:  %s\n", session->serial_raw_path().c_str());
    std::printf("QEMU stderr:   %s\n", session->stderr_log_path().c_str());
    std::printf("QEMU command:  %s\n", session->command_path().c_str());
    for (const auto& screenshot : session->screenshots()) {
      std::printf("screenshot:    %s\n", screenshot.c_str());
    }
    if (session->stopped_by_runner()) {
      std::printf("QEMU:          still running; stopped by testrunner\n");
    } else if (session->exit()) {
      std::printf("QEMU ended:    %s\n", session->exit()->Describe().c_str());
    }
  }
  std::fflush(stdout);
}

}  // namespace raeen::tools::testrunner
