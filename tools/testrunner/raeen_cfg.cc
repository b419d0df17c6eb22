#include "tools/testrunner/raeen_cfg.h"

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

RaeenCfg RaeenCfg::Parse(std::string_view text) {
  RaeenCfg cfg;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    cfg.lines_.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return cfg;
}

std::string_view RaeenCfg::KeyOf(std::string_view line) {
  const std::string_view trimmed = Trim(line);
  if (trimmed.empty() || trimmed.front() == '#') return {};
  const size_t equals = trimmed.find('=');
  if (equals == std::string_view::npos) return {};
  return Trim(trimmed.substr(0, equals));
}

std::optional<std::string> RaeenCfg::Get(std::string_view key) const {
  for (const std::string& line : lines_) {
    if (KeyOf(line) == key) return std::string(Trim(line.substr(line.find('=') + 1)));
  }
  return std::nullopt;
}

void RaeenCfg::Set(std::string_view key, std::string_view value) {
  std::string replacement = std::string(key) + " = " + std::string(value);
  // A line break would end the value early and smuggle in another key.
  for (char& c : replacement) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  bool replaced = false;
  std::vector<std::string> kept;
  for (std::string& line : lines_) {
    if (KeyOf(line) != key) {
      kept.push_back(std::move(line));
    } else if (!replaced) {
      kept.push_back(replacement);
      replaced = true;
    }
  }
  if (!replaced) kept.push_back(std::move(replacement));
  lines_ = std::move(kept);
}

std::string RaeenCfg::Serialize() const {
  std::string text;
  for (const std::string& line : lines_) {
    text += line;
    text.push_back('\n');
  }
  return text;
}

}  // namespace raeen::tools::testrunner
