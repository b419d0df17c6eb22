#pragma once
// Where things are in a build directory, and the host files the runner relies on.

#include <expected>
#include <filesystem>
#include <string>

namespace raeen::tools::testrunner {

// OVMF from Debian's `ovmf` package: 4 MiB flash layout, Secure Boot not enforced.
inline constexpr const char* kOvmfCode = "/usr/share/OVMF/OVMF_CODE_4M.fd";
inline constexpr const char* kOvmfVarsTemplate = "/usr/share/OVMF/OVMF_VARS_4M.fd";

struct BuildPaths {
  std::filesystem::path build_dir;   // absolute
  std::filesystem::path esp_image;   // images/esp.img
  std::filesystem::path kernel_elf;  // kernel/kernel.elf, with DWARF, for gdb
  std::filesystem::path source_dir;  // the checkout, from CMakeCache.txt

  // Resolves the paths; fails if the build directory does not exist.
  static std::expected<BuildPaths, std::string> Resolve(const std::filesystem::path& build_dir);

  // Fails with an actionable message if esp.img or the firmware is missing.
  std::expected<void, std::string> CheckBootable() const;

  // Per-scenario (or bench, run) output directory: <build>/test-output/<name>.
  std::filesystem::path DefaultOutputDir(const std::string& name) const;
};

}  // namespace raeen::tools::testrunner
