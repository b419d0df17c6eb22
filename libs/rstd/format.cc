#include "libs/rstd/format.h"

namespace raeen::rstd {
namespace {

struct Spec {
  char fill = ' ';
  char align = '\0';  // '<', '>', '^' or '\0' for the type's default
  bool alternate = false;
  bool zero_pad = false;
  size_t width = 0;
  char type = '\0';
};

// Parses the text between ':' and '}'. Unknown characters are ignored rather than fatal:
// a typo in a log format must not take the kernel down.
Spec ParseSpec(StringView text) {
  Spec spec;
  size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^'; };
  if (text.size() >= 2 && is_align(text[1])) {
    spec.fill = text[0];
    spec.align = text[1];
    i = 2;
  } else if (!text.empty() && is_align(text[0])) {
    spec.align = text[0];
    i = 1;
  }
  if (i < text.size() && text[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    spec.zero_pad = true;
    ++i;
  }
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    spec.width = spec.width * 10 + static_cast<size_t>(text[i] - '0');
    if (spec.width > 256) spec.width = 256;
    ++i;
  }
  if (i < text.size()) spec.type = text[i];
  return spec;
}

void WriteRepeated(Writer& out, char c, size_t count) {
  char chunk[16];
  for (char& slot : chunk) slot = c;
  while (count > 0) {
    size_t n = count < sizeof(chunk) ? count : sizeof(chunk);
    out.Write(StringView(chunk, n));
    count -= n;
  }
}

void WritePadded(Writer& out, const Spec& spec, StringView prefix, StringView body,
                 char default_align) {
  size_t length = prefix.size() + body.size();
  size_t padding = spec.width > length ? spec.width - length : 0;
  if (spec.zero_pad && spec.align == '\0') {
    out.Write(prefix);
    WriteRepeated(out, '0', padding);
    out.Write(body);
    return;
  }
  char align = spec.align ? spec.align : default_align;
  size_t before = align == '>' ? padding : align == '^' ? padding / 2 : 0;
  WriteRepeated(out, spec.fill, before);
  out.Write(prefix);
  out.Write(body);
  WriteRepeated(out, spec.fill, padding - before);
}

void WriteNumber(Writer& out, const Spec& spec, uint64_t magnitude, bool negative) {
  unsigned base = 10;
  bool upper = false;
  StringView prefix_digits;
  switch (spec.type) {
    case 'x': base = 16; prefix_digits = "0x"; break;
    case 'X': base = 16; upper = true; prefix_digits = "0x"; break;
    case 'b': base = 2; prefix_digits = "0b"; break;
    case 'p': base = 16; prefix_digits = "0x"; break;
    default: break;
  }
  char digits[64];
  size_t n = 0;
  const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[sizeof(digits) - 1 - n] = alphabet[magnitude % base];
    magnitude /= base;
    ++n;
  } while (magnitude != 0);

  char prefix[3];
  size_t prefix_size = 0;
  if (negative) prefix[prefix_size++] = '-';
  if ((spec.alternate || spec.type == 'p') && !prefix_digits.empty()) {
    prefix[prefix_size++] = prefix_digits[0];
    prefix[prefix_size++] = prefix_digits[1];
  }
  WritePadded(out, spec, StringView(prefix, prefix_size),
              StringView(digits + sizeof(digits) - n, n), '>');
}

void WriteArg(Writer& out, const Spec& spec, const FormatArg& arg) {
  switch (arg.kind()) {
    case FormatArg::Kind::kSigned: {
      int64_t v = arg.as_signed();
      if (spec.type == 'c') {
        char c = static_cast<char>(v);
        WritePadded(out, spec, {}, StringView(&c, 1), '<');
        return;
      }
      bool negative = v < 0 && (spec.type == '\0' || spec.type == 'd');
      uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      WriteNumber(out, spec, magnitude, negative);
      return;
    }
    case FormatArg::Kind::kUnsigned:
      if (spec.type == 'c') {
        char c = static_cast<char>(arg.as_unsigned());
        WritePadded(out, spec, {}, StringView(&c, 1), '<');
        return;
      }
      WriteNumber(out, spec, arg.as_unsigned(), false);
      return;
    case FormatArg::Kind::kBool:
      if (spec.type == 'd') {
        WriteNumber(out, spec, arg.as_unsigned(), false);
      } else {
        WritePadded(out, spec, {}, arg.as_unsigned() ? "true" : "false", '<');
      }
      return;
    case FormatArg::Kind::kChar: {
      if (spec.type == 'd' || spec.type == 'x' || spec.type == 'X') {
        WriteNumber(out, spec, arg.as_unsigned(), false);
        return;
      }
      char c = static_cast<char>(arg.as_unsigned());
      WritePadded(out, spec, {}, StringView(&c, 1), '<');
      return;
    }
    case FormatArg::Kind::kText:
      WritePadded(out, spec, {}, arg.as_text(), '<');
      return;
    case FormatArg::Kind::kPointer: {
      Spec pointer_spec = spec;
      if (pointer_spec.type == '\0') pointer_spec.type = 'p';
      WriteNumber(out, pointer_spec, arg.as_unsigned(), false);
      return;
    }
  }
}

}  // namespace

BufferWriter::BufferWriter(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {
  if (capacity_ > 0) buffer_[0] = '\0';
}

void BufferWriter::Write(StringView text) {
  if (capacity_ == 0) {
    truncated_ = truncated_ || !text.empty();
    return;
  }
  size_t room = capacity_ - 1 - size_;
  size_t n = text.size() < room ? text.size() : room;
  for (size_t i = 0; i < n; ++i) buffer_[size_ + i] = text[i];
  size_ += n;
  buffer_[size_] = '\0';
  if (n < text.size()) truncated_ = true;
}

void BufferWriter::Clear() {
  size_ = 0;
  truncated_ = false;
  if (capacity_ > 0) buffer_[0] = '\0';
}

void VFormat(Writer& out, StringView format, Span<const FormatArg> args) {
  size_t next_arg = 0;
  size_t literal_start = 0;
  size_t i = 0;
  auto flush_literal = [&](size_t end) {
    if (end > literal_start) out.Write(format.substr(literal_start, end - literal_start));
  };
  while (i < format.size()) {
    char c = format[i];
    if (c == '}' && i + 1 < format.size() && format[i + 1] == '}') {
      flush_literal(i + 1);
      i += 2;
      literal_start = i;
      continue;
    }
    if (c != '{') {
      ++i;
      continue;
    }
    flush_literal(i);
    if (i + 1 < format.size() && format[i + 1] == '{') {
      out.Write("{");
      i += 2;
      literal_start = i;
      continue;
    }
    size_t close = format.find('}', i);
    if (close == StringView::kNpos) {
      // An unterminated field is printed as it stands.
      literal_start = i;
      break;
    }
    StringView field = format.substr(i + 1, close - i - 1);
    Spec spec;
    if (!field.empty() && field[0] == ':') spec = ParseSpec(field.substr(1));
    if (next_arg < args.size()) {
      WriteArg(out, spec, args[next_arg++]);
    } else {
      out.Write("{?}");
    }
    i = close + 1;
    literal_start = i;
  }
  flush_literal(format.size());
}

}  // namespace raeen::rstd
