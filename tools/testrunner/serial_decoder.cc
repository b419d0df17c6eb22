#include "tools/testrunner/serial_decoder.h"

namespace raeen::tools::testrunner {

void SerialDecoder::Feed(std::string_view bytes, double seconds, std::vector<SerialLine>& lines) {
  scratch_.clear();
  stripper_.Feed(bytes, scratch_);
  for (const char c : scratch_) {
    if (c == '\r') continue;
    if (!current_started_) {
      current_started_ = true;
      current_start_ = seconds;
    }
    if (c == '\n') {
      lines.push_back(SerialLine{current_start_, std::move(current_)});
      current_.clear();
      current_started_ = false;
    } else {
      current_.push_back(c);
    }
  }
}

void SerialDecoder::Flush(std::vector<SerialLine>& lines) {
  if (!current_.empty()) lines.push_back(SerialLine{current_start_, std::move(current_)});
  current_.clear();
  current_started_ = false;
}

}  // namespace raeen::tools::testrunner
