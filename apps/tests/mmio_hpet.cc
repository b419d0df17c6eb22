// mmio.hpet: a user-space driver's first look at device registers. It mints an mmio resource
// for the HPET's register page from the root resource, makes a physical memory object of it
// (memory_create_physical), maps it read-only and reads the General Capabilities and ID
// register and the main counter [IA-PC HPET 1.0a, 2.3.1, table 2]. Then every refusal of
// memory_create_physical and of what a physical object may not do, each against the status its
// contract documents. Exits 0 only if every check passed.

#include "apps/tests/check_list.h"
#include "libs/rae/bootstrap.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

// QEMU q35 (and the PC convention) puts the HPET at 0xfed00000. The kernel finds it in the
// ACPI HPET table, which user space cannot read yet: hence the constant.
constexpr uint64_t kHpetBase = 0xfed00000;
constexpr uint64_t kPage = 4096;
constexpr uint64_t kCapabilities = 0x000;  // 63:32 period (fs), 31:16 vendor, 7:0 revision
constexpr uint64_t kMainCounter = 0x0f0;
// QEMU's HPET: vendor Intel, a 10 ns (100 MHz) period (hw/timer/hpet.c).
constexpr uint16_t kQemuVendor = 0x8086;
constexpr uint32_t kQemuPeriodFs = 10'000'000;
// RAM on every PC: the first page above 1 MiB (the kernel never hands out memory below it, but
// the firmware reports it as RAM).
constexpr uint64_t kRam = 0x100000;

raeen::apps::CheckList checks("mmio_hpet");

uint64_t Read64(uint64_t address) {
  return *reinterpret_cast<volatile const uint64_t*>(address);
}

}  // namespace

int main() {
  using S = Status;
  auto boot = raeen::rae::ReceiveBootHandles();
  if (!boot.ok()) return 100;
  const sys::Handle root = boot->root_resource;
  const sys::Handle self = raeen::rae::SelfAddressSpace();
  sys::Handle hpet = 0;
  sys::Handle line = 0;
  sys::Handle no_map = 0;
  if (sys::ResourceCreate(root, sys::ResourceKind::kMmio, kHpetBase, kPage, &hpet) != S::kOk ||
      sys::ResourceCreate(root, sys::ResourceKind::kIrq, 0, 1, &line) != S::kOk ||
      sys::HandleDuplicate(hpet, sys::HandleRights::kRead | sys::HandleRights::kWrite, &no_map) !=
          S::kOk) {
    Print("mmio_hpet: fixtures failed");
    return 101;
  }

  sys::Handle memory = 0;
  if (Status created = sys::MemoryCreatePhysical(hpet, kHpetBase, kPage, &memory);
      created != S::kOk) {
    Print("mmio_hpet: memory_create_physical: {}", StatusName(created));
    return 102;
  }
  sys::HandleInfo info{};
  uint64_t actual = 0;
  checks.Expect(
      "object_get_info",
      sys::ObjectGetInfo(memory, sys::InfoTopic::kHandleBasic, &info, sizeof(info), &actual),
      S::kOk);
  checks.Check(
      "the handle may map, read and write",
      (info.rights &
       (sys::HandleRights::kMap | sys::HandleRights::kRead | sys::HandleRights::kWrite)) ==
          (sys::HandleRights::kMap | sys::HandleRights::kRead | sys::HandleRights::kWrite));
  checks.Check("the handle may not execute", (info.rights & sys::HandleRights::kExecute) == 0);
  uint64_t size = 0;
  checks.Expect("memory_get_size", sys::MemoryGetSize(memory, &size), S::kOk);
  checks.Check("the object is one page", size == kPage);

  uint64_t registers = 0;
  if (Status mapped = sys::VmMap(self, memory, 0, kPage, sys::VmPerms::kRead, &registers);
      mapped != S::kOk) {
    Print("mmio_hpet: vm_map: {}", StatusName(mapped));
    return 103;
  }
  const uint64_t capabilities = Read64(registers + kCapabilities);
  const auto vendor = static_cast<uint16_t>(capabilities >> 16);
  const auto period_fs = static_cast<uint32_t>(capabilities >> 32);
  Print("mmio_hpet: capabilities {:#x}: vendor {:#x}, period {} fs, revision {}", capabilities,
        vendor, period_fs, capabilities & 0xff);
  checks.Check("the vendor is QEMU's (Intel)", vendor == kQemuVendor);
  checks.Check("the period is QEMU's 10 ns", period_fs == kQemuPeriodFs);
  // The kernel enabled the main counter when it calibrated the TSC against it.
  const uint64_t first = Read64(registers + kMainCounter);
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  (void)sys::ThreadSleep(now + 1'000'000);
  const uint64_t second = Read64(registers + kMainCounter);
  Print("mmio_hpet: main counter {} then {}", first, second);
  checks.Check("the main counter advances", second > first);

  // What a physical object may not do.
  uint64_t other = 0;
  checks.Expect(
      "vm_map executable",
      sys::VmMap(self, memory, 0, kPage, sys::VmPerms::kRead | sys::VmPerms::kExecute, &other),
      S::kAccessDenied);
  checks.Expect(
      "vm_protect to executable",
      sys::VmProtect(self, registers, kPage, sys::VmPerms::kRead | sys::VmPerms::kExecute),
      S::kAccessDenied);
  sys::Handle executable = 0;
  checks.Expect("handle_duplicate adding execute",
                sys::HandleDuplicate(memory, sys::HandleRights::kRead | sys::HandleRights::kExecute,
                                     &executable),
                S::kInvalidArgument);
  checks.Expect("memory_set_size", sys::MemorySetSize(memory, 2 * kPage), S::kBadState);
  uint64_t word = 0;
  checks.Expect("memory_read", sys::MemoryRead(memory, &word, sizeof(word), 0), S::kBadState);
  checks.Expect("memory_write", sys::MemoryWrite(memory, &word, sizeof(word), 0), S::kBadState);
  checks.Expect("vm_protect read-only again",
                sys::VmProtect(self, registers, kPage, sys::VmPerms::kRead), S::kOk);
  checks.Check("the registers still read after vm_protect",
               Read64(registers + kCapabilities) == capabilities);
  checks.Expect("vm_unmap", sys::VmUnmap(self, registers, kPage), S::kOk);

  // Every refusal of memory_create_physical.
  sys::Handle out = 0;
  checks.Expect("stale handle", sys::MemoryCreatePhysical(0, kHpetBase, kPage, &out),
                S::kBadHandle);
  checks.Expect("not a resource", sys::MemoryCreatePhysical(memory, kHpetBase, kPage, &out),
                S::kWrongType);
  checks.Expect("an irq resource", sys::MemoryCreatePhysical(line, kHpetBase, kPage, &out),
                S::kWrongType);
  checks.Expect("no map right", sys::MemoryCreatePhysical(no_map, kHpetBase, kPage, &out),
                S::kAccessDenied);
  checks.Expect("unaligned base", sys::MemoryCreatePhysical(hpet, kHpetBase + 8, kPage, &out),
                S::kInvalidArgument);
  checks.Expect("unaligned size", sys::MemoryCreatePhysical(hpet, kHpetBase, kPage / 2, &out),
                S::kInvalidArgument);
  checks.Expect("size 0", sys::MemoryCreatePhysical(hpet, kHpetBase, 0, &out), S::kInvalidArgument);
  checks.Expect("outside the resource",
                sys::MemoryCreatePhysical(hpet, kHpetBase + kPage, kPage, &out), S::kOutOfRange);
  checks.Expect("reaching past the resource",
                sys::MemoryCreatePhysical(hpet, kHpetBase, 2 * kPage, &out), S::kOutOfRange);
  checks.Expect("larger than 1 GiB", sys::MemoryCreatePhysical(root, 1ull << 44, 2ull << 30, &out),
                S::kOutOfRange);
  checks.Expect("RAM, from the root resource", sys::MemoryCreatePhysical(root, kRam, kPage, &out),
                S::kOutOfRange);
  checks.Expect("RAM and beyond, from the root resource",
                sys::MemoryCreatePhysical(root, 0, 1ull << 30, &out), S::kOutOfRange);
  checks.Expect("a kernel pointer for the handle",
                sys::MemoryCreatePhysical(hpet, kHpetBase, kPage,
                                          reinterpret_cast<sys::Handle*>(0xffff800000000000)),
                S::kInvalidArgument);

  // Objects come and go without freeing the device's frames to the page allocator (a second
  // object over the same registers reads the same values).
  for (int i = 0; i < 64; ++i) {
    sys::Handle again = 0;
    if (sys::MemoryCreatePhysical(hpet, kHpetBase, kPage, &again) != S::kOk ||
        sys::HandleClose(again) != S::kOk) {
      checks.Check("create and close again", false);
      break;
    }
  }
  checks.Expect("handle_close", sys::HandleClose(memory), S::kOk);
  sys::Handle last = 0;
  uint64_t again_at = 0;
  checks.Expect("memory_create_physical after 64 more",
                sys::MemoryCreatePhysical(hpet, kHpetBase, kPage, &last), S::kOk);
  checks.Expect("vm_map again", sys::VmMap(self, last, 0, kPage, sys::VmPerms::kRead, &again_at),
                S::kOk);
  if (again_at != 0) {
    checks.Check("the same registers again", Read64(again_at + kCapabilities) == capabilities);
  }

  return checks.Finish();
}
