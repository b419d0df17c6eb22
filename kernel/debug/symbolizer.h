#pragma once
// Maps kernel addresses to function names using the ELF symbol table of the kernel file
// that the loader keeps in memory (handoff.kernel_file). Link addresses start at 0 and the
// kernel runs at kernel_virt, so callers subtract the slide first (docs/adr/0002).
//
// The ELF file is untrusted input as far as this code is concerned: every offset and size is
// checked, and a malformed file yields an error, never an out-of-bounds read.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

struct SymbolMatch {
  rstd::StringView name;  // mangled, as in the symbol table
  uint64_t address;       // link address of the symbol
  uint64_t offset;        // lookup address - address
};

class Symbolizer {
 public:
  // An empty symbolizer: every lookup is kNotFound.
  constexpr Symbolizer() = default;

  // Finds .symtab and its string table. kCorrupt for malformed files, kNotFound if the file
  // has no symbol table (stripped with --strip-all).
  static Result<Symbolizer> Create(rstd::Bytes elf_file);

  // The function containing `link_address`: the symbol with the greatest address not above
  // it, within its size when the symbol has one. kNotFound outside every function.
  Result<SymbolMatch> Lookup(uint64_t link_address) const;

  // The link address of a symbol by its mangled name (for tests).
  Result<uint64_t> AddressOf(rstd::StringView name) const;

  size_t symbol_count() const { return symbol_count_; }

 private:
  rstd::StringView NameAt(uint32_t offset) const;

  rstd::Bytes file_;
  uint64_t symbols_offset_ = 0;
  size_t symbol_count_ = 0;
  uint64_t strings_offset_ = 0;
  uint64_t strings_size_ = 0;
};

}  // namespace raeen::kernel
