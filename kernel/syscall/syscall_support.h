#pragma once
// What every syscall implementation uses (kernel/syscall/sys_*.cc): the calling process, typed
// and rights-checked handle lookups in the fixed order (bad handle, wrong type, access
// denied), handle creation that undoes itself when the value cannot be written back, and user
// copies that report a bad pointer as kInvalidArgument, as the contracts say.

#include <stddef.h>
#include <stdint.h>

#include "kernel/object/handle_table.h"
#include "kernel/mm/user_copy.h"
#include "kernel/object/kernel_object.h"
#include "kernel/process/process.h"
#include "kernel/syscall/user_pointer.h"
#include "kernel/time/monotonic_clock.h"
#include "libs/rstd/result.h"

// RAEEN_TRY for functions that return a bare Status (the syscall implementations):
//   RAEEN_TRY_STATUS(RefPtr<Port> port, LookUp<Port>(...));
#define RAEEN_TRY_STATUS_IMPL(decl, expr, tmp)      \
  auto&& tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();               \
  decl = ::raeen::rstd::Move(tmp).value()
#define RAEEN_TRY_STATUS(decl, expr) \
  RAEEN_TRY_STATUS_IMPL(decl, expr, RAEEN_CONCAT(raeen_try_status_, __LINE__))

namespace raeen::kernel::sys {

// The calling process; syscalls run only in user threads.
inline Process& Caller() { return *Process::Current(); }

// The object behind `handle` in the caller's table as a T.
template <typename T>
Result<RefPtr<T>> LookUp(HandleValue handle, ObjectType type, Rights rights) {
  RAEEN_TRY(HandleEntry entry, Caller().WithHandles([&](HandleTable& table) {
    return table.Get(handle, type, rights);
  }));
  return RefPtr<T>::Adopt(static_cast<T*>(entry.object.Leak()));
}

// The object behind `handle`, of any type. Errors: kBadHandle, kAccessDenied.
Result<HandleEntry> LookUpAny(HandleValue handle, Rights rights);

// Adds a handle to the caller's table and writes its value to `out`; if the write fails the
// handle is closed again. Errors: kQuotaExceeded, kInvalidArgument (bad `out`).
Status PublishHandle(RefPtr<KernelObject> object, Rights rights, UserOut<HandleValue> out);

// User copies for syscalls: any bad user range is kInvalidArgument.
Status CopyIn(void* to, uint64_t user_from, size_t size);
Status CopyOut(uint64_t user_to, const void* from, size_t size);

template <typename T>
Status CopyIn(T* to, UserIn<T> from) {
  return CopyIn(to, from.address, sizeof(T));
}
template <typename T>
Status CopyOut(UserOut<T> to, const T& value) {
  return CopyOut(to.address, &value, sizeof(T));
}

// A syscall deadline (i64 ns) as a monotonic deadline: INT64_MAX waits forever, anything in
// the past returns at once.
uint64_t Deadline(int64_t deadline_ns);

// Whether the calling thread is to end (its process is ending, or the thread was killed):
// blocking syscalls stop waiting then, and the thread ends on its way back to ring 3.
bool CallerIsEnding();

// How often a blocked syscall looks whether its thread is to end.
inline constexpr uint64_t kKillCheckNs = 50'000'000;

// Runs wait(slice_deadline) in slices of at most kKillCheckNs until it returns anything but
// kTimedOut before `deadline`, `deadline` passes, or the caller is ending. Returns wait's
// last result.
template <typename Wait>
auto KillableWait(uint64_t deadline, Wait&& wait) -> decltype(wait(deadline)) {
  for (;;) {
    const uint64_t now = MonotonicNanoseconds();
    const uint64_t slice =
        deadline - now > kKillCheckNs && deadline > now ? now + kKillCheckNs : deadline;
    auto result = wait(slice);
    if (result.status() != Status::kTimedOut || slice == deadline || CallerIsEnding()) {
      return result;
    }
  }
}

// Objects with signals (the ones object_wait_one and ports can wait for).
SignalingObject* AsSignaling(KernelObject& object);

}  // namespace raeen::kernel::sys
