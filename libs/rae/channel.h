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

}  // namespace raeen::rae
