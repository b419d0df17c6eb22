#pragma once
// The address an ELF64 image was linked at: the lowest virtual address of its PT_LOAD
// segments. gdb's `add-symbol-file FILE -o OFFSET` needs load address minus this; RaeCore is
// linked at 0 (kernel/kernel.ld), so today the offset is the KASLR base itself.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace raeen::tools::testrunner {

std::expected<uint64_t, std::string> ElfLinkBase(std::string_view file_bytes);

}  // namespace raeen::tools::testrunner
