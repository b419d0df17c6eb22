#include "libs/rae/initrd.h"

#include "libs/archive/tar_reader.h"
#include "libs/rae/bootstrap.h"
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
                                    uint32_t options, const SpawnLimits& limits) {
  RAEEN_TRY(rstd::Bytes image, FindInitrdFile(initrd, path));
  sys::Handle memory = 0;
  if (Status created = sys::MemoryCreate(image.size(), 0, &memory); created != Status::kOk) {
    return Error(created);
  }
  Status status = sys::MemoryWrite(memory, image.data(), image.size(), 0);
  sys::Handle process = 0;
  sys::Handle address_space = 0;
  if (status == Status::kOk) {
    const sys::SpawnArgs args{reinterpret_cast<uint64_t>(name.data()),
                              name.size(),
                              memory,
                              bootstrap,
                              options,
                              0,
                              limits.memory_bytes,
                              limits.handles,
                              limits.threads};
    status = sys::ProcessSpawn(&args, &process, &address_space);
  }
  (void)sys::HandleClose(memory);
  if (status != Status::kOk) return Error(status);
  (void)sys::HandleClose(address_space);
  return process;
}

Result<rstd::Bytes> BootInitrd() {
  static rstd::Bytes mapped;
  if (mapped.empty()) {
    RAEEN_TRY(BootHandles boot, ReceiveBootHandles());
    RAEEN_TRY(mapped, MapReadOnly(boot.initrd, boot.initrd_size));
  }
  return mapped;
}

Result<Child> StartChild(rstd::StringView path, rstd::StringView name, uint32_t options) {
  RAEEN_TRY(rstd::Bytes initrd, BootInitrd());
  Child child{};
  sys::Handle theirs = 0;
  if (Status created = sys::ChannelCreate(&child.channel, &theirs); created != Status::kOk) {
    return Error(created);
  }
  Result<sys::Handle> process = SpawnFromInitrd(initrd, path, name, theirs, options);
  if (!process.ok()) {
    (void)sys::HandleClose(child.channel);
    (void)sys::HandleClose(theirs);
    return Error(process.status());
  }
  child.process = *process;
  return child;
}

}  // namespace raeen::rae
