#pragma once
// Rights: what a handle lets its holder do with the object behind it (ARCHITECTURE.md §4).
// Each object type has a fixed set of rights that mean something for it and default rights
// for a new handle. Duplicating or transferring a handle may only keep or drop rights, never
// add any, so a capability can be narrowed on its way to a less trusted process but never
// widened.

#include <stdint.h>

namespace raeen::kernel {

class Rights {
 public:
  enum Bit : uint32_t {
    kDuplicate = 1u << 0,    // make another handle to the same object
    kTransfer = 1u << 1,     // send the handle to another process over a channel
    kRead = 1u << 2,         // read data or messages
    kWrite = 1u << 3,        // write data or messages
    kExecute = 1u << 4,      // map executable (never together with kWrite in one mapping)
    kMap = 1u << 5,          // map into an address space
    kGetProperty = 1u << 6,  // read properties (name, size, statistics)
    kSetProperty = 1u << 7,  // change properties
    kSignal = 1u << 8,       // raise user signals on the object
    kWait = 1u << 9,         // wait on the object's signals, or bind it to a port
    kManage = 1u << 10,      // type-specific control: kill a process, mint a resource, ...
  };
  static constexpr uint32_t kAllBits = (1u << 11) - 1;

  constexpr Rights() = default;
  constexpr Rights(Bit bit) : bits_(bit) {}  // NOLINT: a single right converts implicitly
  static constexpr Rights FromBits(uint32_t bits) { return Rights(bits & kAllBits); }
  static constexpr Rights None() { return Rights(); }

  constexpr uint32_t bits() const { return bits_; }
  constexpr bool Has(Rights required) const { return (bits_ & required.bits_) == required.bits_; }
  // Whether these rights are a subset of `other` (equal counts).
  constexpr bool IsSubsetOf(Rights other) const { return (bits_ & ~other.bits_) == 0; }
  constexpr Rights operator|(Rights other) const { return Rights(bits_ | other.bits_); }
  constexpr Rights operator&(Rights other) const { return Rights(bits_ & other.bits_); }
  constexpr bool operator==(const Rights&) const = default;

 private:
  constexpr explicit Rights(uint32_t bits) : bits_(bits) {}
  uint32_t bits_ = 0;
};

constexpr Rights operator|(Rights::Bit a, Rights::Bit b) { return Rights(a) | Rights(b); }

}  // namespace raeen::kernel
