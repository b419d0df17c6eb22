#include "boot/uefi/elf_image.h"

#include "libs/elf/elf_format.h"
#include "libs/rstd/utility.h"

namespace raeen::boot {
namespace {

// Reads a T at `offset`; the caller has checked that [offset, offset + sizeof(T)) is in bounds.
template <typename T>
T ReadAt(rstd::Bytes bytes, uint64_t offset) {
  T value;
  __builtin_memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// "R-X" style flags for messages.
struct FlagText {
  char text[4];
};
FlagText Flags(uint32_t flags) {
  return FlagText{{(flags & elf::kPfR) ? 'R' : '-', (flags & elf::kPfW) ? 'W' : '-',
                   (flags & elf::kPfX) ? 'X' : '-', '\0'}};
}

}  // namespace

Result<ElfImage> ElfImage::Parse(rstd::Bytes file, Diagnostic& diag) {
  ElfImage image;
  image.file_ = file;

  if (file.size() < sizeof(elf::Header)) {
    return diag.Fail(Status::kCorrupt, "file is {} bytes, too small for an ELF header",
                     file.size());
  }
  auto header = ReadAt<elf::Header>(file, 0);
  for (int i = 0; i < 4; ++i) {
    if (header.e_ident[i] != elf::kMagic[i]) {
      return diag.Fail(Status::kCorrupt, "not an ELF file (bad magic)");
    }
  }
  if (header.e_ident[elf::kIdentClass] != elf::kClass64) {
    return diag.Fail(Status::kCorrupt, "not a 64-bit ELF file (class {})",
                     header.e_ident[elf::kIdentClass]);
  }
  if (header.e_ident[elf::kIdentData] != elf::kData2Lsb) {
    return diag.Fail(Status::kCorrupt, "not a little-endian ELF file (data encoding {})",
                     header.e_ident[elf::kIdentData]);
  }
  if (header.e_ident[elf::kIdentVersion] != elf::kVersionCurrent ||
      header.e_version != elf::kVersionCurrent) {
    return diag.Fail(Status::kCorrupt, "unknown ELF version {}", header.e_version);
  }
  if (header.e_machine != elf::kMachineX86_64) {
    return diag.Fail(Status::kCorrupt, "ELF machine is {}, not x86-64 (62)", header.e_machine);
  }
  if (header.e_type != elf::kTypeDyn) {
    return diag.Fail(Status::kCorrupt,
                     "ELF type is {}, not ET_DYN (3): the kernel must be linked as a static PIE",
                     header.e_type);
  }
  if (header.e_ehsize != sizeof(elf::Header)) {
    return diag.Fail(Status::kCorrupt, "ELF header size is {}, expected {}", header.e_ehsize,
                     sizeof(elf::Header));
  }
  if (header.e_phentsize != sizeof(elf::ProgramHeader)) {
    return diag.Fail(Status::kCorrupt, "program header size is {}, expected {}", header.e_phentsize,
                     sizeof(elf::ProgramHeader));
  }
  if (header.e_phnum == 0 || header.e_phnum > kMaxProgramHeaders) {
    return diag.Fail(Status::kCorrupt, "{} program headers (expected 1..{})", header.e_phnum,
                     kMaxProgramHeaders);
  }
  uint64_t table_size = uint64_t{header.e_phnum} * sizeof(elf::ProgramHeader);
  if (!rstd::RangeContains(0, file.size(), header.e_phoff, table_size)) {
    return diag.Fail(Status::kCorrupt,
                     "program header table ({:#x} + {:#x}) lies beyond the end of the file "
                     "({} bytes)",
                     header.e_phoff, table_size, file.size());
  }

  bool have_dynamic = false;
  uint64_t dynamic_offset = 0;
  uint64_t dynamic_size = 0;
  for (uint32_t i = 0; i < header.e_phnum; ++i) {
    auto ph = ReadAt<elf::ProgramHeader>(file, header.e_phoff + i * sizeof(elf::ProgramHeader));
    switch (ph.p_type) {
      case elf::kPtLoad:
        RAEEN_TRY(image.AddSegment(i, ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags,
                                   diag));
        break;
      case elf::kPtDynamic:
        if (have_dynamic) return diag.Fail(Status::kCorrupt, "more than one PT_DYNAMIC");
        if (!rstd::RangeContains(0, file.size(), ph.p_offset, ph.p_filesz)) {
          return diag.Fail(Status::kCorrupt,
                           "PT_DYNAMIC (header {}) lies beyond the end of the "
                           "file",
                           i);
        }
        have_dynamic = true;
        dynamic_offset = ph.p_offset;
        dynamic_size = ph.p_filesz;
        break;
      case elf::kPtInterp:
        return diag.Fail(Status::kUnsupported,
                         "PT_INTERP (header {}): the kernel must not need a dynamic linker", i);
      case elf::kPtTls:
        return diag.Fail(Status::kUnsupported,
                         "PT_TLS (header {}): thread-local storage is not supported", i);
      default:
        // PT_NOTE, PT_PHDR, PT_GNU_STACK, PT_GNU_RELRO, ...: nothing to load.
        break;
    }
  }
  if (image.segment_count_ == 0) return diag.Fail(Status::kCorrupt, "no PT_LOAD segment");

  const ElfSegment& last = image.segments_[image.segment_count_ - 1];
  image.span_ = rstd::AlignUp(last.vaddr + last.memsz, kPageSize);

  bool entry_ok = false;
  for (const ElfSegment& segment : image.segments()) {
    if (segment.executable && header.e_entry >= segment.vaddr &&
        header.e_entry - segment.vaddr < segment.filesz) {
      entry_ok = true;
    }
  }
  if (!entry_ok) {
    return diag.Fail(Status::kCorrupt, "entry point {:#x} is not inside an executable segment",
                     header.e_entry);
  }
  image.entry_ = header.e_entry;

  if (have_dynamic) RAEEN_TRY(image.ParseDynamic(dynamic_offset, dynamic_size, diag));
  return image;
}

Result<void> ElfImage::AddSegment(uint32_t index, uint64_t offset, uint64_t vaddr, uint64_t filesz,
                                  uint64_t memsz, uint32_t flags, Diagnostic& diag) {
  bool writable = (flags & elf::kPfW) != 0;
  bool executable = (flags & elf::kPfX) != 0;
  if (writable && executable) {
    return diag.Fail(Status::kAccessDenied,
                     "segment {} (vaddr {:#x}, flags {}) is writable and executable; W^X "
                     "forbids it",
                     index, vaddr, Flags(flags).text);
  }
  if (filesz > memsz) {
    return diag.Fail(Status::kCorrupt, "segment {}: file size {:#x} exceeds memory size {:#x}",
                     index, filesz, memsz);
  }
  if (!rstd::RangeContains(0, file_.size(), offset, filesz)) {
    return diag.Fail(Status::kCorrupt,
                     "segment {}: file bytes {:#x} + {:#x} lie beyond the end of the file ({} "
                     "bytes)",
                     index, offset, filesz, file_.size());
  }
  if (!rstd::IsAligned(vaddr, kPageSize)) {
    return diag.Fail(Status::kCorrupt, "segment {}: address {:#x} is not 4 KiB aligned", index,
                     vaddr);
  }
  if (!rstd::RangeContains(0, kMaxSpan, vaddr, memsz)) {
    return diag.Fail(Status::kCorrupt,
                     "segment {}: [{:#x}, +{:#x}) reaches beyond the {} MiB kernel limit", index,
                     vaddr, memsz, kMaxSpan >> 20);
  }
  if (memsz == 0) return {};  // maps nothing
  if (segment_count_ > 0) {
    const ElfSegment& previous = segments_[segment_count_ - 1];
    if (vaddr < previous.vaddr) {
      return diag.Fail(Status::kCorrupt,
                       "segment {} at {:#x} comes after segment {} at {:#x}: PT_LOAD segments "
                       "must be in ascending order",
                       index, vaddr, previous.index, previous.vaddr);
    }
    // Each page gets one set of permissions, so segments may not even share a page.
    uint64_t previous_end = rstd::AlignUp(previous.vaddr + previous.memsz, kPageSize);
    if (vaddr < previous_end) {
      return diag.Fail(Status::kCorrupt,
                       "segment {} [{:#x}, {:#x}) overlaps the pages of segment {} [{:#x}, "
                       "{:#x})",
                       index, vaddr, vaddr + memsz, previous.index, previous.vaddr,
                       previous.vaddr + previous.memsz);
    }
  }
  if (segment_count_ == kMaxSegments) {
    return diag.Fail(Status::kCorrupt, "more than {} PT_LOAD segments", kMaxSegments);
  }
  segments_[segment_count_++] =
      ElfSegment{index, vaddr, memsz, offset, filesz, writable, executable};
  return {};
}

Result<void> ElfImage::ParseDynamic(uint64_t offset, uint64_t size, Diagnostic& diag) {
  bool have_rela = false;
  uint64_t rela = 0;
  uint64_t rela_size = 0;
  uint64_t rela_entry = 0;
  bool terminated = false;
  for (uint64_t at = 0; at + sizeof(elf::Dynamic) <= size; at += sizeof(elf::Dynamic)) {
    auto entry = ReadAt<elf::Dynamic>(file_, offset + at);
    if (entry.d_tag == elf::kDtNull) {
      terminated = true;
      break;
    }
    switch (entry.d_tag) {
      case elf::kDtRela:
        have_rela = true;
        rela = entry.d_val;
        break;
      case elf::kDtRelaSz: rela_size = entry.d_val; break;
      case elf::kDtRelaEnt: rela_entry = entry.d_val; break;
      case elf::kDtRel:
      case elf::kDtRelSz:
        if (entry.d_val != 0 || entry.d_tag == elf::kDtRel) {
          return diag.Fail(Status::kUnsupported,
                           "the kernel uses REL relocations; only RELA is supported");
        }
        break;
      case elf::kDtRelr:
      case elf::kDtRelrSz:
        return diag.Fail(Status::kUnsupported,
                         "the kernel uses packed RELR relocations; link with "
                         "--pack-dyn-relocs=none");
      case elf::kDtJmpRel:
      case elf::kDtPltRelSz:
        if (entry.d_val != 0) {
          return diag.Fail(Status::kUnsupported, "the kernel has PLT relocations");
        }
        break;
      default: break;
    }
  }
  if (!terminated) return diag.Fail(Status::kCorrupt, "PT_DYNAMIC has no DT_NULL terminator");
  if (rela_size == 0) return {};
  if (!have_rela) return diag.Fail(Status::kCorrupt, "DT_RELASZ without DT_RELA");
  if (rela_entry != sizeof(elf::Rela)) {
    return diag.Fail(Status::kCorrupt, "DT_RELAENT is {}, expected {}", rela_entry,
                     sizeof(elf::Rela));
  }
  if (rela_size % sizeof(elf::Rela) != 0) {
    return diag.Fail(Status::kCorrupt, "DT_RELASZ {} is not a multiple of {}", rela_size,
                     sizeof(elf::Rela));
  }
  return CheckRelocations(rela, rela_size, diag);
}

Result<void> ElfImage::CheckRelocations(uint64_t rela_vaddr, uint64_t rela_size, Diagnostic& diag) {
  // The table is read from the file, not from the loaded image, so that applying a relocation
  // can never change a relocation that is still to be applied.
  const ElfSegment* table = SegmentContaining(rela_vaddr, rela_size, true);
  if (table == nullptr) {
    return diag.Fail(Status::kCorrupt,
                     "relocation table [{:#x}, +{:#x}) is not inside the file part of a segment",
                     rela_vaddr, rela_size);
  }
  rela_file_offset_ = table->file_offset + (rela_vaddr - table->vaddr);
  relocation_count_ = rela_size / sizeof(elf::Rela);
  for (size_t i = 0; i < relocation_count_; ++i) {
    auto rela = ReadAt<elf::Rela>(file_, rela_file_offset_ + i * sizeof(elf::Rela));
    uint32_t type = elf::RelaType(rela.r_info);
    if (type == elf::kRX86_64None) continue;
    if (type != elf::kRX86_64Relative) {
      return diag.Fail(Status::kUnsupported,
                       "relocation {} at {:#x} has type {}; only R_X86_64_RELATIVE (8) and "
                       "R_X86_64_NONE (0) are supported",
                       i, rela.r_offset, type);
    }
    if (elf::RelaSymbol(rela.r_info) != 0) {
      return diag.Fail(Status::kCorrupt, "relocation {} at {:#x}: RELATIVE with symbol {}", i,
                       rela.r_offset, elf::RelaSymbol(rela.r_info));
    }
    if (SegmentContaining(rela.r_offset, sizeof(uint64_t), false) == nullptr) {
      return diag.Fail(Status::kCorrupt,
                       "relocation {} writes 8 bytes at {:#x}, outside every segment", i,
                       rela.r_offset);
    }
    ++relative_count_;
  }
  return {};
}

const ElfSegment* ElfImage::SegmentContaining(uint64_t vaddr, uint64_t size, bool file_part) const {
  for (const ElfSegment& segment : segments()) {
    uint64_t length = file_part ? segment.filesz : segment.memsz;
    if (rstd::RangeContains(segment.vaddr, length, vaddr, size)) return &segment;
  }
  return nullptr;
}

namespace {

// One contiguous buffer seen as pages.
class ContiguousPages final : public ElfImagePages {
 public:
  explicit ContiguousPages(uint8_t* base) : base_(base) {}
  uint8_t* Page(uint64_t index) override { return base_ + index * ElfImage::kPageSize; }

 private:
  uint8_t* base_;
};

// Copies `size` bytes to image offset `offset`, page by page.
void CopyToImage(ElfImagePages& pages, uint64_t offset, const uint8_t* from, uint64_t size) {
  while (size != 0) {
    const uint64_t in_page = offset % ElfImage::kPageSize;
    const uint64_t chunk = rstd::Min(size, ElfImage::kPageSize - in_page);
    __builtin_memcpy(pages.Page(offset / ElfImage::kPageSize) + in_page, from, chunk);
    offset += chunk;
    from += chunk;
    size -= chunk;
  }
}

}  // namespace

Result<void> ElfImage::Load(rstd::Span<uint8_t> image, uint64_t load_base) const {
  if (image.size() != span_) return Error(Status::kInvalidArgument);
  ContiguousPages pages(image.data());
  Load(pages, load_base);
  return {};
}

void ElfImage::Load(ElfImagePages& pages, uint64_t load_base) const {
  for (uint64_t index = 0; index < span_ / kPageSize; ++index) {
    __builtin_memset(pages.Page(index), 0, kPageSize);
  }
  for (const ElfSegment& segment : segments()) {
    CopyToImage(pages, segment.vaddr, file_.data() + segment.file_offset, segment.filesz);
  }
  for (size_t i = 0; i < relocation_count_; ++i) {
    auto rela = ReadAt<elf::Rela>(file_, rela_file_offset_ + i * sizeof(elf::Rela));
    if (elf::RelaType(rela.r_info) != elf::kRX86_64Relative) continue;
    // B + A [AMD64 psABI 1.0, table 4.10], wrapping like the 64-bit field it is. A target may
    // straddle two pages: Parse only checked that its 8 bytes lie inside a segment.
    uint64_t value = load_base + static_cast<uint64_t>(rela.r_addend);
    CopyToImage(pages, rela.r_offset, reinterpret_cast<const uint8_t*>(&value), sizeof(value));
  }
}

}  // namespace raeen::boot
