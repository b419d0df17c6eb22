#pragma once
// Type-safe formatting in the spirit of std::format, without allocation or libstdc++:
//
//   Format(writer, "mapped {} pages at {:#018x}", count, address);
//
// A replacement field is `{}` or `{:spec}` with spec = [[fill]align][#][0][width][type]:
//   align  `<` left, `>` right (default for numbers), `^` centre
//   #      prefix 0x / 0b for hexadecimal and binary
//   0      pad numbers with zeros after the prefix
//   type   `d` decimal, `x` / `X` hexadecimal, `b` binary, `c` character, `s` text
// `{{` and `}}` print braces. A field without an argument prints `{?}`; an argument without
// a field is ignored: formatting never fails and never reads past its arguments.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/span.h"
#include "libs/rstd/status.h"
#include "libs/rstd/string_view.h"

namespace raeen::rstd {

// Where formatted text goes: a serial port, a console, a buffer.
class Writer {
 public:
  virtual void Write(StringView text) = 0;

 protected:
  ~Writer() = default;
};

// Writes into a fixed buffer, always NUL-terminated, silently truncating; `truncated()` tells.
class BufferWriter final : public Writer {
 public:
  BufferWriter(char* buffer, size_t capacity);
  void Write(StringView text) override;
  StringView view() const { return StringView(buffer_, size_); }
  size_t size() const { return size_; }
  bool truncated() const { return truncated_; }
  void Clear();

 private:
  char* buffer_;
  size_t capacity_;
  size_t size_ = 0;
  bool truncated_ = false;
};

// One type-erased argument. Built implicitly by Format(); rarely named directly.
class FormatArg {
 public:
  enum class Kind : uint8_t { kSigned, kUnsigned, kBool, kChar, kText, kPointer };

  constexpr FormatArg(signed char v) : kind_(Kind::kSigned), signed_(v) {}
  constexpr FormatArg(short v) : kind_(Kind::kSigned), signed_(v) {}
  constexpr FormatArg(int v) : kind_(Kind::kSigned), signed_(v) {}
  constexpr FormatArg(long v) : kind_(Kind::kSigned), signed_(v) {}
  constexpr FormatArg(long long v) : kind_(Kind::kSigned), signed_(v) {}
  constexpr FormatArg(unsigned char v) : kind_(Kind::kUnsigned), unsigned_(v) {}
  constexpr FormatArg(unsigned short v) : kind_(Kind::kUnsigned), unsigned_(v) {}
  constexpr FormatArg(unsigned int v) : kind_(Kind::kUnsigned), unsigned_(v) {}
  constexpr FormatArg(unsigned long v) : kind_(Kind::kUnsigned), unsigned_(v) {}
  constexpr FormatArg(unsigned long long v) : kind_(Kind::kUnsigned), unsigned_(v) {}
  constexpr FormatArg(bool v) : kind_(Kind::kBool), unsigned_(v) {}
  constexpr FormatArg(char v) : kind_(Kind::kChar), unsigned_(static_cast<unsigned char>(v)) {}
  constexpr FormatArg(StringView v) : kind_(Kind::kText), text_(v) {}
  constexpr FormatArg(const char* v) : kind_(Kind::kText), text_(v ? StringView(v) : "(null)") {}
  constexpr FormatArg(char* v) : FormatArg(static_cast<const char*>(v)) {}
  constexpr FormatArg(Status v) : kind_(Kind::kText), text_(StatusName(v)) {}
  template <typename T>
  FormatArg(T* v)
      : kind_(Kind::kPointer), unsigned_(reinterpret_cast<uintptr_t>(v)) {}
  // Enumerations print as their underlying integer.
  template <typename E>
    requires __is_enum(E)
  constexpr FormatArg(E v) : FormatArg(static_cast<__underlying_type(E)>(v)) {}

  Kind kind() const { return kind_; }
  int64_t as_signed() const { return signed_; }
  uint64_t as_unsigned() const { return unsigned_; }
  StringView as_text() const { return text_; }

 private:
  Kind kind_;
  union {
    int64_t signed_;
    uint64_t unsigned_;
    StringView text_;
  };
};

void VFormat(Writer& out, StringView format, Span<const FormatArg> args);

template <typename... Args>
void Format(Writer& out, StringView format, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    VFormat(out, format, {});
  } else {
    const FormatArg packed[] = {FormatArg(args)...};
    VFormat(out, format, Span<const FormatArg>(packed, sizeof...(Args)));
  }
}

// Formats into `buffer` (NUL-terminated, truncated to fit) and returns the text written.
template <typename... Args>
StringView FormatTo(char* buffer, size_t capacity, StringView format, const Args&... args) {
  BufferWriter writer(buffer, capacity);
  Format(writer, format, args...);
  return writer.view();
}

}  // namespace raeen::rstd
