#include "libs/rae/bootstrap.h"

#include "libs/rae/runtime.h"

namespace raeen::rae {

namespace {

bool received = false;
BootHandles boot{};

Result<BootHandles> Receive() {
  char tag[16];
  sys::HandleInfo handles[2];
  sys::MessageSize size{};
  const Status read = sys::ChannelRead(BootstrapChannel(), tag, sizeof(tag), handles, 2, &size);
  if (read != Status::kOk) return Error(read);
  constexpr rstd::StringView kTag = "raeen-boot-1";
  if (rstd::StringView(tag, size.bytes) != kTag || size.handles != 2 ||
      handles[0].type != static_cast<uint32_t>(sys::HandleType::kMemoryObject) ||
      handles[1].type != static_cast<uint32_t>(sys::HandleType::kResource)) {
    return Error(Status::kCorrupt);
  }
  BootHandles boot{handles[0].handle, 0, handles[1].handle};
  if (Status sized = sys::MemoryGetSize(boot.initrd, &boot.initrd_size); sized != Status::kOk) {
    return Error(sized);
  }
  return boot;
}

}  // namespace

Result<BootHandles> ReceiveBootHandles() {
  if (!received) {
    RAEEN_TRY(boot, Receive());
    received = true;
  }
  return boot;
}

}  // namespace raeen::rae
