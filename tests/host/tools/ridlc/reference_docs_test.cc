// The committed reference docs (docs/reference/status.md, syscalls.md) must be what ridlc
// generates from the contracts now, so the docs never describe an ABI that no longer exists.
#include <gtest/gtest.h>

#include <string>

#include "tests/host/tools/ridlc/file_text.h"

namespace raeen::ridlc {
namespace {

std::string Read(const std::string& path) {
  return FileText(path);
}

void ExpectCommittedMatchesGenerated(const std::string& name) {
  const std::string committed = std::string(RAEEN_SOURCE_DIR) + "/docs/reference/" + name;
  const std::string generated = std::string(RAEEN_BINARY_DIR) + "/contracts/docs/" + name;
  const std::string generated_text = Read(generated);
  ASSERT_FALSE(generated_text.empty()) << generated << " was not generated";
  EXPECT_TRUE(Read(committed) == generated_text)
      << committed << " is out of date with services/contracts. Refresh it with `ninja -C "
      << RAEEN_BINARY_DIR << " ridl_docs_refresh` and commit the result.";
}

TEST(ReferenceDocs, StatusIsUpToDate) {
  ExpectCommittedMatchesGenerated("status.md");
}
TEST(ReferenceDocs, SyscallsAreUpToDate) {
  ExpectCommittedMatchesGenerated("syscalls.md");
}

}  // namespace
}  // namespace raeen::ridlc
