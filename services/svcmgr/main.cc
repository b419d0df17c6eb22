// svcmgr: the first process (the kernel starts it with the boot handles). It reads the service
// manifests in the initrd's etc/services/, starts each boot service with what its manifest
// grants, then supervises them for good: it holds the root resource and never exits.
// `svc.start=a,b` on the kernel command line also starts those manual-start manifests (the
// system tests' programs).

#include "libs/rae/main.h"

#include "libs/archive/tar_reader.h"
#include "libs/rae/bootstrap.h"
#include "libs/rae/initrd.h"
#include "libs/rae/runtime.h"
#include "libs/rstd/placement_new.h"
#include "services/svcmgr/manifest.h"
#include "services/svcmgr/supervisor.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace svcmgr = raeen::svcmgr;
namespace sys = raeen::sys;

namespace {

constexpr rstd::StringView kManifestDirectory = "etc/services/";

// The supervisor is large (every manifest inline): static storage, built once in main.
alignas(svcmgr::Supervisor) uint8_t supervisor_storage[sizeof(svcmgr::Supervisor)];
svcmgr::Manifest parsed;

// Adds every etc/services/*.svc; a bad one is reported and skipped.
void LoadManifests(rstd::Bytes initrd, svcmgr::Supervisor& supervisor) {
  raeen::archive::TarReader reader(initrd);
  raeen::archive::TarEntry entry;
  for (;;) {
    raeen::Result<bool> more = reader.Next(&entry);
    if (!more.ok()) {
      Print("svcmgr: the initrd is damaged after {}: {}", entry.path(), StatusName(more.status()));
      return;
    }
    if (!*more) return;
    const rstd::StringView path = entry.path();
    if (entry.type() != raeen::archive::TarEntryType::kFile ||
        !path.starts_with(kManifestDirectory) || !path.ends_with(".svc")) {
      continue;
    }
    const rstd::Bytes data = entry.data();
    svcmgr::ManifestError error;
    if (!svcmgr::ParseManifest(
             rstd::StringView(reinterpret_cast<const char*>(data.data()), data.size()), &parsed,
             &error)
             .ok()) {
      Print("svcmgr: {}:{}: {}; not started", path, error.line, error.message);
      continue;
    }
    if (raeen::Result<void> added = supervisor.Add(parsed); !added.ok()) {
      Print("svcmgr: {}: {}; not started", path, StatusName(added.status()));
    }
  }
}

}  // namespace

int main() {
  raeen::Result<raeen::rae::BootHandles> boot = raeen::rae::ReceiveBootHandles();
  raeen::Result<rstd::Bytes> initrd = raeen::rae::BootInitrd();
  sys::Handle port = sys::kInvalidHandle;
  if (!boot.ok() || !initrd.ok() || sys::PortCreate(&port) != Status::kOk) {
    Print("svcmgr: no boot handles or initrd ({}); nothing to supervise",
          StatusName(boot.ok() ? initrd.status() : boot.status()));
    return 1;
  }
  auto* supervisor = new (supervisor_storage) svcmgr::Supervisor(*boot, *initrd, port);
  LoadManifests(*initrd, *supervisor);
  rstd::StringView extra;
  (void)raeen::rae::CommandLineValue(boot->command_line, "svc.start", &extra);
  supervisor->StartAll(extra);
  while (supervisor->Step()) {
  }
  // Only a broken port ends the loop; the root handles stay held.
  for (;;) (void)sys::ThreadSleep(INT64_MAX);
}
