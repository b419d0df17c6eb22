#include "kernel/boot/command_line.h"

namespace raeen::kernel {

template <typename Visit>
void CommandLine::ForEachWord(Visit visit) const {
  size_t i = 0;
  while (i < text_.size()) {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    size_t start = i;
    while (i < text_.size() && text_[i] != ' ' && text_[i] != '\t') ++i;
    if (i > start) visit(text_.substr(start, i - start));
  }
}

bool CommandLine::Get(rstd::StringView key, rstd::StringView* value) const {
  bool found = false;
  ForEachWord([&](rstd::StringView word) {
    size_t equals = word.find('=');
    if (equals != rstd::StringView::kNpos && word.substr(0, equals) == key) {
      *value = word.substr(equals + 1);
      found = true;
    }
  });
  return found;
}

bool CommandLine::Has(rstd::StringView flag) const {
  bool found = false;
  ForEachWord([&](rstd::StringView word) {
    size_t equals = word.find('=');
    if (word.substr(0, equals) == flag) found = true;
  });
  return found;
}

}  // namespace raeen::kernel
