#pragma once
// The console's input: bytes from every input device, in arrival order, and the one read
// that waits for them. Pure logic (no syscalls, no locking: the caller serialises), built for
// the host tests too.

#include <stddef.h>
#include <stdint.h>

namespace raeen::consoled {

// A read request that could not be answered at once: to whom the reply goes later.
struct PendingRead {
  uint32_t client = 0;  // the server's handle of the client's channel
  uint32_t transaction_id = 0;
  uint32_t max_bytes = 0;
};

class InputQueue {
 public:
  // Input beyond this many unread bytes is dropped (newest first: what was typed earlier
  // stays in order) and counted.
  static constexpr size_t kCapacity = 4096;

  enum class ReadResult : uint8_t {
    kReady,    // bytes were queued; they are in `out`
    kWaiting,  // nothing queued; the read is remembered and answered by TakeForWaitingRead
    kBusy,     // another read already waits; this one is not remembered
  };

  // A read of at most `read.max_bytes` (and `capacity`) bytes into `out`.
  ReadResult Read(const PendingRead& read, uint8_t* out, size_t capacity, size_t* count);

  // Appends input bytes; returns how many were dropped for lack of room.
  size_t Push(const uint8_t* bytes, size_t count);

  // When a read waits and bytes are queued: hands over the read and its bytes (at most
  // `capacity`) and forgets the read. False otherwise.
  bool TakeForWaitingRead(PendingRead* read, uint8_t* out, size_t capacity, size_t* count);

  // Forgets the waiting read of `client` (its channel is closing), if there is one.
  void Forget(uint32_t client);

  size_t queued() const { return size_; }
  bool has_waiting_read() const { return waiting_; }
  uint64_t dropped() const { return dropped_; }

 private:
  size_t Pop(uint8_t* out, size_t count);

  uint8_t ring_[kCapacity];
  size_t head_ = 0;  // index of the oldest byte
  size_t size_ = 0;
  bool waiting_ = false;
  PendingRead waiting_read_;
  uint64_t dropped_ = 0;
};

}  // namespace raeen::consoled
