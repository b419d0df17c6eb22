#include "boot/uefi/boot_config.h"

#include "libs/rstd/format.h"

namespace raeen::boot {
namespace {

constexpr rstd::StringView kUtf8ByteOrderMark = "\xEF\xBB\xBF";

bool IsKeyCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// Parses 1..kMaxDimension in decimal, digits only.
bool ParseDimension(rstd::StringView text, uint32_t* out) {
  if (text.empty() || text.size() > 5) return false;
  uint32_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value == 0 || value > BootConfig::kMaxDimension) return false;
  *out = value;
  return true;
}

}  // namespace

BootConfig::BootConfig() {
  command_line_[0] = '\0';
}

Result<BootConfig> BootConfig::Parse(rstd::StringView text, WarningSink& warnings,
                                     Diagnostic& diag) {
  BootConfig config;
  if (text.starts_with(kUtf8ByteOrderMark)) text = text.substr(kUtf8ByteOrderMark.size());
  uint32_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == rstd::StringView::kNpos) end = text.size();
    ++line_number;
    RAEEN_TRY(config.ParseLine(text.substr(start, end - start), line_number, warnings, diag));
    start = end + 1;
  }
  return config;
}

Result<void> BootConfig::ParseLine(rstd::StringView raw_line, uint32_t line_number,
                                   WarningSink& warnings, Diagnostic& diag) {
  // Control characters (other than tab and the CR of a CRLF line end) would end up in the
  // kernel command line or the log: refuse them here, where the line number is known.
  for (size_t i = 0; i < raw_line.size(); ++i) {
    auto byte = static_cast<unsigned char>(raw_line[i]);
    bool line_end_cr = byte == '\r' && i + 1 == raw_line.size();
    if ((byte < 0x20 && byte != '\t' && !line_end_cr) || byte == 0x7f) {
      return diag.Fail(Status::kCorrupt, "raeen.cfg line {}: control character {:#04x}",
                       line_number, byte);
    }
  }
  rstd::StringView line = raw_line.Trim();
  if (line.empty() || line[0] == '#') return {};

  size_t equals = line.find('=');
  if (equals == rstd::StringView::kNpos) {
    return diag.Fail(Status::kCorrupt, "raeen.cfg line {}: expected `key = value`", line_number);
  }
  rstd::StringView key = line.substr(0, equals).Trim();
  rstd::StringView value = line.substr(equals + 1).Trim();
  if (key.empty()) {
    return diag.Fail(Status::kCorrupt, "raeen.cfg line {}: missing key before `=`", line_number);
  }
  for (char c : key) {
    if (!IsKeyCharacter(c)) {
      return diag.Fail(Status::kCorrupt, "raeen.cfg line {}: invalid key `{}`", line_number, key);
    }
  }

  char message[160];
  if (key == "resolution") {
    if (seen_resolution_) {
      warnings.Warning(rstd::FormatTo(message, sizeof(message),
                                      "raeen.cfg line {}: `resolution` given again; the last "
                                      "one wins",
                                      line_number));
    }
    seen_resolution_ = true;
    return SetResolution(value, line_number, diag);
  }
  if (key == "cmdline") {
    if (seen_cmdline_) {
      warnings.Warning(rstd::FormatTo(message, sizeof(message),
                                      "raeen.cfg line {}: `cmdline` given again; the last one "
                                      "wins",
                                      line_number));
    }
    seen_cmdline_ = true;
    return SetCommandLine(value, line_number, diag);
  }
  warnings.Warning(rstd::FormatTo(message, sizeof(message),
                                  "raeen.cfg line {}: unknown key `{}` ignored", line_number, key));
  return {};
}

Result<void> BootConfig::SetResolution(rstd::StringView value, uint32_t line_number,
                                       Diagnostic& diag) {
  if (value == "auto") {
    auto_resolution_ = true;
    resolution_ = {0, 0};
    return {};
  }
  size_t x = value.find('x');
  if (x == rstd::StringView::kNpos) x = value.find('X');
  Resolution parsed = {0, 0};
  if (x == rstd::StringView::kNpos || !ParseDimension(value.substr(0, x), &parsed.width) ||
      !ParseDimension(value.substr(x + 1), &parsed.height)) {
    return diag.Fail(Status::kCorrupt,
                     "raeen.cfg line {}: resolution `{}` is not `auto` or WIDTHxHEIGHT "
                     "(1..{} each)",
                     line_number, value, kMaxDimension);
  }
  auto_resolution_ = false;
  resolution_ = parsed;
  return {};
}

Result<void> BootConfig::SetCommandLine(rstd::StringView value, uint32_t line_number,
                                        Diagnostic& diag) {
  if (value.size() + 1 > kCommandLineMax) {
    return diag.Fail(Status::kOutOfRange,
                     "raeen.cfg line {}: cmdline is {} bytes; at most {} fit in the hand-off",
                     line_number, value.size(), kCommandLineMax - 1);
  }
  for (size_t i = 0; i < value.size(); ++i) command_line_[i] = value[i];
  command_line_[value.size()] = '\0';
  command_line_size_ = value.size();
  return {};
}

}  // namespace raeen::boot
