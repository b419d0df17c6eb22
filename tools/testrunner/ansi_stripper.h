#pragma once
// Removes terminal escape sequences from a byte stream. OVMF's console (and later the kernel's
// own console code) colours and positions text with ANSI/VT100 sequences; the runner matches
// markers on the plain text, so every sequence must go, including ones split across reads.

#include <string>
#include <string_view>

namespace raeen::tools::testrunner {

class AnsiStripper {
 public:
  // Appends the printable part of `bytes` to `out`. Keeps '\n', '\r' and '\t' (line splitting
  // happens later) and drops every other C0 control character. Sequences handled
  // [ECMA-48 5.4, 8.3.89]: CSI (ESC [ params intermediates final), OSC/DCS/SOS/PM/APC strings
  // (up to BEL, ESC \ or a newline), and two- or three-byte ESC sequences (ESC ( B, ESC =, ...).
  void Feed(std::string_view bytes, std::string& out);

  // Convenience for whole strings; a fresh stripper per call.
  static std::string Strip(std::string_view text);

 private:
  enum class State { kText, kEscape, kEscapeIntermediate, kCsi, kString, kStringEscape };
  State state_ = State::kText;
};

}  // namespace raeen::tools::testrunner
