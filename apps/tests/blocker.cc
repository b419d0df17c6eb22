// The victim of task.kill: one thread waits on a port nobody signals, another on a channel
// nobody writes to, neither with a deadline.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/thread.h"

namespace sys = raeen::sys;

namespace {
sys::Handle quiet_end = 0;

void WaitForever(uint64_t) {
  uint32_t observed = 0;
  (void)sys::ObjectWaitOne(quiet_end, sys::Signals::kReadable, INT64_MAX, &observed);
}
}  // namespace

int main() {
  sys::Handle port = 0;
  sys::Handle other_end = 0;
  if (sys::PortCreate(&port) != raeen::Status::kOk ||
      sys::ChannelCreate(&quiet_end, &other_end) != raeen::Status::kOk ||
      !raeen::rae::StartThread(&WaitForever, 0).ok()) {
    return 1;
  }
  const char ready = 1;
  (void)sys::ChannelWrite(raeen::rae::BootstrapChannel(), &ready, 1, nullptr, 0);
  sys::PortPacket packet{};
  (void)sys::PortWait(port, INT64_MAX, &packet);
  raeen::rae::Print("blocker: port_wait returned: the kill did not end this thread");
  return 2;
}
