// syscall.badargs: every syscall with invalid and stale handles, wrong types, missing rights,
// bad pointers (kernel addresses, unmapped user memory), huge lengths and out-of-domain
// register values. Each must return the status its contract documents
// (docs/reference/syscalls.md); the program lists every case that did not and exits with
// their count.

#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

int cases = 0;
int failures = 0;

void Expect(const char* what, Status got, Status expected) {
  ++cases;
  if (got == expected) return;
  ++failures;
  Print("badargs: FAIL {}: got {}, expected {}", what, StatusName(got), StatusName(expected));
}

Status Raw(sys::SyscallNumber number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
           uint64_t a3 = 0, uint64_t a4 = 0, uint64_t a5 = 0) {
  return sys::detail::ToStatus(sys::detail::Syscall(number, a0, a1, a2, a3, a4, a5));
}

// A kernel address, an unmapped user address, and sizes nobody can have.
auto* const kKernel = reinterpret_cast<void*>(0xffff800000000000);
auto* const kUnmapped = reinterpret_cast<void*>(0x10000);
constexpr uint64_t kHuge = 1ull << 40;
constexpr uint64_t kHigh = 1ull << 32;  // bits a 32-bit argument may not have

uint8_t buffer[8192];

}  // namespace

int main() {
  using S = Status;
  // The fixtures: a channel, a memory object and narrowed handles to it, a port, a timer, a
  // stale handle (closed, its value no longer names anything) and this address space.
  sys::Handle ch0 = 0, ch1 = 0, mem = 0, mem_ro = 0, port = 0, timer = 0, stale = 0;
  if (sys::ChannelCreate(&ch0, &ch1) != S::kOk || sys::MemoryCreate(4096, 0, &mem) != S::kOk ||
      sys::HandleDuplicate(mem, sys::HandleRights::kRead | sys::HandleRights::kGetProperty,
                           &mem_ro) != S::kOk ||
      sys::PortCreate(&port) != S::kOk || sys::TimerCreate(&timer) != S::kOk ||
      sys::MemoryCreate(4096, 0, &stale) != S::kOk || sys::HandleClose(stale) != S::kOk) {
    Print("badargs: fixtures failed");
    return 100;
  }
  const sys::Handle self = raeen::rae::SelfAddressSpace();
  sys::Handle out = 0;
  uint64_t value = 0;
  uint32_t observed = 0;
  int64_t now = 0;
  sys::MessageSize size{};

  // debug_write, clock_monotonic, thread_sleep
  Expect("debug_write kernel pointer", sys::DebugWrite(kKernel, 8), S::kInvalidArgument);
  Expect("debug_write unmapped", sys::DebugWrite(kUnmapped, 8), S::kInvalidArgument);
  Expect("debug_write too long", sys::DebugWrite(buffer, 5000), S::kOutOfRange);
  Expect("clock_monotonic kernel pointer", sys::ClockMonotonic(static_cast<int64_t*>(kKernel)),
         S::kInvalidArgument);
  Expect("clock_monotonic null", sys::ClockMonotonic(nullptr), S::kInvalidArgument);
  Expect("thread_sleep in the past", sys::ThreadSleep(-1), S::kOk);

  // handle_close, handle_duplicate
  Expect("handle_close 0", sys::HandleClose(0), S::kBadHandle);
  Expect("handle_close stale", sys::HandleClose(stale), S::kBadHandle);
  Expect("handle_close negative", sys::HandleClose(0x80000001u), S::kBadHandle);
  Expect("handle_close high bits", Raw(sys::SyscallNumber::kHandleClose, kHigh | mem),
         S::kInvalidArgument);
  Expect("handle_duplicate stale", sys::HandleDuplicate(stale, 0, &out), S::kBadHandle);
  Expect("handle_duplicate without the right", sys::HandleDuplicate(mem_ro, 0, &out),
         S::kAccessDenied);
  Expect("handle_duplicate wider rights",
         sys::HandleDuplicate(mem, sys::HandleRights::kManage, &out), S::kInvalidArgument);
  Expect("handle_duplicate undefined rights", sys::HandleDuplicate(mem, 1u << 20, &out),
         S::kInvalidArgument);
  Expect("handle_duplicate kernel out",
         sys::HandleDuplicate(mem, sys::HandleRights::kRead, static_cast<sys::Handle*>(kKernel)),
         S::kInvalidArgument);

  // object_wait_one, object_wait_async, object_get_info
  Expect("wait_one stale", sys::ObjectWaitOne(stale, 1, 0, &observed), S::kBadHandle);
  Expect("wait_one without wait right", sys::ObjectWaitOne(mem_ro, 1, 0, &observed),
         S::kAccessDenied);
  Expect("wait_one on a port", sys::ObjectWaitOne(port, 1, 0, &observed), S::kWrongType);
  Expect("wait_one times out",
         sys::ObjectWaitOne(ch0, sys::Signals::kReadable, 0, &observed), S::kTimedOut);
  Expect("wait_one kernel out",
         sys::ObjectWaitOne(ch0, sys::Signals::kWritable, 0, static_cast<uint32_t*>(kKernel)),
         S::kInvalidArgument);
  Expect("wait_one undeclared signals", sys::ObjectWaitOne(ch0, 1u << 30, 0, &observed),
         S::kInvalidArgument);
  Expect("wait_async port stale", sys::ObjectWaitAsync(ch0, stale, 1, 1), S::kBadHandle);
  Expect("wait_async port wrong type", sys::ObjectWaitAsync(ch0, mem, 1, 1), S::kWrongType);
  Expect("get_info undeclared topic",
         Raw(sys::SyscallNumber::kObjectGetInfo, ch0, 99, reinterpret_cast<uint64_t>(buffer), 64,
             reinterpret_cast<uint64_t>(&value)),
         S::kInvalidArgument);
  Expect("get_info process topic on a channel",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kProcessUsage, buffer, 64, &value),
         S::kWrongType);
  Expect("get_info thread topic on a channel",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kThreadStats, buffer, 64, &value),
         S::kWrongType);
  Expect("get_info process state on a channel",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kProcessState, buffer, 64, &value),
         S::kWrongType);
  Expect("get_info system memory on a channel",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kSystemMemory, buffer, 64, &value),
         S::kWrongType);
  Expect("get_info framebuffer on a channel",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kFramebuffer, buffer, 64, &value),
         S::kWrongType);
  Expect("get_info framebuffer on a process",
         sys::ObjectGetInfo(raeen::rae::SelfProcess(), sys::InfoTopic::kFramebuffer, buffer, 64,
                            &value),
         S::kWrongType);
  Expect("get_info process state small buffer",
         sys::ObjectGetInfo(raeen::rae::SelfProcess(), sys::InfoTopic::kProcessState, buffer,
                            8, &value),
         S::kBufferTooSmall);
  Expect("get_info small buffer",
         sys::ObjectGetInfo(ch0, sys::InfoTopic::kHandleBasic, buffer, 4, &value),
         S::kBufferTooSmall);

  // channels
  const sys::Handle self_handle[] = {ch0};
  const sys::Handle twice[] = {mem, mem};
  const sys::Handle stale_list[] = {stale};
  const sys::Handle no_transfer[] = {mem_ro};
  sys::Handle many[65] = {};
  Expect("channel_create kernel out",
         sys::ChannelCreate(static_cast<sys::Handle*>(kKernel), &out), S::kInvalidArgument);
  Expect("channel_write stale", sys::ChannelWrite(stale, buffer, 1, nullptr, 0), S::kBadHandle);
  Expect("channel_write wrong type", sys::ChannelWrite(mem, buffer, 1, nullptr, 0),
         S::kWrongType);
  Expect("channel_write kernel bytes", sys::ChannelWrite(ch0, kKernel, 8, nullptr, 0),
         S::kInvalidArgument);
  Expect("channel_write huge", sys::ChannelWrite(ch0, buffer, kHuge, nullptr, 0),
         S::kOutOfRange);
  Expect("channel_write 65 handles", sys::ChannelWrite(ch0, buffer, 1, many, 65),
         S::kOutOfRange);
  Expect("channel_write itself", sys::ChannelWrite(ch0, buffer, 1, self_handle, 1),
         S::kInvalidArgument);
  Expect("channel_write a handle twice", sys::ChannelWrite(ch0, buffer, 1, twice, 2),
         S::kInvalidArgument);
  Expect("channel_write stale handle", sys::ChannelWrite(ch0, buffer, 1, stale_list, 1),
         S::kBadHandle);
  Expect("channel_write without transfer", sys::ChannelWrite(ch0, buffer, 1, no_transfer, 1),
         S::kAccessDenied);
  Expect("channel_write kernel handle list",
         sys::ChannelWrite(ch0, buffer, 1, static_cast<sys::Handle*>(kKernel), 1),
         S::kInvalidArgument);
  Expect("channel_read empty", sys::ChannelRead(ch1, buffer, 64, nullptr, 0, &size),
         S::kShouldWait);
  Expect("channel_write eight bytes", sys::ChannelWrite(ch0, buffer, 8, nullptr, 0), S::kOk);
  Expect("channel_read too small", sys::ChannelRead(ch1, buffer, 1, nullptr, 0, &size),
         S::kBufferTooSmall);
  Expect("channel_read kernel buffer", sys::ChannelRead(ch1, kKernel, 64, nullptr, 0, &size),
         S::kInvalidArgument);
  Expect("channel_read reads it", sys::ChannelRead(ch1, buffer, 64, nullptr, 0, &size), S::kOk);
  // A full queue refuses a message, and the handles it carried are gone all the same.
  int queued = 0;
  while (queued < 1000 && sys::ChannelWrite(ch0, buffer, 1, nullptr, 0) == S::kOk) ++queued;
  sys::Handle carried = 0;
  (void)sys::MemoryCreate(4096, 0, &carried);
  Expect("channel_write to a full queue", sys::ChannelWrite(ch0, buffer, 1, &carried, 1),
         S::kShouldWait);
  Expect("its handle was closed", sys::HandleClose(carried), S::kBadHandle);
  for (int i = 0; i < queued; ++i) (void)sys::ChannelRead(ch1, buffer, 64, nullptr, 0, &size);
  Expect("channel_call kernel args",
         sys::ChannelCall(ch0, static_cast<sys::ChannelCallArgs*>(kKernel), &size),
         S::kInvalidArgument);

  // memory objects and mappings
  Expect("memory_create 0", sys::MemoryCreate(0, 0, &out), S::kInvalidArgument);
  Expect("memory_create huge", sys::MemoryCreate(kHuge, 0, &out), S::kOutOfRange);
  Expect("memory_create undeclared option", sys::MemoryCreate(4096, 0x80, &out),
         S::kInvalidArgument);
  Expect("memory_create beyond the quota", sys::MemoryCreate(512ull << 20, 0, &out),
         S::kQuotaExceeded);
  Expect("memory_read past the end", sys::MemoryRead(mem, buffer, 10, 4090), S::kOutOfRange);
  Expect("memory_read offset overflow", sys::MemoryRead(mem, buffer, 10, ~0ull - 4),
         S::kOutOfRange);
  Expect("memory_read kernel buffer", sys::MemoryRead(mem, kKernel, 10, 0), S::kInvalidArgument);
  Expect("memory_write without write", sys::MemoryWrite(mem_ro, buffer, 1, 0), S::kAccessDenied);
  Expect("memory_set_size not resizable", sys::MemorySetSize(mem, 8192), S::kBadState);
  Expect("memory_get_size kernel out", sys::MemoryGetSize(mem, static_cast<uint64_t*>(kKernel)),
         S::kInvalidArgument);
  Expect("vm_map unaligned", sys::VmMap(self, mem, 1, 4096, sys::VmPerms::kRead, &value),
         S::kInvalidArgument);
  Expect("vm_map past the end", sys::VmMap(self, mem, 0, 8192, sys::VmPerms::kRead, &value),
         S::kOutOfRange);
  Expect("vm_map write and execute",
         sys::VmMap(self, mem, 0, 4096, sys::VmPerms::kWrite | sys::VmPerms::kExecute, &value),
         S::kInvalidArgument);
  Expect("vm_map execute without the right",
         sys::VmMap(self, mem, 0, 4096, sys::VmPerms::kExecute, &value), S::kAccessDenied);
  Expect("vm_map without map right", sys::VmMap(self, mem_ro, 0, 4096, 1, &value),
         S::kAccessDenied);
  Expect("vm_map wrong address space", sys::VmMap(mem, mem, 0, 4096, 1, &value), S::kWrongType);
  Expect("vm_map undeclared perms", sys::VmMap(self, mem, 0, 4096, 0x100, &value),
         S::kInvalidArgument);
  Expect("vm_unmap unaligned", sys::VmUnmap(self, 0x123, 4096), S::kInvalidArgument);
  Expect("vm_unmap nothing there", sys::VmUnmap(self, 0x10000, 4096), S::kNotFound);
  Expect("vm_unmap kernel range", sys::VmUnmap(self, 0xffff800000000000, 4096), S::kNotFound);
  Expect("vm_protect nothing there", sys::VmProtect(self, 0x10000, 4096, 1), S::kNotFound);

  // ports, timers, resources, interrupts
  sys::PortPacket packet{};
  Expect("port_wait times out", sys::PortWait(port, 0, &packet), S::kTimedOut);
  Expect("port_wait wrong type", sys::PortWait(ch0, 0, &packet), S::kWrongType);
  Expect("timer_set stale", sys::TimerSet(stale, 0), S::kBadHandle);
  Expect("timer_set wrong type", sys::TimerSet(mem, 0), S::kWrongType);
  Expect("timer_cancel", sys::TimerCancel(timer), S::kOk);
  Expect("resource_create wrong type",
         sys::ResourceCreate(mem, sys::ResourceKind::kIrq, 0, 1, &out), S::kWrongType);
  Expect("resource_create undeclared kind",
         Raw(sys::SyscallNumber::kResourceCreate, mem, 7, 0, 1, reinterpret_cast<uint64_t>(&out)),
         S::kInvalidArgument);
  Expect("ioport_enable wrong type", sys::IoportEnable(mem, 0x70, 2), S::kWrongType);
  Expect("ioport_enable stale", sys::IoportEnable(stale, 0x70, 2), S::kBadHandle);
  Expect("ioport_enable high bits",
         Raw(sys::SyscallNumber::kIoportEnable, mem, 0x10070, 2), S::kInvalidArgument);
  Expect("interrupt_create wrong type", sys::InterruptCreate(mem, 4, 0, &out), S::kWrongType);
  Expect("interrupt_wait stale", sys::InterruptWait(stale, &now), S::kBadHandle);
  Expect("interrupt_ack wrong type", sys::InterruptAck(ch0), S::kWrongType);

  // processes and threads
  const char long_name[100] = {};
  const sys::SpawnArgs zeros{reinterpret_cast<uint64_t>("x"), 1, mem, 0, 0, 0, 0, 0, 0};
  const sys::SpawnArgs reserved{reinterpret_cast<uint64_t>("x"), 1, mem, 0, 0, 1, 0, 0, 0};
  const sys::SpawnArgs named{reinterpret_cast<uint64_t>(long_name), 100, mem, 0, 0, 0, 0, 0, 0};
  const sys::SpawnArgs stale_image{reinterpret_cast<uint64_t>("x"), 1, stale, 0, 0, 0, 0, 0, 0};
  // A child's limits may not exceed its spawner's (64 MiB, 1024 handles, 64 threads here).
  const sys::SpawnArgs more_memory{reinterpret_cast<uint64_t>("x"), 1, mem, 0, 0, 0,
                                   uint64_t{1} << 40, 0, 0};
  const sys::SpawnArgs more_handles{reinterpret_cast<uint64_t>("x"), 1, mem, 0, 0, 0, 0, 4096, 0};
  const sys::SpawnArgs more_threads{reinterpret_cast<uint64_t>("x"), 1, mem, 0, 0, 0, 0, 0, 65};
  Expect("process_spawn kernel args",
         sys::ProcessSpawn(static_cast<sys::SpawnArgs*>(kKernel), &out, &out),
         S::kInvalidArgument);
  Expect("process_spawn not an ELF", sys::ProcessSpawn(&zeros, &out, &out), S::kCorrupt);
  Expect("process_spawn reserved", sys::ProcessSpawn(&reserved, &out, &out), S::kInvalidArgument);
  Expect("process_spawn long name", sys::ProcessSpawn(&named, &out, &out), S::kOutOfRange);
  Expect("process_spawn memory limit", sys::ProcessSpawn(&more_memory, &out, &out),
         S::kOutOfRange);
  Expect("process_spawn handle limit", sys::ProcessSpawn(&more_handles, &out, &out),
         S::kOutOfRange);
  Expect("process_spawn thread limit", sys::ProcessSpawn(&more_threads, &out, &out),
         S::kOutOfRange);
  Expect("process_spawn stale image", sys::ProcessSpawn(&stale_image, &out, &out),
         S::kBadHandle);
  const sys::ThreadStart start{0x1000, 0x2000, 0};
  Expect("thread_create stale", sys::ThreadCreate(stale, "t", 1, &start, &out), S::kBadHandle);
  Expect("thread_create wrong type", sys::ThreadCreate(ch0, "t", 1, &start, &out),
         S::kWrongType);
  Expect("task_kill wrong type", sys::TaskKill(ch0), S::kWrongType);
  Expect("task_kill stale", sys::TaskKill(stale), S::kBadHandle);
  Expect("thread_self kernel out",
         sys::ThreadSelf(static_cast<sys::Handle*>(kKernel)), S::kInvalidArgument);

  // scheduling and device memory
  Expect("sched_set_affinity stale", sys::SchedSetAffinity(stale, 1), S::kBadHandle);
  Expect("sched_set_affinity wrong type", sys::SchedSetAffinity(ch0, 1), S::kWrongType);
  Expect("sched_set_realtime stale", sys::SchedSetRealtime(stale, mem, 1000000, 10000000, 0),
         S::kBadHandle);
  Expect("sched_set_realtime wrong type", sys::SchedSetRealtime(ch0, mem, 1000000, 10000000, 0),
         S::kWrongType);
  Expect("sched_set_realtime cpu high bits",
         Raw(sys::SyscallNumber::kSchedSetRealtime, ch0, mem, 1000000, 10000000, kHigh),
         S::kInvalidArgument);
  Expect("sched_isolate_cpu stale", sys::SchedIsolateCpu(stale, 1, true), S::kBadHandle);
  Expect("sched_isolate_cpu wrong type", sys::SchedIsolateCpu(mem, 1, true), S::kWrongType);
  Expect("sched_isolate_cpu isolate 2", Raw(sys::SyscallNumber::kSchedIsolateCpu, mem, 1, 2),
         S::kInvalidArgument);
  Expect("memory_create_physical stale", sys::MemoryCreatePhysical(stale, 0, 4096, &out),
         S::kBadHandle);
  Expect("memory_create_physical wrong type", sys::MemoryCreatePhysical(mem, 0, 4096, &out),
         S::kWrongType);

  // the kernel log: a kernel_log resource minted from the root, one of another kind, and one
  // without read
  auto boot = raeen::rae::ReceiveBootHandles();
  sys::Handle log = 0, log_no_read = 0, ports = 0;
  if (!boot.ok() ||
      sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kKernelLog, 0, 1, &log) !=
          S::kOk ||
      sys::HandleDuplicate(log, sys::HandleRights::kDuplicate, &log_no_read) != S::kOk ||
      sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kIoport, 0x70, 2, &ports) !=
          S::kOk) {
    Print("badargs: kernel log fixtures failed");
    return 101;
  }
  sys::LogRecordHeader record{};
  Expect("resource_create kernel_log past its one unit",
         sys::ResourceCreate(boot->root_resource, sys::ResourceKind::kKernelLog, 1, 1, &out),
         S::kOutOfRange);
  Expect("log_read stale", sys::LogRead(stale, 0, &record, buffer, 512), S::kBadHandle);
  Expect("log_read wrong type", sys::LogRead(mem, 0, &record, buffer, 512), S::kWrongType);
  Expect("log_read an ioport resource", sys::LogRead(ports, 0, &record, buffer, 512),
         S::kWrongType);
  Expect("log_read without read", sys::LogRead(log_no_read, 0, &record, buffer, 512),
         S::kAccessDenied);
  Expect("log_read kernel record",
         sys::LogRead(log, 0, static_cast<sys::LogRecordHeader*>(kKernel), buffer, 512),
         S::kInvalidArgument);
  Expect("log_read kernel text", sys::LogRead(log, 0, &record, kKernel, 512),
         S::kInvalidArgument);
  Expect("log_read the oldest", sys::LogRead(log, 0, &record, buffer, 512), S::kOk);
  Expect("log_read text too small",
         sys::LogRead(log, record.sequence, &record, buffer, record.text_size - 1),
         record.text_size > 0 ? S::kBufferTooSmall : S::kOk);
  Expect("log_read past the newest", sys::LogRead(log, ~0ull, &record, buffer, 512),
         S::kNotFound);
  Expect("log_read through the root", sys::LogRead(boot->root_resource, 0, &record, buffer, 512),
         S::kOk);

  // Numbers nobody defined.
  Expect("syscall 0", Raw(static_cast<sys::SyscallNumber>(0)), S::kUnsupported);
  Expect("syscall 999", Raw(static_cast<sys::SyscallNumber>(999)), S::kUnsupported);
  Expect("syscall ~0", Raw(static_cast<sys::SyscallNumber>(~0ull)), S::kUnsupported);

  Print("badargs: {} cases, {} failed", cases, failures);
  return failures;
}
