#pragma once
// The console font built into the kernel image (kernel/console/font_data.S): Terminus
// 10x20 from Debian's console-setup-linux. consoled embeds the same file the same way (its
// screen uses the kernel's console code); host tests read it from the build directory.

#include "kernel/console/psf_font.h"
#include "libs/rstd/result.h"

namespace raeen::kernel {

// Parses the embedded font. The glyphs live in the kernel's read-only data, so the font stays
// valid forever. Errors: those of PsfFont::Parse (which would mean a broken build).
Result<PsfFont> BuiltinConsoleFont();

}  // namespace raeen::kernel
