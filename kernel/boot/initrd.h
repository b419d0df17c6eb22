#pragma once
// The initial ramdisk: the ustar archive rae-boot loaded (raeen/handoff.h, images/CMakeLists.txt),
// read in place through the direct map. It holds the first programs (bin/) and their
// configuration; vfsd will serve it as the root file system.

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"

namespace raeen::kernel {

// The contents of the regular file at `path` (normalized: "bin/init", no leading "./" or
// "/"). Errors: kNotFound (no initrd, or no such file), kCorrupt / kOutOfRange / kUnsupported
// for an archive the reader refuses (libs/archive/tar_reader.h).
Result<rstd::Bytes> FindInitrdFile(rstd::StringView path);

}  // namespace raeen::kernel
