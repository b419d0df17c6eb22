#pragma once
// Channel helpers over the raw syscalls.

#include "raeen/syscalls.h"

namespace raeen::rae {

inline constexpr int64_t kForever = INT64_MAX;

// Waits until `channel` has a message (or its peer closed) by `deadline_ns`, then reads it.
// Returns channel_read's status (kPeerClosed once the peer is gone and nothing is queued), or
// kTimedOut.
Status WaitAndRead(sys::Handle channel, void* bytes, size_t bytes_capacity,
                   sys::HandleInfo* handles, size_t handles_capacity, sys::MessageSize* size,
                   int64_t deadline_ns = kForever);

// channel_call / channel_reply_and_wait arguments for a plain message each way: `send`
// (`send_size` bytes) goes out, the answer lands in `receive`; no handles.
inline sys::ChannelCallArgs BytesCall(const void* send, size_t send_size, void* receive,
                                      size_t receive_capacity, int64_t deadline_ns = kForever) {
  return sys::ChannelCallArgs{reinterpret_cast<uint64_t>(send), send_size, 0, 0,
                              reinterpret_cast<uint64_t>(receive), receive_capacity, 0, 0,
                              deadline_ns};
}

}  // namespace raeen::rae
