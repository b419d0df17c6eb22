#include "kernel/mm/user_copy.h"

#include "kernel/arch/x86_64/user_access.h"

namespace raeen::kernel {

Result<void> CopyFromUser(void* dst, uint64_t user_src, size_t size) {
  if (Status range = CheckUserRange(user_src, size); range != Status::kOk) return Error(range);
  if (size == 0) return {};
  uint64_t left = arch::raeen_user_copy(dst, reinterpret_cast<const void*>(user_src), size,
                                        arch::UserAccessUsesStac());
  if (left != 0) return Error(Status::kOutOfRange);
  return {};
}

Result<void> CopyToUser(uint64_t user_dst, const void* src, size_t size) {
  if (Status range = CheckUserRange(user_dst, size); range != Status::kOk) return Error(range);
  if (size == 0) return {};
  uint64_t left = arch::raeen_user_copy(reinterpret_cast<void*>(user_dst), src, size,
                                        arch::UserAccessUsesStac());
  if (left != 0) return Error(Status::kOutOfRange);
  return {};
}

Result<size_t> CopyStringFromUser(char* dst, size_t capacity, uint64_t user_src) {
  if (capacity == 0) return Error(Status::kInvalidArgument);
  uint64_t limit = UserStringScanLimit(user_src, capacity);
  if (limit == 0) return Error(Status::kInvalidArgument);
  uint64_t copied = arch::raeen_user_copy_string(dst, reinterpret_cast<const char*>(user_src),
                                                 limit, arch::UserAccessUsesStac());
  if (copied == UINT64_MAX) return Error(Status::kOutOfRange);
  if (copied == 0) {
    // No NUL: either the destination is full or the string reaches the end of user space.
    return Error(limit < capacity ? Status::kInvalidArgument : Status::kBufferTooSmall);
  }
  return static_cast<size_t>(copied - 1);
}

}  // namespace raeen::kernel
