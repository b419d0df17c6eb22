// svc_crashy: a service for the svc.restart scenario and the restart benchmark. It provides
// `crashy` and speaks the Echo protocol (services/contracts/echo.ridl): echo_text answers
// with "pid N" (so a client can tell one instance from the next), except for the text
// "crash", which makes it dereference a null pointer.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/server.h"
#include "libs/rstd/format.h"
#include "raeen/protocols/echo.h"

using raeen::Status;
namespace echo = raeen::protocol::echo;
namespace rae = raeen::rae;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;

namespace {

uint64_t OwnPid() {
  sys::ProcessState state{};
  uint64_t actual = 0;
  (void)sys::ObjectGetInfo(rae::SelfProcess(), sys::InfoTopic::kProcessState, &state, sizeof(state),
                           &actual);
  return state.id;
}

class Crashy final : public rae::Server {
 public:
  void OnRequest(sys::Handle client, rstd::Bytes request,
                 rstd::Span<const sys::HandleInfo> handles) override {
    for (const sys::HandleInfo& handle : handles) (void)sys::HandleClose(handle.handle);
    raeen::Result<echo::EchoTextRequest> echo_text =
        echo::DecodeEchoTextRequest(request, rstd::Span<const sys::HandleInfo>());
    if (!echo_text.ok()) return;  // not ours: no answer
    if (echo_text->text == "crash") {
      rae::Print("svc_crashy: crashing as asked");
      *static_cast<volatile int*>(nullptr) = 1;
    }
    char text[32];
    const rstd::StringView answer = rstd::FormatTo(text, sizeof(text), "pid {}", OwnPid());
    uint8_t reply[echo::EchoTextReply::kMaxBytes];
    raeen::Result<raeen::ridl::Encoded> encoded =
        echo::Encode(echo::EchoTextReply{answer, rstd::Bytes()}, 0,
                     rstd::Span<uint8_t>(reply, sizeof(reply)), rstd::Span<uint32_t>());
    if (encoded.ok()) (void)sys::ChannelWrite(client, reply, encoded->bytes, nullptr, 0);
  }
};

}  // namespace

int main() {
  Crashy server;
  return static_cast<int>(rae::Serve(server));
}
