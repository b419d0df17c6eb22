#include "tools/testrunner/bench_command.h"

#include <cstdio>
#include <ctime>
#include <fstream>

#include "tools/testrunner/accel_probe.h"
#include "tools/testrunner/bench_report.h"
#include "tools/testrunner/captured_command.h"
#include "tools/testrunner/failure_report.h"
#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/output_dir.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// `git rev-parse HEAD`, with `-dirty` when tracked files differ from it.
std::string GitCommit(const std::filesystem::path& source_dir) {
  constexpr auto kTimeout = std::chrono::seconds(20);
  auto head = RunCaptured({"git", "-C", source_dir.string(), "rev-parse", "HEAD"}, kTimeout);
  if (!head || !head->ok()) return "unknown";
  std::string commit(Trim(head->out));
  auto status = RunCaptured(
      {"git", "-C", source_dir.string(), "status", "--porcelain", "--untracked-files=no"},
      kTimeout);
  if (status && status->ok() && !Trim(status->out).empty()) commit += "-dirty";
  return commit;
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

struct BootTimes {
  double loader = 0;
  double kernel_entry = 0;
  double kernel_ready = 0;
};

// One boot to `kernel ready` and on to `bench: done`; adds every sample to `report`.
std::expected<void, std::string> BenchOneBoot(QemuSession& session, BenchReport& report,
                                              BootTimes& times) {
  const struct {
    QemuSession::LineMatcher matcher;
    const char* what;
    double* seconds;
  } marks[] = {{IsLoaderFirstLine, "rae-boot's first line", &times.loader},
               {IsKernelBanner, "the kernel banner", &times.kernel_entry},
               {IsKernelReady, "`kernel ready`", &times.kernel_ready}};
  for (const auto& mark : marks) {
    const WaitResult result = session.WaitForLine(mark.matcher);
    if (result.status != WaitStatus::kMatched) {
      return std::unexpected(session.Explain(result, mark.what));
    }
    *mark.seconds = session.lines()[result.line].seconds;
  }
  const WaitResult done = session.WaitForLine(IsBenchDone);
  if (done.status != WaitStatus::kMatched) {
    return std::unexpected(session.Explain(done, "`bench: done` after the guest's benchmarks"));
  }
  report.Add("boot.host.qemu_to_loader", "ms", times.loader * 1000);
  report.Add("boot.host.qemu_to_kernel_entry", "ms", times.kernel_entry * 1000);
  report.Add("boot.host.qemu_to_kernel_ready", "ms", times.kernel_ready * 1000);
  for (const SerialLine& line : session.lines()) {
    if (auto sample = ParseBenchSample(line.text)) {
      report.Add(sample->metric, sample->unit, sample->value);
    } else if (auto distribution = ParseBenchDistribution(line.text)) {
      report.AddDistribution(*distribution);
    }
  }
  return {};
}

// The services' benchmarks need svcmgr, which bench boots do not start: a normal boot with
// these manual-start programs, until svcmgr reports that each of kServiceBenchmarks exited.
constexpr const char* kServicesCmdline = "svc.start=svc_crashy,bench_restart,bench_vfs";
constexpr const char* kServiceBenchmarks[] = {"bench_restart", "bench_vfs"};

std::expected<void, std::string> BenchServicesBoot(QemuSession& session, BenchReport& report) {
  for (const char* program : kServiceBenchmarks) {
    const std::string prefix = std::string("[svcmgr] svcmgr: ") + program + " (pid ";
    const WaitResult ended = session.WaitForLine([&](std::string_view line) {
      return KernelMessage(line).starts_with(prefix);
    });
    if (ended.status != WaitStatus::kMatched) {
      return std::unexpected(session.Explain(ended, std::string(program) + "'s end"));
    }
    const std::string& text = session.lines()[ended.line].text;
    if (text.find("exited with code 0") == std::string::npos) {
      return std::unexpected(std::string(program) + " failed: " + text);
    }
  }
  for (const SerialLine& line : session.lines()) {
    if (auto sample = ParseBenchSample(line.text)) {
      report.Add(sample->metric, sample->unit, sample->value);
    } else if (auto distribution = ParseBenchDistribution(line.text)) {
      report.AddDistribution(*distribution);
    }
  }
  return {};
}

// A benchmark boot runs far longer than a test boot: the user benchmarks alone take about
// a minute under TCG, and -icount slows everything (the firmware too) several times. An
// explicit --timeout wins.
int BenchBootTimeoutSeconds(const CliOptions& options) {
  if (options.timeout_seconds != kDefaultBootTimeoutSeconds) return options.timeout_seconds;
  return options.icount ? 1800 : 600;
}

}  // namespace

int RunBenchCommand(const CliOptions& options) {
  auto paths = BuildPaths::Resolve(options.build_dir);
  if (!paths) {
    std::printf("bench: %s\n", paths.error().c_str());
    return 1;
  }
  if (auto bootable = paths->CheckBootable(); !bootable) {
    std::printf("bench: %s\n", bootable.error().c_str());
    return 1;
  }
  const auto out_dir = options.out_dir.value_or(paths->DefaultOutputDir("bench"));
  if (auto prepared = PrepareOutputDir(out_dir); !prepared) {
    std::printf("bench: %s\n", prepared.error().c_str());
    return 1;
  }
  auto accel = ResolveAccel(options.accel, *paths);
  if (!accel) {
    std::printf("bench: %s\n", accel.error().c_str());
    return 1;
  }

  BenchReport report;
  std::string qemu_command;
  for (int boot = 1; boot <= options.boots; ++boot) {
    const auto boot_dir = out_dir / Printf("boot-%d", boot);
    std::error_code error;
    std::filesystem::create_directories(boot_dir, error);
    SessionOptions session_options;
    session_options.label = Printf("bench/boot-%d", boot);
    session_options.source_image = paths->esp_image;
    session_options.out_dir = boot_dir;
    session_options.cmdline = options.icount ? "bench=user" : "bench=all";
    if (options.icount) session_options.extra_qemu_args = {"-icount", "shift=0"};
    session_options.accel = *accel;
    session_options.timeout = std::chrono::seconds(BenchBootTimeoutSeconds(options));
    session_options.fatal_patterns = BootOrPanicFailurePatterns();
    auto session = QemuSession::Start(std::move(session_options));
    if (!session) {
      std::printf("bench: cannot start QEMU: %s\n", session.error().c_str());
      return 1;
    }
    if (qemu_command.empty()) qemu_command = JoinShellCommand((*session)->command());
    BootTimes times;
    if (auto done = BenchOneBoot(**session, report, times); !done) {
      const std::vector<QemuSession*> sessions = {session->get()};
      CaptureAndStop(sessions);
      PrintFailureReport((*session)->options().label, done.error(), sessions);
      return 1;
    }
    (*session)->Stop();
    std::printf("boot %d/%d: loader %.3f s, kernel entry %.3f s, kernel ready %.3f s\n", boot,
                options.boots, times.loader, times.kernel_entry, times.kernel_ready);
    std::fflush(stdout);
    if (options.icount) continue;  // instruction counts are for the user benchmarks alone

    SessionOptions services_options;
    services_options.label = Printf("bench/boot-%d-services", boot);
    services_options.source_image = paths->esp_image;
    services_options.out_dir = boot_dir / "services";
    std::filesystem::create_directories(services_options.out_dir, error);
    services_options.cmdline = kServicesCmdline;
    services_options.accel = *accel;
    services_options.timeout = std::chrono::seconds(BenchBootTimeoutSeconds(options));
    services_options.fatal_patterns = BootOrPanicFailurePatterns();
    auto services = QemuSession::Start(std::move(services_options));
    if (!services) {
      std::printf("bench: cannot start QEMU: %s\n", services.error().c_str());
      return 1;
    }
    if (auto done = BenchServicesBoot(**services, report); !done) {
      const std::vector<QemuSession*> sessions = {services->get()};
      CaptureAndStop(sessions);
      PrintFailureReport((*services)->options().label, done.error(), sessions);
      return 1;
    }
    (*services)->Stop();
    std::printf("boot %d/%d: services benchmarks done\n", boot, options.boots);
    std::fflush(stdout);
  }

  std::printf("\n%s", report.FormatTable().c_str());
  for (const std::string& problem : report.problems())
    std::printf("warning: %s\n", problem.c_str());
  if (options.json_path) {
    const BenchMetadata metadata{qemu_command, GitCommit(paths->source_dir),
                                 std::string(AccelName(*accel)), UtcNow()};
    std::error_code error;
    if (options.json_path->has_parent_path()) {
      std::filesystem::create_directories(options.json_path->parent_path(), error);
    }
    std::ofstream file(*options.json_path);
    file << report.ToJson(metadata).Serialize(2) << "\n";
    if (!file) {
      std::printf("bench: cannot write %s\n", options.json_path->c_str());
      return 1;
    }
    std::printf("wrote %s\n", options.json_path->c_str());
  }
  return 0;
}

}  // namespace raeen::tools::testrunner
