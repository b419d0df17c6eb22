#include "tools/testrunner/serial_log.h"

#include <cerrno>
#include <cstring>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {

std::expected<SerialLog, std::string> SerialLog::Create(const std::filesystem::path& log_path,
                                                        const std::filesystem::path& raw_path) {
  File log(std::fopen(log_path.c_str(), "w"));
  if (!log) return std::unexpected(Printf("%s: %s", log_path.c_str(), strerror(errno)));
  File raw(std::fopen(raw_path.c_str(), "wb"));
  if (!raw) return std::unexpected(Printf("%s: %s", raw_path.c_str(), strerror(errno)));
  return SerialLog(std::move(log), std::move(raw));
}

void SerialLog::Append(std::string_view bytes, double seconds) {
  std::fwrite(bytes.data(), 1, bytes.size(), raw_.get());
  std::fflush(raw_.get());
  const size_t first = lines_.size();
  decoder_.Feed(bytes, seconds, lines_);
  WriteNewLines(first);
}

void SerialLog::Finish() {
  const size_t first = lines_.size();
  decoder_.Flush(lines_);
  WriteNewLines(first);
}

void SerialLog::WriteNewLines(size_t first) {
  for (size_t i = first; i < lines_.size(); ++i) {
    const std::string text = FormatLine(lines_[i]) + "\n";
    std::fwrite(text.data(), 1, text.size(), log_.get());
  }
  if (first < lines_.size()) std::fflush(log_.get());
}

std::vector<std::string> SerialLog::Tail(size_t count) const {
  std::vector<std::string> tail;
  const size_t first = lines_.size() > count ? lines_.size() - count : 0;
  for (size_t i = first; i < lines_.size(); ++i) tail.push_back(FormatLine(lines_[i]));
  return tail;
}

std::string SerialLog::FormatLine(const SerialLine& line) {
  return Printf("[+%9.6f] %s", line.seconds, line.text.c_str());
}

}  // namespace raeen::tools::testrunner
