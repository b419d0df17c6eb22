#include "tools/testrunner/output_dir.h"

#include <fstream>

namespace raeen::tools::testrunner {
namespace {

constexpr const char* kMarker = ".testrunner-output";

}  // namespace

std::expected<void, std::string> PrepareOutputDir(const std::filesystem::path& dir) {
  std::error_code error;
  if (std::filesystem::exists(dir, error)) {
    if (!std::filesystem::is_directory(dir, error)) {
      return std::unexpected(dir.string() + " exists and is not a directory");
    }
    const bool ours = std::filesystem::exists(dir / kMarker, error);
    const bool empty = std::filesystem::is_empty(dir, error);
    if (!ours && !empty) {
      return std::unexpected("refusing to empty " + dir.string() +
                             ": it holds files testrunner did not write; pick another --out");
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      std::filesystem::remove_all(entry.path(), error);
      if (error)
        return std::unexpected("cannot clear " + entry.path().string() + ": " + error.message());
    }
  } else {
    std::filesystem::create_directories(dir, error);
    if (error) return std::unexpected("cannot create " + dir.string() + ": " + error.message());
  }
  std::ofstream marker(dir / kMarker);
  marker << "Written by RaeenOS testrunner; emptied at the start of every run.\n";
  if (!marker) return std::unexpected("cannot write into " + dir.string());
  return {};
}

}  // namespace raeen::tools::testrunner
