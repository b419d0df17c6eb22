#include "services/consoled/console_server.h"

#include "libs/rae/runtime.h"

namespace raeen::consoled {

bool ConsoleServer::AddInput(InputDevice& device) {
  if (input_count_ == kMaxInputs) return false;
  inputs_[input_count_++] = {&device, false};
  return true;
}

void ConsoleServer::OnRequest(sys::Handle client, rstd::Bytes request,
                              rstd::Span<const sys::HandleInfo> handles) {
  // No console message carries handles: whatever came along is not kept (the decoder then
  // rejects the message).
  for (const sys::HandleInfo& handle : handles) (void)sys::HandleClose(handle.handle);
  if (Status status = service_.HandleRequest(client, request, handles); status != Status::kOk) {
    rae::Print("consoled: dropped a request that is not one ({})", status);
  }
}

void ConsoleServer::Reply(uint32_t client, rstd::Bytes message) {
  (void)sys::ChannelWrite(client, message.data(), message.size(), nullptr, 0);
}

int64_t ConsoleServer::NextDeadline() {
  for (size_t i = 0; i < input_count_; ++i) {
    if (inputs_[i].armed) continue;
    // Input that arrived before the interrupt was bound (typed while an earlier consoled
    // was being restarted) holds the device's interrupt line up without a new edge: take it
    // now, so that the next byte raises one.
    Drain(*inputs_[i].device);
    Arm(i);
  }
  return INT64_MAX;
}

void ConsoleServer::Arm(size_t index) {
  Input& input = inputs_[index];
  const Status bound = sys::ObjectWaitAsync(input.device->interrupt(), port(), rae::kOwnKey | index,
                                            sys::Signals::kInterrupt);
  if (bound != Status::kOk) {
    rae::Print("consoled: cannot wait for input device {}: {}", index, bound);
    return;
  }
  input.armed = true;
}

void ConsoleServer::OnPacket(const sys::PortPacket& packet) {
  const uint64_t index = packet.key & ~rae::kOwnKey;
  if (index >= input_count_) return;
  Input& input = inputs_[index];
  input.armed = false;
  // The line stays masked from the interrupt to the ack; a byte that arrives in between is
  // caught by the second drain.
  Drain(*input.device);
  if (Status acked = sys::InterruptAck(input.device->interrupt()); acked != Status::kOk) {
    rae::Print("consoled: interrupt_ack: {}", acked);
  }
  Drain(*input.device);
  Arm(index);
}

void ConsoleServer::Drain(InputDevice& device) {
  uint8_t bytes[64];
  for (;;) {
    const size_t count = device.Receive(bytes, sizeof(bytes));
    if (count == 0) return;
    if (const size_t dropped = service_.Input(bytes, count); dropped != 0) {
      rae::Print("consoled: input queue full, {} bytes dropped", dropped);
    }
  }
}

}  // namespace raeen::consoled
