// ipc.shm, the first process: shares a 1 MiB memory object with shm_child, both map it, and
// each sees what the other wrote; no byte goes through the kernel after the mapping.

#include "libs/rae/channel.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr uint64_t kSize = 1 << 20;

uint64_t Checksum(const uint64_t* words, uint64_t count) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < count; ++i) sum = sum * 31 + words[i];
  return sum;
}

}  // namespace

int main() {
  auto child =
      raeen::rae::StartChild("bin/shm_child", "shm_child", sys::SpawnOptions::kAllowDebugWrite);
  if (!child.ok()) return 13;
  const sys::Handle ours = child->channel;

  sys::Handle memory = 0;
  if (sys::MemoryCreate(kSize, 0, &memory) != Status::kOk) return 14;
  uint64_t address = 0;
  if (sys::VmMap(raeen::rae::SelfAddressSpace(), memory, 0, kSize,
                 sys::VmPerms::kRead | sys::VmPerms::kWrite, &address) != Status::kOk) {
    return 15;
  }
  auto* words = reinterpret_cast<uint64_t*>(address);
  for (uint64_t i = 0; i < kSize / 8; ++i) words[i] = i * 0x9e3779b97f4a7c15ull;
  const uint64_t sum = Checksum(words, kSize / 8 - 1);
  Print("ipc_shm: filled {} KiB at {:#x}, checksum {:#x}", kSize / 1024, address, sum);

  sys::Handle shared = 0;
  if (sys::HandleDuplicate(memory, sys::HandleRights::kRead | sys::HandleRights::kWrite |
                                       sys::HandleRights::kMap | sys::HandleRights::kTransfer,
                           &shared) != Status::kOk) {
    return 16;
  }
  const sys::Handle sent[] = {shared};
  if (sys::ChannelWrite(ours, &sum, sizeof(sum), sent, 1) != Status::kOk) return 17;
  char reply[8];
  sys::MessageSize size{};
  if (raeen::rae::WaitAndRead(ours, reply, sizeof(reply), nullptr, 0, &size) != Status::kOk) {
    return 18;
  }
  // The child wrote its answer into the last word of the shared pages.
  Print("ipc_shm: the child wrote {:#x} into the last word", words[kSize / 8 - 1]);
  (void)sys::HandleClose(ours);
  uint32_t observed = 0;
  (void)sys::ObjectWaitOne(child->process, sys::Signals::kTerminated, raeen::rae::kForever,
                           &observed);
  return words[kSize / 8 - 1] == ~sum ? 0 : 19;
}
