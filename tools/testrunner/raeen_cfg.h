#pragma once
// rae-boot's configuration file \raeen\raeen.cfg: `key = value` lines (`cmdline = <text>`,
// `resolution = WxH|auto`); other lines (comments, keys added later) are kept verbatim, so
// the runner overrides only what a boot asks for.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

class RaeenCfg {
 public:
  static RaeenCfg Parse(std::string_view text);

  // The value of the first `key = ...` line, trimmed.
  std::optional<std::string> Get(std::string_view key) const;
  // Replaces the first `key = ...` line (dropping any repeats) or appends one. Line breaks in
  // `value` become spaces.
  void Set(std::string_view key, std::string_view value);

  // One line per entry, each ending in '\n'.
  std::string Serialize() const;

 private:
  // The key of a `key = value` line, or empty for comments, blanks and other lines.
  static std::string_view KeyOf(std::string_view line);

  std::vector<std::string> lines_;
};

}  // namespace raeen::tools::testrunner
