#include "kernel/debug/symbolizer.h"

#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

// ELF64 structures [System V gABI, ch. 4; ELF-64 Object File Format 1.5].
struct ElfHeader {
  unsigned char ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct SectionHeader {
  uint32_t name, type;
  uint64_t flags, addr, offset, size;
  uint32_t link, info;
  uint64_t addralign, entsize;
};
struct Symbol {
  uint32_t name;
  unsigned char info, other;
  uint16_t shndx;
  uint64_t value, size;
};
static_assert(sizeof(ElfHeader) == 64 && sizeof(SectionHeader) == 64 && sizeof(Symbol) == 24);

constexpr uint32_t kShtSymtab = 2;
constexpr uint32_t kShtStrtab = 3;
constexpr unsigned char kSttFunc = 2;
constexpr uint16_t kShnUndef = 0;

// Copies a structure out of the file if it lies entirely inside it. The file may be
// unaligned in memory, so never cast into it.
template <typename T>
bool ReadAt(rstd::Bytes file, uint64_t offset, T* out) {
  if (!rstd::RangeContains(0, file.size(), offset, sizeof(T))) return false;
  __builtin_memcpy(out, file.data() + offset, sizeof(T));
  return true;
}

}  // namespace

Result<Symbolizer> Symbolizer::Create(rstd::Bytes elf_file) {
  ElfHeader header;
  if (!ReadAt(elf_file, 0, &header)) return Error(Status::kCorrupt);
  if (header.ident[0] != 0x7f || header.ident[1] != 'E' || header.ident[2] != 'L' ||
      header.ident[3] != 'F' || header.ident[4] != 2 /* 64-bit */) {
    return Error(Status::kCorrupt);
  }
  if (header.shentsize != sizeof(SectionHeader)) return Error(Status::kCorrupt);

  for (uint16_t i = 0; i < header.shnum; ++i) {
    SectionHeader symtab;
    if (!ReadAt(elf_file, header.shoff + uint64_t{i} * sizeof(SectionHeader), &symtab)) {
      return Error(Status::kCorrupt);
    }
    if (symtab.type != kShtSymtab) continue;
    SectionHeader strtab;
    if (symtab.link >= header.shnum ||
        !ReadAt(elf_file, header.shoff + uint64_t{symtab.link} * sizeof(SectionHeader), &strtab) ||
        strtab.type != kShtStrtab || symtab.entsize != sizeof(Symbol) ||
        !rstd::RangeContains(0, elf_file.size(), symtab.offset, symtab.size) ||
        !rstd::RangeContains(0, elf_file.size(), strtab.offset, strtab.size)) {
      return Error(Status::kCorrupt);
    }
    Symbolizer symbolizer;
    symbolizer.file_ = elf_file;
    symbolizer.symbols_offset_ = symtab.offset;
    symbolizer.symbol_count_ = symtab.size / sizeof(Symbol);
    symbolizer.strings_offset_ = strtab.offset;
    symbolizer.strings_size_ = strtab.size;
    return symbolizer;
  }
  return Error(Status::kNotFound);
}

rstd::StringView Symbolizer::NameAt(uint32_t offset) const {
  if (offset >= strings_size_) return {};
  const char* start = reinterpret_cast<const char*>(file_.data() + strings_offset_ + offset);
  size_t max = strings_size_ - offset;
  size_t length = 0;
  while (length < max && start[length] != '\0') ++length;
  // A name that runs off the end of the table is not trusted.
  if (length == max) return {};
  return rstd::StringView(start, length);
}

Result<SymbolMatch> Symbolizer::Lookup(uint64_t link_address) const {
  bool found = false;
  Symbol best{};
  for (size_t i = 0; i < symbol_count_; ++i) {
    Symbol symbol;
    if (!ReadAt(file_, symbols_offset_ + i * sizeof(Symbol), &symbol)) break;
    if ((symbol.info & 0xf) != kSttFunc || symbol.shndx == kShnUndef) continue;
    if (symbol.value > link_address) continue;
    if (symbol.size != 0 && link_address - symbol.value >= symbol.size) continue;
    if (!found || symbol.value > best.value) {
      best = symbol;
      found = true;
    }
  }
  if (!found) return Error(Status::kNotFound);
  return SymbolMatch{NameAt(best.name), best.value, link_address - best.value};
}

Result<uint64_t> Symbolizer::AddressOf(rstd::StringView name) const {
  for (size_t i = 0; i < symbol_count_; ++i) {
    Symbol symbol;
    if (!ReadAt(file_, symbols_offset_ + i * sizeof(Symbol), &symbol)) break;
    if (symbol.shndx != kShnUndef && NameAt(symbol.name) == name) return symbol.value;
  }
  return Error(Status::kNotFound);
}

}  // namespace raeen::kernel
