#include "tools/testrunner/elf_link_base.h"

#include <cstring>

namespace raeen::tools::testrunner {
namespace {

template <typename T>
T Read(std::string_view bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;  // ELF64 little-endian, the host's byte order on x86-64
}

}  // namespace

std::expected<uint64_t, std::string> ElfLinkBase(std::string_view bytes) {
  // [System V ABI, ELF header]: e_ident[EI_CLASS] = 2 (64-bit), [EI_DATA] = 1 (LSB).
  if (bytes.size() < 64 ||
      bytes.substr(0, 4) !=
          "\x7f"
          "ELF" ||
      bytes[4] != 2 || bytes[5] != 1) {
    return std::unexpected("not a little-endian ELF64 file");
  }
  const auto phoff = Read<uint64_t>(bytes, 0x20);
  const auto phentsize = Read<uint16_t>(bytes, 0x36);
  const auto phnum = Read<uint16_t>(bytes, 0x38);
  if (phentsize < 56 || phoff > bytes.size() ||
      static_cast<uint64_t>(phnum) * phentsize > bytes.size() - phoff) {
    return std::unexpected("program headers out of range");
  }
  constexpr uint32_t kPtLoad = 1;
  bool found = false;
  uint64_t lowest = UINT64_MAX;
  for (uint16_t i = 0; i < phnum; ++i) {
    const size_t header = phoff + static_cast<size_t>(i) * phentsize;
    if (Read<uint32_t>(bytes, header) != kPtLoad) continue;
    const auto vaddr = Read<uint64_t>(bytes, header + 0x10);
    if (vaddr < lowest) lowest = vaddr;
    found = true;
  }
  if (!found) return std::unexpected("no PT_LOAD segment");
  return lowest;
}

}  // namespace raeen::tools::testrunner
