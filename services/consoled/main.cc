// consoled: the console service. It owns COM1 (a user-space driver: ports 0x3f8..0x3ff and
// interrupt line 4, granted by svcmgr as serial-ports and serial-irq) and serves
// services/contracts/console.ridl: text out to every output device, typed bytes in. One
// thread: rae::Serve's port carries both the clients and the UART's interrupt. The
// framebuffer console and the keyboard will be one more OutputDevice and InputDevice.

#include "libs/rae/main.h"

#include "libs/rae/runtime.h"
#include "libs/rae/server.h"
#include "libs/rae/service.h"
#include "libs/rstd/placement_new.h"
#include "services/consoled/console_server.h"
#include "services/consoled/uart.h"

using raeen::Result;
using raeen::Status;
using raeen::consoled::ConsoleServer;
using raeen::consoled::Uart;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

class SerialConsole final : public raeen::consoled::OutputDevice,
                            public raeen::consoled::InputDevice {
 public:
  SerialConsole(Uart& uart, sys::Handle interrupt) : uart_(uart), interrupt_(interrupt) {}
  void Write(raeen::rstd::StringView text) override { uart_.Write(text); }
  sys::Handle interrupt() const override { return interrupt_; }
  size_t Receive(uint8_t* out, size_t capacity) override { return uart_.Receive(out, capacity); }

 private:
  Uart& uart_;
  sys::Handle interrupt_;
};

}  // namespace

int main() {
  Result<raeen::rae::ServiceInfo> info = raeen::rae::StartInfo();
  if (!info.ok()) return 1;
  Result<sys::Handle> ports = raeen::rae::TakeCapability("serial-ports");
  Result<sys::Handle> line = raeen::rae::TakeCapability("serial-irq");
  if (!ports.ok() || !line.ok()) {
    Print("consoled: missing grants (serial-ports: {}, serial-irq: {})", ports.status(),
          line.status());
    return 2;
  }
  Result<Uart> uart = Uart::Open(*ports);
  if (!uart.ok()) {
    Print("consoled: no UART at COM1: {}", uart.status());
    return 3;
  }
  sys::Handle interrupt = 0;
  if (Status bound = sys::InterruptCreate(*line, Uart::kCom1Irq, 0, &interrupt);
      bound != Status::kOk) {
    Print("consoled: interrupt_create(IRQ {}): {}", Uart::kCom1Irq, bound);
    return 4;
  }
  uart->EnableReceiveInterrupt();

  // Static storage: the input queue does not belong on the stack. Placement new, so that no
  // exit-time destructor is registered (the runtime has none to run).
  alignas(ConsoleServer) static unsigned char storage[sizeof(ConsoleServer)];
  ConsoleServer& server = *new (storage) ConsoleServer();
  SerialConsole serial(*uart, interrupt);
  (void)server.AddOutput(serial);
  (void)server.AddInput(serial);
  Print("consoled: serving {} on COM1 (IRQ {})", info->name, Uart::kCom1Irq);
  const Status served = raeen::rae::Serve(server);
  Print("consoled: serve ended: {}", served);
  return served == Status::kOk ? 0 : 5;
}
