#include "tools/testrunner/accel_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/output_dir.h"
#include "tools/testrunner/qemu_session.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Under working KVM the loader starts in well under a second; under TCG it takes ~4 s.
// 20 s is generous for the first and keeps a failing probe short.
constexpr auto kProbeTimeout = std::chrono::seconds(20);

std::expected<void, std::string> KvmDeviceUsable() {
  const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::unexpected(Printf("/dev/kvm: %s", strerror(errno)));
  ::close(fd);
  return {};
}

struct Verdict {
  bool kvm = false;
  std::string reason;
};

Verdict Probe(const BuildPaths& paths) {
  const auto out_dir = paths.build_dir / "testrunner" / "kvm-probe";
  if (auto prepared = PrepareOutputDir(out_dir); !prepared) return {false, prepared.error()};
  SessionOptions options;
  options.label = "kvm-probe";
  options.source_image = paths.esp_image;
  options.out_dir = out_dir;
  options.accel = Accel::kKvm;
  options.timeout = kProbeTimeout;
  options.fatal_patterns = BootFailurePatterns();
  auto session = QemuSession::Start(std::move(options));
  if (!session) return {false, session.error()};
  const WaitResult result = (*session)->WaitForLine(IsLoaderFirstLine);
  Verdict verdict;
  if (result.status == WaitStatus::kMatched) {
    verdict = {true, Printf("rae-boot started after %.1f s under KVM",
                            (*session)->lines()[result.line].seconds)};
  } else {
    verdict = {false, (*session)->Explain(result, "rae-boot's first line under KVM")};
  }
  (*session)->Stop();
  return verdict;
}

}  // namespace

std::expected<Accel, std::string> ResolveAccel(AccelChoice choice, const BuildPaths& paths) {
  if (choice == AccelChoice::kTcg) return Accel::kTcg;
  if (choice == AccelChoice::kKvm) {
    if (auto usable = KvmDeviceUsable(); !usable) {
      return std::unexpected("--accel kvm: " + usable.error());
    }
    return Accel::kKvm;
  }
  if (auto usable = KvmDeviceUsable(); !usable) return Accel::kTcg;

  const auto cache = paths.build_dir / "testrunner" / "kvm-probe.txt";
  {
    std::ifstream file(cache);
    std::string verdict;
    if (std::getline(file, verdict) && (verdict == "kvm" || verdict == "tcg")) {
      std::printf("accel: %s (cached KVM probe verdict in %s)\n", verdict.c_str(), cache.c_str());
      return verdict == "kvm" ? Accel::kKvm : Accel::kTcg;
    }
  }
  std::printf("accel: probing whether KVM can boot OVMF (once, at most %lld s)...\n",
              static_cast<long long>(kProbeTimeout.count()));
  std::fflush(stdout);
  const Verdict verdict = Probe(paths);
  std::printf("accel: %s: %s\n", verdict.kvm ? "kvm" : "tcg", verdict.reason.c_str());
  std::error_code error;
  std::filesystem::create_directories(cache.parent_path(), error);
  std::ofstream file(cache);
  file << (verdict.kvm ? "kvm" : "tcg") << "\n" << verdict.reason << "\n";
  return verdict.kvm ? Accel::kKvm : Accel::kTcg;
}

}  // namespace raeen::tools::testrunner
