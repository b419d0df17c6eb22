#pragma once
// VfsServer: vfsd's request handling (services/contracts/vfs.ridl) over a Ramfs, without the
// IPC loop, so that the host tests can drive it message by message. main.cc feeds it what
// rae::Serve receives and writes back what it answers.
//
// Connections: a client is the channel handle its requests arrive on. Its state (open files,
// shared buffer) is made at its first request and dropped by CloseClient() (the channel
// closed): its files are closed, its buffer unmapped and the buffer's handle closed.
//
// Open files: file ids are 1..kMaxOpenFiles, the lowest free one first, each with its own
// position and access. An open file keeps its inode alive (Ramfs::Retain) after it is unlinked.
//
// Garbage: a request that does not decode gets the reply of its ordinal with the decoder's
// status (kCorrupt, kOutOfRange, kWrongType, kAccessDenied); a request whose header cannot be
// read, or whose ordinal the protocol does not have, gets no reply (there is no reply type or
// transaction id to answer with). Every received handle the server does not keep is closed.
//
// Not thread-safe: vfsd serves one request at a time.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "raeen/protocols/vfs.h"
#include "raeen/syscall_types.h"
#include "services/vfsd/ramfs.h"
#include "services/vfsd/vector.h"

namespace raeen::vfsd {

namespace vfs = ::raeen::protocol::vfs;

// What the server needs from the system; the host tests stand in for it.
class VfsPlatform {
 public:
  virtual ~VfsPlatform() = default;
  // The time stamped on changes, ns.
  virtual uint64_t NowNs() = 0;
  // Maps `size` bytes (page multiple) of the memory object `memory` read-write. Errors: the
  // mapping's (kOutOfRange when the object is smaller, kAccessDenied, kNoMemory).
  virtual Result<uint8_t*> MapBuffer(uint32_t memory, uint64_t size) = 0;
  virtual void UnmapBuffer(uint8_t* address, uint64_t size) = 0;
  virtual void CloseHandle(uint32_t handle) = 0;
};

inline constexpr uint32_t kMaxOpenFiles = 64;
// Bytes one read or write request moves inline (the protocol's bound).
inline constexpr uint32_t kMaxInlineBytes = 16384;
// The largest shared buffer a connection may attach.
inline constexpr uint64_t kMaxSharedBufferBytes = 16ull << 20;
inline constexpr uint64_t kSharedBufferAlignment = 4096;
// A buffer for any reply (the largest is a full inline read).
inline constexpr size_t kMaxReplyBytes = vfs::ReadReply::kMaxBytes;

class VfsServer {
 public:
  // `fs` and `platform` must outlive the server.
  VfsServer(Ramfs* fs, VfsPlatform* platform) : fs_(fs), platform_(platform) {}
  ~VfsServer();
  VfsServer(const VfsServer&) = delete;
  VfsServer& operator=(const VfsServer&) = delete;

  // Handles one request from `client` and writes the reply into `reply` (kMaxReplyBytes is
  // always enough). Returns the reply's size, 0 when there is none (see "Garbage" above).
  // Takes ownership of every handle in `handles`.
  size_t HandleRequest(uint32_t client, rstd::Bytes request,
                       rstd::Span<const sys::HandleInfo> handles, rstd::Span<uint8_t> reply);

  // The client's channel closed: closes its files and detaches its buffer.
  void CloseClient(uint32_t client);

  size_t client_count() const { return clients_.size(); }
  // Files open on `client`'s connection (0 for an unknown client).
  uint32_t OpenFileCount(uint32_t client) const;

  // --- The generated dispatcher's callbacks (vfs::DispatchRequest) ----------------------
  // Each encodes its reply; the returned status is the operation's, for the caller's logs.
  Status Open(const vfs::OpenRequest& request, uint32_t transaction_id);
  Status Close(const vfs::CloseRequest& request, uint32_t transaction_id);
  Status Read(const vfs::ReadRequest& request, uint32_t transaction_id);
  Status Write(const vfs::WriteRequest& request, uint32_t transaction_id);
  Status Seek(const vfs::SeekRequest& request, uint32_t transaction_id);
  Status Stat(const vfs::StatRequest& request, uint32_t transaction_id);
  Status Fstat(const vfs::FstatRequest& request, uint32_t transaction_id);
  Status ReadDir(const vfs::ReadDirRequest& request, uint32_t transaction_id);
  Status Mkdir(const vfs::MkdirRequest& request, uint32_t transaction_id);
  Status Unlink(const vfs::UnlinkRequest& request, uint32_t transaction_id);
  Status Rename(const vfs::RenameRequest& request, uint32_t transaction_id);
  Status Symlink(const vfs::SymlinkRequest& request, uint32_t transaction_id);
  Status Readlink(const vfs::ReadlinkRequest& request, uint32_t transaction_id);
  Status Truncate(const vfs::TruncateRequest& request, uint32_t transaction_id);
  Status AttachBuffer(const vfs::AttachBufferRequest& request, uint32_t transaction_id);
  Status ReadShared(const vfs::ReadSharedRequest& request, uint32_t transaction_id);
  Status WriteShared(const vfs::WriteSharedRequest& request, uint32_t transaction_id);

 private:
  struct OpenFile {
    bool used = false;
    InodeId inode = 0;
    uint32_t flags = 0;
    uint64_t position = 0;
  };
  struct Client {
    uint32_t handle = 0;
    OpenFile files[kMaxOpenFiles];
    uint32_t buffer_memory = 0;  // 0: no buffer attached
    uint8_t* buffer = nullptr;
    uint64_t buffer_size = 0;
  };

  // The client's state, made at its first request (kNoMemory).
  Result<Client*> FindOrAddClient(uint32_t handle);
  Client* FindClient(uint32_t handle) const;
  void DetachBuffer(Client* client);
  // The open file `id` of the current client (kBadHandle).
  Result<OpenFile*> GetFile(uint32_t id);
  // Read and write for both the inline and the shared path: they move the position.
  Result<size_t> ReadAt(OpenFile* file, rstd::Span<uint8_t> into);
  Result<size_t> WriteAt(OpenFile* file, rstd::Bytes data);
  // The range [offset, offset + count) of the current client's shared buffer.
  Result<uint8_t*> SharedRange(uint64_t offset, uint64_t count);
  Result<InodeId> OpenInode(rstd::StringView path, uint32_t flags, uint32_t mode);

  template <typename Reply>
  Status Send(const Reply& reply);
  template <typename Reply>
  Status SendStatus(Status status);
  // The reply for a request of `ordinal` that did not decode (false: not an ordinal of ours).
  bool SendDecodeError(uint32_t ordinal, Status status);

  Ramfs* fs_;
  VfsPlatform* platform_;
  Vector<Client*> clients_;

  // The request being handled.
  Client* client_ = nullptr;
  uint32_t transaction_id_ = 0;
  rstd::Span<uint8_t> reply_;
  size_t reply_size_ = 0;
  // A memory handle AttachBuffer kept (not to be closed with the request's other handles).
  uint32_t kept_handle_ = 0;
  uint8_t scratch_[kMaxInlineBytes];
};

// NodeInfo from a Ramfs StatInfo.
vfs::NodeInfo ToNodeInfo(const StatInfo& info);

}  // namespace raeen::vfsd
