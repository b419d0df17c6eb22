#pragma once
// Resource: the right to touch a range of hardware (ARCHITECTURE.md §4): I/O ports, physical
// addresses (device registers), interrupt lines, CPUs (real-time reservations) or the kernel
// log (reading it, for the log service). The kernel makes one root resource, which
// covers every kind and range, and hands it to the first process; only a holder of a resource
// with kManage can mint narrower ones (resource_create) for drivers, and minted resources do
// not carry kManage, so a driver cannot widen what it was given.

#include <stdint.h>

#include "kernel/object/kernel_object.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

enum class ResourceKind : uint8_t {
  kRoot = 0,  // every kind, every range
  kIoPort = 1,
  kMmio = 2,
  kIrq = 3,
  kCpu = 4,
  kKernelLog = 5,  // the kernel log: one unit, base 0
};

class Resource final : public KernelObject {
 public:
  // kGetProperty: object_get_info(framebuffer) describes the boot framebuffer to a holder.
  static constexpr Rights kValidRights = Rights::kDuplicate | Rights::kTransfer | Rights::kRead |
                                         Rights::kWrite | Rights::kMap | Rights::kGetProperty |
                                         Rights::kManage;
  // What a minted resource's handle gets: everything but kManage.
  static constexpr Rights kMintedRights = Rights::kDuplicate | Rights::kTransfer |
                                          Rights::kRead | Rights::kWrite | Rights::kMap |
                                          Rights::kGetProperty;
  // The extent of each kind: 64 Ki I/O ports, 2^52 bytes of physical addresses, 16 ISA lines,
  // 64 CPUs, the one kernel log.
  static constexpr uint64_t kIoPortLimit = 1ull << 16;
  static constexpr uint64_t kMmioLimit = 1ull << 52;
  static constexpr uint64_t kIrqLimit = 16;
  static constexpr uint64_t kCpuLimit = 64;
  static constexpr uint64_t kKernelLogLimit = 1;

  static Result<RefPtr<Resource>> CreateRoot();
  // A resource for [base, base + size) of `kind` inside this one. Errors: kInvalidArgument
  // (kind kRoot or size 0), kOutOfRange (not inside), kNoMemory.
  Result<RefPtr<Resource>> Mint(ResourceKind kind, uint64_t base, uint64_t size) const;

  // Whether [base, base + size) of `kind` lies inside this resource.
  bool Covers(ResourceKind kind, uint64_t base, uint64_t size) const;

  ResourceKind kind() const { return kind_; }

 private:
  Resource(ResourceKind kind, uint64_t base, uint64_t size);

  ResourceKind kind_;
  uint64_t base_;
  uint64_t size_;
};

}  // namespace raeen::kernel
