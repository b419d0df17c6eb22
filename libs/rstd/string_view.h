#pragma once
// A non-owning view of bytes interpreted as text. Not NUL-terminated.

#include <stddef.h>
#include <stdint.h>

namespace raeen::rstd {

class StringView {
 public:
  static constexpr size_t kNpos = static_cast<size_t>(-1);

  constexpr StringView() = default;
  constexpr StringView(const char* data, size_t size) : data_(data), size_(size) {}
  // From a NUL-terminated string (a null pointer gives the empty view).
  constexpr StringView(const char* text) : data_(text), size_(text ? Length(text) : 0) {}

  constexpr const char* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr char operator[](size_t i) const { return data_[i]; }
  constexpr const char* begin() const { return data_; }
  constexpr const char* end() const { return data_ + size_; }

  constexpr StringView substr(size_t pos, size_t count = kNpos) const {
    if (pos > size_) pos = size_;
    if (count > size_ - pos) count = size_ - pos;
    return StringView(data_ + pos, count);
  }

  constexpr bool starts_with(StringView prefix) const {
    return prefix.size_ <= size_ && substr(0, prefix.size_) == prefix;
  }
  constexpr bool ends_with(StringView suffix) const {
    return suffix.size_ <= size_ && substr(size_ - suffix.size_) == suffix;
  }

  constexpr size_t find(char c, size_t from = 0) const {
    for (size_t i = from; i < size_; ++i) {
      if (data_[i] == c) return i;
    }
    return kNpos;
  }

  constexpr size_t find(StringView needle, size_t from = 0) const {
    if (needle.size_ > size_) return kNpos;
    for (size_t i = from; i + needle.size_ <= size_; ++i) {
      if (substr(i, needle.size_) == needle) return i;
    }
    return kNpos;
  }

  constexpr bool contains(StringView needle) const { return find(needle) != kNpos; }

  // Without leading and trailing spaces, tabs, CR and LF.
  constexpr StringView Trim() const {
    size_t first = 0;
    size_t last = size_;
    while (first < last && IsSpace(data_[first])) ++first;
    while (last > first && IsSpace(data_[last - 1])) --last;
    return substr(first, last - first);
  }

  friend constexpr bool operator==(StringView a, StringView b) {
    if (a.size_ != b.size_) return false;
    for (size_t i = 0; i < a.size_; ++i) {
      if (a.data_[i] != b.data_[i]) return false;
    }
    return true;
  }

 private:
  static constexpr size_t Length(const char* text) {
    size_t n = 0;
    while (text[n] != '\0') ++n;
    return n;
  }
  static constexpr bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Parses an unsigned decimal, or hexadecimal with a 0x prefix. False on anything else,
// including overflow and empty input.
bool ParseUnsigned(StringView text, uint64_t* out);

}  // namespace raeen::rstd
