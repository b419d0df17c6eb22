#pragma once
// Copies between kernel memory and user memory. These are the only way kernel code may touch
// user memory: never dereference a user address directly. They
//   1. check the user range first (CheckUserRange below: entirely in the lower half, no
//      wrap-around), so a syscall can never make the kernel read or write kernel memory;
//   2. open the SMAP window (stac) only around the copy itself and close it (clac) right after,
//      so everywhere else a stray kernel access to a user page faults [Intel SDM vol. 3A,
//      4.6.1]; on a CPU without SMAP stac/clac do not exist (#UD) and are not executed;
//   3. turn a fault on the user side (an unmapped user page, a write to a read-only one) into an
//      error instead of a panic, through the exception-fixup table of
//      kernel/arch/x86_64/user_access.h. A fault on the kernel side of a copy (a bad kernel
//      buffer) is a kernel bug and still panics.
//
// Contracts for every call:
//   - The kernel buffer is valid kernel memory for the whole length.
//   - No spinlock is held: a later pager may sleep on a user fault (STYLE.md, Locking).
//   - On error, the destination's contents are unspecified: a copy that faults part-way has
//     copied the bytes before the faulting page.
//
// Statuses:
//   kInvalidArgument  the user range is not entirely below kLowerHalfEnd (a kernel or
//                     non-canonical address, or a range that crosses the boundary or wraps);
//                     nothing was read or written.
//   kOutOfRange       some page of the user range is not mapped, or not accessible in the way
//                     asked (CopyToUser onto a read-only user page): the range falls outside
//                     the memory user space may access there.
//   kBufferTooSmall   (CopyStringFromUser) no NUL within the destination's capacity.
//
// The range checks are constexpr and tested on the host (tests/host/kernel/mm/user_copy).

#include <stddef.h>
#include <stdint.h>

#include "kernel/mm/page_flags.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// kOk when [address, address + size) lies entirely in the lower half (user space), else
// kInvalidArgument. An empty range is fine at any lower-half address (it touches nothing) but
// not at a kernel or non-canonical one: such an address is never a valid user pointer.
constexpr Status CheckUserRange(uint64_t address, uint64_t size) {
  if (address >= kLowerHalfEnd) return Status::kInvalidArgument;
  // address < kLowerHalfEnd, so the subtraction cannot wrap, and size <= the room left means
  // address + size <= kLowerHalfEnd without computing a sum that could overflow.
  if (size > kLowerHalfEnd - address) return Status::kInvalidArgument;
  return Status::kOk;
}

// How many bytes a NUL-terminated user string starting at `address` may be scanned for when
// the destination holds `capacity` bytes: the capacity, cut short at the end of the lower half.
// 0 for an address outside it.
constexpr uint64_t UserStringScanLimit(uint64_t address, uint64_t capacity) {
  if (address >= kLowerHalfEnd) return 0;
  uint64_t room = kLowerHalfEnd - address;
  return capacity < room ? capacity : room;
}

// Copies `size` bytes from user memory at `user_src` to `dst`.
Result<void> CopyFromUser(void* dst, uint64_t user_src, size_t size);

// Copies `size` bytes from `src` to user memory at `user_dst`.
Result<void> CopyToUser(uint64_t user_dst, const void* src, size_t size);

// Copies a NUL-terminated string from user memory into `dst` (capacity bytes, NUL included) and
// returns its length without the NUL. Reads stop at the NUL, so the bytes after it are never
// touched. Errors: kInvalidArgument (capacity 0, `user_src` outside the lower half, or the
// string runs into the end of the lower half), kOutOfRange (a fault before the NUL),
// kBufferTooSmall (no NUL in the first `capacity` bytes).
Result<size_t> CopyStringFromUser(char* dst, size_t capacity, uint64_t user_src);

}  // namespace raeen::kernel
