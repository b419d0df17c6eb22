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
  // is valid only once Serve runs), or again after a failed binding. Asks for an immediate
  // deadline while a device still holds input that a bounded drain left behind.
  int64_t NextDeadline() override;
  // Goes on draining the devices a bounded drain left input in.
  void OnDeadline() override;

 private:
  // Input bytes moved per drain: a device that never runs dry (a flood on the serial line)
  // must not keep the loop from the clients' requests. What is left is taken on the next
  // turn of the loop (an immediate deadline), not on an interrupt: the ISA lines are
  // edge-triggered, and a device that still holds input raises no new edge.
  static constexpr size_t kMaxDrainBytes = InputQueue::kCapacity;

  struct Input {
    InputDevice* device;
    bool armed;
    bool backlog;  // the last drain stopped at kMaxDrainBytes
  };

  // ReplySink: a reply to a client that went away is not the console's problem.
  void Reply(uint32_t client, rstd::Bytes message) override;
  // Moves up to kMaxDrainBytes of the device's input into the service (which answers the
  // waiting read) and notes in `input.backlog` whether the device may hold more.
  void Drain(Input& input);
  void Arm(size_t index);

  ConsoleService service_;
  Input inputs_[kMaxInputs] = {};
  size_t input_count_ = 0;
  // Input is being dropped (the queue is full): logged once per run of drops, not once per
  // drain, so that a flood does not also flood the log.
  bool dropping_ = false;
};

}  // namespace raeen::consoled
