// consoled: the console service. It drives COM1 (ports 0x3f8..0x3ff, interrupt line 4:
// serial-ports, serial-irq), the PS/2 keyboard (ports 0x60..0x64, line 1: ps2-ports, ps2-irq)
// and the boot framebuffer (framebuffer), all from user space, and serves
// services/contracts/console.ridl: text out to every output device (the serial line and the
// screen), typed bytes in from every input device into one queue. One thread: rae::Serve's
// port carries the clients and the devices' interrupts. COM1 is required; the keyboard and the
// screen are used when they are there (a headless machine has neither).

#include "libs/rae/main.h"

#include "libs/rae/runtime.h"
#include "libs/rae/server.h"
#include "libs/rae/service.h"
#include "libs/rstd/placement_new.h"
#include "services/consoled/console_server.h"
#include "services/consoled/framebuffer_screen.h"
#include "services/consoled/ps2_keyboard.h"
#include "services/consoled/uart.h"

using raeen::Result;
using raeen::Status;
using raeen::consoled::ConsoleServer;
using raeen::consoled::FramebufferScreen;
using raeen::consoled::Ps2Keyboard;
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

class KeyboardInput final : public raeen::consoled::InputDevice {
 public:
  KeyboardInput(Ps2Keyboard& keyboard, sys::Handle interrupt)
      : keyboard_(keyboard), interrupt_(interrupt) {}
  sys::Handle interrupt() const override { return interrupt_; }
  size_t Receive(uint8_t* out, size_t capacity) override {
    return keyboard_.Receive(out, capacity);
  }

 private:
  Ps2Keyboard& keyboard_;
  sys::Handle interrupt_;
};

// Static storage for what lives as long as consoled: the server's input queue and the
// screen's console do not belong on the stack. Placement new, so that no exit-time destructor
// is registered (the runtime has none to run).
template <typename T>
struct Slot {
  alignas(T) unsigned char bytes[sizeof(T)];
  template <typename... Args>
  T& Make(Args&&... args) {
    return *new (bytes) T(static_cast<Args&&>(args)...);
  }
};

Slot<ConsoleServer> server_slot;
Slot<FramebufferScreen> screen_slot;
Slot<Ps2Keyboard> keyboard_slot;
Slot<KeyboardInput> keyboard_input_slot;

// The screen, when the `framebuffer` grant and a usable framebuffer are there.
void AddScreen(ConsoleServer& server) {
  Result<sys::Handle> mmio = raeen::rae::TakeCapability("framebuffer");
  if (!mmio.ok()) {
    Print("consoled: no framebuffer grant ({}); serial only", mmio.status());
    return;
  }
  Result<FramebufferScreen> screen = FramebufferScreen::Open(*mmio);
  (void)sys::HandleClose(*mmio);
  if (!screen.ok()) {
    Print("consoled: no screen: {}", screen.status());
    return;
  }
  FramebufferScreen& placed = screen_slot.Make(*screen);
  (void)server.AddOutput(placed);
  Print("consoled: drawing on the framebuffer, {}x{} pixels, {}x{} cells", placed.width(),
        placed.height(), placed.columns(), placed.rows());
}

// The PS/2 keyboard, when the ps2-ports and ps2-irq grants and a controller are there.
void AddKeyboard(ConsoleServer& server) {
  Result<sys::Handle> ports = raeen::rae::TakeCapability("ps2-ports");
  Result<sys::Handle> line = raeen::rae::TakeCapability("ps2-irq");
  // Neither grant is needed once the ports are enabled and the interrupt object exists.
  auto close_grants = [&] {
    if (ports.ok()) (void)sys::HandleClose(*ports);
    if (line.ok()) (void)sys::HandleClose(*line);
  };
  if (!ports.ok() || !line.ok()) {
    Print("consoled: no keyboard grants (ps2-ports: {}, ps2-irq: {})", ports.status(),
          line.status());
    close_grants();
    return;
  }
  Result<Ps2Keyboard> keyboard = Ps2Keyboard::Open(*ports);
  if (!keyboard.ok()) {
    Print("consoled: no PS/2 keyboard: {}", keyboard.status());
    close_grants();
    return;
  }
  sys::Handle interrupt = 0;
  const Status bound = sys::InterruptCreate(*line, Ps2Keyboard::kIrq, 0, &interrupt);
  close_grants();
  if (bound != Status::kOk) {
    Print("consoled: interrupt_create(IRQ {}): {}", Ps2Keyboard::kIrq, bound);
    return;
  }
  Ps2Keyboard& placed = keyboard_slot.Make(*keyboard);
  (void)server.AddInput(keyboard_input_slot.Make(placed, interrupt));
  Print("consoled: reading the PS/2 keyboard (IRQ {})", Ps2Keyboard::kIrq);
}

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

  ConsoleServer& server = server_slot.Make();
  SerialConsole serial(*uart, interrupt);
  (void)server.AddOutput(serial);
  (void)server.AddInput(serial);
  AddScreen(server);
  AddKeyboard(server);
  Print("consoled: serving {} on COM1 (IRQ {})", info->name, Uart::kCom1Irq);
  const Status served = raeen::rae::Serve(server);
  Print("consoled: serve ended: {}", served);
  return served == Status::kOk ? 0 : 5;
}
