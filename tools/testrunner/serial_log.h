#pragma once
// Everything the guest printed on COM1: kept in memory as timestamped lines for matching, and
// on disk as serial.log (one line per guest line, prefixed with the host time since QEMU
// started) plus serial.raw (the bytes exactly as received, escape sequences included).

#include <cstdio>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/serial_decoder.h"

namespace raeen::tools::testrunner {

class SerialLog {
 public:
  static std::expected<SerialLog, std::string> Create(const std::filesystem::path& log_path,
                                                      const std::filesystem::path& raw_path);

  // Records bytes that arrived `seconds` after QEMU started. Both files are flushed at once,
  // so they are complete even if the runner is killed.
  void Append(std::string_view bytes, double seconds);
  // Ends the stream: an unterminated last line becomes a line.
  void Finish();

  const std::vector<SerialLine>& lines() const { return lines_; }
  // The last `count` lines as written to serial.log.
  std::vector<std::string> Tail(size_t count) const;

  // `[+  4.123456] text`: host seconds since QEMU start, then the guest's line.
  static std::string FormatLine(const SerialLine& line);

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  using File = std::unique_ptr<std::FILE, FileCloser>;

  SerialLog(File log, File raw) : log_(std::move(log)), raw_(std::move(raw)) {}
  void WriteNewLines(size_t first);

  File log_;
  File raw_;
  SerialDecoder decoder_;
  std::vector<SerialLine> lines_;
};

}  // namespace raeen::tools::testrunner
