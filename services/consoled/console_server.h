#pragma once
// consoled's event loop, on one thread: rae::Serve's port carries the clients' requests
// (handed to ConsoleService) and, with kOwnKey keys, the input devices' interrupts. A read
// is answered from the input queue at once, or as soon as an interrupt brings input.

#include <stddef.h>
#include <stdint.h>

#include "libs/rae/server.h"
#include "services/consoled/console_service.h"

namespace raeen::consoled {

// Where console input comes from: COM1, the PS/2 keyboard.
class InputDevice {
 public:
  // The interrupt object that fires when input may be there.
  virtual sys::Handle interrupt() const = 0;
  // Moves the input the device holds, as terminal bytes, into `out` (at most `capacity`);
  // returns how many. Must also clear the device's interrupt condition.
  virtual size_t Receive(uint8_t* out, size_t capacity) = 0;

 protected:
  ~InputDevice() = default;
};

class ConsoleServer final : public rae::Server, private ReplySink {
 public:
  static constexpr size_t kMaxInputs = 4;

  ConsoleServer() : service_(*this) {}

  // Add devices before Serve starts. False when the table is full.
  bool AddOutput(OutputDevice& device) { return service_.AddOutput(device); }
  bool AddInput(InputDevice& device);

  // rae::Server.
  void OnRequest(sys::Handle client, rstd::Bytes request,
                 rstd::Span<const sys::HandleInfo> handles) override;
  void OnClientClosed(sys::Handle client) override { service_.ClientClosed(client); }
  // An input device's interrupt fired.
  void OnPacket(const sys::PortPacket& packet) override;
  // Drains the input devices and binds their interrupts to the port the first time (port()
  // is valid only once Serve runs), or again after a failed binding; never asks for a
  // deadline.
  int64_t NextDeadline() override;

 private:
  struct Input {
    InputDevice* device;
    bool armed;
  };

  // ReplySink: a reply to a client that went away is not the console's problem.
  void Reply(uint32_t client, rstd::Bytes message) override;
  // Moves the device's input into the service (which answers the waiting read).
  void Drain(InputDevice& device);
  void Arm(size_t index);

  ConsoleService service_;
  Input inputs_[kMaxInputs] = {};
  size_t input_count_ = 0;
};

}  // namespace raeen::consoled
