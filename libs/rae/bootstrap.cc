#include "libs/rae/bootstrap.h"

#include "libs/rae/runtime.h"

namespace raeen::rae {

namespace {

bool received = false;
BootHandles boot{};
// The kernel's message: the tag, its NUL, and up to 512 bytes of command line.
char message[16 + 512];

Result<BootHandles> Receive() {
  sys::HandleInfo handles[2];
  sys::MessageSize size{};
  const Status read =
      sys::ChannelRead(BootstrapChannel(), message, sizeof(message), handles, 2, &size);
  if (read != Status::kOk) return Error(read);
  constexpr rstd::StringView kTag = "raeen-boot-2";
  const rstd::StringView text(message, size.bytes);
  if (!text.starts_with(kTag) || text.size() <= kTag.size() || text[kTag.size()] != '\0' ||
      size.handles != 2 ||
      handles[0].type != static_cast<uint32_t>(sys::HandleType::kMemoryObject) ||
      handles[1].type != static_cast<uint32_t>(sys::HandleType::kResource)) {
    return Error(Status::kCorrupt);
  }
  BootHandles boot{handles[0].handle, 0, handles[1].handle, text.substr(kTag.size() + 1)};
  if (Status sized = sys::MemoryGetSize(boot.initrd, &boot.initrd_size); sized != Status::kOk) {
    return Error(sized);
  }
  return boot;
}

}  // namespace

bool CommandLineValue(rstd::StringView command_line, rstd::StringView key,
                      rstd::StringView* value) {
  bool found = false;
  while (!command_line.empty()) {
    size_t end = 0;
    while (end < command_line.size() && command_line[end] != ' ') ++end;
    const rstd::StringView word = command_line.substr(0, end);
    command_line = end < command_line.size() ? command_line.substr(end + 1) : rstd::StringView();
    if (word.size() > key.size() && word.starts_with(key) && word[key.size()] == '=') {
      *value = word.substr(key.size() + 1);
      found = true;
    }
  }
  if (!found) *value = rstd::StringView();
  return found;
}

Result<BootHandles> ReceiveBootHandles() {
  if (!received) {
    RAEEN_TRY(boot, Receive());
    received = true;
  }
  return boot;
}

}  // namespace raeen::rae
