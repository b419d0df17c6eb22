#include "tools/testrunner/elf_link_base.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace raeen::tools::testrunner {
namespace {

// A minimal ELF64 header plus `segments` program headers of (type, vaddr).
std::string MakeElf(std::initializer_list<std::pair<uint32_t, uint64_t>> segments) {
  std::string bytes(64 + 56 * segments.size(), '\0');
  std::memcpy(bytes.data(),
              "\x7f"
              "ELF\x02\x01",
              6);
  const uint64_t phoff = 64;
  const uint16_t phentsize = 56;
  const auto phnum = static_cast<uint16_t>(segments.size());
  std::memcpy(bytes.data() + 0x20, &phoff, 8);
  std::memcpy(bytes.data() + 0x36, &phentsize, 2);
  std::memcpy(bytes.data() + 0x38, &phnum, 2);
  size_t offset = 64;
  for (const auto& [type, vaddr] : segments) {
    std::memcpy(bytes.data() + offset, &type, 4);
    std::memcpy(bytes.data() + offset + 0x10, &vaddr, 8);
    offset += 56;
  }
  return bytes;
}

TEST(ElfLinkBase, LowestLoadSegment) {
  const auto base = ElfLinkBase(MakeElf({{6, 0}, {1, 0x201000}, {1, 0x200000}, {2, 0x10}}));
  ASSERT_TRUE(base) << base.error();
  EXPECT_EQ(*base, 0x200000u);
}

TEST(ElfLinkBase, LinkedAtZero) {
  const auto base = ElfLinkBase(MakeElf({{1, 0}, {1, 0x5000}}));
  ASSERT_TRUE(base);
  EXPECT_EQ(*base, 0u);
}

TEST(ElfLinkBase, Errors) {
  EXPECT_FALSE(ElfLinkBase("not an elf"));
  EXPECT_FALSE(ElfLinkBase(MakeElf({{2, 0}})));
  std::string truncated = MakeElf({{1, 0}});
  truncated.resize(80);
  EXPECT_FALSE(ElfLinkBase(truncated));
}

}  // namespace
}  // namespace raeen::tools::testrunner
