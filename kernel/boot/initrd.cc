#include "kernel/boot/initrd.h"

#include "kernel/boot/boot_info.h"

namespace raeen::kernel {

// TEMPORARY scan until libs/archive's TarReader lands.
Result<rstd::Bytes> FindInitrdFile(rstd::StringView path) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  if (handoff.initrd_size == 0) return Error(Status::kNotFound);
  const uint8_t* base = PhysicalToVirtual<uint8_t>(handoff.initrd);
  uint64_t at = 0;
  while (at + 512 <= handoff.initrd_size) {
    const char* header = reinterpret_cast<const char*>(base + at);
    if (header[0] == 0) break;
    uint64_t size = 0;
    for (int i = 124; i < 136 && header[i] >= '0' && header[i] <= '7'; ++i) {
      size = size * 8 + (header[i] - '0');
    }
    size_t length = 0;
    while (length < 100 && header[length] != 0) ++length;
    rstd::StringView name(header, length);
    if (name.starts_with("./")) name = name.substr(2);
    if (name == path && at + 512 + size <= handoff.initrd_size) {
      return rstd::Bytes(base + at + 512, size);
    }
    at += 512 + (size + 511) / 512 * 512;
  }
  return Error(Status::kNotFound);
}

}  // namespace raeen::kernel
