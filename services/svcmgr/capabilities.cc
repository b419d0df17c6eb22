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
    // The range comes from object_get_info(framebuffer) on the root resource at mint time.
    {"framebuffer", sys::ResourceKind::kMmio, 0, 0},
};

constexpr uint64_t kPageSize = 4096;

// An mmio resource over the pages the boot framebuffer occupies. Errors: object_get_info's
// (kNotFound: the boot had no framebuffer), kCorrupt for a description that wraps, and
// resource_create's.
Result<sys::Handle> MintFramebuffer(sys::Handle root) {
  sys::FramebufferInfo info{};
  uint64_t actual = 0;
  if (Status got =
          sys::ObjectGetInfo(root, sys::InfoTopic::kFramebuffer, &info, sizeof(info), &actual);
      got != Status::kOk) {
    return Error(got);
  }
  if (info.size == 0 || info.base + info.size < info.base ||
      info.base + info.size > UINT64_MAX - kPageSize) {
    return Error(Status::kCorrupt);
  }
  const uint64_t first = info.base & ~(kPageSize - 1);
  const uint64_t end = (info.base + info.size + kPageSize - 1) & ~(kPageSize - 1);
  sys::Handle handle = sys::kInvalidHandle;
  RAEEN_TRY(
      FromStatus(sys::ResourceCreate(root, sys::ResourceKind::kMmio, first, end - first, &handle)));
  return handle;
}

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
  if (capability->name == "framebuffer") return MintFramebuffer(boot.root_resource);
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
