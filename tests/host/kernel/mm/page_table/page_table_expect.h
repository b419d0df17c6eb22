#pragma once
// Shared constants and checks for the PageTable tests.

#include <gtest/gtest.h>
#include <stdint.h>

#include <ostream>

#include "kernel/mm/page_table.h"

namespace raeen {

inline void PrintTo(Status status, std::ostream* out) {
  *out << StatusName(status);
}

}  // namespace raeen

namespace raeen::kernel {

inline std::ostream& operator<<(std::ostream& out, const Protection& p) {
  static const char* const kCache[] = {"wb", "wc", "uc"};
  return out << (p.writable ? "w" : "-") << (p.executable ? "x" : "-") << (p.user ? "u" : "-")
             << (p.global ? "g" : "-") << "/" << kCache[static_cast<int>(p.cache) % 3];
}

namespace page_table_test {

constexpr uint64_t k4K = kPageSize4K;
constexpr uint64_t k2M = kPageSize2M;
constexpr uint64_t k1G = kPageSize1G;

constexpr uint64_t kKernel = 0xffffffff80000000;  // where the kernel image lives
constexpr uint64_t kDirect = 0xffff800000000000;  // rae-boot's direct map base
constexpr uint64_t kUserBase = 0x0000000040000000;

// Kernel protections, as rae-boot maps the kernel.
constexpr Protection kText{.executable = true, .global = true};
constexpr Protection kRodata{.global = true};
constexpr Protection kData{.writable = true, .global = true};
// User protections.
constexpr Protection kUserText{.executable = true, .user = true};
constexpr Protection kUserRodata{.user = true};
constexpr Protection kUserData{.writable = true, .user = true};

// Every 4 KiB page of [virt, virt + size) translates to the matching physical page with
// `protection` (and, if page_size is not 0, through a page of that size).
inline void ExpectMapped(const PageTable& tables, uint64_t virt, uint64_t phys, uint64_t size,
                         const Protection& protection, uint64_t page_size = 0) {
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    Result<Translation> t = tables.Translate(virt + offset);
    ASSERT_TRUE(t.ok()) << std::hex << "unmapped: 0x" << virt + offset;
    ASSERT_EQ(t->phys, phys + offset) << std::hex << "at 0x" << virt + offset;
    ASSERT_EQ(t->protection, protection) << std::hex << "at 0x" << virt + offset;
    if (page_size != 0) ASSERT_EQ(t->page_size, page_size) << std::hex << "at 0x" << virt + offset;
  }
}

inline void ExpectUnmapped(const PageTable& tables, uint64_t virt, uint64_t size) {
  for (uint64_t offset = 0; offset < size; offset += k4K) {
    ASSERT_EQ(tables.Translate(virt + offset).status(), Status::kNotFound)
        << std::hex << "still mapped: 0x" << virt + offset;
  }
}

}  // namespace page_table_test
}  // namespace raeen::kernel
