#include "services/consoled/console_service.h"

namespace raeen::consoled {

namespace console = protocol::console;

bool ConsoleService::AddOutput(OutputDevice& device) {
  if (output_count_ == kMaxOutputs) return false;
  outputs_[output_count_++] = &device;
  return true;
}

Status ConsoleService::HandleRequest(uint32_t client, rstd::Bytes request,
                                     rstd::Span<const ridl::HandleInfo> handles) {
  current_client_ = client;
  const Status status = console::DispatchRequest(*this, request, handles);
  if (status == Status::kOk) return Status::kOk;
  // The handlers reply themselves; a request that did not reach one gets its message's reply
  // with the decoder's status when the header names a request of this protocol.
  Result<ridl::MessageHeader> header = ridl::PeekHeader(request);
  if (!header.ok()) return header.status();
  if ((header->flags & ridl::kFlagReply) != 0) return Status::kCorrupt;
  if (header->ordinal == console::WriteRequest::kOrdinal) {
    ReplyWrite(client, header->transaction_id, status);
    return Status::kOk;
  }
  if (header->ordinal == console::ReadRequest::kOrdinal) {
    ReplyRead(client, header->transaction_id, status, {});
    return Status::kOk;
  }
  return status;
}

size_t ConsoleService::Input(const uint8_t* bytes, size_t count) {
  const size_t dropped = input_.Push(bytes, count);
  PendingRead read;
  uint8_t taken[kMaxReadBytes];
  size_t taken_count = 0;
  if (input_.TakeForWaitingRead(&read, taken, sizeof(taken), &taken_count)) {
    ReplyRead(read.client, read.transaction_id, Status::kOk, rstd::Bytes(taken, taken_count));
  }
  return dropped;
}

Status ConsoleService::Write(const console::WriteRequest& request, uint32_t transaction_id) {
  for (size_t i = 0; i < output_count_; ++i) outputs_[i]->Write(request.text);
  ReplyWrite(current_client_, transaction_id, Status::kOk);
  return Status::kOk;
}

Status ConsoleService::Read(const console::ReadRequest& request, uint32_t transaction_id) {
  if (request.max_bytes == 0 || request.max_bytes > kMaxReadBytes) {
    ReplyRead(current_client_, transaction_id, Status::kInvalidArgument, {});
    return Status::kOk;
  }
  uint8_t bytes[kMaxReadBytes];
  size_t count = 0;
  const PendingRead read{current_client_, transaction_id, request.max_bytes};
  switch (input_.Read(read, bytes, sizeof(bytes), &count)) {
    case InputQueue::ReadResult::kReady:
      ReplyRead(current_client_, transaction_id, Status::kOk, rstd::Bytes(bytes, count));
      break;
    case InputQueue::ReadResult::kWaiting: break;  // Input() answers it
    case InputQueue::ReadResult::kBusy:
      ReplyRead(current_client_, transaction_id, Status::kBadState, {});
      break;
  }
  return Status::kOk;
}

void ConsoleService::ReplyWrite(uint32_t client, uint32_t transaction_id, Status status) {
  uint8_t bytes[console::WriteReply::kMaxBytes];
  const console::WriteReply reply{static_cast<int32_t>(status)};
  Result<ridl::Encoded> encoded = console::Encode(reply, transaction_id, bytes, {});
  if (encoded.ok()) replies_.Reply(client, rstd::Bytes(bytes, encoded->bytes));
}

void ConsoleService::ReplyRead(uint32_t client, uint32_t transaction_id, Status status,
                               rstd::Bytes data) {
  uint8_t bytes[console::ReadReply::kMaxBytes];
  console::ReadReply reply;
  reply.status = static_cast<int32_t>(status);
  reply.bytes = data;
  Result<ridl::Encoded> encoded = console::Encode(reply, transaction_id, bytes, {});
  if (encoded.ok()) replies_.Reply(client, rstd::Bytes(bytes, encoded->bytes));
}

}  // namespace raeen::consoled
