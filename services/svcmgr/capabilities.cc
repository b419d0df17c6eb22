#include "services/svcmgr/capabilities.h"

namespace raeen::svcmgr {

namespace {

struct Minted {
  rstd::StringView name;
  sys::ResourceKind kind;  // ignored for the initrd
  uint64_t base;
  uint64_t size;
};

// [PC/AT I/O map; 16550 datasheet; i8042: data 0x60, status/command 0x64]
constexpr Minted kCapabilities[] = {
    {"initrd", sys::ResourceKind::kIoport, 0, 0},
    {"serial-ports", sys::ResourceKind::kIoport, 0x3f8, 8},
    {"serial-irq", sys::ResourceKind::kIrq, 4, 1},
    {"ps2-ports", sys::ResourceKind::kIoport, 0x60, 5},
    {"ps2-irq", sys::ResourceKind::kIrq, 1, 1},
    {"kernel-log", sys::ResourceKind::kKernelLog, 0, 1},
};

const Minted* Find(rstd::StringView name) {
  for (const Minted& capability : kCapabilities) {
    if (capability.name == name) return &capability;
  }
  return nullptr;
}

}  // namespace

bool IsKnownCapability(rstd::StringView name) {
  return Find(name) != nullptr;
}

Result<sys::Handle> MintCapability(rstd::StringView name, const rae::BootHandles& boot) {
  const Minted* capability = Find(name);
  if (capability == nullptr) return Error(Status::kNotFound);
  sys::Handle handle = sys::kInvalidHandle;
  const Status status =
      capability->name == "initrd"
          ? sys::HandleDuplicate(boot.initrd,
                                 sys::HandleRights::kRead | sys::HandleRights::kMap |
                                     sys::HandleRights::kGetProperty | sys::HandleRights::kTransfer,
                                 &handle)
          : sys::ResourceCreate(boot.root_resource, capability->kind, capability->base,
                                capability->size, &handle);
  if (status != Status::kOk) return Error(status);
  return handle;
}

}  // namespace raeen::svcmgr
