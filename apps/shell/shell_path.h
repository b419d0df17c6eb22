#pragma once
// Paths as the user types them, made absolute against the working directory and normalised:
// "." dropped, ".." removes the name before it (and stays at "/"), repeated '/' collapsed, no
// trailing '/' except for "/" itself. Pure logic, tested on the host.

#include <stddef.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

inline constexpr size_t kMaxPath = 256;

// Resolves `path` against `cwd` (absolute, normalised) into `out` (`capacity` bytes).
// Errors: kInvalidArgument for an empty path, kOutOfRange when the result does not fit.
Result<rstd::StringView> ResolvePath(rstd::StringView cwd, rstd::StringView path, char* out,
                                     size_t capacity);

// `directory` + "/" + `name` into `out`. Errors: kOutOfRange when it does not fit.
Result<rstd::StringView> JoinPath(rstd::StringView directory, rstd::StringView name, char* out,
                                  size_t capacity);

// The last name of a normalised path ("/" for "/").
rstd::StringView BaseName(rstd::StringView path);

}  // namespace raeen::shell
