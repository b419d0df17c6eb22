#pragma once
// Channel: one end of a bidirectional message pipe (ARCHITECTURE.md §5). A message is bytes
// plus handles; each direction is a bounded MessageQueue. Signals: kReadable while a message
// waits, kWritable while the peer's queue has room, kPeerClosed once the other end is gone
// (its queued messages can still be read).
//
// Both ends share one mutex (channel operations run in thread context and may allocate and
// sleep); it is taken before either end's wait-queue lock (signals).

#include <stdint.h>

#include "kernel/object/handle_table.h"
#include "kernel/object/message_queue.h"
#include "kernel/object/signaling_object.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

class Channel final : public SignalingObject {
 public:
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kWait |
                                           Rights::kSignal | Rights::kGetProperty;
  static constexpr Rights kValidRights = kDefaultRights;

  // Two connected ends. Errors: kNoMemory.
  static Result<void> CreatePair(RefPtr<Channel>* first, RefPtr<Channel>* second);

  // Sends to the other end; see MessageQueue::Write (kPeerClosed, kShouldWait, kOutOfRange,
  // kNoMemory). The handles are taken on success and on kPeerClosed.
  Result<void> Write(rstd::Span<const uint8_t> bytes, rstd::Span<HandleEntry> handles);
  // The first queued message's sizes; false when none is queued.
  bool PeekSizes(ReadResult* sizes);
  // Receives from this end's queue; see MessageQueue::Read.
  Result<ReadResult> Read(rstd::Span<uint8_t> bytes, rstd::Span<HandleEntry> handles);

 private:
  struct Shared;
  Channel(Shared* shared, int side);
  ~Channel() override;

  Shared* shared_;
  int side_;  // reads queue[side_], writes queue[1 - side_]
};

}  // namespace raeen::kernel
