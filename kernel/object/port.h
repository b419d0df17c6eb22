#pragma once
// Port: a queue of packets that tells one service thread about many objects (ARCHITECTURE.md
// §5). object_wait_async binds an object's signals to a port with a key; when one of them is
// set, a packet {key, signals} is queued and the binding ends (one-shot: bind again to hear
// about the next change). A binding reserves its packet's room when it is made, so delivery
// never fails and never blocks the object that signals.

#include <stdint.h>

#include "kernel/object/signaling_object.h"
#include "kernel/sync/wait_queue.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

struct PortPacket {
  uint64_t key;
  uint64_t timestamp_ns;  // monotonic time the signals were seen
  uint32_t signals;       // all of the object's signals when the packet was made
};

class Port final : public KernelObject {
 public:
  // Packets queued plus bindings waiting, at most.
  static constexpr uint32_t kCapacity = 256;
  static constexpr Rights kDefaultRights = Rights::kDuplicate | Rights::kTransfer |
                                           Rights::kRead | Rights::kWrite | Rights::kWait;
  static constexpr Rights kValidRights = kDefaultRights;

  static Result<RefPtr<Port>> Create();

  // Binds `object`'s `mask` signals to this port with `key`. Errors: kNoMemory, kShouldWait
  // (kCapacity packets and bindings already), kInvalidArgument (mask 0).
  Result<void> Bind(SignalingObject& object, uint32_t mask, uint64_t key);

  // The oldest packet; blocks until there is one or `deadline_ns`. Errors: kTimedOut.
  Result<PortPacket> Wait(uint64_t deadline_ns);

 private:
  class Binding;
  friend class Binding;

  Port() : KernelObject(ObjectType::kPort, kDefaultRights, kValidRights) {}

  // Queue lock held: the binding's reserved room becomes a packet / is given back.
  void DeliverLocked(const PortPacket& packet);

  sync::WaitQueue queue_{sync::LockRank::kPortQueue, "port"};
  PortPacket packets_[kCapacity];
  uint32_t head_ = 0;
  uint32_t count_ = 0;     // queued packets
  uint32_t reserved_ = 0;  // bindings that have not fired
};

}  // namespace raeen::kernel
