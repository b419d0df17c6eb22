#include "apps/shell/history.h"

namespace raeen::shell {

void History::Add(rstd::StringView line) {
  line = line.substr(0, kMaxLine);
  if (line.empty() || (size_ != 0 && Recent(0) == line)) return;
  Entry& entry = entries_[next_];
  for (size_t i = 0; i < line.size(); ++i) entry.text[i] = line[i];
  entry.size = line.size();
  next_ = (next_ + 1) % kCapacity;
  if (size_ < kCapacity) ++size_;
}

rstd::StringView History::Recent(size_t age) const {
  if (age >= size_) return {};
  const Entry& entry = entries_[(next_ + kCapacity - 1 - age) % kCapacity];
  return rstd::StringView(entry.text, entry.size);
}

}  // namespace raeen::shell
