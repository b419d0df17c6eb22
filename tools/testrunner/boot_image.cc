#include "tools/testrunner/boot_image.h"

#include <fstream>

#include "tools/testrunner/build_paths.h"
#include "tools/testrunner/captured_command.h"
#include "tools/testrunner/raeen_cfg.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr auto kMtoolsTimeout = std::chrono::seconds(30);
constexpr const char* kCfgPath = "::/raeen/raeen.cfg";

// mtools refuses images whose geometry it finds odd unless told not to check.
std::vector<std::pair<std::string, std::string>> MtoolsEnvironment() {
  return {{"MTOOLS_SKIP_CHECK", "1"}};
}

std::expected<void, std::string> CopyFile(const std::filesystem::path& from,
                                          const std::filesystem::path& to) {
  std::error_code error;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, error);
  if (error)
    return std::unexpected("copy " + from.string() + " -> " + to.string() + ": " + error.message());
  return {};
}

std::string FirstLine(std::string_view text) {
  return std::string(Trim(text.substr(0, text.find('\n'))));
}

}  // namespace

std::expected<BootImage, std::string> PrepareBootImage(const BootImageRequest& request) {
  BootImage image;
  image.esp = request.out_dir / "esp.img";
  image.vars = request.out_dir / "OVMF_VARS_4M.fd";
  image.cfg = request.out_dir / "raeen.cfg";
  if (auto copied = CopyFile(request.source_esp, image.esp); !copied) {
    return std::unexpected(copied.error());
  }
  if (auto copied = CopyFile(kOvmfVarsTemplate, image.vars); !copied) {
    return std::unexpected(copied.error());
  }

  // The image's own raeen.cfg is the starting point: keys the runner does not set stay.
  auto original = RunCaptured({"mtype", "-i", image.esp.string(), kCfgPath}, kMtoolsTimeout,
                              MtoolsEnvironment());
  if (!original) return std::unexpected(original.error() + " (install mtools; ./rae does this)");
  RaeenCfg cfg = RaeenCfg::Parse(original->ok() ? original->out : std::string());

  std::string cmdline = request.cmdline ? *request.cmdline : cfg.Get("cmdline").value_or("");
  if (!request.cmdline_suffix.empty()) {
    cmdline = std::string(Trim(cmdline + " " + request.cmdline_suffix));
  }
  cfg.Set("cmdline", cmdline);
  if (request.resolution) {
    cfg.Set("resolution", *request.resolution);
  } else if (!cfg.Get("resolution")) {
    cfg.Set("resolution", "auto");
  }
  image.cmdline = cmdline;

  {
    std::ofstream file(image.cfg, std::ios::binary | std::ios::trunc);
    file << cfg.Serialize();
    if (!file) return std::unexpected("cannot write " + image.cfg.string());
  }
  auto copied = RunCaptured({"mcopy", "-o", "-i", image.esp.string(), image.cfg.string(), kCfgPath},
                            kMtoolsTimeout, MtoolsEnvironment());
  if (!copied) return std::unexpected(copied.error() + " (install mtools; ./rae does this)");
  if (!copied->ok()) {
    return std::unexpected("mcopy could not write " + std::string(kCfgPath) + " into " +
                           image.esp.string() + " (" + copied->exit.Describe() +
                           "): " + FirstLine(copied->err));
  }
  return image;
}

}  // namespace raeen::tools::testrunner
