// Golden outputs: every case under golden/<case>/ holds .ridl inputs, a `groups` file and the
// files ridlc must generate from them under expected/ (each with a .golden suffix, so that
// tools that look at source code leave them alone). After an intended change to the output,
// refresh them with:
//   RIDLC_UPDATE_GOLDEN=1 <build>/tests/host/tools/ridlc/ridlc_test --gtest_filter='RidlcGolden.*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "tests/host/tools/ridlc/file_text.h"
#include "tools/ridlc/driver.h"

namespace raeen::ridlc {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenRoot = fs::path(RAEEN_SOURCE_DIR) / "tests/host/tools/ridlc/golden";

std::string Read(const fs::path& path) {
  return FileText(path.string());
}

void CheckCase(const fs::path& dir) {
  SCOPED_TRACE(dir.filename().string());
  CompileRequest request;
  std::stringstream groups(Read(dir / "groups"));
  for (std::string group; std::getline(groups, group, ',');) {
    group.erase(std::remove(group.begin(), group.end(), '\n'), group.end());
    request.groups.push_back(group);
  }
  std::vector<fs::path> inputs;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".ridl") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    request.sources.push_back({input.filename().string(), Read(input)});
  }
  const CompileResult result = Compile(request);
  for (const Diagnostic& diagnostic : result.diagnostics)
    ADD_FAILURE() << FormatDiagnostic(diagnostic);
  ASSERT_TRUE(result.diagnostics.empty());

  const fs::path expected_root = dir / "expected";
  const bool update = std::getenv("RIDLC_UPDATE_GOLDEN") != nullptr;
  std::set<std::string> generated;
  for (const GeneratedFile& file : result.files) {
    const fs::path expected = expected_root / (file.path + ".golden");
    generated.insert(expected.string());
    if (update) {
      fs::create_directories(expected.parent_path());
      std::ofstream(expected, std::ios::binary) << file.content;
      continue;
    }
    EXPECT_EQ(Read(expected), file.content)
        << file.path << " differs from " << expected.string()
        << "; if the change is intended, refresh with RIDLC_UPDATE_GOLDEN=1 (see golden_test.cc)";
  }
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(expected_root)) {
    if (entry.is_regular_file() && !generated.contains(entry.path().string())) {
      ADD_FAILURE() << entry.path().string() << " is no longer generated; delete it";
    }
  }
}

TEST(RidlcGolden, EveryCaseMatches) {
  int cases = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kGoldenRoot)) {
    if (!entry.is_directory()) continue;
    CheckCase(entry.path());
    ++cases;
  }
  EXPECT_GE(cases, 2);
}

}  // namespace
}  // namespace raeen::ridlc
