#pragma once
// Output directories are emptied before each use so that no stale log or screenshot from an
// earlier run is mistaken for this one. To never delete a user's files by accident (a typo in
// --out), only directories that are empty or carry testrunner's marker file are emptied.

#include <expected>
#include <filesystem>
#include <string>

namespace raeen::tools::testrunner {

// Creates `dir` (and parents) or empties it, then marks it as testrunner's.
std::expected<void, std::string> PrepareOutputDir(const std::filesystem::path& dir);

}  // namespace raeen::tools::testrunner
