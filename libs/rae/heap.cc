// operator new and delete for user programs, on the process heap that malloc uses too
// (libs/c/allocator.h): C and C++ code in one program share one heap. There are no
// exceptions: a failed `new` ends the process with a report (the nothrow forms return null).

#include "libs/rae/heap.h"

#include <stddef.h>

#include "libs/c/allocator.h"
#include "libs/c/platform.h"

namespace {

void* AllocateOrAbort(size_t size) {
  void* block = raeen::libc::Malloc(size);
  if (block == nullptr) RaeenPlatformAbort("operator new: out of memory");
  return block;
}

}  // namespace

void* operator new(size_t size) { return AllocateOrAbort(size); }
void* operator new[](size_t size) { return AllocateOrAbort(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return raeen::libc::Malloc(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return raeen::libc::Malloc(size);
}
void operator delete(void* block) noexcept { raeen::libc::Free(block); }
void operator delete[](void* block) noexcept { raeen::libc::Free(block); }
void operator delete(void* block, size_t) noexcept { raeen::libc::Free(block); }
void operator delete[](void* block, size_t) noexcept { raeen::libc::Free(block); }
