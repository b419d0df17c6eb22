#include "services/vfsd/ramfs.h"

namespace raeen::vfsd {

struct Ramfs::Entry {
  Vector<char> name;
  InodeId inode = 0;

  rstd::StringView view() const { return rstd::StringView(name.data(), name.size()); }
};

struct Ramfs::Inode {
  InodeType type = InodeType::kFile;
  uint32_t mode = 0;
  uint32_t link_count = 0;
  // Retain() minus Release().
  uint32_t references = 0;
  uint64_t mtime_ns = 0;
  uint64_t ctime_ns = 0;
  // Directories: the directory holding this one (the root's is itself).
  InodeId parent = 0;
  bool is_mount_point = false;
  uint32_t mount_id = 0;
  // A file's contents or a symlink's target.
  Vector<uint8_t> data;
  // A directory's entries, sorted by name.
  Vector<Entry> entries;
};

namespace {

// Byte-wise order of names (unsigned bytes, then length).
int Compare(rstd::StringView a, rstd::StringView b) {
  size_t common = rstd::Min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

void CopyBytes(void* to, const void* from, size_t size) {
  if (size != 0) __builtin_memcpy(to, from, size);
}

Result<Vector<char>> CopyName(rstd::StringView name) {
  Vector<char> copy;
  if (!copy.TryResize(name.size())) return Error(Status::kNoMemory);
  CopyBytes(copy.data(), name.data(), name.size());
  return copy;
}

}  // namespace

// --- Creation and teardown ---------------------------------------------------------------

Result<Ramfs> Ramfs::Create(uint32_t root_mode, uint64_t time_ns, Limits limits) {
  if ((root_mode & ~kModeMask) != 0) return Error(Status::kInvalidArgument);
  // Ids are 32 bits and 0 names nothing.
  if (limits.max_inodes == 0 || limits.max_inodes == UINT32_MAX) {
    return Error(Status::kInvalidArgument);
  }
  Ramfs fs(limits);
  if (!fs.slots_.TryAppend(Slot{})) return Error(Status::kNoMemory);
  RAEEN_TRY(InodeId root, fs.AllocateInode(InodeType::kDirectory, root_mode, {}, time_ns));
  Inode* node = fs.Get(root);
  node->parent = root;
  node->link_count = 2;
  return fs;
}

Ramfs::Ramfs(Ramfs&& other) noexcept
    : limits_(other.limits_),
      slots_(rstd::Move(other.slots_)),
      free_head_(other.free_head_),
      inode_count_(other.inode_count_),
      total_bytes_(other.total_bytes_) {
  other.free_head_ = 0;
  other.inode_count_ = 0;
  other.total_bytes_ = 0;
}

Ramfs::~Ramfs() {
  for (Slot& slot : slots_) delete slot.inode;
}

Ramfs::Inode* Ramfs::Get(InodeId id) const {
  if (id == 0 || id >= slots_.size()) return nullptr;
  return slots_[id].inode;
}

Result<Ramfs::Inode*> Ramfs::GetDirectory(InodeId id) const {
  Inode* node = Get(id);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kDirectory) return Error(Status::kWrongType);
  if (node->link_count == 0) return Error(Status::kNotFound);
  if (node->is_mount_point) return Error(Status::kBadState);
  return node;
}

size_t Ramfs::FindEntry(const Inode& dir, rstd::StringView name, bool* found) {
  size_t low = 0;
  size_t high = dir.entries.size();
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    int order = Compare(dir.entries[middle].view(), name);
    if (order == 0) {
      *found = true;
      return middle;
    }
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  *found = false;
  return low;
}

Result<void> Ramfs::CheckNewName(rstd::StringView name) {
  RAEEN_TRY(CheckName(name));
  if (IsDotOrDotDot(name)) return Error(Status::kInvalidArgument);
  return {};
}

Result<InodeId> Ramfs::AllocateInode(InodeType type, uint32_t mode, rstd::StringView symlink_target,
                                     uint64_t time_ns) {
  if (inode_count_ >= limits_.max_inodes) return Error(Status::kQuotaExceeded);
  if (symlink_target.size() > limits_.max_total_bytes - total_bytes_) {
    return Error(Status::kQuotaExceeded);
  }
  if (free_head_ == 0 && !slots_.TryGrowFor(1)) return Error(Status::kNoMemory);
  Inode* node = new (std::nothrow_t{}) Inode();
  if (node == nullptr) return Error(Status::kNoMemory);
  if (!node->data.TryResize(symlink_target.size())) {
    delete node;
    return Error(Status::kNoMemory);
  }
  CopyBytes(node->data.data(), symlink_target.data(), symlink_target.size());
  node->type = type;
  node->mode = mode;
  node->mtime_ns = time_ns;
  node->ctime_ns = time_ns;

  InodeId id = free_head_;
  if (id != 0) {
    free_head_ = slots_[id].next_free;
  } else {
    id = static_cast<InodeId>(slots_.size());
    slots_.InsertReserved(slots_.size(), Slot{});
  }
  slots_[id] = Slot{node, 0};
  ++inode_count_;
  total_bytes_ += symlink_target.size();
  return id;
}

Result<InodeId> Ramfs::AddInode(InodeId dir, rstd::StringView name, InodeType type, uint32_t mode,
                                rstd::StringView symlink_target, uint64_t time_ns) {
  RAEEN_TRY(CheckNewName(name));
  if ((mode & ~kModeMask) != 0) return Error(Status::kInvalidArgument);
  RAEEN_TRY(Inode * parent, GetDirectory(dir));
  bool found = false;
  size_t at = FindEntry(*parent, name, &found);
  if (found) return Error(Status::kAlreadyExists);
  // Everything that can fail, before anything changes.
  RAEEN_TRY(Vector<char> name_copy, CopyName(name));
  if (!parent->entries.TryGrowFor(1)) return Error(Status::kNoMemory);
  RAEEN_TRY(InodeId id, AllocateInode(type, mode, symlink_target, time_ns));

  Inode* node = Get(id);
  if (type == InodeType::kDirectory) {
    node->parent = dir;
    node->link_count = 2;
    ++parent->link_count;
  } else {
    node->link_count = 1;
  }
  parent->entries.InsertReserved(at, Entry{rstd::Move(name_copy), id});
  Touch(parent, time_ns);
  return id;
}

void Ramfs::FreeInode(InodeId id) {
  Slot& slot = slots_[id];
  total_bytes_ -= slot.inode->data.size();
  delete slot.inode;
  slot = Slot{nullptr, free_head_};
  free_head_ = id;
  --inode_count_;
}

void Ramfs::DropLink(InodeId id) {
  Inode* node = Get(id);
  node->link_count = node->type == InodeType::kDirectory ? 0 : node->link_count - 1;
  if (node->link_count == 0 && node->references == 0) FreeInode(id);
}

void Ramfs::Touch(Inode* dir, uint64_t time_ns) {
  dir->mtime_ns = time_ns;
  dir->ctime_ns = time_ns;
}

bool Ramfs::IsInSubtree(InodeId inode, InodeId root) const {
  for (InodeId current = inode;; current = Get(current)->parent) {
    if (current == root) return true;
    if (current == kRootInode) return false;
  }
}

// --- Resolution --------------------------------------------------------------------------

Result<Resolution> Ramfs::Walk(rstd::StringView path, InodeId start, bool follow_last,
                               bool stop_before_last) const {
  RAEEN_TRY(CheckPath(path));
  const Inode* start_node = Get(start);
  if (start_node == nullptr) return Error(Status::kInvalidArgument);
  // A removed directory's ".." may name a freed inode.
  if (start_node->link_count == 0 && !IsAbsolute(path)) return Error(Status::kNotFound);
  Resolution result;
  PathBuffer work;
  RAEEN_TRY(work.Assign(path));
  InodeId current = IsAbsolute(path) ? kRootInode : start;
  uint32_t expansions = 0;
  PathComponents components(work.view());
  rstd::StringView name;
  while (components.Next(&name)) {
    // Names from a symlink target were not checked by CheckPath.
    if (name.size() > kMaxNameLength) return Error(Status::kOutOfRange);
    const Inode* dir = Get(current);
    if (dir->type != InodeType::kDirectory) return Error(Status::kWrongType);
    if (dir->is_mount_point) {
      result.in_mount = true;
      result.mount_id = dir->mount_id;
      RAEEN_TRY(result.remaining.Assign(work.view().substr(components.start())));
      return result;
    }
    bool last = components.IsLast();
    if (last && stop_before_last) {
      result.inode = current;
      result.name.Assign(name);
      result.trailing_slash = components.HasTrailingSlash();
      return result;
    }
    if (name == ".") continue;
    if (name == "..") {
      current = dir->parent;
      continue;
    }
    bool found = false;
    size_t at = FindEntry(*dir, name, &found);
    if (!found) return Error(Status::kNotFound);
    InodeId child = dir->entries[at].inode;
    const Inode* node = Get(child);
    if (node->type == InodeType::kSymlink &&
        (!last || follow_last || components.HasTrailingSlash())) {
      if (++expansions > kMaxSymlinkExpansions) return Error(Status::kOutOfRange);
      // The target replaces what has been walked, up to and including the symlink's name;
      // a relative target continues from the symlink's directory (`current`).
      rstd::StringView target(reinterpret_cast<const char*>(node->data.data()), node->data.size());
      RAEEN_TRY(work.ReplacePrefix(components.end(), target));
      components = PathComponents(work.view());
      if (IsAbsolute(target)) current = kRootInode;
      continue;
    }
    if (components.HasTrailingSlash() && node->type != InodeType::kDirectory) {
      return Error(Status::kWrongType);
    }
    current = child;
  }
  // A parent walk ends here only for a path without components ("/"): it stops before the
  // last one otherwise.
  if (stop_before_last) return Error(Status::kInvalidArgument);
  const Inode* node = Get(current);
  if (node->is_mount_point) {
    result.in_mount = true;
    result.mount_id = node->mount_id;
    return result;
  }
  result.inode = current;
  return result;
}

Result<Resolution> Ramfs::Resolve(rstd::StringView path, ResolveOptions options) const {
  return Walk(path, options.start, options.follow_last, /*stop_before_last=*/false);
}

Result<Resolution> Ramfs::ResolveParent(rstd::StringView path, InodeId start) const {
  return Walk(path, start, /*follow_last=*/false, /*stop_before_last=*/true);
}

// --- Operations on (directory, name) -----------------------------------------------------

Result<InodeId> Ramfs::Lookup(InodeId dir, rstd::StringView name) const {
  RAEEN_TRY(Located entry, Locate(dir, name));
  return entry.id;
}

Result<InodeId> Ramfs::CreateFile(InodeId dir, rstd::StringView name, uint32_t mode,
                                  uint64_t time_ns) {
  return AddInode(dir, name, InodeType::kFile, mode, {}, time_ns);
}

Result<InodeId> Ramfs::MakeDirectory(InodeId dir, rstd::StringView name, uint32_t mode,
                                     uint64_t time_ns) {
  return AddInode(dir, name, InodeType::kDirectory, mode, {}, time_ns);
}

Result<InodeId> Ramfs::MakeSymlink(InodeId dir, rstd::StringView name, rstd::StringView target,
                                   uint64_t time_ns) {
  if (target.empty() || target.find('\0') != rstd::StringView::kNpos) {
    return Error(Status::kInvalidArgument);
  }
  if (target.size() > kMaxPathLength) return Error(Status::kOutOfRange);
  return AddInode(dir, name, InodeType::kSymlink, 0777, target, time_ns);
}

Result<Ramfs::Located> Ramfs::Locate(InodeId dir, rstd::StringView name) const {
  RAEEN_TRY(CheckNewName(name));
  RAEEN_TRY(Inode * parent, GetDirectory(dir));
  bool found = false;
  size_t at = FindEntry(*parent, name, &found);
  if (!found) return Error(Status::kNotFound);
  InodeId id = parent->entries[at].inode;
  return Located{parent, at, id, Get(id)};
}

Result<void> Ramfs::Remove(InodeId dir, rstd::StringView name, bool directory, uint64_t time_ns) {
  RAEEN_TRY(Located entry, Locate(dir, name));
  if ((entry.node->type == InodeType::kDirectory) != directory) {
    return Error(Status::kWrongType);
  }
  if (directory && (entry.node->is_mount_point || !entry.node->entries.empty())) {
    return Error(Status::kBadState);
  }
  entry.parent->entries.Erase(entry.at);
  if (directory) --entry.parent->link_count;  // Its "..".
  Touch(entry.parent, time_ns);
  entry.node->ctime_ns = time_ns;
  DropLink(entry.id);
  return {};
}

Result<void> Ramfs::Unlink(InodeId dir, rstd::StringView name, uint64_t time_ns) {
  return Remove(dir, name, /*directory=*/false, time_ns);
}

Result<void> Ramfs::RemoveDirectory(InodeId dir, rstd::StringView name, uint64_t time_ns) {
  return Remove(dir, name, /*directory=*/true, time_ns);
}

Result<void> Ramfs::Rename(InodeId from_dir, rstd::StringView from_name, InodeId to_dir,
                           rstd::StringView to_name, uint64_t time_ns) {
  RAEEN_TRY(Located located, Locate(from_dir, from_name));
  RAEEN_TRY(CheckNewName(to_name));
  RAEEN_TRY(Inode * to, GetDirectory(to_dir));
  Inode* from = located.parent;
  size_t from_at = located.at;
  InodeId source_id = located.id;
  Inode* source = located.node;
  bool is_directory = source->type == InodeType::kDirectory;
  if (source->is_mount_point) return Error(Status::kBadState);

  bool replace = false;
  size_t to_at = FindEntry(*to, to_name, &replace);
  InodeId target_id = replace ? to->entries[to_at].inode : 0;
  if (target_id == source_id) return {};  // The same entry: there are no hard links.
  if (replace) {
    const Inode* target = Get(target_id);
    bool target_is_directory = target->type == InodeType::kDirectory;
    if (is_directory != target_is_directory) return Error(Status::kWrongType);
    if (target->is_mount_point || !target->entries.empty()) return Error(Status::kBadState);
  }
  if (is_directory && IsInSubtree(to_dir, source_id)) return Error(Status::kInvalidArgument);

  // Allocation (only when the new name is not taken), then the change, which cannot fail.
  Vector<char> name_copy;
  if (!replace) {
    RAEEN_TRY(name_copy, CopyName(to_name));
    if (!to->entries.TryGrowFor(1)) return Error(Status::kNoMemory);
  }
  if (replace) {
    to->entries[to_at].inode = source_id;
    from->entries.Erase(from_at);
    if (is_directory) --to->link_count;  // The replaced directory's "..".
    Get(target_id)->ctime_ns = time_ns;
    DropLink(target_id);
  } else {
    from->entries.Erase(from_at);
    bool found = false;
    to_at = FindEntry(*to, to_name, &found);
    to->entries.InsertReserved(to_at, Entry{rstd::Move(name_copy), source_id});
  }
  if (is_directory && from != to) {
    --from->link_count;
    ++to->link_count;
    source->parent = to_dir;
  }
  Touch(from, time_ns);
  Touch(to, time_ns);
  source->ctime_ns = time_ns;
  return {};
}

// --- Operations on inodes ----------------------------------------------------------------

Result<StatInfo> Ramfs::Stat(InodeId inode) const {
  const Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  StatInfo info;
  info.inode = inode;
  info.type = node->type;
  info.mode = node->mode;
  info.size = node->type == InodeType::kDirectory ? node->entries.size() : node->data.size();
  info.link_count = node->link_count;
  info.mtime_ns = node->mtime_ns;
  info.ctime_ns = node->ctime_ns;
  info.is_mount_point = node->is_mount_point;
  info.mount_id = node->mount_id;
  return info;
}

Result<size_t> Ramfs::Read(InodeId inode, uint64_t offset, rstd::Span<uint8_t> buffer) const {
  const Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kFile) return Error(Status::kWrongType);
  uint64_t size = node->data.size();
  if (offset >= size) return static_cast<size_t>(0);
  size_t count = static_cast<size_t>(rstd::Min<uint64_t>(buffer.size(), size - offset));
  CopyBytes(buffer.data(), node->data.data() + offset, count);
  return count;
}

Result<void> Ramfs::ResizeData(Inode* node, uint64_t size) {
  uint64_t old_size = node->data.size();
  if (size > limits_.max_file_size) return Error(Status::kQuotaExceeded);
  if (size > old_size && size - old_size > limits_.max_total_bytes - total_bytes_) {
    return Error(Status::kQuotaExceeded);
  }
  if (size == 0) {
    node->data.Reset();
  } else if (size > node->data.capacity()) {
    // Geometric growth keeps appends linear, capped at the largest size a file may have.
    uint64_t doubled = rstd::Min<uint64_t>(node->data.capacity() * 2, limits_.max_file_size);
    if (!node->data.TryReserve(static_cast<size_t>(rstd::Max(size, doubled))) &&
        !node->data.TryReserve(static_cast<size_t>(size))) {
      return Error(Status::kNoMemory);
    }
  }
  if (!node->data.TryResize(static_cast<size_t>(size))) return Error(Status::kNoMemory);
  total_bytes_ = total_bytes_ - old_size + size;
  return {};
}

Result<size_t> Ramfs::Write(InodeId inode, uint64_t offset, rstd::Bytes data, uint64_t time_ns) {
  Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kFile) return Error(Status::kWrongType);
  uint64_t end = 0;
  if (!rstd::CheckedAdd(offset, data.size(), &end)) return Error(Status::kOutOfRange);
  if (data.empty()) return static_cast<size_t>(0);
  if (end > node->data.size()) RAEEN_TRY(ResizeData(node, end));
  CopyBytes(node->data.data() + offset, data.data(), data.size());
  node->mtime_ns = time_ns;
  node->ctime_ns = time_ns;
  return data.size();
}

Result<void> Ramfs::Truncate(InodeId inode, uint64_t size, uint64_t time_ns) {
  Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kFile) return Error(Status::kWrongType);
  RAEEN_TRY(ResizeData(node, size));
  node->mtime_ns = time_ns;
  node->ctime_ns = time_ns;
  return {};
}

Result<rstd::StringView> Ramfs::ReadLink(InodeId inode) const {
  const Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kSymlink) return Error(Status::kWrongType);
  return rstd::StringView(reinterpret_cast<const char*>(node->data.data()), node->data.size());
}

Result<void> Ramfs::SetMode(InodeId inode, uint32_t mode, uint64_t time_ns) {
  Inode* node = Get(inode);
  if (node == nullptr || (mode & ~kModeMask) != 0) return Error(Status::kInvalidArgument);
  node->mode = mode;
  node->ctime_ns = time_ns;
  return {};
}

Result<void> Ramfs::SetTimes(InodeId inode, uint64_t mtime_ns, uint64_t ctime_ns) {
  Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  node->mtime_ns = mtime_ns;
  node->ctime_ns = ctime_ns;
  return {};
}

Result<bool> Ramfs::ReadDir(InodeId dir, uint64_t* cursor, DirEntryInfo* entry) const {
  RAEEN_TRY(const Inode* node, GetDirectory(dir));
  if (*cursor >= node->entries.size()) return false;
  const Entry& found = node->entries[static_cast<size_t>(*cursor)];
  entry->name.Assign(found.view());
  entry->inode = found.inode;
  entry->type = Get(found.inode)->type;
  ++*cursor;
  return true;
}

Result<void> Ramfs::Retain(InodeId inode) {
  Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->references == UINT32_MAX) return Error(Status::kOutOfRange);
  ++node->references;
  return {};
}

Result<void> Ramfs::Release(InodeId inode) {
  Inode* node = Get(inode);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->references == 0) return Error(Status::kBadState);
  if (--node->references == 0 && node->link_count == 0) FreeInode(inode);
  return {};
}

Result<void> Ramfs::Mount(InodeId dir, uint32_t mount_id) {
  if (dir == kRootInode) return Error(Status::kInvalidArgument);
  Inode* node = Get(dir);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (node->type != InodeType::kDirectory) return Error(Status::kWrongType);
  if (node->link_count == 0) return Error(Status::kNotFound);
  if (node->is_mount_point) return Error(Status::kAlreadyExists);
  node->is_mount_point = true;
  node->mount_id = mount_id;
  return {};
}

Result<void> Ramfs::Unmount(InodeId dir) {
  Inode* node = Get(dir);
  if (node == nullptr) return Error(Status::kInvalidArgument);
  if (!node->is_mount_point) return Error(Status::kNotFound);
  node->is_mount_point = false;
  node->mount_id = 0;
  return {};
}

// --- Path-based helpers ------------------------------------------------------------------

Result<Resolution> Ramfs::LocalParent(rstd::StringView path) const {
  RAEEN_TRY(Resolution resolution, ResolveParent(path));
  if (resolution.in_mount) return Error(Status::kUnsupported);
  return resolution;
}

Result<InodeId> Ramfs::LookupAt(rstd::StringView path, bool follow_last) const {
  ResolveOptions options;
  options.follow_last = follow_last;
  RAEEN_TRY(Resolution resolution, Resolve(path, options));
  if (resolution.in_mount) return Error(Status::kUnsupported);
  return resolution.inode;
}

Result<InodeId> Ramfs::CreateFileAt(rstd::StringView path, uint32_t mode, uint64_t time_ns) {
  RAEEN_TRY(Resolution parent, LocalParent(path));
  if (parent.trailing_slash) return Error(Status::kWrongType);
  return CreateFile(parent.inode, parent.name.view(), mode, time_ns);
}

Result<InodeId> Ramfs::MakeDirectoryAt(rstd::StringView path, uint32_t mode, uint64_t time_ns) {
  RAEEN_TRY(Resolution parent, LocalParent(path));
  return MakeDirectory(parent.inode, parent.name.view(), mode, time_ns);
}

Result<InodeId> Ramfs::MakeSymlinkAt(rstd::StringView path, rstd::StringView target,
                                     uint64_t time_ns) {
  RAEEN_TRY(Resolution parent, LocalParent(path));
  if (parent.trailing_slash) return Error(Status::kWrongType);
  return MakeSymlink(parent.inode, parent.name.view(), target, time_ns);
}

Result<void> Ramfs::UnlinkAt(rstd::StringView path, uint64_t time_ns) {
  RAEEN_TRY(Resolution parent, LocalParent(path));
  if (parent.trailing_slash) return Error(Status::kWrongType);
  return Unlink(parent.inode, parent.name.view(), time_ns);
}

Result<void> Ramfs::RemoveDirectoryAt(rstd::StringView path, uint64_t time_ns) {
  RAEEN_TRY(Resolution parent, LocalParent(path));
  return RemoveDirectory(parent.inode, parent.name.view(), time_ns);
}

Result<void> Ramfs::RenameAt(rstd::StringView from, rstd::StringView to, uint64_t time_ns) {
  RAEEN_TRY(Resolution from_parent, LocalParent(from));
  RAEEN_TRY(Resolution to_parent, LocalParent(to));
  if (from_parent.trailing_slash || to_parent.trailing_slash) {
    // "a/" names a directory: the source must be one.
    RAEEN_TRY(InodeId source, Lookup(from_parent.inode, from_parent.name.view()));
    if (Get(source)->type != InodeType::kDirectory) return Error(Status::kWrongType);
  }
  return Rename(from_parent.inode, from_parent.name.view(), to_parent.inode, to_parent.name.view(),
                time_ns);
}

}  // namespace raeen::vfsd
