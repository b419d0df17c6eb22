#include "services/vfsd/vfs_server.h"

#include "libs/rstd/placement_new.h"
#include "libs/rstd/utility.h"

namespace raeen::vfsd {
namespace {

constexpr uint32_t kAccessFlags =
    vfs::OpenFlags::kRead | vfs::OpenFlags::kWrite | vfs::OpenFlags::kDirectory;
constexpr uint64_t kMaxPosition = static_cast<uint64_t>(INT64_MAX);

vfs::NodeType ToNodeType(InodeType type) {
  switch (type) {
    case InodeType::kFile: return vfs::NodeType::kFile;
    case InodeType::kDirectory: return vfs::NodeType::kDirectory;
    case InodeType::kSymlink: return vfs::NodeType::kSymlink;
  }
  return vfs::NodeType::kFile;
}

int32_t Wire(Status status) {
  return static_cast<int32_t>(status);
}

}  // namespace

vfs::NodeInfo ToNodeInfo(const StatInfo& info) {
  vfs::NodeInfo node{};
  node.inode = info.inode;
  node.type = ToNodeType(info.type);
  node.mode = info.mode;
  node.size = info.size;
  node.link_count = info.link_count;
  node.mtime_ns = info.mtime_ns;
  node.ctime_ns = info.ctime_ns;
  node.mount_point = info.is_mount_point;
  return node;
}

VfsServer::~VfsServer() {
  while (!clients_.empty()) CloseClient(clients_[clients_.size() - 1]->handle);
}

size_t VfsServer::HandleRequest(uint32_t client, rstd::Bytes request,
                                rstd::Span<const sys::HandleInfo> handles,
                                rstd::Span<uint8_t> reply) {
  reply_ = reply;
  reply_size_ = 0;
  kept_handle_ = 0;
  transaction_id_ = 0;
  client_ = nullptr;
  Result<ridl::MessageHeader> header = ridl::PeekHeader(request);
  if (header.ok()) {
    transaction_id_ = header->transaction_id;
    Result<Client*> found = FindOrAddClient(client);
    if (!found.ok()) {
      (void)SendDecodeError(header->ordinal, found.status());
    } else {
      client_ = *found;
      const Status status = vfs::DispatchRequest(*this, request, handles);
      // No reply yet means the decoder refused the request (a callback always replies).
      if (reply_size_ == 0) (void)SendDecodeError(header->ordinal, status);
    }
  }
  for (const sys::HandleInfo& info : handles) {
    if (info.handle != kept_handle_) platform_->CloseHandle(info.handle);
  }
  client_ = nullptr;
  return reply_size_;
}

void VfsServer::CloseClient(uint32_t handle) {
  for (size_t i = 0; i < clients_.size(); ++i) {
    Client* client = clients_[i];
    if (client->handle != handle) continue;
    for (OpenFile& file : client->files) {
      if (file.used) (void)fs_->Release(file.inode);
      file = OpenFile{};
    }
    DetachBuffer(client);
    clients_.Erase(i);
    client->~Client();
    Deallocate(client);
    return;
  }
}

uint32_t VfsServer::OpenFileCount(uint32_t handle) const {
  const Client* client = FindClient(handle);
  if (client == nullptr) return 0;
  uint32_t count = 0;
  for (const OpenFile& file : client->files) count += file.used ? 1 : 0;
  return count;
}

VfsServer::Client* VfsServer::FindClient(uint32_t handle) const {
  for (Client* client : clients_) {
    if (client->handle == handle) return client;
  }
  return nullptr;
}

Result<VfsServer::Client*> VfsServer::FindOrAddClient(uint32_t handle) {
  if (Client* client = FindClient(handle)) return client;
  if (!clients_.TryGrowFor(1)) return Error(Status::kNoMemory);
  void* memory = TryAllocate(sizeof(Client));
  if (memory == nullptr) return Error(Status::kNoMemory);
  Client* client = new (memory) Client();
  client->handle = handle;
  clients_.InsertReserved(clients_.size(), client);
  return client;
}

void VfsServer::DetachBuffer(Client* client) {
  if (client->buffer_memory == 0) return;
  platform_->UnmapBuffer(client->buffer, client->buffer_size);
  platform_->CloseHandle(client->buffer_memory);
  client->buffer_memory = 0;
  client->buffer = nullptr;
  client->buffer_size = 0;
}

Result<VfsServer::OpenFile*> VfsServer::GetFile(uint32_t id) {
  if (id == 0 || id > kMaxOpenFiles || !client_->files[id - 1].used) {
    return Error(Status::kBadHandle);
  }
  return &client_->files[id - 1];
}

template <typename Reply>
Status VfsServer::Send(const Reply& reply) {
  Result<ridl::Encoded> encoded = vfs::Encode(reply, transaction_id_, reply_, {});
  reply_size_ = encoded.ok() ? encoded->bytes : 0;
  return encoded.ok() ? static_cast<Status>(reply.status) : encoded.status();
}

template <typename Reply>
Status VfsServer::SendStatus(Status status) {
  Reply reply{};
  reply.status = Wire(status);
  return Send(reply);
}

bool VfsServer::SendDecodeError(uint32_t ordinal, Status status) {
  switch (ordinal) {
    case vfs::OpenRequest::kOrdinal: (void)SendStatus<vfs::OpenReply>(status); return true;
    case vfs::CloseRequest::kOrdinal: (void)SendStatus<vfs::CloseReply>(status); return true;
    case vfs::ReadRequest::kOrdinal: (void)SendStatus<vfs::ReadReply>(status); return true;
    case vfs::WriteRequest::kOrdinal: (void)SendStatus<vfs::WriteReply>(status); return true;
    case vfs::SeekRequest::kOrdinal: (void)SendStatus<vfs::SeekReply>(status); return true;
    case vfs::StatRequest::kOrdinal: (void)SendStatus<vfs::StatReply>(status); return true;
    case vfs::FstatRequest::kOrdinal: (void)SendStatus<vfs::FstatReply>(status); return true;
    case vfs::ReadDirRequest::kOrdinal: (void)SendStatus<vfs::ReadDirReply>(status); return true;
    case vfs::MkdirRequest::kOrdinal: (void)SendStatus<vfs::MkdirReply>(status); return true;
    case vfs::UnlinkRequest::kOrdinal: (void)SendStatus<vfs::UnlinkReply>(status); return true;
    case vfs::RenameRequest::kOrdinal: (void)SendStatus<vfs::RenameReply>(status); return true;
    case vfs::SymlinkRequest::kOrdinal: (void)SendStatus<vfs::SymlinkReply>(status); return true;
    case vfs::ReadlinkRequest::kOrdinal: (void)SendStatus<vfs::ReadlinkReply>(status); return true;
    case vfs::TruncateRequest::kOrdinal: (void)SendStatus<vfs::TruncateReply>(status); return true;
    case vfs::AttachBufferRequest::kOrdinal:
      (void)SendStatus<vfs::AttachBufferReply>(status);
      return true;
    case vfs::ReadSharedRequest::kOrdinal:
      (void)SendStatus<vfs::ReadSharedReply>(status);
      return true;
    case vfs::WriteSharedRequest::kOrdinal:
      (void)SendStatus<vfs::WriteSharedReply>(status);
      return true;
    default: return false;
  }
}

// --- Opening and closing ------------------------------------------------------------------

Result<InodeId> VfsServer::OpenInode(rstd::StringView path, uint32_t flags, uint32_t mode) {
  const uint64_t now = platform_->NowNs();
  if ((flags & vfs::OpenFlags::kCreate) == 0) return fs_->LookupAt(path);
  if ((flags & vfs::OpenFlags::kExclusive) != 0) return fs_->CreateFileAt(path, mode, now);
  Result<InodeId> existing = fs_->LookupAt(path);
  if (existing.ok() || existing.status() != Status::kNotFound) return existing;
  return fs_->CreateFileAt(path, mode, now);
}

Status VfsServer::Open(const vfs::OpenRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  const uint32_t flags = request.flags;
  const bool write = (flags & vfs::OpenFlags::kWrite) != 0;
  const bool wants_directory = (flags & vfs::OpenFlags::kDirectory) != 0;
  if ((flags & kAccessFlags) == 0 ||
      (!write && (flags & (vfs::OpenFlags::kTruncate | vfs::OpenFlags::kAppend)) != 0) ||
      ((flags & vfs::OpenFlags::kExclusive) != 0 && (flags & vfs::OpenFlags::kCreate) == 0) ||
      // create makes regular files only: with directory the open could only fail, after
      // leaving a new file behind (Linux refuses O_CREAT | O_DIRECTORY the same way).
      (wants_directory && (flags & vfs::OpenFlags::kCreate) != 0) || request.mode > kModeMask) {
    return SendStatus<vfs::OpenReply>(Status::kInvalidArgument);
  }
  // A free slot first, so that a full table does not leave a file created behind.
  uint32_t slot = kMaxOpenFiles;
  for (uint32_t i = 0; i < kMaxOpenFiles; ++i) {
    if (!client_->files[i].used) {
      slot = i;
      break;
    }
  }
  if (slot == kMaxOpenFiles) return SendStatus<vfs::OpenReply>(Status::kQuotaExceeded);

  Result<InodeId> inode = OpenInode(request.path, flags, request.mode);
  if (!inode.ok()) return SendStatus<vfs::OpenReply>(inode.status());
  Result<StatInfo> before = fs_->Stat(*inode);
  if (!before.ok()) return SendStatus<vfs::OpenReply>(before.status());
  const bool is_directory = before->type == InodeType::kDirectory;
  if ((is_directory && write) || (wants_directory && !is_directory)) {
    return SendStatus<vfs::OpenReply>(Status::kWrongType);
  }
  if ((flags & vfs::OpenFlags::kTruncate) != 0 && before->size != 0) {
    if (Result<void> cut = fs_->Truncate(*inode, 0, platform_->NowNs()); !cut.ok()) {
      return SendStatus<vfs::OpenReply>(cut.status());
    }
  }
  Result<StatInfo> info = fs_->Stat(*inode);
  if (!info.ok()) return SendStatus<vfs::OpenReply>(info.status());
  if (Result<void> retained = fs_->Retain(*inode); !retained.ok()) {
    return SendStatus<vfs::OpenReply>(retained.status());
  }
  client_->files[slot] = OpenFile{true, *inode, flags, 0};
  vfs::OpenReply reply{};
  reply.status = Wire(Status::kOk);
  reply.file = slot + 1;
  reply.info = ToNodeInfo(*info);
  return Send(reply);
}

Status VfsServer::Close(const vfs::CloseRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::CloseReply>(file.status());
  const InodeId inode = (*file)->inode;
  **file = OpenFile{};
  return SendStatus<vfs::CloseReply>(fs_->Release(inode).status());
}

// --- Data ---------------------------------------------------------------------------------

Result<size_t> VfsServer::ReadAt(OpenFile* file, rstd::Span<uint8_t> into) {
  if ((file->flags & vfs::OpenFlags::kRead) == 0) return Error(Status::kAccessDenied);
  RAEEN_TRY(size_t count, fs_->Read(file->inode, file->position, into));
  file->position += count;
  return count;
}

Result<size_t> VfsServer::WriteAt(OpenFile* file, rstd::Bytes data) {
  if ((file->flags & vfs::OpenFlags::kWrite) == 0) return Error(Status::kAccessDenied);
  if ((file->flags & vfs::OpenFlags::kAppend) != 0) {
    RAEEN_TRY(StatInfo info, fs_->Stat(file->inode));
    file->position = info.size;
  }
  if (data.size() > kMaxPosition - rstd::Min(file->position, kMaxPosition)) {
    return Error(Status::kOutOfRange);
  }
  RAEEN_TRY(size_t count, fs_->Write(file->inode, file->position, data, platform_->NowNs()));
  file->position += count;
  return count;
}

Status VfsServer::Read(const vfs::ReadRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::ReadReply>(file.status());
  const size_t wanted = rstd::Min(request.count, kMaxInlineBytes);
  Result<size_t> count = ReadAt(*file, rstd::Span<uint8_t>(scratch_, wanted));
  if (!count.ok()) return SendStatus<vfs::ReadReply>(count.status());
  vfs::ReadReply reply{};
  reply.status = Wire(Status::kOk);
  reply.data = rstd::Bytes(scratch_, *count);
  return Send(reply);
}

Status VfsServer::Write(const vfs::WriteRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::WriteReply>(file.status());
  Result<size_t> count = WriteAt(*file, request.data);
  if (!count.ok()) return SendStatus<vfs::WriteReply>(count.status());
  vfs::WriteReply reply{};
  reply.status = Wire(Status::kOk);
  reply.count = static_cast<uint32_t>(*count);
  return Send(reply);
}

Status VfsServer::Seek(const vfs::SeekRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> found = GetFile(request.file);
  if (!found.ok()) return SendStatus<vfs::SeekReply>(found.status());
  OpenFile* file = *found;
  uint64_t base = 0;
  switch (request.whence) {
    case vfs::Whence::kSet: break;
    case vfs::Whence::kCurrent: base = file->position; break;
    case vfs::Whence::kEnd: {
      Result<StatInfo> info = fs_->Stat(file->inode);
      if (!info.ok()) return SendStatus<vfs::SeekReply>(info.status());
      base = info->size;
      break;
    }
  }
  uint64_t position = 0;
  if (request.offset >= 0) {
    const uint64_t forward = static_cast<uint64_t>(request.offset);
    if (base > kMaxPosition || forward > kMaxPosition - base) {
      return SendStatus<vfs::SeekReply>(Status::kOutOfRange);
    }
    position = base + forward;
  } else {
    // The magnitude without negating INT64_MIN.
    const uint64_t back = 0 - static_cast<uint64_t>(request.offset);
    if (back > base) return SendStatus<vfs::SeekReply>(Status::kInvalidArgument);
    position = base - back;
  }
  file->position = position;
  vfs::SeekReply reply{};
  reply.status = Wire(Status::kOk);
  reply.position = position;
  return Send(reply);
}

Status VfsServer::Truncate(const vfs::TruncateRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::TruncateReply>(file.status());
  if (((*file)->flags & vfs::OpenFlags::kWrite) == 0) {
    return SendStatus<vfs::TruncateReply>(Status::kAccessDenied);
  }
  return SendStatus<vfs::TruncateReply>(
      fs_->Truncate((*file)->inode, request.size, platform_->NowNs()).status());
}

// --- Shared buffer ------------------------------------------------------------------------

Status VfsServer::AttachBuffer(const vfs::AttachBufferRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  if (request.size == 0 || request.size > kMaxSharedBufferBytes ||
      request.size % kSharedBufferAlignment != 0) {
    return SendStatus<vfs::AttachBufferReply>(Status::kInvalidArgument);
  }
  Result<uint8_t*> mapped = platform_->MapBuffer(request.memory, request.size);
  if (!mapped.ok()) return SendStatus<vfs::AttachBufferReply>(mapped.status());
  DetachBuffer(client_);
  client_->buffer_memory = request.memory;
  client_->buffer = *mapped;
  client_->buffer_size = request.size;
  kept_handle_ = request.memory;
  return SendStatus<vfs::AttachBufferReply>(Status::kOk);
}

Result<uint8_t*> VfsServer::SharedRange(uint64_t offset, uint64_t count) {
  if (client_->buffer_memory == 0) return Error(Status::kBadState);
  if (offset > client_->buffer_size || count > client_->buffer_size - offset) {
    return Error(Status::kOutOfRange);
  }
  return client_->buffer + offset;
}

Status VfsServer::ReadShared(const vfs::ReadSharedRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::ReadSharedReply>(file.status());
  Result<uint8_t*> range = SharedRange(request.buffer_offset, request.count);
  if (!range.ok()) return SendStatus<vfs::ReadSharedReply>(range.status());
  Result<size_t> count = ReadAt(*file, rstd::Span<uint8_t>(*range, request.count));
  if (!count.ok()) return SendStatus<vfs::ReadSharedReply>(count.status());
  vfs::ReadSharedReply reply{};
  reply.status = Wire(Status::kOk);
  reply.count = static_cast<uint32_t>(*count);
  return Send(reply);
}

Status VfsServer::WriteShared(const vfs::WriteSharedRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::WriteSharedReply>(file.status());
  Result<uint8_t*> range = SharedRange(request.buffer_offset, request.count);
  if (!range.ok()) return SendStatus<vfs::WriteSharedReply>(range.status());
  Result<size_t> count = WriteAt(*file, rstd::Bytes(*range, request.count));
  if (!count.ok()) return SendStatus<vfs::WriteSharedReply>(count.status());
  vfs::WriteSharedReply reply{};
  reply.status = Wire(Status::kOk);
  reply.count = static_cast<uint32_t>(*count);
  return Send(reply);
}

// --- Metadata and the name space ----------------------------------------------------------

Status VfsServer::Stat(const vfs::StatRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<InodeId> inode = fs_->LookupAt(request.path, request.follow);
  if (!inode.ok()) return SendStatus<vfs::StatReply>(inode.status());
  Result<StatInfo> info = fs_->Stat(*inode);
  if (!info.ok()) return SendStatus<vfs::StatReply>(info.status());
  vfs::StatReply reply{};
  reply.status = Wire(Status::kOk);
  reply.info = ToNodeInfo(*info);
  return Send(reply);
}

Status VfsServer::Fstat(const vfs::FstatRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::FstatReply>(file.status());
  Result<StatInfo> info = fs_->Stat((*file)->inode);
  if (!info.ok()) return SendStatus<vfs::FstatReply>(info.status());
  vfs::FstatReply reply{};
  reply.status = Wire(Status::kOk);
  reply.info = ToNodeInfo(*info);
  return Send(reply);
}

Status VfsServer::ReadDir(const vfs::ReadDirRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<OpenFile*> file = GetFile(request.file);
  if (!file.ok()) return SendStatus<vfs::ReadDirReply>(file.status());
  uint64_t cursor = request.cursor;
  DirEntryInfo entry;
  Result<bool> found = fs_->ReadDir((*file)->inode, &cursor, &entry);
  if (!found.ok()) return SendStatus<vfs::ReadDirReply>(found.status());
  vfs::ReadDirReply reply{};
  reply.status = Wire(Status::kOk);
  reply.found = *found;
  reply.next_cursor = cursor;
  if (*found) {
    reply.name = entry.name.view();
    reply.inode = entry.inode;
    reply.type = ToNodeType(entry.type);
  }
  return Send(reply);
}

Status VfsServer::Mkdir(const vfs::MkdirRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  return SendStatus<vfs::MkdirReply>(
      fs_->MakeDirectoryAt(request.path, request.mode, platform_->NowNs()).status());
}

Status VfsServer::Unlink(const vfs::UnlinkRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  const uint64_t now = platform_->NowNs();
  const Result<void> removed = request.directory ? fs_->RemoveDirectoryAt(request.path, now)
                                                 : fs_->UnlinkAt(request.path, now);
  return SendStatus<vfs::UnlinkReply>(removed.status());
}

Status VfsServer::Rename(const vfs::RenameRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  return SendStatus<vfs::RenameReply>(
      fs_->RenameAt(request.from, request.to, platform_->NowNs()).status());
}

Status VfsServer::Symlink(const vfs::SymlinkRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  return SendStatus<vfs::SymlinkReply>(
      fs_->MakeSymlinkAt(request.path, request.target, platform_->NowNs()).status());
}

Status VfsServer::Readlink(const vfs::ReadlinkRequest& request, uint32_t transaction_id) {
  (void)transaction_id;
  Result<InodeId> inode = fs_->LookupAt(request.path, /*follow_last=*/false);
  if (!inode.ok()) return SendStatus<vfs::ReadlinkReply>(inode.status());
  Result<rstd::StringView> target = fs_->ReadLink(*inode);
  if (!target.ok()) return SendStatus<vfs::ReadlinkReply>(target.status());
  vfs::ReadlinkReply reply{};
  reply.status = Wire(Status::kOk);
  reply.target = *target;
  return Send(reply);
}

}  // namespace raeen::vfsd
