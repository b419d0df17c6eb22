#include "libs/archive/tar_reader.h"

#include "libs/rstd/utility.h"

namespace raeen::archive {
namespace {

// Field offsets and widths of a ustar header [POSIX.1-2017, pax, "ustar Interchange Format"].
struct Field {
  size_t offset;
  size_t width;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr size_t kTypeflag = 156;
constexpr Field kLinkname{157, 100};
constexpr Field kMagic{257, 6};
constexpr Field kVersion{263, 2};
constexpr Field kPrefix{345, 155};

constexpr size_t kBlock = TarReader::kBlockSize;

bool Equal(const uint8_t* bytes, const char* text, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (bytes[i] != static_cast<uint8_t>(text[i])) return false;
  }
  return true;
}

bool IsZero(const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// The standard sum treats bytes as unsigned; some historic writers summed signed chars.
bool ChecksumMatches(const uint8_t* header, uint64_t stored) {
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    bool in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.width;
    uint8_t byte = in_field ? ' ' : header[i];
    unsigned_sum += byte;
    signed_sum += static_cast<int8_t>(byte);
  }
  return stored == unsigned_sum || static_cast<int64_t>(stored) == signed_sum;
}

Result<uint64_t> ParseOctal(const uint8_t* header, Field field) {
  const uint8_t* text = header + field.offset;
  // GNU's base-256 numbers (0x80 positive, 0xff negative).
  if (text[0] & 0x80) return Error(Status::kUnsupported);
  size_t i = 0;
  while (i < field.width && text[i] == ' ') ++i;
  size_t first_digit = i;
  uint64_t value = 0;
  while (i < field.width && text[i] >= '0' && text[i] <= '7') {
    if (!rstd::CheckedMul(value, 8, &value) || !rstd::CheckedAdd(value, text[i] - '0', &value)) {
      return Error(Status::kCorrupt);
    }
    ++i;
  }
  if (i == first_digit) return Error(Status::kCorrupt);
  for (; i < field.width; ++i) {
    if (text[i] != '\0' && text[i] != ' ') return Error(Status::kCorrupt);
  }
  return value;
}

// A text field: NUL-terminated or filling the field, nothing but NULs after the terminator.
Result<rstd::StringView> TextField(const uint8_t* header, Field field) {
  const char* text = reinterpret_cast<const char*>(header + field.offset);
  size_t length = 0;
  while (length < field.width && text[length] != '\0') ++length;
  if (!IsZero(header + field.offset + length, field.width - length)) {
    return Error(Status::kCorrupt);
  }
  return rstd::StringView(text, length);
}

// Strips one leading "./"; the result may still be anything.
rstd::StringView StripDotSlash(rstd::StringView path) {
  return path.starts_with("./") ? path.substr(2) : path;
}

Result<TarEntryType> DecodeType(uint8_t flag) {
  switch (flag) {
    case '0':
    case '\0':
    case '7':  // contiguous file: a regular file to every reader but its inventor's
      return TarEntryType::kFile;
    case '1': return TarEntryType::kHardLink;
    case '2': return TarEntryType::kSymlink;
    case '5': return TarEntryType::kDirectory;
    case '3':
    case '4':
    case '6': return TarEntryType::kOther;
    default: return Error(Status::kUnsupported);
  }
}

}  // namespace

bool IsNormalizedPath(rstd::StringView path) {
  if (path.empty() || path[0] == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == rstd::StringView::kNpos ? path.size() : slash;
    rstd::StringView component = path.substr(start, end - start);
    if (component.empty() || component == "." || component == "..") return false;
    if (component.find('\0') != rstd::StringView::kNpos) return false;
    start = end + 1;
  }
  return true;
}

Result<bool> TarReader::Next(TarEntry* entry) {
  if (state_ != Status::kOk) return Error(state_);
  if (done_) return false;
  Result<bool> result = ReadEntry(entry);
  if (!result.ok()) {
    state_ = result.status();
  } else if (!result.value()) {
    done_ = true;
  }
  return result;
}

Result<bool> TarReader::ReadEntry(TarEntry* entry) {
  for (;;) {
    uint64_t remaining = archive_.size() - offset_;
    // Out of data before the end marker: a truncated archive, not a short one.
    if (remaining < kBlock) return Error(Status::kCorrupt);
    const uint8_t* header = archive_.data() + offset_;

    if (IsZero(header, kBlock)) {
      // The second zero block may be missing (end of data) but not replaced by anything else.
      uint64_t after = remaining - kBlock;
      uint64_t check = rstd::Min<uint64_t>(after, kBlock);
      if (!IsZero(header + kBlock, check)) return Error(Status::kCorrupt);
      offset_ = archive_.size();
      return false;
    }

    bool posix = Equal(header + kMagic.offset, "ustar\0", kMagic.width) &&
                 Equal(header + kVersion.offset, "00", kVersion.width);
    bool gnu = Equal(header + kMagic.offset, "ustar ", kMagic.width) &&
               Equal(header + kVersion.offset, " \0", kVersion.width);
    if (!posix && !gnu) return Error(Status::kCorrupt);
    RAEEN_TRY(uint64_t checksum, ParseOctal(header, kChecksum));
    if (!ChecksumMatches(header, checksum)) return Error(Status::kCorrupt);

    RAEEN_TRY(TarEntryType type, DecodeType(header[kTypeflag]));
    RAEEN_TRY(uint64_t mode, ParseOctal(header, kMode));
    RAEEN_TRY(uint64_t uid, ParseOctal(header, kUid));
    RAEEN_TRY(uint64_t gid, ParseOctal(header, kGid));
    RAEEN_TRY(uint64_t mtime, ParseOctal(header, kMtime));
    RAEEN_TRY(uint64_t size, ParseOctal(header, kSize));

    // The data and its padding must fit: checked before anything else reads the size.
    uint64_t data_offset = offset_ + kBlock;
    uint64_t padded = 0;
    if (size > archive_.size() || !rstd::CheckedAlignUp(size, kBlock, &padded) ||
        padded > archive_.size() - data_offset) {
      return Error(Status::kOutOfRange);
    }
    if ((type == TarEntryType::kSymlink || type == TarEntryType::kHardLink) && size != 0) {
      return Error(Status::kCorrupt);
    }

    RAEEN_TRY(rstd::StringView name, TextField(header, kName));
    rstd::StringView prefix;
    if (posix) {
      RAEEN_TRY(prefix, TextField(header, kPrefix));
    }
    if (name.empty()) return Error(Status::kCorrupt);

    // Join prefix "/" name into the entry, then normalize in place.
    size_t length = 0;
    if (!prefix.empty()) {
      for (char c : prefix) entry->path_[length++] = c;
      entry->path_[length++] = '/';
    }
    for (char c : name) entry->path_[length++] = c;
    rstd::StringView path = StripDotSlash(rstd::StringView(entry->path_, length));

    uint64_t header_offset = offset_;
    offset_ = data_offset + padded;

    // The root of the tree ("." or "./", from `tar -C dir .`) names nothing.
    if (prefix.empty() && (path.empty() || path == ".") && type == TarEntryType::kDirectory) {
      continue;
    }
    if (type == TarEntryType::kDirectory && path.ends_with("/")) {
      path = path.substr(0, path.size() - 1);
    }
    if (!IsNormalizedPath(path)) return Error(Status::kCorrupt);

    rstd::StringView link_target;
    if (type == TarEntryType::kSymlink || type == TarEntryType::kHardLink) {
      RAEEN_TRY(link_target, TextField(header, kLinkname));
      if (type == TarEntryType::kHardLink) {
        link_target = StripDotSlash(link_target);
        if (!IsNormalizedPath(link_target)) return Error(Status::kCorrupt);
      }
      if (link_target.empty()) return Error(Status::kCorrupt);
    }

    // Move the normalized path to the front of the buffer.
    size_t skip = static_cast<size_t>(path.data() - entry->path_);
    for (size_t i = 0; i < path.size(); ++i) entry->path_[i] = entry->path_[skip + i];
    entry->path_length_ = path.size();
    entry->type_ = type;
    entry->mode_ = static_cast<uint32_t>(mode & 07777);
    entry->uid_ = static_cast<uint32_t>(uid);
    entry->gid_ = static_cast<uint32_t>(gid);
    entry->mtime_ = mtime;
    entry->data_ = rstd::Bytes(archive_.data() + data_offset, size);
    entry->link_target_ = link_target;
    entry->header_offset_ = header_offset;
    return true;
  }
}

Result<TarEntry> TarReader::Find(rstd::StringView path) const {
  if (!IsNormalizedPath(path)) return Error(Status::kInvalidArgument);
  TarReader reader(archive_);
  TarEntry entry;
  TarEntry found;
  bool have = false;
  for (;;) {
    RAEEN_TRY(bool more, reader.Next(&entry));
    if (!more) break;
    if (entry.path() == path) {
      found = entry;
      have = true;
    }
  }
  if (!have) return Error(Status::kNotFound);
  return found;
}

Result<void> TarReader::Validate() const {
  TarReader reader(archive_);
  TarEntry entry;
  for (;;) {
    RAEEN_TRY(bool more, reader.Next(&entry));
    if (!more) return {};
  }
}

}  // namespace raeen::archive
