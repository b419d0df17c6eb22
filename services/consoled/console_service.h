#pragma once
// The console protocol (services/contracts/console.ridl) without the system around it:
// requests in, replies out through a ReplySink, text to the output devices, input bytes
// queued for the one read that may wait for them. Pure logic (no syscalls), tested on the
// host; console_server.h connects it to rae::Serve, the channels and the devices' interrupts.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/protocols/console.h"
#include "services/consoled/input_queue.h"

namespace raeen::consoled {

// Somewhere console text goes: COM1, the framebuffer.
class OutputDevice {
 public:
  virtual void Write(rstd::StringView text) = 0;

 protected:
  ~OutputDevice() = default;
};

// Where replies go: the client's channel (sys::ChannelWrite in consoled).
class ReplySink {
 public:
  virtual void Reply(uint32_t client, rstd::Bytes message) = 0;

 protected:
  ~ReplySink() = default;
};

class ConsoleService {
 public:
  static constexpr size_t kMaxOutputs = 4;
  static constexpr uint32_t kMaxReadBytes = 256;

  explicit ConsoleService(ReplySink& replies) : replies_(replies) {}

  // Adds an output device. False when kMaxOutputs are there.
  bool AddOutput(OutputDevice& device);

  // One request from `client`. Every request of this protocol is answered (a read possibly
  // later): a malformed one with its message's reply and the decoder's status. Returns kOk,
  // or the status of a request that could not be answered at all (no header, an unknown
  // ordinal, a reply instead of a request), for the caller to log.
  Status HandleRequest(uint32_t client, rstd::Bytes request,
                       rstd::Span<const ridl::HandleInfo> handles);

  // `client` is gone: its waiting read, if any, is forgotten.
  void ClientClosed(uint32_t client) { input_.Forget(client); }

  // Input from a device: queued, and the waiting read answered. Returns the bytes dropped
  // because the queue was full.
  size_t Input(const uint8_t* bytes, size_t count);

  // The protocol's handlers (protocol::console::DispatchRequest calls them).
  Status Write(const protocol::console::WriteRequest& request, uint32_t transaction_id);
  Status Read(const protocol::console::ReadRequest& request, uint32_t transaction_id);

  const InputQueue& input() const { return input_; }

 private:
  void ReplyWrite(uint32_t client, uint32_t transaction_id, Status status);
  void ReplyRead(uint32_t client, uint32_t transaction_id, Status status, rstd::Bytes bytes);

  ReplySink& replies_;
  OutputDevice* outputs_[kMaxOutputs] = {};
  size_t output_count_ = 0;
  // The client whose request is being dispatched (DispatchRequest passes no context).
  uint32_t current_client_ = 0;
  InputQueue input_;
};

}  // namespace raeen::consoled
