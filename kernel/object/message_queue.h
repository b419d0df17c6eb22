#pragma once
// MessageQueue: the messages waiting at one end of a channel (ARCHITECTURE.md §5): bytes plus
// handles (objects with rights, already taken out of the sender's handle table), first in
// first out, bounded in count and in bytes so that a sender cannot exhaust kernel memory by
// writing to a reader that never reads.
//
//   Write  queues a copy of the bytes and takes over the handles. kShouldWait when the queue
//          is full; kPeerClosed when the reading end is gone (then the handles are dropped
//          with the message, as if the message had been delivered and closed).
//   Read   hands out the first message if the caller's buffers fit it; otherwise
//          kBufferTooSmall, and the message stays first (PeekSizes says what it needs).
//          kShouldWait when empty; kPeerClosed when empty and the writing end is gone.
//
// The Channel object puts two queues (one per direction) behind its lock; this file is the
// pure part, host-tested (tests/host/kernel/object/message_queue_test.cc). Messages come from
// a MessageAllocator so that the kernel can use its heap and the host tests malloc.

#include <stddef.h>
#include <stdint.h>

#include "kernel/object/handle_table.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

inline constexpr uint32_t kMaxMessageBytes = 64 * 1024;
inline constexpr uint32_t kMaxMessageHandles = 64;

class MessageAllocator {
 public:
  virtual void* Allocate(size_t size) = 0;  // null when out of memory
  virtual void Free(void* block) = 0;

 protected:
  ~MessageAllocator() = default;
};

struct MessageLimits {
  uint32_t max_messages = 64;
  uint64_t max_bytes = 256 * 1024;  // data bytes queued at once
};

// What a Read found.
struct ReadResult {
  uint32_t bytes = 0;    // the message's size (written, or needed)
  uint32_t handles = 0;  // its handle count (written, or needed)
};

class MessageQueue {
 public:
  MessageQueue(MessageAllocator& allocator, MessageLimits limits)
      : allocator_(&allocator), limits_(limits) {}
  ~MessageQueue() { Clear(); }
  MessageQueue(const MessageQueue&) = delete;
  MessageQueue& operator=(const MessageQueue&) = delete;

  // Queues a copy of `bytes` and takes the `handles` (their entries are left empty, also on
  // kPeerClosed; on any other error the caller keeps them). Errors: kOutOfRange (more than
  // kMaxMessageBytes or kMaxMessageHandles), kPeerClosed, kShouldWait (full), kNoMemory.
  Result<void> Write(rstd::Span<const uint8_t> bytes, rstd::Span<HandleEntry> handles);

  // Moves the first message into `bytes` and `handles` (entries there must be empty) and
  // says how much of each it filled. Errors: kShouldWait, kPeerClosed, kBufferTooSmall.
  Result<ReadResult> Read(rstd::Span<uint8_t> bytes, rstd::Span<HandleEntry> handles);
  // The first message's sizes; false when the queue is empty.
  bool PeekSizes(ReadResult* sizes) const;

  // The other end closed: no more writes (reads drain what is queued, then kPeerClosed).
  void CloseWriter() { writer_closed_ = true; }
  // This end closed: queued messages are dropped (their handles closed), later writes fail.
  void CloseReader() {
    reader_closed_ = true;
    Clear();
  }

  bool empty() const { return head_ == nullptr; }
  uint32_t message_count() const { return count_; }
  uint64_t queued_bytes() const { return queued_bytes_; }
  // Whether a Write of this size would be refused as full right now.
  bool full_for(uint32_t bytes) const {
    return count_ >= limits_.max_messages || queued_bytes_ + bytes > limits_.max_bytes;
  }

 private:
  struct Message;
  void Clear();
  void Destroy(Message* message);

  MessageAllocator* allocator_;
  MessageLimits limits_;
  Message* head_ = nullptr;
  Message* tail_ = nullptr;
  uint32_t count_ = 0;
  uint64_t queued_bytes_ = 0;
  bool writer_closed_ = false;
  bool reader_closed_ = false;
};

}  // namespace raeen::kernel
