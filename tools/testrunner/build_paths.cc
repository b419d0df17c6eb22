#include "tools/testrunner/build_paths.h"

#include <fstream>
#include <string_view>

namespace raeen::tools::testrunner {
namespace {

// The source directory this build was configured from, as CMake recorded it.
std::filesystem::path SourceDirFromCache(const std::filesystem::path& build_dir) {
  std::ifstream cache(build_dir / "CMakeCache.txt");
  std::string line;
  constexpr std::string_view kKey = "CMAKE_HOME_DIRECTORY:INTERNAL=";
  while (std::getline(cache, line)) {
    if (line.starts_with(kKey)) return line.substr(kKey.size());
  }
  return RAEEN_SOURCE_DIR;
}

}  // namespace

std::expected<BuildPaths, std::string> BuildPaths::Resolve(const std::filesystem::path& build_dir) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(build_dir, error);
  if (error || !std::filesystem::is_directory(absolute, error)) {
    return std::unexpected("build directory " + build_dir.string() +
                           " does not exist (configure and build first: ./rae build)");
  }
  const auto canonical = std::filesystem::weakly_canonical(absolute, error);
  BuildPaths paths;
  paths.build_dir = error ? absolute : canonical;
  paths.esp_image = paths.build_dir / "images" / "esp.img";
  paths.kernel_elf = paths.build_dir / "kernel" / "kernel.elf";
  paths.source_dir = SourceDirFromCache(paths.build_dir);
  return paths;
}

std::expected<void, std::string> BuildPaths::CheckBootable() const {
  std::error_code error;
  if (!std::filesystem::is_regular_file(esp_image, error)) {
    return std::unexpected(esp_image.string() + " not found: build the image first (ninja -C " +
                           build_dir.string() + " images)");
  }
  for (const char* firmware : {kOvmfCode, kOvmfVarsTemplate}) {
    if (!std::filesystem::is_regular_file(firmware, error)) {
      return std::unexpected(std::string(firmware) +
                             " not found: install OVMF (apt-get install ovmf; ./rae does this)");
    }
  }
  return {};
}

std::filesystem::path BuildPaths::DefaultOutputDir(const std::string& name) const {
  return build_dir / "test-output" / name;
}

}  // namespace raeen::tools::testrunner
