#pragma once
// Quota: one per-process limit (bytes of memory, threads, ...), charged before the resource
// is taken and released when it is given back (issue 5, "Limits"). A charge that would pass
// the limit is refused with kQuotaExceeded and charges nothing, so exceeding a limit is an
// ordinary error for the process, never a panic and never a partial allocation.
//
// Lock-free (one compare-and-swap loop): threads of one process charge concurrently from any
// CPU without a lock. Handles need no Quota: a process's handle table has exactly its quota
// of slots (kernel/object/handle_table.h).

#include <stdint.h>

#include "libs/rstd/result.h"

namespace raeen::kernel {

class Quota {
 public:
  constexpr explicit Quota(uint64_t limit) : limit_(limit) {}
  Quota(const Quota&) = delete;
  Quota& operator=(const Quota&) = delete;

  // Errors: kQuotaExceeded (nothing charged).
  Result<void> Charge(uint64_t amount) {
    uint64_t used = __atomic_load_n(&used_, __ATOMIC_RELAXED);
    do {
      if (amount > limit_ - used) return Error(Status::kQuotaExceeded);
    } while (!__atomic_compare_exchange_n(&used_, &used, used + amount, true, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    return {};
  }
  // Gives back what Charge took and returns what is still charged right after this release
  // (so exactly one of several racing releases sees 0). Releasing more than is charged is a
  // kernel bug and saturates at zero instead of wrapping.
  uint64_t Release(uint64_t amount) {
    uint64_t used = __atomic_load_n(&used_, __ATOMIC_RELAXED);
    uint64_t left = 0;
    do {
      left = used > amount ? used - amount : 0;
    } while (!__atomic_compare_exchange_n(&used_, &used, left, true, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    return left;
  }

  uint64_t used() const { return __atomic_load_n(&used_, __ATOMIC_RELAXED); }
  uint64_t limit() const { return limit_; }

 private:
  uint64_t limit_;
  uint64_t used_ = 0;  // invariant: used_ <= limit_
};

}  // namespace raeen::kernel
