// svc.sandbox: a program gets exactly what its manifest (etc/services/svc_sandbox.svc)
// grants: one capability (serial-irq), names it may look up (crashy, ghost), no control.
// Everything else is refused, and garbage on its directory channel gets an error, not a
// crash of svcmgr.

#include "apps/tests/check_list.h"
#include "libs/rae/channel.h"
#include "libs/rae/main.h"
#include "libs/rae/service.h"
#include "raeen/protocols/svc.h"

using raeen::Status;
namespace rae = raeen::rae;
namespace svc = raeen::protocol::svc;
namespace sys = raeen::sys;

namespace {

raeen::apps::CheckList checks("svc_sandbox");

// Sends `bytes` (and `handle`, if any) on the directory channel; returns the reply's status.
Status RawCall(const void* bytes, size_t size, sys::Handle handle = sys::kInvalidHandle) {
  uint8_t reply[svc::TaskAtReply::kMaxBytes];
  sys::ChannelCallArgs args = rae::BytesCall(bytes, size, reply, sizeof(reply));
  if (handle != sys::kInvalidHandle) {
    args.write_handles = reinterpret_cast<uint64_t>(&handle);
    args.write_handles_count = 1;
  }
  sys::MessageSize got{};
  if (Status called = sys::ChannelCall(rae::DirectoryChannel(), &args, &got);
      called != Status::kOk) {
    return called;
  }
  raeen::Result<svc::ConnectReply> decoded =
      svc::DecodeConnectReply(raeen::rstd::Bytes(reply, got.bytes), {});
  return decoded.ok() ? rae::StatusFromWire(decoded->status) : decoded.status();
}

}  // namespace

int main() {
  raeen::Result<rae::ServiceInfo> info = rae::StartInfo();
  checks.Expect("start info", info.status(), Status::kOk);
  if (!info.ok()) return checks.Finish();
  checks.Check("its manifest's name", info->name == "svc_sandbox");
  checks.Check("its manifest's arguments", info->args == "--sandbox-test");

  // Its handles: bootstrap, address space, itself, the directory and the one grant.
  sys::ProcessUsage usage{};
  uint64_t actual = 0;
  checks.Expect("process usage",
                sys::ObjectGetInfo(rae::SelfProcess(), sys::InfoTopic::kProcessUsage, &usage,
                                   sizeof(usage), &actual),
                Status::kOk);
  checks.Check("exactly five handles at start", usage.handles == 5);

  raeen::Result<sys::Handle> irq = rae::TakeCapability("serial-irq");
  checks.Expect("the granted capability", irq.status(), Status::kOk);
  if (irq.ok()) {
    // An irq resource for line 4 alone (line 4 itself belongs to consoled's driver).
    sys::Handle interrupt = sys::kInvalidHandle;
    checks.Expect("an interrupt outside it", sys::InterruptCreate(*irq, 5, 0, &interrupt),
                  Status::kOutOfRange);
    checks.Expect("an ioport range with it", sys::IoportEnable(*irq, 0x3f8, 1), Status::kWrongType);
    sys::Handle wider = sys::kInvalidHandle;
    checks.Expect("minting from it",
                  sys::ResourceCreate(*irq, sys::ResourceKind::kIrq, 4, 1, &wider),
                  Status::kAccessDenied);
  }
  checks.Expect("the same capability twice", rae::TakeCapability("serial-irq").status(),
                Status::kNotFound);
  checks.Expect("a capability not granted", rae::TakeCapability("initrd").status(),
                Status::kNotFound);

  checks.Expect("connect to log (not in its lookups)", rae::Connect("log").status(),
                Status::kAccessDenied);
  checks.Expect("connect to vfs (not in its lookups)", rae::Connect("vfs").status(),
                Status::kAccessDenied);
  checks.Expect("connect to ghost (nobody provides it)", rae::Connect("ghost").status(),
                Status::kNotFound);
  checks.Expect("connect to crashy (not started)", rae::Connect("crashy").status(),
                Status::kBadState);
  checks.Expect("restart without control", rae::RestartService("logd"), Status::kAccessDenied);
  checks.Expect("kill without control", rae::KillTask(1), Status::kAccessDenied);

  // Garbage on the directory: answered with corrupt, and svcmgr still serves.
  const char garbage[] = "\x01\x00\x00\x00garbage!";
  checks.Expect("garbage request", RawCall(garbage, sizeof(garbage)), Status::kCorrupt);
  sys::Handle memory = sys::kInvalidHandle;
  (void)sys::MemoryCreate(4096, 0, &memory);
  uint8_t bytes[svc::ConnectRequest::kMaxBytes];
  uint32_t handles[1];
  raeen::Result<raeen::ridl::Encoded> encoded =
      svc::Encode(svc::ConnectRequest{"ghost", memory}, 7, raeen::rstd::Span<uint8_t>(bytes),
                  raeen::rstd::Span<uint32_t>(handles));
  checks.Expect("encode", encoded.status(), Status::kOk);
  if (encoded.ok()) {
    checks.Expect("a connect carrying a memory object", RawCall(bytes, encoded->bytes, memory),
                  Status::kCorrupt);
  }
  checks.Expect("svcmgr still answers", rae::Connect("ghost").status(), Status::kNotFound);
  return checks.Finish();
}
