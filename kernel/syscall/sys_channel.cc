// channel_create, channel_write, channel_read, channel_call, channel_reply_and_wait.
//
// A message crosses in two copies: from the sender's memory into a kernel message (its queue
// entry), and from there into the receiver's buffers. Handles leave the sender's table when
// the message is queued and enter the receiver's when it is read.

#include "kernel/mm/alloc_checker.h"
#include "kernel/object/channel.h"
#include "kernel/syscall/syscall_support.h"
#include "kernel/thread/scheduler.h"
#include "libs/rstd/placement_new.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {
namespace {

// A kernel buffer for one message's bytes: small messages (the IPC fast path's) on the
// stack, larger ones on the heap (messages reach 64 KiB; kernel stacks are 16 KiB).
class MessageBuffer {
 public:
  MessageBuffer() = default;
  MessageBuffer(const MessageBuffer&) = delete;
  MessageBuffer& operator=(const MessageBuffer&) = delete;
  ~MessageBuffer() {
    if (data_ != inline_) delete[] data_;
  }

  Status Allocate(uint64_t size) {
    size_ = size;
    if (size <= sizeof(inline_)) return Status::kOk;
    AllocChecker checker;
    data_ = new (checker) uint8_t[size];
    if (!checker.Check()) {
      data_ = inline_;
      size_ = 0;
      return Status::kNoMemory;
    }
    return Status::kOk;
  }
  uint8_t* data() { return data_; }
  rstd::Span<uint8_t> span() { return rstd::Span<uint8_t>(data_, size_); }

 private:
  uint8_t inline_[256];
  uint8_t* data_ = inline_;
  uint64_t size_ = 0;
};

// Room for a message's handle entries, of which only the first `count` are constructed: a
// fast-path message carries none, and constructing and destroying all 64 references in every
// send and receive cost about 2,000 guest instructions per round trip (measured with -icount).
class HandleEntries {
 public:
  explicit HandleEntries(size_t count) : count_(count) {
    for (size_t i = 0; i < count_; ++i) new (&storage_[i]) HandleEntry();
  }
  ~HandleEntries() {
    for (size_t i = 0; i < count_; ++i) (*this)[i].~HandleEntry();
  }
  HandleEntries(const HandleEntries&) = delete;
  HandleEntries& operator=(const HandleEntries&) = delete;

  HandleEntry& operator[](size_t i) {
    return *__builtin_launder(reinterpret_cast<HandleEntry*>(&storage_[i]));
  }
  rstd::Span<HandleEntry> span() {
    return rstd::Span<HandleEntry>(reinterpret_cast<HandleEntry*>(storage_), count_);
  }

 private:
  struct alignas(HandleEntry) Slot {
    unsigned char bytes[sizeof(HandleEntry)];
  };
  Slot storage_[kMaxMessageHandles];
  size_t count_;
};

// What to send: the user's bytes and handle values.
struct Outgoing {
  uint64_t bytes;
  uint64_t bytes_size;
  uint64_t handles;
  uint64_t handles_count;
};

// Copies the message in, takes its handles out of the caller's table (all or none) and
// writes it to `channel`. `self` is the caller's handle to the channel, which may not travel
// in its own message.
Status Send(Channel& channel, HandleValue self, const Outgoing& message) {
  if (message.bytes_size > kMaxMessageBytes || message.handles_count > kMaxMessageHandles) {
    return Status::kOutOfRange;
  }
  MessageBuffer bytes;
  if (Status allocated = bytes.Allocate(message.bytes_size); allocated != Status::kOk) {
    return allocated;
  }
  if (Status copied = CopyIn(bytes.data(), message.bytes, message.bytes_size);
      copied != Status::kOk) {
    return copied;
  }
  HandleValue values[kMaxMessageHandles];
  if (Status copied = CopyIn(values, message.handles, message.handles_count * sizeof(values[0]));
      copied != Status::kOk) {
    return copied;
  }
  const size_t count = message.handles_count;
  for (size_t i = 0; i < count; ++i) {
    if (values[i] == self) return Status::kInvalidArgument;
    for (size_t j = 0; j < i; ++j) {
      if (values[j] == values[i]) return Status::kInvalidArgument;
    }
  }
  HandleEntries entries(count);
  // Check every handle before taking any, so a refused message leaves the table as it was.
  // A message of bytes alone (the fast path's) leaves the table alone.
  if (count != 0) {
    Status taken = Caller().WithHandles([&](HandleTable& table) {
      for (size_t i = 0; i < count; ++i) {
        Result<HandleEntry> entry = table.GetAny(values[i], Rights::kTransfer);
        if (!entry.ok()) return entry.status();
      }
      for (size_t i = 0; i < count; ++i) entries[i] = table.Take(values[i]).value();
      return Status::kOk;
    });
    if (taken != Status::kOk) return taken;
  }
  // Once taken the handles are gone from the caller whatever happens: a refused message (full,
  // out of memory, peer closed) closes them with `entries`. Putting them back would give them
  // new values the caller never learns.
  return channel.Write(rstd::Span<const uint8_t>(bytes.data(), message.bytes_size),
                       entries.span())
      .status();
}

// Where a received message goes.
struct Incoming {
  uint64_t bytes;
  uint64_t bytes_capacity;
  uint64_t handles;
  uint64_t handles_capacity;
};

// Takes the next message off `channel` into kernel buffers; `size` gets its size, also when
// it does not fit (kBufferTooSmall, nothing taken).
Status ReadMessage(Channel& channel, rstd::Span<uint8_t> bytes, rstd::Span<HandleEntry> handles,
                   MessageSize* size) {
  Result<ReadResult> result = channel.Read(bytes, handles);
  if (!result.ok()) {
    ReadResult peek{};
    if (result.status() == Status::kBufferTooSmall && channel.PeekSizes(&peek)) {
      *size = MessageSize{peek.bytes, peek.handles};
    }
    return result.status();
  }
  *size = MessageSize{result->bytes, result->handles};
  return Status::kOk;
}

// Reads one message into the caller's buffers and handle table, and its size into `actual`.
Status Receive(Channel& channel, const Incoming& into, UserOut<MessageSize> actual) {
  const uint64_t bytes_capacity = rstd::Min<uint64_t>(into.bytes_capacity, kMaxMessageBytes);
  const uint64_t handles_capacity =
      rstd::Min<uint64_t>(into.handles_capacity, kMaxMessageHandles);
  if (CheckUserRange(into.bytes, bytes_capacity) != Status::kOk ||
      CheckUserRange(into.handles, handles_capacity * sizeof(HandleInfo)) != Status::kOk) {
    return Status::kInvalidArgument;
  }
  MessageBuffer bytes;
  if (Status allocated = bytes.Allocate(bytes_capacity); allocated != Status::kOk) {
    return allocated;
  }
  HandleEntries entries(handles_capacity);
  Process& caller = Caller();
  HandleInfo infos[kMaxMessageHandles];
  MessageSize size{};
  // With no room for handles none can arrive (a message that has some does not fit), so the
  // fast path's read leaves the handle table alone.
  if (handles_capacity == 0) {
    const Status read = ReadMessage(channel, bytes.span(), entries.span(), &size);
    if (read != Status::kOk && read != Status::kBufferTooSmall) return read;
    if (Status copied = CopyOut(actual, size); copied != Status::kOk) return copied;
    if (read != Status::kOk) return read;
    return CopyOut(into.bytes, bytes.data(), size.bytes);
  }
  // The table's lock is held across the read, so the room checked for the handles is there.
  Status read = caller.WithHandles([&](HandleTable& table) {
    ReadResult peek{};
    if (channel.PeekSizes(&peek) && peek.handles > table.capacity() - table.count()) {
      size = MessageSize{peek.bytes, peek.handles};
      return Status::kQuotaExceeded;
    }
    if (Status got = ReadMessage(channel, bytes.span(), entries.span(), &size);
        got != Status::kOk) {
      return got;
    }
    for (uint32_t i = 0; i < size.handles; ++i) {
      const uint32_t type = static_cast<uint32_t>(entries[i].object->type());
      const Rights rights = entries[i].rights;
      // Room was checked above under this lock, so Add cannot run out of slots.
      const HandleValue value = table.Add(rstd::Move(entries[i].object), rights).value();
      infos[i] = HandleInfo{value, type, rights.bits()};
    }
    return Status::kOk;
  });
  if (read != Status::kOk && read != Status::kBufferTooSmall && read != Status::kQuotaExceeded) {
    return read;
  }
  if (Status copied = CopyOut(actual, size); copied != Status::kOk) return copied;
  if (read != Status::kOk) return read;
  if (Status copied = CopyOut(into.bytes, bytes.data(), size.bytes); copied != Status::kOk) {
    return copied;
  }
  return CopyOut(into.handles, infos, size.handles * sizeof(HandleInfo));
}

// Waits until `channel` has a message (or its peer is gone) or the deadline passes.
Status AwaitMessage(Channel& channel, int64_t deadline_ns) {
  Result<uint32_t> seen = KillableWait(Deadline(deadline_ns), [&](uint64_t slice) {
    return channel.WaitForSignals(signals::kReadable | signals::kPeerClosed, slice);
  });
  return seen.status();
}

}  // namespace

Status ChannelCreate(UserOut<HandleValue> end0, UserOut<HandleValue> end1) {
  RefPtr<Channel> first;
  RefPtr<Channel> second;
  if (!Channel::CreatePair(&first, &second).ok()) return Status::kNoMemory;
  // Both handles or neither.
  HandleValue values[2] = {};
  Status added = Caller().WithHandles([&](HandleTable& table) {
    if (table.capacity() - table.count() < 2) return Status::kQuotaExceeded;
    values[0] = table.Add(rstd::Move(first), Channel::kDefaultRights).value();
    values[1] = table.Add(rstd::Move(second), Channel::kDefaultRights).value();
    return Status::kOk;
  });
  if (added != Status::kOk) return added;
  if (CopyOut(end0, values[0]) != Status::kOk || CopyOut(end1, values[1]) != Status::kOk) {
    Caller().WithHandles([&](HandleTable& table) {
      (void)table.Close(values[0]);
      (void)table.Close(values[1]);
    });
    return Status::kInvalidArgument;
  }
  return Status::kOk;
}

Status ChannelWrite(HandleValue channel, UserBytesIn bytes, UserArrayIn<HandleValue> handles) {
  RAEEN_TRY_STATUS(RefPtr<Channel> target,
                   LookUp<Channel>(channel, kChannelWriteChannelType, kChannelWriteChannelRights));
  return Send(*target, channel, {bytes.address, bytes.count, handles.address, handles.count});
}

Status ChannelRead(HandleValue channel, UserBytesOut bytes, UserArrayOut<HandleInfo> handles,
                   UserOut<MessageSize> actual) {
  RAEEN_TRY_STATUS(RefPtr<Channel> source,
                   LookUp<Channel>(channel, kChannelReadChannelType, kChannelReadChannelRights));
  return Receive(*source, {bytes.address, bytes.count, handles.address, handles.count}, actual);
}

Status ChannelCall(HandleValue channel, UserIn<ChannelCallArgs> args, UserOut<MessageSize> actual) {
  RAEEN_TRY_STATUS(RefPtr<Channel> target,
                   LookUp<Channel>(channel, kChannelCallChannelType, kChannelCallChannelRights));
  ChannelCallArgs call{};
  if (Status copied = CopyIn(&call, args); copied != Status::kOk) return copied;
  HandOffGuard hand_off(/*lend_budget=*/true);  // the server runs next, on this CPU
  if (Status sent = Send(*target, channel,
                         {call.write_bytes, call.write_bytes_size, call.write_handles,
                          call.write_handles_count});
      sent != Status::kOk) {
    return sent;
  }
  if (Status waited = AwaitMessage(*target, call.deadline_ns); waited != Status::kOk) {
    return waited;
  }
  return Receive(*target,
                 {call.read_bytes, call.read_bytes_capacity, call.read_handles,
                  call.read_handles_capacity},
                 actual);
}

Status ChannelReplyAndWait(HandleValue reply_channel, HandleValue wait_channel,
                           UserIn<ChannelCallArgs> args, UserOut<MessageSize> actual) {
  RAEEN_TRY_STATUS(RefPtr<Channel> reply,
                   LookUp<Channel>(reply_channel, kChannelReplyAndWaitReplyChannelType,
                                   kChannelReplyAndWaitReplyChannelRights));
  RAEEN_TRY_STATUS(RefPtr<Channel> wait,
                   LookUp<Channel>(wait_channel, kChannelReplyAndWaitWaitChannelType,
                                   kChannelReplyAndWaitWaitChannelRights));
  ChannelCallArgs call{};
  if (Status copied = CopyIn(&call, args); copied != Status::kOk) return copied;
  // The client runs next, on this CPU, once this thread waits for the next request (or at
  // the guard's end, if one is already queued).
  HandOffGuard hand_off;
  // A server's first wait has nothing to reply yet; a reply to a client that went away is
  // not the server's problem.
  if (call.write_bytes_size != 0 || call.write_handles_count != 0) {
    const Status sent = Send(*reply, reply_channel,
                             {call.write_bytes, call.write_bytes_size, call.write_handles,
                              call.write_handles_count});
    if (sent != Status::kOk && sent != Status::kPeerClosed) return sent;
  }
  for (;;) {
    if (Status waited = AwaitMessage(*wait, call.deadline_ns); waited != Status::kOk) {
      return waited;
    }
    const Status received = Receive(*wait,
                                    {call.read_bytes, call.read_bytes_capacity,
                                     call.read_handles, call.read_handles_capacity},
                                    actual);
    // Another thread of the server may have taken the message between wake-up and read.
    if (received != Status::kShouldWait) return received;
  }
}

}  // namespace raeen::kernel::sys
