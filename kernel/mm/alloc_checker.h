#pragma once
// `new (checker) T(...)`: allocation that can fail, without exceptions. After Zircon's
// fbl::AllocChecker.
//
//   AllocChecker checker;
//   auto* channel = new (checker) Channel(...);
//   if (!checker.Check()) return Error(Status::kNoMemory);
//
// The operator new overloads declared below never throw: on exhaustion they return nullptr
// (the constructor then does not run) and arm the checker with the failure. Destroying an armed
// checker (Check() never called) or arming it twice is a bug that stops the kernel (Panic; a
// trap on the host), so an unchecked allocation is found the first time the code runs, not the
// first time memory runs out. The check is on in every build: it costs a byte and a compare.
//
// Wiring (kernel code that owns the global KernelHeap; kernel_heap.h has AllocateChecked):
//
//   void* operator new(size_t size, raeen::kernel::AllocChecker& checker) noexcept {
//     return AllocateChecked(Heap(), size, KernelHeap::kDefaultAlignment, checker);
//   }
//   void* operator new(size_t size, std::align_val_t alignment,
//                      raeen::kernel::AllocChecker& checker) noexcept {
//     return AllocateChecked(Heap(), size, static_cast<size_t>(alignment), checker);
//   }
//   (and the same two for operator new[])
//   void operator delete(void* p) noexcept { if (!Heap().Free(p).ok()) Panic(...); }
//   plus operator delete(void*, size_t), (void*, std::align_val_t),
//   (void*, size_t, std::align_val_t) and the four operator delete[] forms, all the same way:
//   KernelHeap::Free needs neither the size nor the alignment.
//
// The align_val_t forms matter: for a type with alignas(N > 16) the compiler calls them, and
// would silently fall back to the unaligned form if they were missing.

#include <stddef.h>

#if defined(RAEEN_FREESTANDING)
#include "kernel/debug/panic.h"
#endif

// std::align_val_t without <new> (not available to every RaeenOS target): an opaque
// redeclaration, compatible with <new>'s definition where both are seen.
namespace std {
enum class align_val_t : size_t;
}  // namespace std

namespace raeen::kernel {

class AllocChecker {
 public:
  AllocChecker() = default;
  ~AllocChecker() {
    if (armed_) Misused("AllocChecker destroyed without Check()");
  }
  AllocChecker(const AllocChecker&) = delete;
  AllocChecker& operator=(const AllocChecker&) = delete;

  // Called by the operator new overloads with the allocation's outcome.
  void Arm(bool succeeded) {
    if (armed_) Misused("AllocChecker armed twice without Check()");
    armed_ = true;
    succeeded_ = succeeded;
  }

  // True when the allocation succeeded. Disarms the checker.
  [[nodiscard]] bool Check() {
    armed_ = false;
    return succeeded_;
  }

 private:
  [[noreturn]] static void Misused([[maybe_unused]] const char* what) {
#if defined(RAEEN_FREESTANDING)
    PanicMessage(what);
#else
    __builtin_trap();
#endif
  }

  bool armed_ = false;
  bool succeeded_ = false;
};

}  // namespace raeen::kernel

// Defined by the kernel (see above) and by host tests against a heap of their own.
void* operator new(size_t size, raeen::kernel::AllocChecker& checker) noexcept;
void* operator new[](size_t size, raeen::kernel::AllocChecker& checker) noexcept;
void* operator new(size_t size, std::align_val_t alignment,
                   raeen::kernel::AllocChecker& checker) noexcept;
void* operator new[](size_t size, std::align_val_t alignment,
                     raeen::kernel::AllocChecker& checker) noexcept;
