#include "libs/rae/thread.h"

#include "libs/rae/runtime.h"

extern "C" [[noreturn]] void RaeThreadStart(uint64_t argument);

namespace raeen::rae {
namespace {

// What a new thread finds at the top of its stack: the entry and argument (thread_create
// passes one value, the stack top, in rdi).
struct ThreadBoot {
  ThreadEntry entry;
  uint64_t argument;
};

}  // namespace

Result<sys::Handle> StartThread(ThreadEntry entry, uint64_t argument, uint64_t stack_size) {
  sys::Handle stack = 0;
  if (Status created = sys::MemoryCreate(stack_size, 0, &stack); created != Status::kOk) {
    return Error(created);
  }
  uint64_t base = 0;
  const Status mapped = sys::VmMap(SelfAddressSpace(), stack, 0, stack_size,
                                   sys::VmPerms::kRead | sys::VmPerms::kWrite, &base);
  (void)sys::HandleClose(stack);  // the mapping keeps it
  if (mapped != Status::kOk) return Error(mapped);
  // The boot record sits at the top. Below it the stack starts as if RaeThreadStart had been
  // called (rsp = 8 mod 16 at a function's entry, SysV ABI 3.2.2).
  const uint64_t top = base + stack_size - 16;
  *reinterpret_cast<ThreadBoot*>(top) = ThreadBoot{entry, argument};
  const sys::ThreadStart start{reinterpret_cast<uint64_t>(&RaeThreadStart), top - 8, top};
  sys::Handle thread = 0;
  const Status started = sys::ThreadCreate(SelfProcess(), "thread", 6, &start, &thread);
  if (started != Status::kOk) {
    (void)sys::VmUnmap(SelfAddressSpace(), base, stack_size);
    return Error(started);
  }
  return thread;
}

}  // namespace raeen::rae

// The first code of every thread but the first: rdi is the address of its ThreadBoot.
extern "C" [[noreturn]] void RaeThreadStart(uint64_t boot_address) {
  const auto boot = *reinterpret_cast<const raeen::rae::ThreadBoot*>(boot_address);
  boot.entry(boot.argument);
  raeen::sys::ThreadExit();
}
