#include "kernel/console/builtin_font.h"

#include <stdint.h>

// Defined in font_data.S.
extern "C" {
[[gnu::visibility("hidden")]] extern const uint8_t raeen_console_font_start[];
[[gnu::visibility("hidden")]] extern const uint8_t raeen_console_font_end[];
}

namespace raeen::kernel {

Result<PsfFont> BuiltinConsoleFont() {
  size_t size = static_cast<size_t>(raeen_console_font_end - raeen_console_font_start);
  return PsfFont::Parse(rstd::Bytes(raeen_console_font_start, size));
}

}  // namespace raeen::kernel
