#pragma once
// A log sink for tests: remembers everything written to it.

#include <string>

#include "libs/rstd/format.h"

namespace raeen::kernel::testutil {

class CaptureWriter final : public rstd::Writer {
 public:
  void Write(rstd::StringView text) override { text_.append(text.data(), text.size()); }
  const std::string& text() const { return text_; }
  void Clear() { text_.clear(); }

 private:
  std::string text_;
};

}  // namespace raeen::kernel::testutil
