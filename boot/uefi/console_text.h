#pragma once
// Text conversion between rae-boot's ASCII/UTF-8 strings and the UCS-2 (CHAR16) strings of the
// UEFI console and file system [UEFI 2.10, 2.3.1 and 12.4].

#include <stddef.h>

#include "libs/rstd/string_view.h"

namespace raeen::boot {

// Encodes a prefix of `text` for EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL.OutputString() into `out`,
// always NUL-terminated (`capacity` counts the NUL and must be at least 3). "\n" becomes
// "\r\n" because the UEFI console treats carriage return and line feed separately; a tab
// becomes a space; any other control byte and every byte >= 0x80 (the console fonts only
// cover ASCII reliably) becomes '?'. Returns how many bytes of `text` were consumed; call
// again with the rest until everything is consumed. `*units` receives the number of CHAR16
// written before the NUL.
size_t EncodeConsoleText(rstd::StringView text, char16_t* out, size_t capacity, size_t* units);

// Copies a NUL-terminated UCS-2 string into `out` as ASCII (non-ASCII becomes '?'), NUL-
// terminated and truncated to fit. A null `text` gives "". Returns the text written.
rstd::StringView NarrowUcs2(const char16_t* text, char* out, size_t capacity);

// Converts an ASCII path to a NUL-terminated UCS-2 path for EFI_FILE_PROTOCOL.Open(). Returns
// false (and writes nothing useful) if it does not fit or contains a non-ASCII byte.
bool WidenAscii(rstd::StringView text, char16_t* out, size_t capacity);

}  // namespace raeen::boot
