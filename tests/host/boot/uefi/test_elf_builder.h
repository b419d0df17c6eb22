#pragma once
// TestElfBuilder: builds small ELF-64 files in memory for the ElfImage tests, shaped like the
// RaeCore kernel (ET_DYN linked at 0, PT_LOAD segments, relocations in a read-only segment
// described by PT_DYNAMIC). Tests corrupt the bytes afterwards with Poke().

#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "libs/elf/elf_format.h"

namespace raeen::boot {

class TestElfBuilder {
 public:
  static constexpr uint64_t kPage = 4096;

  // A PT_LOAD segment with `data` as its file bytes and `memsz` bytes in memory.
  TestElfBuilder& AddSegment(uint64_t vaddr, std::vector<uint8_t> data, uint64_t memsz,
                             uint32_t flags) {
    segments_.push_back(Segment{vaddr, std::move(data), memsz, flags});
    return *this;
  }

  TestElfBuilder& AddRelocation(uint64_t offset, uint32_t type, int64_t addend,
                                uint32_t symbol = 0) {
    relocations_.push_back(elf::Rela{offset, (static_cast<uint64_t>(symbol) << 32) | type, addend});
    return *this;
  }

  TestElfBuilder& SetEntry(uint64_t entry) {
    entry_ = entry;
    return *this;
  }

  // Extra dynamic entries, placed after the DT_RELA/DT_RELASZ/DT_RELAENT entries the builder
  // writes itself (so a later DT_RELAENT overrides the builder's) and before DT_NULL.
  TestElfBuilder& AddDynamic(int64_t tag, uint64_t value) {
    extra_dynamic_.push_back(elf::Dynamic{tag, value});
    return *this;
  }

  // When relocations exist, the builder adds one more R-- segment after the others holding the
  // relocation table followed by the dynamic array. Its address:
  uint64_t dynamic_segment_vaddr() const {
    uint64_t end = 0;
    for (const Segment& s : segments_) end = std::max(end, s.vaddr + s.memsz);
    return (end + kPage - 1) / kPage * kPage;
  }

  std::vector<uint8_t> Build() const {
    std::vector<Segment> segments = segments_;
    bool dynamic = !relocations_.empty() || !extra_dynamic_.empty();
    uint64_t rela_vaddr = 0;
    uint64_t dynamic_vaddr = 0;
    size_t dynamic_bytes = 0;
    if (dynamic) {
      std::vector<uint8_t> data;
      rela_vaddr = dynamic_segment_vaddr();
      Append(data, relocations_.data(), relocations_.size() * sizeof(elf::Rela));
      dynamic_vaddr = rela_vaddr + data.size();
      std::vector<elf::Dynamic> entries;
      if (!relocations_.empty()) {
        entries.push_back({elf::kDtRela, rela_vaddr});
        entries.push_back({elf::kDtRelaSz, relocations_.size() * sizeof(elf::Rela)});
        entries.push_back({elf::kDtRelaEnt, sizeof(elf::Rela)});
      }
      entries.insert(entries.end(), extra_dynamic_.begin(), extra_dynamic_.end());
      entries.push_back({elf::kDtNull, 0});
      dynamic_bytes = entries.size() * sizeof(elf::Dynamic);
      Append(data, entries.data(), dynamic_bytes);
      uint64_t size = data.size();
      segments.push_back(Segment{rela_vaddr, std::move(data), size, elf::kPfR});
    }

    size_t phnum = segments.size() + (dynamic ? 1 : 0);
    uint64_t offset =
        (sizeof(elf::Header) + phnum * sizeof(elf::ProgramHeader) + kPage - 1) / kPage * kPage;
    std::vector<elf::ProgramHeader> headers;
    std::vector<uint64_t> offsets;
    for (const Segment& s : segments) {
      offsets.push_back(offset);
      headers.push_back(elf::ProgramHeader{elf::kPtLoad, s.flags, offset, s.vaddr, s.vaddr,
                                           s.data.size(), s.memsz, kPage});
      offset += (s.data.size() + kPage - 1) / kPage * kPage;
    }
    if (dynamic) {
      uint64_t dynamic_offset = offsets.back() + (dynamic_vaddr - rela_vaddr);
      headers.push_back(elf::ProgramHeader{elf::kPtDynamic, elf::kPfR, dynamic_offset,
                                           dynamic_vaddr, dynamic_vaddr, dynamic_bytes,
                                           dynamic_bytes, 8});
    }

    elf::Header header = {};
    memcpy(header.e_ident, elf::kMagic, 4);
    header.e_ident[elf::kIdentClass] = elf::kClass64;
    header.e_ident[elf::kIdentData] = elf::kData2Lsb;
    header.e_ident[elf::kIdentVersion] = elf::kVersionCurrent;
    header.e_type = elf::kTypeDyn;
    header.e_machine = elf::kMachineX86_64;
    header.e_version = elf::kVersionCurrent;
    header.e_entry = entry_;
    header.e_phoff = sizeof(elf::Header);
    header.e_ehsize = sizeof(elf::Header);
    header.e_phentsize = sizeof(elf::ProgramHeader);
    header.e_phnum = static_cast<uint16_t>(headers.size());

    std::vector<uint8_t> file(offset, 0);
    memcpy(file.data(), &header, sizeof(header));
    memcpy(file.data() + sizeof(header), headers.data(),
           headers.size() * sizeof(elf::ProgramHeader));
    for (size_t i = 0; i < segments.size(); ++i) {
      if (!segments[i].data.empty()) {
        memcpy(file.data() + offsets[i], segments[i].data.data(), segments[i].data.size());
      }
    }
    return file;
  }

  static constexpr uint64_t ProgramHeaderOffset(size_t index) {
    return sizeof(elf::Header) + index * sizeof(elf::ProgramHeader);
  }

 private:
  struct Segment {
    uint64_t vaddr;
    std::vector<uint8_t> data;
    uint64_t memsz;
    uint32_t flags;
  };

  static void Append(std::vector<uint8_t>& out, const void* data, size_t size) {
    const auto* bytes = static_cast<const uint8_t*>(data);
    out.insert(out.end(), bytes, bytes + size);
  }

  std::vector<Segment> segments_;
  std::vector<elf::Rela> relocations_;
  std::vector<elf::Dynamic> extra_dynamic_;
  uint64_t entry_ = 0;
};

// Overwrites a T at `offset` of `bytes` (which must be large enough).
template <typename T>
void Poke(std::vector<uint8_t>& bytes, uint64_t offset, T value) {
  memcpy(bytes.data() + offset, &value, sizeof(T));
}

template <typename T>
T Peek(const std::vector<uint8_t>& bytes, uint64_t offset) {
  T value;
  memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

}  // namespace raeen::boot
