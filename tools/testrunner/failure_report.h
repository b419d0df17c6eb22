#pragma once
// What a failed scenario or bench boot prints: the reason, the end of each boot's serial log,
// and where every artifact is, so that the failure can be understood from CI output alone.

#include <memory>
#include <string_view>
#include <vector>

#include "tools/testrunner/qemu_session.h"

namespace raeen::tools::testrunner {

// Lines of serial output shown per boot.
inline constexpr size_t kFailureTailLines = 40;

// Takes a `failure.png` screenshot of every boot whose QEMU still runs, then stops them all.
void CaptureAndStop(const std::vector<QemuSession*>& sessions);

// Prints to stdout: `FAIL <what>: <reason>`, then per boot the last serial lines and the
// paths of serial.log, serial.raw, qemu.stderr.log, qemu-command.txt and any screenshots.
void PrintFailureReport(std::string_view what, std::string_view reason,
                        const std::vector<QemuSession*>& sessions);

}  // namespace raeen::tools::testrunner
