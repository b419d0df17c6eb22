#include "services/consoled/console_server.h"

#include "libs/rae/runtime.h"

namespace raeen::consoled {

bool ConsoleServer::AddInput(InputDevice& device) {
  if (input_count_ == kMaxInputs) return false;
  inputs_[input_count_++] = {&device, false, false};
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
  bool backlog = false;
  for (size_t i = 0; i < input_count_; ++i) {
    if (!inputs_[i].armed) {
      // Input that arrived before the interrupt was bound (typed while an earlier consoled
      // was being restarted) holds the device's interrupt line up without a new edge: take
      // it now, so that the next byte raises one.
      Drain(inputs_[i]);
      Arm(i);
    }
    backlog = backlog || inputs_[i].backlog;
  }
  // A deadline in the past: the port still hands over what is queued, else times out at once.
  return backlog ? 0 : INT64_MAX;
}

void ConsoleServer::OnDeadline() {
  for (size_t i = 0; i < input_count_; ++i) {
    if (inputs_[i].backlog) Drain(inputs_[i]);
  }
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
  // caught by the second drain (or, past kMaxDrainBytes, by OnDeadline).
  Drain(input);
  if (Status acked = sys::InterruptAck(input.device->interrupt()); acked != Status::kOk) {
    rae::Print("consoled: interrupt_ack: {}", acked);
  }
  if (!input.backlog) Drain(input);
  Arm(index);
}

void ConsoleServer::Drain(Input& input) {
  uint8_t bytes[64];
  input.backlog = false;
  for (size_t moved = 0; moved < kMaxDrainBytes;) {
    const size_t count = input.device->Receive(bytes, sizeof(bytes));
    if (count == 0) return;
    moved += count;
    const size_t dropped = service_.Input(bytes, count);
    if (dropped != 0 && !dropping_) {
      rae::Print("consoled: input queue full; input is dropped until a client reads");
    }
    dropping_ = dropped != 0;
  }
  input.backlog = true;
}

}  // namespace raeen::consoled
