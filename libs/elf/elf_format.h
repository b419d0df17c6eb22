#pragma once
// The parts of the ELF-64 format that RaeenOS reads (rae-boot loads the kernel with them, the
// kernel symbolizes its backtraces), written from the System V ABI: [gABI, "ELF Header",
// "Program Header", "Dynamic Section", "Sections", "Symbol Table"] (System V Application Binary
// Interface, generic ABI, edition 4.1 with the ELF-64 extensions) and the x86-64 processor
// supplement [AMD64 psABI 1.0, 4.4 "Relocation"]. Field names follow the specification.
//
// These structures are read with memcpy from an untrusted byte buffer, never by casting a
// pointer into it (the buffer need not be aligned and every offset must be checked first).

#include <stdint.h>

namespace raeen::elf {

inline constexpr uint8_t kMagic[4] = {0x7f, 'E', 'L', 'F'};
inline constexpr int kIdentClass = 4;           // EI_CLASS
inline constexpr int kIdentData = 5;            // EI_DATA
inline constexpr int kIdentVersion = 6;         // EI_VERSION
inline constexpr uint8_t kClass64 = 2;          // ELFCLASS64
inline constexpr uint8_t kData2Lsb = 1;         // ELFDATA2LSB: little-endian
inline constexpr uint32_t kVersionCurrent = 1;  // EV_CURRENT

inline constexpr uint16_t kTypeDyn = 3;         // ET_DYN: our static PIE kernel
inline constexpr uint16_t kMachineX86_64 = 62;  // EM_X86_64

struct Header {
  uint8_t e_ident[16];
  uint16_t e_type;
  uint16_t e_machine;
  uint32_t e_version;
  uint64_t e_entry;
  uint64_t e_phoff;
  uint64_t e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize;
  uint16_t e_phentsize;
  uint16_t e_phnum;
  uint16_t e_shentsize;
  uint16_t e_shnum;
  uint16_t e_shstrndx;
};
static_assert(sizeof(Header) == 64);

struct ProgramHeader {
  uint32_t p_type;
  uint32_t p_flags;
  uint64_t p_offset;
  uint64_t p_vaddr;
  uint64_t p_paddr;
  uint64_t p_filesz;
  uint64_t p_memsz;
  uint64_t p_align;
};
static_assert(sizeof(ProgramHeader) == 56);

inline constexpr uint32_t kPtLoad = 1;     // PT_LOAD
inline constexpr uint32_t kPtDynamic = 2;  // PT_DYNAMIC
inline constexpr uint32_t kPtInterp = 3;   // PT_INTERP: needs a dynamic linker
inline constexpr uint32_t kPtTls = 7;      // PT_TLS: needs thread-local storage set up

inline constexpr uint32_t kPfX = 1;  // PF_X
inline constexpr uint32_t kPfW = 2;  // PF_W
inline constexpr uint32_t kPfR = 4;  // PF_R

struct Dynamic {
  int64_t d_tag;
  uint64_t d_val;
};
static_assert(sizeof(Dynamic) == 16);

inline constexpr int64_t kDtNull = 0;
inline constexpr int64_t kDtPltRelSz = 2;
inline constexpr int64_t kDtRela = 7;
inline constexpr int64_t kDtRelaSz = 8;
inline constexpr int64_t kDtRelaEnt = 9;
inline constexpr int64_t kDtRel = 17;
inline constexpr int64_t kDtRelSz = 18;
inline constexpr int64_t kDtJmpRel = 23;
inline constexpr int64_t kDtRelrSz = 35;
inline constexpr int64_t kDtRelr = 36;

struct Rela {
  uint64_t r_offset;
  uint64_t r_info;  // symbol index << 32 | type
  int64_t r_addend;
};
static_assert(sizeof(Rela) == 24);

constexpr uint32_t RelaType(uint64_t info) {
  return static_cast<uint32_t>(info);
}
constexpr uint32_t RelaSymbol(uint64_t info) {
  return static_cast<uint32_t>(info >> 32);
}

inline constexpr uint32_t kRX86_64None = 0;      // R_X86_64_NONE
inline constexpr uint32_t kRX86_64Relative = 8;  // R_X86_64_RELATIVE: B + A

struct SectionHeader {
  uint32_t sh_name;
  uint32_t sh_type;
  uint64_t sh_flags;
  uint64_t sh_addr;
  uint64_t sh_offset;
  uint64_t sh_size;
  uint32_t sh_link;
  uint32_t sh_info;
  uint64_t sh_addralign;
  uint64_t sh_entsize;
};
static_assert(sizeof(SectionHeader) == 64);

inline constexpr uint32_t kShtSymtab = 2;  // SHT_SYMTAB
inline constexpr uint32_t kShtStrtab = 3;  // SHT_STRTAB

struct Symbol {
  uint32_t st_name;
  uint8_t st_info;  // binding << 4 | type
  uint8_t st_other;
  uint16_t st_shndx;
  uint64_t st_value;
  uint64_t st_size;
};
static_assert(sizeof(Symbol) == 24);

constexpr uint8_t SymbolType(uint8_t info) { return info & 0xf; }
inline constexpr uint8_t kSttFunc = 2;    // STT_FUNC
inline constexpr uint16_t kShnUndef = 0;  // SHN_UNDEF

}  // namespace raeen::elf
