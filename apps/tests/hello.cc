// user.hello: the first program. Says hello, shows that its clock, stack and heap work,
// exits 0.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

int main() {
  using raeen::rae::Print;
  int64_t start = 0;
  if (raeen::sys::ClockMonotonic(&start) != raeen::Status::kOk) return 1;
  Print("hello from user space");
  // The stack is ours: a deliberately large frame is fine (the stack is 256 KiB).
  volatile char scratch[16 * 1024];
  for (size_t i = 0; i < sizeof(scratch); ++i) scratch[i] = static_cast<char>(i);
  int64_t end = 0;
  if (raeen::sys::ClockMonotonic(&end) != raeen::Status::kOk || end < start) return 2;
  Print("hello: clock advanced {} ns, stack at {:#x}", end - start,
        reinterpret_cast<uint64_t>(&scratch[0]));
  // The heap: operator new takes the process heap malloc uses (libs/rae/heap.cc).
  auto* squares = new uint64_t[4096];
  uint64_t sum = 0;
  for (uint64_t i = 0; i < 4096; ++i) squares[i] = i * i;
  for (uint64_t i = 0; i < 4096; ++i) sum += squares[i];
  delete[] squares;
  Print("hello: new and delete of 32 KiB: sum {}", sum);
  // A bad pointer is an error status, not a crash: the kernel checks every user address.
  const raeen::Status status =
      raeen::sys::DebugWrite(reinterpret_cast<const void*>(0xffff800000000000), 8);
  Print("hello: debug_write of a kernel address: {}", raeen::StatusName(status));
  return 0;
}
