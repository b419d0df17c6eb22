#include "kernel/debug/symbolizer.h"

#include "libs/elf/elf_format.h"
#include "libs/rstd/utility.h"

namespace raeen::kernel {
namespace {

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
  elf::Header header;
  if (!ReadAt(elf_file, 0, &header)) return Error(Status::kCorrupt);
  for (int i = 0; i < 4; ++i) {
    if (header.e_ident[i] != elf::kMagic[i]) return Error(Status::kCorrupt);
  }
  if (header.e_ident[elf::kIdentClass] != elf::kClass64) return Error(Status::kCorrupt);
  if (header.e_shentsize != sizeof(elf::SectionHeader)) return Error(Status::kCorrupt);

  for (uint16_t i = 0; i < header.e_shnum; ++i) {
    elf::SectionHeader symtab;
    if (!ReadAt(elf_file, header.e_shoff + uint64_t{i} * sizeof(elf::SectionHeader), &symtab)) {
      return Error(Status::kCorrupt);
    }
    if (symtab.sh_type != elf::kShtSymtab) continue;
    elf::SectionHeader strtab;
    if (symtab.sh_link >= header.e_shnum ||
        !ReadAt(elf_file, header.e_shoff + uint64_t{symtab.sh_link} * sizeof(elf::SectionHeader),
                &strtab) ||
        strtab.sh_type != elf::kShtStrtab || symtab.sh_entsize != sizeof(elf::Symbol) ||
        !rstd::RangeContains(0, elf_file.size(), symtab.sh_offset, symtab.sh_size) ||
        !rstd::RangeContains(0, elf_file.size(), strtab.sh_offset, strtab.sh_size)) {
      return Error(Status::kCorrupt);
    }
    Symbolizer symbolizer;
    symbolizer.file_ = elf_file;
    symbolizer.symbols_offset_ = symtab.sh_offset;
    symbolizer.symbol_count_ = symtab.sh_size / sizeof(elf::Symbol);
    symbolizer.strings_offset_ = strtab.sh_offset;
    symbolizer.strings_size_ = strtab.sh_size;
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
  elf::Symbol best{};
  for (size_t i = 0; i < symbol_count_; ++i) {
    elf::Symbol symbol;
    if (!ReadAt(file_, symbols_offset_ + i * sizeof(elf::Symbol), &symbol)) break;
    if (elf::SymbolType(symbol.st_info) != elf::kSttFunc || symbol.st_shndx == elf::kShnUndef) {
      continue;
    }
    if (symbol.st_value > link_address) continue;
    if (symbol.st_size != 0 && link_address - symbol.st_value >= symbol.st_size) continue;
    if (!found || symbol.st_value > best.st_value) {
      best = symbol;
      found = true;
    }
  }
  if (!found) return Error(Status::kNotFound);
  return SymbolMatch{NameAt(best.st_name), best.st_value, link_address - best.st_value};
}

Result<uint64_t> Symbolizer::AddressOf(rstd::StringView name) const {
  for (size_t i = 0; i < symbol_count_; ++i) {
    elf::Symbol symbol;
    if (!ReadAt(file_, symbols_offset_ + i * sizeof(elf::Symbol), &symbol)) break;
    if (symbol.st_shndx != elf::kShnUndef && NameAt(symbol.st_name) == name) {
      return symbol.st_value;
    }
  }
  return Error(Status::kNotFound);
}

}  // namespace raeen::kernel
