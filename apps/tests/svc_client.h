#pragma once
// The svc test programs' client of svc_crashy (apps/tests/svc_crashy.cc): one Echo call.

#include "libs/rae/channel.h"
#include "libs/rae/service.h"
#include "libs/rstd/string_view.h"
#include "raeen/protocols/echo.h"

namespace raeen::apps {

// Sends echo_text `text` on `channel` and waits for the reply until `deadline_ns`; returns
// the pid the server reported ("pid N"). Errors: the call's (kPeerClosed once the server
// died), kCorrupt for a reply that is not one.
inline Result<uint64_t> CallCrashy(sys::Handle channel, rstd::StringView text,
                                   int64_t deadline_ns = INT64_MAX) {
  namespace echo = protocol::echo;
  uint8_t request[echo::EchoTextRequest::kMaxBytes];
  RAEEN_TRY(ridl::Encoded encoded,
            echo::Encode(echo::EchoTextRequest{text, echo::Volume::kNormal, 0, 1}, 1,
                         rstd::Span<uint8_t>(request, sizeof(request)), rstd::Span<uint32_t>()));
  uint8_t reply[echo::EchoTextReply::kMaxBytes];
  sys::ChannelCallArgs args =
      rae::BytesCall(request, encoded.bytes, reply, sizeof(reply), deadline_ns);
  sys::MessageSize size{};
  if (Status called = sys::ChannelCall(channel, &args, &size); called != Status::kOk) {
    return Error(called);
  }
  RAEEN_TRY(echo::EchoTextReply answer,
            echo::DecodeEchoTextReply(rstd::Bytes(reply, size.bytes),
                                      rstd::Span<const sys::HandleInfo>()));
  uint64_t pid = 0;
  if (!answer.text.starts_with("pid ") || !rstd::ParseUnsigned(answer.text.substr(4), &pid)) {
    return Error(Status::kCorrupt);
  }
  return pid;
}

// Connects to svc_crashy and calls until a process other than `old_pid` answers or
// `deadline_ns` passes (a service that is restarting answers once it is back; one that was
// just killed may still answer before it ends). Returns the pid that answered.
inline Result<uint64_t> ReconnectCrashy(int64_t deadline_ns, sys::Handle* channel,
                                        uint64_t old_pid = 0) {
  for (;;) {
    if (*channel != sys::kInvalidHandle) (void)sys::HandleClose(*channel);
    *channel = sys::kInvalidHandle;
    Result<sys::Handle> connected = rae::Connect("crashy");
    if (connected.ok()) {
      *channel = *connected;
      Result<uint64_t> pid = CallCrashy(*channel, "hello", deadline_ns);
      if ((pid.ok() && *pid != old_pid) || pid.status() == Status::kTimedOut) return pid;
    } else if (connected.status() != Status::kShouldWait) {
      return Error(connected.status());
    }
    int64_t now = 0;
    (void)sys::ClockMonotonic(&now);
    if (now >= deadline_ns) return Error(Status::kTimedOut);
    (void)sys::ThreadSleep(now + 1'000'000);
  }
}

}  // namespace raeen::apps
