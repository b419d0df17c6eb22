#include "libs/rae/file.h"

#include "libs/rae/channel.h"
#include "libs/rae/runtime.h"
#include "libs/rae/service.h"
#include "libs/rstd/utility.h"

namespace raeen::rae {
namespace {

namespace wire = protocol::vfs;

template <typename Reply>
using Decoder = Result<Reply> (*)(rstd::Bytes, rstd::Span<const ridl::HandleInfo>);

// The connection to vfsd. `generation` counts the channels made, so that a File knows
// whether the channel it was opened on is still the current one.
struct Connection {
  sys::Handle channel = sys::kInvalidHandle;
  uint32_t generation = 0;
  uint32_t next_transaction = 1;
  // The shared buffer is attached to this channel.
  bool buffer_attached = false;
};
Connection g_vfs;

// The shared buffer: made and mapped once per process, attached to each new channel.
sys::Handle g_buffer_memory = sys::kInvalidHandle;
uint8_t* g_buffer = nullptr;

// Message buffers (calls are one thread at a time): the largest request is an inline write,
// the largest reply an inline read.
static_assert(wire::WriteRequest::kMaxBytes >= wire::RenameRequest::kMaxBytes);
static_assert(wire::WriteRequest::kMaxBytes >= wire::SymlinkRequest::kMaxBytes);
uint8_t g_request[wire::WriteRequest::kMaxBytes];
uint8_t g_reply[wire::ReadReply::kMaxBytes];
// What one inline request may carry.
constexpr size_t kMaxInlineChunk = 16384;
// Reconnections of one path call, and the wait before the second (doubling after).
constexpr int kMaxReconnects = 4;
constexpr int64_t kReconnectWaitNs = 10'000'000;

void Disconnect() {
  if (g_vfs.channel != sys::kInvalidHandle) (void)sys::HandleClose(g_vfs.channel);
  g_vfs.channel = sys::kInvalidHandle;
  g_vfs.buffer_attached = false;
}

Result<sys::Handle> VfsChannel() {
  if (g_vfs.channel == sys::kInvalidHandle) {
    RAEEN_TRY(sys::Handle channel, Connect("vfs"));
    g_vfs.channel = channel;
    ++g_vfs.generation;
    g_vfs.buffer_attached = false;
  }
  return g_vfs.channel;
}

// One request on the current channel and its reply (its views point into g_reply). A
// transport failure or a reply that is not the answer drops the channel: it may still hold
// a late reply that would answer the next call.
template <typename Request, typename Reply>
Result<Reply> CallOnce(sys::Handle channel, const Request& request, Decoder<Reply> decode) {
  uint32_t handles[1] = {};
  const uint32_t transaction = g_vfs.next_transaction++;
  RAEEN_TRY(ridl::Encoded encoded,
            wire::Encode(request, transaction, rstd::Span<uint8_t>(g_request, sizeof(g_request)),
                         rstd::Span<uint32_t>(handles, 1)));
  sys::ChannelCallArgs args{reinterpret_cast<uint64_t>(g_request),
                            encoded.bytes,
                            reinterpret_cast<uint64_t>(handles),
                            encoded.handles,
                            reinterpret_cast<uint64_t>(g_reply),
                            sizeof(g_reply),
                            0,
                            0,
                            kForever};
  sys::MessageSize size{};
  const Status called = sys::ChannelCall(channel, &args, &size);
  if (called != Status::kOk) {
    Disconnect();
    return Error(called == Status::kBufferTooSmall ? Status::kCorrupt : called);
  }
  const rstd::Bytes bytes(g_reply, size.bytes);
  Result<ridl::MessageHeader> header = ridl::PeekHeader(bytes);
  Result<Reply> reply = decode(bytes, rstd::Span<const ridl::HandleInfo>());
  if (!header.ok() || header->transaction_id != transaction || !reply.ok()) {
    Disconnect();
    return Error(Status::kCorrupt);
  }
  return reply;
}

// A request that names a path: sent again on a new channel if vfsd went away. A connection
// made while a killed vfsd is still ending can reach that instance and close too, so this
// reconnects up to kMaxReconnects times, waiting a little longer before each later one.
template <typename Request, typename Reply>
Result<Reply> PathCall(const Request& request, Decoder<Reply> decode) {
  for (int attempt = 0;; ++attempt) {
    if (attempt >= 2) {
      int64_t now = 0;
      (void)sys::ClockMonotonic(&now);
      (void)sys::ThreadSleep(now + (kReconnectWaitNs << (attempt - 2)));
    }
    RAEEN_TRY(sys::Handle channel, VfsChannel());
    Result<Reply> reply = CallOnce(channel, request, decode);
    if (!reply.ok() && reply.status() == Status::kPeerClosed && attempt < kMaxReconnects) {
      continue;
    }
    return reply;
  }
}

// A request about an open file: only on the channel it was opened on.
template <typename Request, typename Reply>
Result<Reply> FileCall(uint32_t generation, const Request& request, Decoder<Reply> decode) {
  if (g_vfs.channel == sys::kInvalidHandle || generation != g_vfs.generation) {
    return Error(Status::kPeerClosed);
  }
  return CallOnce(g_vfs.channel, request, decode);
}

// Attaches the shared buffer to the current channel, making it at the first use. False when
// that fails (no memory, an old vfsd): the caller moves the data inline instead.
bool AttachSharedBuffer() {
  if (g_vfs.buffer_attached) return true;
  if (g_buffer == nullptr) {
    sys::Handle memory = sys::kInvalidHandle;
    if (sys::MemoryCreate(kSharedBufferBytes, 0, &memory) != Status::kOk) return false;
    uint64_t address = 0;
    if (sys::VmMap(SelfAddressSpace(), memory, 0, kSharedBufferBytes,
                   sys::VmPerms::kRead | sys::VmPerms::kWrite, &address) != Status::kOk) {
      (void)sys::HandleClose(memory);
      return false;
    }
    g_buffer_memory = memory;
    g_buffer = reinterpret_cast<uint8_t*>(address);
  }
  // vfsd keeps the handle it gets: send a duplicate with just what it needs.
  sys::Handle duplicate = sys::kInvalidHandle;
  if (sys::HandleDuplicate(g_buffer_memory,
                           sys::HandleRights::kRead | sys::HandleRights::kWrite |
                               sys::HandleRights::kMap | sys::HandleRights::kTransfer,
                           &duplicate) != Status::kOk) {
    return false;
  }
  Result<wire::AttachBufferReply> reply =
      CallOnce(g_vfs.channel, wire::AttachBufferRequest{duplicate, kSharedBufferBytes},
               &wire::DecodeAttachBufferReply);
  g_vfs.buffer_attached = reply.ok() && StatusFromWire(reply->status) == Status::kOk;
  return g_vfs.buffer_attached;
}

Result<FileInfo> StatPath(rstd::StringView path, bool follow) {
  RAEEN_TRY(wire::StatReply reply,
            PathCall(wire::StatRequest{path, follow}, &wire::DecodeStatReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  return reply.info;
}

}  // namespace

// --- File ---------------------------------------------------------------------------------

Result<File> File::Open(rstd::StringView path, uint32_t flags, uint32_t mode) {
  RAEEN_TRY(wire::OpenReply reply,
            PathCall(wire::OpenRequest{path, flags, mode}, &wire::DecodeOpenReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  if (reply.file == 0) return Error(Status::kCorrupt);
  return File(reply.file, g_vfs.generation);
}

File::File(File&& other) noexcept : id_(other.id_), generation_(other.generation_) {
  other.id_ = 0;
}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (is_open()) (void)Close();
    id_ = other.id_;
    generation_ = other.generation_;
    other.id_ = 0;
  }
  return *this;
}

File::~File() {
  if (is_open()) (void)Close();
}

Status File::Close() {
  if (!is_open()) return Status::kBadHandle;
  const uint32_t id = id_;
  id_ = 0;
  Result<wire::CloseReply> reply =
      FileCall(generation_, wire::CloseRequest{id}, &wire::DecodeCloseReply);
  if (!reply.ok()) return reply.status();
  return StatusFromWire(reply->status);
}

Result<size_t> File::ReadSome(uint8_t* into, size_t size, size_t* asked) {
  if (!is_open()) return Error(Status::kBadHandle);
  if (generation_ != g_vfs.generation || g_vfs.channel == sys::kInvalidHandle) {
    return Error(Status::kPeerClosed);
  }
  if (size > kInlineTransferBytes && AttachSharedBuffer()) {
    const size_t wanted = rstd::Min(size, kSharedBufferBytes);
    *asked = wanted;
    RAEEN_TRY(wire::ReadSharedReply reply,
              FileCall(generation_, wire::ReadSharedRequest{id_, 0, static_cast<uint32_t>(wanted)},
                       &wire::DecodeReadSharedReply));
    if (Status status = StatusFromWire(reply.status); status != Status::kOk) {
      return Error(status);
    }
    if (reply.count > wanted) return Error(Status::kCorrupt);
    __builtin_memcpy(into, g_buffer, reply.count);
    return static_cast<size_t>(reply.count);
  }
  const size_t wanted = rstd::Min(size, kMaxInlineChunk);
  *asked = wanted;
  RAEEN_TRY(wire::ReadReply reply,
            FileCall(generation_, wire::ReadRequest{id_, static_cast<uint32_t>(wanted)},
                     &wire::DecodeReadReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  if (reply.data.size() > wanted) return Error(Status::kCorrupt);
  __builtin_memcpy(into, reply.data.data(), reply.data.size());
  return reply.data.size();
}

Result<size_t> File::Read(rstd::Span<uint8_t> buffer) {
  size_t total = 0;
  while (total < buffer.size()) {
    size_t asked = 0;
    RAEEN_TRY(size_t count, ReadSome(buffer.data() + total, buffer.size() - total, &asked));
    total += count;
    // vfsd fills all of each request it can: less means the end of the file.
    if (count < asked) break;
  }
  return total;
}

Result<size_t> File::WriteSome(const uint8_t* from, size_t size) {
  if (!is_open()) return Error(Status::kBadHandle);
  if (generation_ != g_vfs.generation || g_vfs.channel == sys::kInvalidHandle) {
    return Error(Status::kPeerClosed);
  }
  if (size > kInlineTransferBytes && AttachSharedBuffer()) {
    const size_t count = rstd::Min(size, kSharedBufferBytes);
    __builtin_memcpy(g_buffer, from, count);
    RAEEN_TRY(wire::WriteSharedReply reply,
              FileCall(generation_, wire::WriteSharedRequest{id_, 0, static_cast<uint32_t>(count)},
                       &wire::DecodeWriteSharedReply));
    if (Status status = StatusFromWire(reply.status); status != Status::kOk) {
      return Error(status);
    }
    if (reply.count != count) return Error(Status::kCorrupt);
    return count;
  }
  const size_t count = rstd::Min(size, kMaxInlineChunk);
  RAEEN_TRY(wire::WriteReply reply,
            FileCall(generation_, wire::WriteRequest{id_, rstd::Bytes(from, count)},
                     &wire::DecodeWriteReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  if (reply.count != count) return Error(Status::kCorrupt);
  return count;
}

Result<size_t> File::Write(rstd::Bytes data) {
  size_t total = 0;
  // An empty write still checks the file (a closed one gives kBadHandle).
  do {
    RAEEN_TRY(size_t count, WriteSome(data.data() + total, data.size() - total));
    total += count;
  } while (total < data.size());
  return total;
}

Result<uint64_t> File::Seek(int64_t offset, Whence whence) {
  if (!is_open()) return Error(Status::kBadHandle);
  RAEEN_TRY(wire::SeekReply reply,
            FileCall(generation_, wire::SeekRequest{id_, offset, whence}, &wire::DecodeSeekReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  return reply.position;
}

Result<FileInfo> File::Stat() {
  if (!is_open()) return Error(Status::kBadHandle);
  RAEEN_TRY(wire::FstatReply reply,
            FileCall(generation_, wire::FstatRequest{id_}, &wire::DecodeFstatReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  return reply.info;
}

Result<void> File::Truncate(uint64_t size) {
  if (!is_open()) return Error(Status::kBadHandle);
  RAEEN_TRY(wire::TruncateReply reply,
            FileCall(generation_, wire::TruncateRequest{id_, size}, &wire::DecodeTruncateReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  return {};
}

// --- Directories --------------------------------------------------------------------------

Result<DirectoryReader> ReadDir(rstd::StringView path) {
  RAEEN_TRY(File file, File::Open(path, OpenFlags::kDirectory));
  return DirectoryReader(static_cast<File&&>(file));
}

Result<bool> DirectoryReader::Next(DirEntry* entry) {
  if (!file_.is_open()) return Error(Status::kBadHandle);
  if (done_) return false;
  RAEEN_TRY(wire::ReadDirReply reply,
            FileCall(file_.generation_, wire::ReadDirRequest{file_.id_, cursor_},
                     &wire::DecodeReadDirReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  if (!reply.found) {
    done_ = true;
    return false;
  }
  entry->name_size = rstd::Min(reply.name.size(), sizeof(entry->name_bytes));
  __builtin_memcpy(entry->name_bytes, reply.name.data(), entry->name_size);
  entry->inode = reply.inode;
  entry->type = reply.type;
  cursor_ = reply.next_cursor;
  return true;
}

// --- Paths --------------------------------------------------------------------------------

Result<FileInfo> Stat(rstd::StringView path) {
  return StatPath(path, /*follow=*/true);
}

Result<FileInfo> StatLink(rstd::StringView path) {
  return StatPath(path, /*follow=*/false);
}

Status MakeDirectory(rstd::StringView path, uint32_t mode) {
  Result<wire::MkdirReply> reply =
      PathCall(wire::MkdirRequest{path, mode}, &wire::DecodeMkdirReply);
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

Status Unlink(rstd::StringView path) {
  Result<wire::UnlinkReply> reply =
      PathCall(wire::UnlinkRequest{path, false}, &wire::DecodeUnlinkReply);
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

Status RemoveDirectory(rstd::StringView path) {
  Result<wire::UnlinkReply> reply =
      PathCall(wire::UnlinkRequest{path, true}, &wire::DecodeUnlinkReply);
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

Status Rename(rstd::StringView from, rstd::StringView to) {
  Result<wire::RenameReply> reply =
      PathCall(wire::RenameRequest{from, to}, &wire::DecodeRenameReply);
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

Status MakeSymlink(rstd::StringView target, rstd::StringView path) {
  Result<wire::SymlinkReply> reply =
      PathCall(wire::SymlinkRequest{target, path}, &wire::DecodeSymlinkReply);
  return reply.ok() ? StatusFromWire(reply->status) : reply.status();
}

Result<size_t> ReadLink(rstd::StringView path, rstd::Span<char> buffer) {
  RAEEN_TRY(wire::ReadlinkReply reply,
            PathCall(wire::ReadlinkRequest{path}, &wire::DecodeReadlinkReply));
  if (Status status = StatusFromWire(reply.status); status != Status::kOk) return Error(status);
  if (reply.target.size() > buffer.size()) return Error(Status::kBufferTooSmall);
  __builtin_memcpy(buffer.data(), reply.target.data(), reply.target.size());
  return reply.target.size();
}

}  // namespace raeen::rae
