#pragma once
// Path syntax for vfsd: limits, name checks and splitting into components. Meaning ("." and
// "..", symlinks, mount points) belongs to resolution (ramfs.h); this file only knows bytes.
//
// A path is a sequence of names separated by one or more '/'. A leading '/' makes it absolute;
// a trailing '/' asks for a directory. "." and ".." are valid names here.
//
// Statuses: kInvalidArgument for an empty path or name, a NUL byte, or a '/' inside a name;
// kOutOfRange for a name longer than kMaxNameLength or a path longer than kMaxPathLength
// (POSIX ENAMETOOLONG).

#include <stddef.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::vfsd {

// Bytes in one name, as NAME_MAX.
inline constexpr size_t kMaxNameLength = 255;
// Bytes in a whole path, as PATH_MAX (no terminating NUL is counted: paths are not
// NUL-terminated here).
inline constexpr size_t kMaxPathLength = 4096;

// A name that can be stored in a directory, or "." or "..".
Result<void> CheckName(rstd::StringView name);

// "." or "..": valid in paths, never stored in a directory.
bool IsDotOrDotDot(rstd::StringView name);

// The whole path: not empty, not too long, no NUL, every component a valid name.
Result<void> CheckPath(rstd::StringView path);

inline bool IsAbsolute(rstd::StringView path) {
  return !path.empty() && path[0] == '/';
}

// Walks the components of a path without copying:
//
//   PathComponents components(path);
//   rstd::StringView name;
//   while (components.Next(&name)) { ... components.IsLast(), components.Rest() ... }
class PathComponents {
 public:
  explicit PathComponents(rstd::StringView path) : path_(path) {}

  // The next name (skipping any '/'), or false after the last one.
  bool Next(rstd::StringView* name);
  // True when the name just returned is followed by nothing but '/'.
  bool IsLast() const;
  // True when the name just returned is the last and is followed by a '/'.
  bool HasTrailingSlash() const { return IsLast() && end_ < path_.size(); }
  // Where the name just returned starts, and what follows it (from its terminating '/' on).
  size_t start() const { return start_; }
  size_t end() const { return end_; }

 private:
  rstd::StringView path_;
  size_t start_ = 0;
  size_t end_ = 0;
};

// A path held by value: resolution rewrites the path it walks when it expands a symlink, and
// a remaining path handed to a mounted file system must outlive the caller's.
class PathBuffer {
 public:
  PathBuffer() = default;

  rstd::StringView view() const { return rstd::StringView(data_, size_); }
  size_t size() const { return size_; }

  // kOutOfRange when `path` is longer than kMaxPathLength.
  Result<void> Assign(rstd::StringView path);
  // Replaces bytes [0, keep_from) with `prefix`; kOutOfRange (unchanged) when the result would
  // be longer than kMaxPathLength. `prefix` must not point into this buffer.
  Result<void> ReplacePrefix(size_t keep_from, rstd::StringView prefix);

 private:
  char data_[kMaxPathLength];
  size_t size_ = 0;
};

// One name held by value.
class NameBuffer {
 public:
  NameBuffer() = default;
  rstd::StringView view() const { return rstd::StringView(data_, size_); }
  // `name` must be at most kMaxNameLength bytes (checked: longer names are cut to empty).
  void Assign(rstd::StringView name);

 private:
  char data_[kMaxNameLength];
  size_t size_ = 0;
};

}  // namespace raeen::vfsd
