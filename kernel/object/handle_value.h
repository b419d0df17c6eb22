#pragma once
// A handle value as user space sees it: 32 bits, never 0, always positive as an int32
// (bit 31 clear), so C code can use 0 for "no handle" and negative numbers for errors.
//
//   bits  0..17  slot index + 1 (1 .. 262143)
//   bits 18..30  generation of the slot (13 bits)
//
// A slot's generation advances every time its handle is closed, so a stale value (a handle
// closed and its slot reused) no longer matches and is rejected with kBadHandle instead of
// reaching the new object. The generation wraps after 8192 reuses of one slot; the handle
// table hands out the least recently freed slot first, so a stale value can only come back
// after 8192 close/open cycles of that very slot.

#include <stdint.h>

namespace raeen::kernel {

using HandleValue = uint32_t;
inline constexpr HandleValue kInvalidHandle = 0;

class HandleEncoding {
 public:
  static constexpr uint32_t kIndexBits = 18;
  static constexpr uint32_t kGenerationBits = 13;
  static constexpr uint32_t kMaxSlots = (1u << kIndexBits) - 1;
  static constexpr uint32_t kGenerationMask = (1u << kGenerationBits) - 1;

  static constexpr HandleValue Encode(uint32_t index, uint32_t generation) {
    return ((generation & kGenerationMask) << kIndexBits) | (index + 1);
  }
  // The slot index a value names, or kMaxSlots for a value that names none (0, bit 31 set).
  static constexpr uint32_t IndexOf(HandleValue value) {
    const uint32_t field = value & ((1u << kIndexBits) - 1);
    if (field == 0 || (value >> 31) != 0) return kMaxSlots;
    return field - 1;
  }
  static constexpr uint32_t GenerationOf(HandleValue value) {
    return (value >> kIndexBits) & kGenerationMask;
  }
  static constexpr uint32_t NextGeneration(uint32_t generation) {
    return (generation + 1) & kGenerationMask;
  }
};

}  // namespace raeen::kernel
