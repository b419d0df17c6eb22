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

// A (clock, TSC) pair whose clock reads bracket the TSC read most tightly out of a few tries:
// a preemption between the reads would otherwise skew the pair.
struct ClockPair {
  uint64_t ns;
  uint64_t tsc;
};
ClockPair TightPair() {
  ClockPair best{};
  uint64_t best_gap = ~uint64_t{0};
  for (int i = 0; i < 20; ++i) {
    const uint64_t before = MonotonicRawNanoseconds();
    const uint64_t tsc = __rdtsc();
    const uint64_t after = MonotonicRawNanoseconds();
    if (after - before < best_gap) {
      best_gap = after - before;
      best = {before + (after - before) / 2, tsc};
    }
  }
  return best;
}

// The host's TSC rate over `milliseconds` of CLOCK_MONOTONIC_RAW (not slewed by NTP).
double HostTscMhz(int milliseconds) {
  const ClockPair start = TightPair();
  std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
  const ClockPair end = TightPair();
  return static_cast<double>(end.tsc - start.tsc) * 1000.0 / static_cast<double>(end.ns - start.ns);
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

// `time: TSC 2596.140 MHz (HPET, median of ...` -> "HPET": the reference timer's name.
std::optional<std::string> ParseGuestReference(std::string_view line) {
  constexpr std::string_view kOpen = " MHz (";
  const size_t open = line.find(kOpen);
  if (open == std::string_view::npos) return std::nullopt;
  const std::string_view rest = line.substr(open + kOpen.size());
  const size_t comma = rest.find(',');
  if (comma == std::string_view::npos || comma == 0) return std::nullopt;
  return std::string(rest.substr(0, comma));
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
  // q35 has an HPET (and a PM timer and a PIT): the kernel must have used the best of them.
  const std::optional<std::string> reference = ParseGuestReference((*line)->text);
  if (reference != "HPET") {
    return std::unexpected(
        Printf("the kernel calibrated its TSC against %s, expected the HPET (q35 has one); the "
               "kernel's line: %s",
               reference ? reference->c_str() : "an unnamed reference", (*line)->text.c_str()));
  }
  const double host_mhz = HostTscMhz(1000);
  const double deviation = (guest_mhz - host_mhz) / host_mhz;
  context.Note(Printf("guest %.3f MHz, host %.3f MHz, deviation %+.3f%%", guest_mhz, host_mhz,
                      deviation * 100));
  if (deviation > 0.01 || deviation < -0.01) {
    return std::unexpected(Printf(
        "the kernel calibrated its TSC at %.3f MHz, the host measures %.3f MHz (%+.2f%%, "
        "allowed 1%%); the kernel's line: %s",
        guest_mhz, host_mhz, deviation * 100, (*line)->text.c_str()));
  }
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  return {};
}

}  // namespace raeen::tools::testrunner
