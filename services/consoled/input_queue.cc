#include "services/consoled/input_queue.h"

namespace raeen::consoled {

InputQueue::ReadResult InputQueue::Read(const PendingRead& read, uint8_t* out, size_t capacity,
                                        size_t* count) {
  *count = 0;
  if (size_ != 0 && !waiting_) {
    *count = Pop(out, read.max_bytes < capacity ? read.max_bytes : capacity);
    return ReadResult::kReady;
  }
  if (waiting_) return ReadResult::kBusy;
  waiting_ = true;
  waiting_read_ = read;
  return ReadResult::kWaiting;
}

size_t InputQueue::Push(const uint8_t* bytes, size_t count) {
  size_t taken = 0;
  for (; taken < count && size_ < kCapacity; ++taken) {
    ring_[(head_ + size_) % kCapacity] = bytes[taken];
    ++size_;
  }
  dropped_ += count - taken;
  return count - taken;
}

bool InputQueue::TakeForWaitingRead(PendingRead* read, uint8_t* out, size_t capacity,
                                    size_t* count) {
  *count = 0;
  if (!waiting_ || size_ == 0) return false;
  *read = waiting_read_;
  waiting_ = false;
  *count = Pop(out, read->max_bytes < capacity ? read->max_bytes : capacity);
  return true;
}

void InputQueue::Forget(uint32_t client) {
  if (waiting_ && waiting_read_.client == client) waiting_ = false;
}

size_t InputQueue::Pop(uint8_t* out, size_t count) {
  size_t n = 0;
  for (; n < count && size_ != 0; ++n) {
    out[n] = ring_[head_];
    head_ = (head_ + 1) % kCapacity;
    --size_;
  }
  return n;
}

}  // namespace raeen::consoled
