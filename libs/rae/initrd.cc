#include "libs/rae/initrd.h"

#include "libs/archive/tar_reader.h"
#include "libs/rae/runtime.h"

namespace raeen::rae {

Result<rstd::Bytes> MapReadOnly(sys::Handle memory, uint64_t size) {
  uint64_t address = 0;
  const Status mapped = sys::VmMap(SelfAddressSpace(), memory, 0, size, sys::VmPerms::kRead,
                                   &address);
  if (mapped != Status::kOk) return Error(mapped);
  return rstd::Bytes(reinterpret_cast<const uint8_t*>(address), size);
}

Result<rstd::Bytes> FindInitrdFile(rstd::Bytes initrd, rstd::StringView path) {
  archive::TarReader reader(initrd);
  archive::TarEntry entry;
  for (;;) {
    RAEEN_TRY(bool more, reader.Next(&entry));
    if (!more) return Error(Status::kNotFound);
    if (entry.type() == archive::TarEntryType::kFile && entry.path() == path) return entry.data();
  }
}

Result<sys::Handle> SpawnFromInitrd(rstd::Bytes initrd, rstd::StringView path,
                                    rstd::StringView name, sys::Handle bootstrap,
                                    uint32_t options) {
  RAEEN_TRY(rstd::Bytes image, FindInitrdFile(initrd, path));
  sys::Handle memory = 0;
  if (Status created = sys::MemoryCreate(image.size(), 0, &memory); created != Status::kOk) {
    return Error(created);
  }
  Status status = sys::MemoryWrite(memory, image.data(), image.size(), 0);
  sys::Handle process = 0;
  sys::Handle address_space = 0;
  if (status == Status::kOk) {
    const sys::SpawnArgs args{reinterpret_cast<uint64_t>(name.data()), name.size(), memory,
                              bootstrap, options, 0};
    status = sys::ProcessSpawn(&args, &process, &address_space);
  }
  (void)sys::HandleClose(memory);
  if (status != Status::kOk) return Error(status);
  (void)sys::HandleClose(address_space);
  return process;
}

}  // namespace raeen::rae
