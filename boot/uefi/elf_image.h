#pragma once
// ElfImage: validates and loads the RaeCore kernel, a static position-independent executable
// (ET_DYN) linked at address 0 (kernel/kernel.ld, docs/adr/0002).
//
// The kernel file is untrusted input. Parse() checks everything before anything is copied:
// the identification and header sizes, the program header table bounds, each PT_LOAD segment
// (file bytes inside the file, filesz <= memsz, 4 KiB aligned address, ascending order, no two
// segments sharing a page, everything below kMaxSpan), W^X (a segment that is both writable and
// executable is refused), the entry point (inside the file part of an executable segment), and
// the dynamic relocations (RELA only, entries of 24 bytes, every entry R_X86_64_RELATIVE or
// R_X86_64_NONE, every target 8 bytes inside a segment). Load() then cannot fail: it copies,
// zeroes and relocates.

#include <stddef.h>
#include <stdint.h>

#include "boot/uefi/diagnostic.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::boot {

struct ElfSegment {
  uint32_t index;  // of the program header, for messages
  uint64_t vaddr;  // 4 KiB aligned
  uint64_t memsz;
  uint64_t file_offset;
  uint64_t filesz;
  bool writable;
  bool executable;
};

// Where ElfImage::Load writes an image that is not one contiguous buffer (a user process's
// pages): the 4 KiB page at image offset `index * kPageSize`, writable by the caller.
class ElfImagePages {
 public:
  virtual uint8_t* Page(uint64_t index) = 0;

 protected:
  ~ElfImagePages() = default;
};

class ElfImage {
 public:
  static constexpr uint64_t kMaxSpan = 64ull << 20;
  static constexpr size_t kMaxSegments = 8;
  static constexpr size_t kMaxProgramHeaders = 64;
  static constexpr uint64_t kPageSize = 4096;

  // `file` must stay valid (and unchanged) for as long as the ElfImage is used. Errors:
  // kCorrupt for malformed input, kUnsupported for valid ELF features rae-boot does not handle
  // (PT_INTERP, PT_TLS, REL/RELR/PLT relocations, other relocation types), kAccessDenied for a
  // writable and executable segment. `diag` says which check failed and where.
  static Result<ElfImage> Parse(rstd::Bytes file, Diagnostic& diag);

  // The non-empty PT_LOAD segments in ascending address order.
  rstd::Span<const ElfSegment> segments() const {
    return rstd::Span<const ElfSegment>(segments_, segment_count_);
  }
  // Bytes from address 0 to the end of the last segment, rounded up to 4 KiB.
  uint64_t span() const { return span_; }
  uint64_t entry() const { return entry_; }
  size_t relocation_count() const { return relocation_count_; }
  size_t relative_relocation_count() const { return relative_count_; }

  // Copies the segments into `image`, which represents [0, span()) and must be exactly span()
  // bytes; zeroes everything else (bss and gaps); applies every relocation for a kernel that
  // will run at virtual address `load_base` (value = load_base + addend, written at image
  // offset r_offset). kInvalidArgument if `image` has the wrong size; nothing else can fail.
  Result<void> Load(rstd::Span<uint8_t> image, uint64_t load_base) const;
  // The same into span() / kPageSize pages that `pages` provides; cannot fail.
  void Load(ElfImagePages& pages, uint64_t load_base) const;

 private:
  ElfImage() = default;

  Result<void> AddSegment(uint32_t index, uint64_t offset, uint64_t vaddr, uint64_t filesz,
                          uint64_t memsz, uint32_t flags, Diagnostic& diag);
  Result<void> ParseDynamic(uint64_t offset, uint64_t size, Diagnostic& diag);
  Result<void> CheckRelocations(uint64_t rela_vaddr, uint64_t rela_size, Diagnostic& diag);
  const ElfSegment* SegmentContaining(uint64_t vaddr, uint64_t size, bool file_part) const;

  rstd::Bytes file_;
  ElfSegment segments_[kMaxSegments] = {};
  size_t segment_count_ = 0;
  uint64_t span_ = 0;
  uint64_t entry_ = 0;
  uint64_t rela_file_offset_ = 0;
  size_t relocation_count_ = 0;
  size_t relative_count_ = 0;
};

}  // namespace raeen::boot
