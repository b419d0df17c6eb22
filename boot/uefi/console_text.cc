#include "boot/uefi/console_text.h"

namespace raeen::boot {

size_t EncodeConsoleText(rstd::StringView text, char16_t* out, size_t capacity, size_t* units) {
  size_t written = 0;
  size_t consumed = 0;
  // Leave room for the NUL and for the two units that one "\n" expands to.
  while (consumed < text.size() && written + 2 < capacity) {
    auto byte = static_cast<unsigned char>(text[consumed]);
    if (byte == '\n') {
      out[written++] = u'\r';
      out[written++] = u'\n';
    } else if (byte == '\t') {
      out[written++] = u' ';
    } else if (byte < 0x20 || byte >= 0x7f) {
      out[written++] = u'?';
    } else {
      out[written++] = static_cast<char16_t>(byte);
    }
    ++consumed;
  }
  if (capacity > 0) out[written] = u'\0';
  *units = written;
  return consumed;
}

rstd::StringView NarrowUcs2(const char16_t* text, char* out, size_t capacity) {
  if (capacity == 0) return {};
  size_t n = 0;
  if (text != nullptr) {
    for (; text[n] != u'\0' && n + 1 < capacity; ++n) {
      char16_t unit = text[n];
      out[n] = (unit >= 0x20 && unit < 0x7f) ? static_cast<char>(unit) : '?';
    }
  }
  out[n] = '\0';
  return rstd::StringView(out, n);
}

bool WidenAscii(rstd::StringView text, char16_t* out, size_t capacity) {
  if (text.size() + 1 > capacity) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0 || byte >= 0x80) return false;
    out[i] = static_cast<char16_t>(byte);
  }
  out[text.size()] = u'\0';
  return true;
}

}  // namespace raeen::boot
