#pragma once
// The runtime of ridlc's protocol stubs: the message header and the bounds-checked reader and
// writer the generated Encode/Decode functions are made of. The wire format is specified in
// docs/reference/ridl.md ("Wire format"). Freestanding (rstd only, no heap), so the same code
// serves the kernel, user programs and host tests.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/status.h"
#include "raeen/syscall_types.h"

namespace raeen::ridl {

using HandleInfo = ::raeen::sys::HandleInfo;

// ordinal u32 | flags u32 | transaction id u32 | total size u32, little-endian.
inline constexpr size_t kHeaderSize = 16;
inline constexpr uint32_t kFlagReply = 1u << 0;
inline constexpr uint32_t kKnownFlags = kFlagReply;

struct MessageHeader {
  uint32_t ordinal;
  uint32_t flags;
  uint32_t transaction_id;
  uint32_t size;
};

// What an encoder produced: bytes and handles to pass to channel_write.
struct Encoded {
  size_t bytes;
  size_t handles;
};

inline uint64_t LoadLittle(const uint8_t* at, size_t size) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i) value |= static_cast<uint64_t>(at[i]) << (8 * i);
  return value;
}

inline void StoreLittle(uint8_t* at, size_t size, uint64_t value) {
  for (size_t i = 0; i < size; ++i) at[i] = static_cast<uint8_t>(value >> (8 * i));
}

// The header of a received message, for a server to pick the decoder by ordinal. kCorrupt if
// `bytes` is shorter than a header or disagrees with its size field.
inline Result<MessageHeader> PeekHeader(rstd::Bytes bytes) {
  if (bytes.size() < kHeaderSize) return Error(Status::kCorrupt);
  const MessageHeader header{static_cast<uint32_t>(LoadLittle(bytes.data(), 4)),
                             static_cast<uint32_t>(LoadLittle(bytes.data() + 4, 4)),
                             static_cast<uint32_t>(LoadLittle(bytes.data() + 8, 4)),
                             static_cast<uint32_t>(LoadLittle(bytes.data() + 12, 4))};
  if (header.size != bytes.size() || (header.flags & ~kKnownFlags) != 0) {
    return Error(Status::kCorrupt);
  }
  return header;
}

// Writes one message: the header and fixed part at the front, variable data appended after
// the fixed part in field order. Every Put checks the space left; the first failure sticks.
class Writer {
 public:
  Writer(rstd::Span<uint8_t> bytes, rstd::Span<uint32_t> handles, size_t fixed_size)
      : bytes_(bytes), handles_(handles), tail_(kHeaderSize + fixed_size) {
    if (tail_ > bytes_.size()) status_ = Status::kBufferTooSmall;
  }

  void Put(size_t offset, size_t size, uint64_t value) {
    if (status_ == Status::kOk) StoreLittle(bytes_.data() + kHeaderSize + offset, size, value);
  }

  // (offset, length) into the fixed part, the data itself at the tail.
  void PutVariable(size_t offset, const void* data, size_t length, uint64_t max_length) {
    if (status_ != Status::kOk) return;
    if (length > max_length) {
      status_ = Status::kOutOfRange;
      return;
    }
    if (length > bytes_.size() - tail_) {
      status_ = Status::kBufferTooSmall;
      return;
    }
    Put(offset, 4, tail_);
    Put(offset + 4, 4, length);
    const uint8_t* from = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < length; ++i) bytes_[tail_ + i] = from[i];
    tail_ += length;
  }

  void PutHandle(size_t offset, uint32_t handle) {
    if (status_ != Status::kOk) return;
    if (handle_count_ == handles_.size()) {
      status_ = Status::kBufferTooSmall;
      return;
    }
    Put(offset, 4, handle_count_);
    handles_[handle_count_++] = handle;
  }

  void Reject(Status status) {
    if (status_ == Status::kOk) status_ = status;
  }

  Result<Encoded> Finish(uint32_t ordinal, uint32_t flags, uint32_t transaction_id) {
    if (status_ != Status::kOk) return Error(status_);
    if (tail_ > 0xffffffffu) return Error(Status::kOutOfRange);
    StoreLittle(bytes_.data(), 4, ordinal);
    StoreLittle(bytes_.data() + 4, 4, flags);
    StoreLittle(bytes_.data() + 8, 4, transaction_id);
    StoreLittle(bytes_.data() + 12, 4, tail_);
    return Encoded{tail_, handle_count_};
  }

 private:
  rstd::Span<uint8_t> bytes_;
  rstd::Span<uint32_t> handles_;
  size_t tail_;
  size_t handle_count_ = 0;
  Status status_ = Status::kOk;
};

// Reads one message. Begin() checks the header and that the fixed part is there, so the
// fixed-offset reads after it are in bounds; variable data and handles are checked one by
// one. The first failure sticks and is what Finish() reports.
class Reader {
 public:
  Reader(rstd::Bytes bytes, rstd::Span<const HandleInfo> handles)
      : bytes_(bytes), handles_(handles) {}

  void Begin(uint32_t ordinal, uint32_t flags, size_t fixed_size) {
    Result<MessageHeader> header = PeekHeader(bytes_);
    if (!header.ok() || header->ordinal != ordinal || header->flags != flags ||
        bytes_.size() - kHeaderSize < fixed_size) {
      status_ = Status::kCorrupt;
    }
    fixed_end_ = kHeaderSize + fixed_size;
  }

  uint64_t Get(size_t offset, size_t size) const {
    if (status_ != Status::kOk) return 0;
    return LoadLittle(bytes_.data() + kHeaderSize + offset, size);
  }

  bool GetBool(size_t offset) {
    const uint64_t raw = Get(offset, 1);
    if (raw > 1) Reject(Status::kCorrupt);
    return raw == 1;
  }

  // Variable data: must lie after the fixed part and inside the message.
  rstd::Bytes GetVariable(size_t offset, uint64_t max_length) {
    const uint64_t start = Get(offset, 4);
    const uint64_t length = Get(offset + 4, 4);
    if (status_ != Status::kOk) return {};
    if (length > max_length) {
      Reject(Status::kOutOfRange);
      return {};
    }
    if (start < fixed_end_ || start > bytes_.size() || length > bytes_.size() - start) {
      Reject(Status::kCorrupt);
      return {};
    }
    return rstd::Bytes(bytes_.data() + start, length);
  }

  // The next handle: handles arrive in field order, so the index must be the next one. Its
  // type must be one of `types` (none = any), its rights must include `rights`.
  uint32_t GetHandle(size_t offset, const uint32_t* types, size_t type_count, uint32_t rights) {
    const uint64_t index = Get(offset, 4);
    if (status_ != Status::kOk) return 0;
    if (index != next_handle_ || index >= handles_.size()) {
      Reject(Status::kCorrupt);
      return 0;
    }
    const HandleInfo& info = handles_[next_handle_++];
    bool type_ok = type_count == 0;
    for (size_t i = 0; i < type_count; ++i) type_ok = type_ok || info.type == types[i];
    if (!type_ok) {
      Reject(Status::kWrongType);
    } else if ((info.rights & rights) != rights) {
      Reject(Status::kAccessDenied);
    }
    return info.handle;
  }

  void Reject(Status status) {
    if (status_ == Status::kOk) status_ = status;
  }

  // kCorrupt if handles were sent that no field names.
  Status Finish() {
    if (status_ == Status::kOk && next_handle_ != handles_.size()) status_ = Status::kCorrupt;
    return status_;
  }

 private:
  rstd::Bytes bytes_;
  rstd::Span<const HandleInfo> handles_;
  size_t fixed_end_ = kHeaderSize;
  size_t next_handle_ = 0;
  Status status_ = Status::kOk;
};

}  // namespace raeen::ridl
