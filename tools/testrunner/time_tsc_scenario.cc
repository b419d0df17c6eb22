#include "tools/testrunner/time_tsc_scenario.h"

#include <x86intrin.h>

#include <cstdlib>
#include <ctime>
#include <thread>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

uint64_t MonotonicRawNanoseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(now.tv_nsec);
}

// The host's TSC rate over `milliseconds` of CLOCK_MONOTONIC_RAW (not slewed by NTP).
double HostTscMhz(int milliseconds) {
  const uint64_t ns_start = MonotonicRawNanoseconds();
  const uint64_t tsc_start = __rdtsc();
  std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
  const uint64_t tsc_end = __rdtsc();
  const uint64_t ns_end = MonotonicRawNanoseconds();
  return static_cast<double>(tsc_end - tsc_start) * 1000.0 / static_cast<double>(ns_end - ns_start);
}

// `time: TSC 2596.140 MHz ...` -> 2596.140
std::optional<double> ParseGuestTscMhz(std::string_view line) {
  constexpr std::string_view kMarker = "time: TSC ";
  size_t at = line.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string rest(line.substr(at + kMarker.size()));
  char* end = nullptr;
  double mhz = std::strtod(rest.c_str(), &end);
  if (end == rest.c_str() || std::string_view(end).substr(0, 4) != " MHz") return std::nullopt;
  return mhz;
}

}  // namespace

Outcome TimeTscScenario::Run(ScenarioContext& context) const {
  auto booted = context.Boot({"", "", BootOrPanicFailurePatterns()});
  if (!booted) return std::unexpected(booted.error());
  QemuSession& session = **booted;
  auto line = context.Expect(
      session, [](std::string_view text) { return ParseGuestTscMhz(text).has_value(); },
      "the kernel's TSC calibration");
  if (!line) return std::unexpected(line.error());
  const double guest_mhz = *ParseGuestTscMhz((*line)->text);
  const double host_mhz = HostTscMhz(500);
  const double deviation = (guest_mhz - host_mhz) / host_mhz;
  context.Note(Printf("guest %.3f MHz, host %.3f MHz, deviation %+.3f%%", guest_mhz, host_mhz,
                      deviation * 100));
  if (deviation > 0.01 || deviation < -0.01) {
    return std::unexpected(Printf(
        "the kernel calibrated its TSC at %.3f MHz, the host measures %.3f MHz (%+.2f%%, "
        "allowed 1%%)",
        guest_mhz, host_mhz, deviation * 100));
  }
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  return {};
}

}  // namespace raeen::tools::testrunner
