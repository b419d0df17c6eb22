#include "kernel/object/channel.h"

#include "kernel/mm/alloc_checker.h"
#include "kernel/mm/kernel_memory.h"
#include "kernel/sync/mutex.h"

namespace raeen::kernel {
namespace {

class HeapMessageAllocator final : public MessageAllocator {
 public:
  void* Allocate(size_t size) override {
    Result<void*> block = KernelHeapInstance().Allocate(size);
    return block.ok() ? *block : nullptr;
  }
  void Free(void* block) override { (void)KernelHeapInstance().Free(block); }
};

HeapMessageAllocator message_allocator;

}  // namespace

// What both ends share: the lock, both queues, and who is still there.
struct Channel::Shared {
  sync::Mutex lock;
  MessageQueue queues[2] = {MessageQueue(message_allocator, MessageLimits{}),
                            MessageQueue(message_allocator, MessageLimits{})};
  Channel* ends[2] = {nullptr, nullptr};  // cleared by each end as it goes
};

Result<void> Channel::CreatePair(RefPtr<Channel>* first, RefPtr<Channel>* second) {
  AllocChecker checker;
  auto* shared = new (checker) Shared();
  if (!checker.Check()) return Error(Status::kNoMemory);
  auto* a = new (checker) Channel(shared, 0);
  if (!checker.Check()) {
    delete shared;
    return Error(Status::kNoMemory);
  }
  auto* b = new (checker) Channel(shared, 1);
  if (!checker.Check()) {
    delete a;  // alone: its destructor sees no peer and frees the shared part
    return Error(Status::kNoMemory);
  }
  *first = RefPtr<Channel>::Adopt(a);
  *second = RefPtr<Channel>::Adopt(b);
  return {};
}

Channel::Channel(Shared* shared, int side)
    : SignalingObject(ObjectType::kChannel, kDefaultRights, kValidRights, signals::kWritable),
      shared_(shared),
      side_(side) {
  shared_->ends[side_] = this;
}

Channel::~Channel() {
  bool last = false;
  {
    sync::MutexGuard guard(shared_->lock);
    shared_->ends[side_] = nullptr;
    shared_->queues[side_].CloseReader();    // drops what nobody will read
    shared_->queues[1 - side_].CloseWriter();
    Channel* peer = shared_->ends[1 - side_];
    if (peer != nullptr) {
      peer->UpdateSignals(signals::kWritable, signals::kPeerClosed);
    } else {
      last = true;
    }
  }
  if (last) delete shared_;
}

Result<void> Channel::Write(rstd::Span<const uint8_t> bytes, rstd::Span<HandleEntry> handles) {
  sync::MutexGuard guard(shared_->lock);
  MessageQueue& queue = shared_->queues[1 - side_];
  RAEEN_TRY(queue.Write(bytes, handles));
  shared_->ends[1 - side_]->UpdateSignals(0, signals::kReadable);
  if (queue.full_for(0)) UpdateSignals(signals::kWritable, 0);
  return {};
}

bool Channel::PeekSizes(ReadResult* sizes) {
  sync::MutexGuard guard(shared_->lock);
  return shared_->queues[side_].PeekSizes(sizes);
}

Result<ReadResult> Channel::Read(rstd::Span<uint8_t> bytes, rstd::Span<HandleEntry> handles) {
  sync::MutexGuard guard(shared_->lock);
  MessageQueue& queue = shared_->queues[side_];
  RAEEN_TRY(ReadResult read, queue.Read(bytes, handles));
  if (queue.empty()) UpdateSignals(signals::kReadable, 0);
  // Room again for the writer, if it is still there.
  Channel* peer = shared_->ends[1 - side_];
  if (peer != nullptr && !queue.full_for(0)) peer->UpdateSignals(0, signals::kWritable);
  return read;
}

}  // namespace raeen::kernel
