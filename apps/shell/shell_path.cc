#include "apps/shell/shell_path.h"

namespace raeen::shell {
namespace {

// Appends the names of `path` to the normalised absolute path in out[0, *size).
bool AppendNames(rstd::StringView path, char* out, size_t capacity, size_t* size) {
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t end = i;
    while (end < path.size() && path[end] != '/') ++end;
    const rstd::StringView name = path.substr(i, end - i);
    i = end;
    if (name.empty() || name == ".") continue;
    if (name == "..") {
      while (*size > 1 && out[*size - 1] != '/') --*size;
      if (*size > 1) --*size;  // the '/' before the removed name, unless it is the root
      continue;
    }
    const size_t separator = *size > 1 ? 1 : 0;
    if (*size + separator + name.size() > capacity) return false;
    if (separator != 0) out[(*size)++] = '/';
    for (size_t j = 0; j < name.size(); ++j) out[(*size)++] = name[j];
  }
  return true;
}

}  // namespace

Result<rstd::StringView> ResolvePath(rstd::StringView cwd, rstd::StringView path, char* out,
                                     size_t capacity) {
  if (path.empty()) return Error(Status::kInvalidArgument);
  if (capacity == 0) return Error(Status::kOutOfRange);
  size_t size = 0;
  out[size++] = '/';
  if (path[0] != '/' && !AppendNames(cwd, out, capacity, &size)) {
    return Error(Status::kOutOfRange);
  }
  if (!AppendNames(path, out, capacity, &size)) return Error(Status::kOutOfRange);
  return rstd::StringView(out, size);
}

Result<rstd::StringView> JoinPath(rstd::StringView directory, rstd::StringView name, char* out,
                                  size_t capacity) {
  const bool root = directory == "/";
  const size_t size = directory.size() + (root ? 0 : 1) + name.size();
  if (size > capacity) return Error(Status::kOutOfRange);
  size_t at = 0;
  for (char c : directory) out[at++] = c;
  if (!root) out[at++] = '/';
  for (char c : name) out[at++] = c;
  return rstd::StringView(out, size);
}

rstd::StringView BaseName(rstd::StringView path) {
  if (path == "/") return path;
  size_t start = path.size();
  while (start > 0 && path[start - 1] != '/') --start;
  return path.substr(start);
}

}  // namespace raeen::shell
