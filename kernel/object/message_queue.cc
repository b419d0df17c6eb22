#include "kernel/object/message_queue.h"

#include "libs/rstd/placement_new.h"

namespace raeen::kernel {

// One allocation per message: the header, then the handle entries, then the bytes.
struct MessageQueue::Message {
  Message* next = nullptr;
  uint32_t byte_count = 0;
  uint32_t handle_count = 0;

  HandleEntry* handles() { return reinterpret_cast<HandleEntry*>(this + 1); }
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(handles() + handle_count); }
  static size_t SizeFor(uint32_t bytes, uint32_t handles) {
    return sizeof(Message) + handles * sizeof(HandleEntry) + bytes;
  }
};

void MessageQueue::Destroy(Message* message) {
  for (uint32_t i = 0; i < message->handle_count; ++i) message->handles()[i].~HandleEntry();
  message->~Message();
  allocator_->Free(message);
}

void MessageQueue::Clear() {
  while (head_ != nullptr) {
    Message* message = head_;
    head_ = message->next;
    Destroy(message);
  }
  tail_ = nullptr;
  count_ = 0;
  queued_bytes_ = 0;
}

Result<void> MessageQueue::Write(rstd::Span<const uint8_t> bytes, rstd::Span<HandleEntry> handles) {
  if (bytes.size() > kMaxMessageBytes || handles.size() > kMaxMessageHandles) {
    return Error(Status::kOutOfRange);
  }
  if (reader_closed_) {
    // Delivered into a closed end: the handles go with it.
    for (HandleEntry& entry : handles) entry = HandleEntry{};
    return Error(Status::kPeerClosed);
  }
  const auto byte_count = static_cast<uint32_t>(bytes.size());
  if (full_for(byte_count)) return Error(Status::kShouldWait);
  void* block =
      allocator_->Allocate(Message::SizeFor(byte_count, static_cast<uint32_t>(handles.size())));
  if (block == nullptr) return Error(Status::kNoMemory);
  auto* message = new (block) Message();
  message->byte_count = byte_count;
  message->handle_count = static_cast<uint32_t>(handles.size());
  for (uint32_t i = 0; i < message->handle_count; ++i) {
    new (&message->handles()[i]) HandleEntry{static_cast<HandleEntry&&>(handles[i])};
    handles[i] = HandleEntry{};
  }
  if (byte_count != 0) __builtin_memcpy(message->bytes(), bytes.data(), byte_count);
  if (tail_ != nullptr) {
    tail_->next = message;
  } else {
    head_ = message;
  }
  tail_ = message;
  ++count_;
  queued_bytes_ += byte_count;
  return {};
}

bool MessageQueue::PeekSizes(ReadResult* sizes) const {
  if (head_ == nullptr) return false;
  *sizes = {head_->byte_count, head_->handle_count};
  return true;
}

Result<ReadResult> MessageQueue::Read(rstd::Span<uint8_t> bytes, rstd::Span<HandleEntry> handles) {
  Message* message = head_;
  if (message == nullptr) return Error(writer_closed_ ? Status::kPeerClosed : Status::kShouldWait);
  const ReadResult sizes{message->byte_count, message->handle_count};
  if (bytes.size() < message->byte_count || handles.size() < message->handle_count) {
    return Error(Status::kBufferTooSmall);
  }
  if (message->byte_count != 0) {
    __builtin_memcpy(bytes.data(), message->bytes(), message->byte_count);
  }
  for (uint32_t i = 0; i < message->handle_count; ++i) {
    handles[i] = static_cast<HandleEntry&&>(message->handles()[i]);
  }
  head_ = message->next;
  if (head_ == nullptr) tail_ = nullptr;
  --count_;
  queued_bytes_ -= message->byte_count;
  Destroy(message);
  return sizes;
}

}  // namespace raeen::kernel
