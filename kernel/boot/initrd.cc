#include "kernel/boot/initrd.h"

#include "kernel/boot/boot_info.h"
#include "libs/archive/tar_reader.h"

namespace raeen::kernel {

Result<rstd::Bytes> FindInitrdFile(rstd::StringView path) {
  const boot::Handoff& handoff = *GetBootInfo().handoff;
  if (handoff.initrd_size == 0) return Error(Status::kNotFound);
  archive::TarReader reader(
      rstd::Bytes(PhysicalToVirtual<uint8_t>(handoff.initrd), handoff.initrd_size));
  RAEEN_TRY(archive::TarEntry entry, reader.Find(path));
  if (entry.type() != archive::TarEntryType::kFile) return Error(Status::kNotFound);
  return entry.data();
}

}  // namespace raeen::kernel
