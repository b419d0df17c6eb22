// ipc.shm, the second process: maps the memory object it is sent, checks the first process's
// pattern and answers in the last word of the same pages.

#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::rae::Print;
namespace sys = raeen::sys;

int main() {
  const sys::Handle channel = raeen::rae::BootstrapChannel();
  uint64_t expected = 0;
  sys::HandleInfo handles[1];
  sys::MessageSize size{};
  if (raeen::rae::WaitAndRead(channel, &expected, sizeof(expected), handles, 1, &size) !=
          Status::kOk ||
      size.handles != 1) {
    return 1;
  }
  uint64_t bytes = 0;
  if (sys::MemoryGetSize(handles[0].handle, &bytes) != Status::kOk) {
    // The handle was narrowed to read, write, map and transfer: no get_property.
    bytes = 1 << 20;
  }
  uint64_t address = 0;
  if (sys::VmMap(raeen::rae::SelfAddressSpace(), handles[0].handle, 0, bytes,
                 sys::VmPerms::kRead | sys::VmPerms::kWrite, &address) != Status::kOk) {
    return 2;
  }
  auto* words = reinterpret_cast<uint64_t*>(address);
  uint64_t sum = 0;
  for (uint64_t i = 0; i < bytes / 8 - 1; ++i) sum = sum * 31 + words[i];
  Print("shm_child: checksum {}: {:#x} over {} KiB mapped at {:#x}",
        sum == expected ? "matches" : "differs", sum, bytes / 1024, address);
  words[bytes / 8 - 1] = ~sum;
  const char done = 1;
  return sys::ChannelWrite(channel, &done, 1, nullptr, 0) == Status::kOk ? 0 : 3;
}
