#include "services/vfsd/path.h"

namespace raeen::vfsd {

Result<void> CheckName(rstd::StringView name) {
  if (name.empty()) return Error(Status::kInvalidArgument);
  for (char c : name) {
    if (c == '/' || c == '\0') return Error(Status::kInvalidArgument);
  }
  if (name.size() > kMaxNameLength) return Error(Status::kOutOfRange);
  return {};
}

bool IsDotOrDotDot(rstd::StringView name) {
  return name == "." || name == "..";
}

Result<void> CheckPath(rstd::StringView path) {
  if (path.empty()) return Error(Status::kInvalidArgument);
  if (path.size() > kMaxPathLength) return Error(Status::kOutOfRange);
  PathComponents components(path);
  rstd::StringView name;
  while (components.Next(&name)) RAEEN_TRY(CheckName(name));
  // A NUL outside a name cannot exist: every byte is a '/' or part of a name.
  return {};
}

bool PathComponents::Next(rstd::StringView* name) {
  size_t i = end_;
  while (i < path_.size() && path_[i] == '/') ++i;
  if (i == path_.size()) {
    start_ = end_ = path_.size();
    return false;
  }
  start_ = i;
  while (i < path_.size() && path_[i] != '/') ++i;
  end_ = i;
  *name = path_.substr(start_, end_ - start_);
  return true;
}

bool PathComponents::IsLast() const {
  for (size_t i = end_; i < path_.size(); ++i) {
    if (path_[i] != '/') return false;
  }
  return true;
}

Result<void> PathBuffer::Assign(rstd::StringView path) {
  if (path.size() > kMaxPathLength) return Error(Status::kOutOfRange);
  if (!path.empty()) __builtin_memcpy(data_, path.data(), path.size());
  size_ = path.size();
  return {};
}

Result<void> PathBuffer::ReplacePrefix(size_t keep_from, rstd::StringView prefix) {
  if (keep_from > size_) keep_from = size_;
  size_t kept = size_ - keep_from;
  if (prefix.size() > kMaxPathLength - kept) return Error(Status::kOutOfRange);
  if (kept != 0) __builtin_memmove(data_ + prefix.size(), data_ + keep_from, kept);
  if (!prefix.empty()) __builtin_memcpy(data_, prefix.data(), prefix.size());
  size_ = prefix.size() + kept;
  return {};
}

void NameBuffer::Assign(rstd::StringView name) {
  if (name.size() > kMaxNameLength) {
    size_ = 0;
    return;
  }
  if (!name.empty()) __builtin_memcpy(data_, name.data(), name.size());
  size_ = name.size();
}

}  // namespace raeen::vfsd
