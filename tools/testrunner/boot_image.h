#pragma once
// Each boot gets private copies of the ESP image and the OVMF variable store, so concurrent
// boots never share a writable file and the build's esp.img is never modified. The copy's
// \raeen\raeen.cfg is rewritten with the boot's command line.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace raeen::tools::testrunner {

struct BootImageRequest {
  std::filesystem::path source_esp;  // <build>/images/esp.img
  std::filesystem::path out_dir;     // receives esp.img, OVMF_VARS_4M.fd, raeen.cfg
  // Replaces raeen.cfg's `cmdline`; nullopt keeps the image's own.
  std::optional<std::string> cmdline;
  // Appended (space-separated) after the command line above, e.g. "gdbwait".
  std::string cmdline_suffix;
  // Replaces `resolution` (WxH or auto); nullopt keeps the image's own, or "auto" if none.
  std::optional<std::string> resolution;
};

struct BootImage {
  std::filesystem::path esp;
  std::filesystem::path vars;
  std::filesystem::path cfg;  // the raeen.cfg written into the copy
  std::string cmdline;        // the command line the kernel will see
};

// Copies, rewrites raeen.cfg with mtools (mtype to read it, mcopy -o to replace it).
std::expected<BootImage, std::string> PrepareBootImage(const BootImageRequest& request);

}  // namespace raeen::tools::testrunner
