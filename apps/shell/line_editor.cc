#include "apps/shell/line_editor.h"

#include "libs/rstd/utility.h"

namespace raeen::shell {
namespace {

constexpr uint8_t kEscape = 0x1b;
constexpr uint8_t kBackspace = 0x08;
constexpr uint8_t kDel = 0x7f;
constexpr uint8_t kTab = 0x09;

constexpr uint8_t Ctrl(char letter) {
  return static_cast<uint8_t>(letter - 'A' + 1);
}

size_t CommonPrefix(rstd::StringView a, rstd::StringView b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

bool Less(rstd::StringView a, rstd::StringView b) {
  const size_t common = CommonPrefix(a, b);
  if (common == a.size() || common == b.size()) return a.size() < b.size();
  return static_cast<unsigned char>(a[common]) < static_cast<unsigned char>(b[common]);
}

}  // namespace

// The completions of one Tab: copied, deduplicated and sorted. Past kMaxCandidates (or
// kCandidateBytes) they are counted but not kept; the common prefix still covers them all,
// so that a completion never cuts off a candidate that was not kept.
class LineEditor::Candidates final : public CompletionSink {
 public:
  explicit Candidates(rstd::StringView word) : word_(word) {}

  void Add(rstd::StringView candidate) override {
    if (!candidate.starts_with(word_)) return;
    for (size_t i = 0; i < count_; ++i) {
      if (At(i) == candidate) return;
    }
    // The first candidate, when kept, is at the start of the pool (the pool is filled in
    // arrival order; only the views are sorted).
    const rstd::StringView first(pool_, first_size_);
    common_ = total_ == 0 ? candidate.size() : rstd::Min(common_, CommonPrefix(first, candidate));
    ++total_;
    if (count_ == kMaxCandidates || candidate.size() > kCandidateBytes - used_) {
      if (count_ == 0) common_ = word_.size();  // nothing kept to complete from
      return;
    }
    if (count_ == 0) first_size_ = candidate.size();
    for (size_t i = 0; i < candidate.size(); ++i) pool_[used_ + i] = candidate[i];
    // Insertion sort: the list is short, and a sorted list reads better.
    size_t at = count_;
    while (at > 0 && Less(candidate, At(at - 1))) {
      views_[at] = views_[at - 1];
      --at;
    }
    views_[at] = {used_, candidate.size()};
    used_ += candidate.size();
    ++count_;
  }

  // The candidates kept, and all there were.
  size_t count() const { return count_; }
  size_t total() const { return total_; }
  rstd::StringView At(size_t i) const {
    return rstd::StringView(pool_ + views_[i].offset, views_[i].size);
  }
  rstd::StringView CommonPrefixOfAll() const {
    if (count_ == 0) return {};
    return At(0).substr(0, common_);
  }

 private:
  struct View {
    size_t offset;
    size_t size;
  };
  rstd::StringView word_;
  char pool_[kCandidateBytes];
  View views_[kMaxCandidates];
  size_t used_ = 0;
  size_t count_ = 0;
  size_t total_ = 0;
  size_t first_size_ = 0;  // the first candidate's bytes at the start of pool_
  size_t common_ = 0;      // the bytes every candidate so far shares
};

void LineEditor::Begin(rstd::StringView prompt, rstd::Writer& out) {
  if (prompt.size() > kMaxPrompt) prompt = prompt.substr(prompt.size() - kMaxPrompt);
  for (size_t i = 0; i < prompt.size(); ++i) prompt_[i] = prompt[i];
  prompt_size_ = prompt.size();
  size_ = 0;
  cursor_ = 0;
  offset_ = 0;
  escape_ = EscapeState::kNone;
  after_tab_ = false;
  history_position_ = 0;
  scratch_size_ = 0;
  out.Write(prompt);
}

LineEditor::Event LineEditor::Feed(uint8_t byte, rstd::Writer& out) {
  const bool after_cr = after_cr_;
  after_cr_ = false;
  const bool after_tab = after_tab_;
  after_tab_ = false;
  // A control byte ends an unfinished sequence and is handled as typed [ECMA-48 5.4: C0
  // controls are not part of a control sequence].
  if (escape_ != EscapeState::kNone && byte < 0x20) escape_ = EscapeState::kNone;
  switch (escape_) {
    case EscapeState::kEscape:
      escape_ = byte == '['   ? EscapeState::kCsi
                : byte == 'O' ? EscapeState::kSs3
                              : EscapeState::kNone;
      csi_parameter_ = 0;
      csi_more_parameters_ = false;
      return Event::kNone;
    case EscapeState::kCsi: FeedCsi(byte, out); return Event::kNone;
    case EscapeState::kSs3:
      escape_ = EscapeState::kNone;
      FeedSs3(byte, out);
      return Event::kNone;
    case EscapeState::kNone: break;
  }
  if (byte == '\n' && after_cr) return Event::kNone;  // the \n of a \r\n
  if (byte == kTab) {
    after_tab_ = after_tab;  // Complete() reads it and sets it for the next key
    Complete(out);
    return Event::kNone;
  }
  if (byte == '\r') after_cr_ = true;
  return FeedPlain(byte, out);
}

LineEditor::Event LineEditor::FeedPlain(uint8_t byte, rstd::Writer& out) {
  if (byte >= 0x20 && byte < kDel) {
    Insert(static_cast<char>(byte), out);
    return Event::kNone;
  }
  switch (byte) {
    case '\r':
    case '\n': return Finish(out);
    case kEscape: escape_ = EscapeState::kEscape; break;
    case kDel:
    case kBackspace: Backspace(out); break;
    case Ctrl('A'): MoveTo(0, out); break;
    case Ctrl('E'): MoveTo(size_, out); break;
    case Ctrl('B'): MoveLeft(out); break;
    case Ctrl('F'): MoveRight(out); break;
    case Ctrl('D'): DeleteAtCursor(out); break;
    case Ctrl('K'): KillToEnd(out); break;
    case Ctrl('U'): KillToStart(out); break;
    case Ctrl('W'): KillWord(out); break;
    case Ctrl('P'): HistoryOlder(out); break;
    case Ctrl('N'): HistoryNewer(out); break;
    case Ctrl('L'): ClearScreen(out); break;
    case Ctrl('C'):
      out.Write("^C\r\n");
      size_ = 0;
      cursor_ = 0;
      offset_ = 0;
      history_position_ = 0;
      return Event::kCancelled;
    default: break;  // other control bytes and non-ASCII input are ignored
  }
  return Event::kNone;
}

void LineEditor::FeedCsi(uint8_t byte, rstd::Writer& out) {
  if (byte >= '0' && byte <= '9') {
    if (!csi_more_parameters_ && csi_parameter_ < 1000) {
      csi_parameter_ = csi_parameter_ * 10 + (byte - '0');
    }
    return;
  }
  if (byte == ';') {
    csi_more_parameters_ = true;
    return;
  }
  if (byte < 0x40 || byte > 0x7e) return;  // an intermediate byte: the sequence goes on
  escape_ = EscapeState::kNone;
  switch (byte) {
    case 'A': HistoryOlder(out); break;
    case 'B': HistoryNewer(out); break;
    case 'C': MoveRight(out); break;
    case 'D': MoveLeft(out); break;
    case 'H': MoveTo(0, out); break;
    case 'F': MoveTo(size_, out); break;
    case '~':
      if (csi_parameter_ == 1 || csi_parameter_ == 7) MoveTo(0, out);
      if (csi_parameter_ == 4 || csi_parameter_ == 8) MoveTo(size_, out);
      if (csi_parameter_ == 3) DeleteAtCursor(out);
      break;
    default: break;
  }
}

void LineEditor::FeedSs3(uint8_t byte, rstd::Writer& out) {
  switch (byte) {
    case 'A': HistoryOlder(out); break;
    case 'B': HistoryNewer(out); break;
    case 'C': MoveRight(out); break;
    case 'D': MoveLeft(out); break;
    case 'H': MoveTo(0, out); break;
    case 'F': MoveTo(size_, out); break;
    default: break;
  }
}

LineEditor::Event LineEditor::Finish(rstd::Writer& out) {
  out.Write("\r\n");
  history_.Add(line());
  history_position_ = 0;
  return Event::kLine;
}

void LineEditor::Insert(char c, rstd::Writer& out) {
  const bool at_end = cursor_ == size_;
  if (!Replace(cursor_, cursor_, rstd::StringView(&c, 1))) {
    Bell(out);
    return;
  }
  if (at_end && Unscrolled()) {
    out.Write(rstd::StringView(&c, 1));
  } else {
    Redraw(out);
  }
}

void LineEditor::Backspace(rstd::Writer& out) {
  if (cursor_ == 0) {
    Bell(out);
    return;
  }
  const bool at_end = cursor_ == size_ && Unscrolled();
  (void)Replace(cursor_ - 1, cursor_, {});
  if (at_end) {
    out.Write("\b \b");
  } else {
    Redraw(out);
  }
}

void LineEditor::DeleteAtCursor(rstd::Writer& out) {
  if (cursor_ == size_) {
    Bell(out);
    return;
  }
  const size_t at = cursor_;
  (void)Replace(at, at + 1, {});
  cursor_ = at;
  Redraw(out);
}

void LineEditor::MoveLeft(rstd::Writer& out) {
  if (cursor_ == 0) return;
  --cursor_;
  if (Unscrolled()) {
    out.Write("\x1b[D");
  } else {
    Redraw(out);
  }
}

void LineEditor::MoveRight(rstd::Writer& out) {
  if (cursor_ == size_) return;
  ++cursor_;
  if (Unscrolled()) {
    out.Write("\x1b[C");
  } else {
    Redraw(out);
  }
}

void LineEditor::MoveTo(size_t position, rstd::Writer& out) {
  if (position == cursor_) return;
  cursor_ = position;
  Redraw(out);
}

void LineEditor::KillToEnd(rstd::Writer& out) {
  size_ = cursor_;
  // The cursor's cell does not move, scrolled or not: erasing from it is the whole redraw.
  out.Write("\x1b[K");
}

void LineEditor::KillToStart(rstd::Writer& out) {
  (void)Replace(0, cursor_, {});
  cursor_ = 0;
  Redraw(out);
}

void LineEditor::KillWord(rstd::Writer& out) {
  size_t start = cursor_;
  while (start > 0 && text_[start - 1] == ' ') --start;
  while (start > 0 && text_[start - 1] != ' ') --start;
  if (start == cursor_) return;
  (void)Replace(start, cursor_, {});
  Redraw(out);
}

void LineEditor::HistoryOlder(rstd::Writer& out) {
  if (history_position_ >= history_.size()) {
    Bell(out);
    return;
  }
  if (history_position_ == 0) {
    for (size_t i = 0; i < size_; ++i) scratch_[i] = text_[i];
    scratch_size_ = size_;
  }
  ++history_position_;
  SetText(history_.Recent(history_position_ - 1));
  Redraw(out);
}

void LineEditor::HistoryNewer(rstd::Writer& out) {
  if (history_position_ == 0) {
    Bell(out);
    return;
  }
  --history_position_;
  SetText(history_position_ == 0 ? rstd::StringView(scratch_, scratch_size_)
                                 : history_.Recent(history_position_ - 1));
  Redraw(out);
}

void LineEditor::Complete(rstd::Writer& out) {
  const bool second_tab = after_tab_;
  after_tab_ = true;
  size_t start = cursor_;
  while (start > 0 && text_[start - 1] != ' ') --start;
  size_t before = start;
  while (before > 0 && text_[before - 1] == ' ') --before;
  // The line's first word and the first after a '|' name commands.
  const bool command = before == 0 || text_[before - 1] == '|';
  const rstd::StringView word(text_ + start, cursor_ - start);
  if (completion_ == nullptr) {
    Bell(out);
    return;
  }
  Candidates candidates(word);
  completion_->Complete(word, command, candidates);
  if (candidates.count() == 0) {
    Bell(out);
    return;
  }
  if (candidates.total() == 1) {
    const rstd::StringView only = candidates.At(0);
    const bool add_space = !only.ends_with("/") && (cursor_ == size_ || text_[cursor_] != ' ');
    if (!Replace(start, cursor_, only) || (add_space && !Replace(cursor_, cursor_, " "))) {
      Bell(out);
    }
    Redraw(out);
    return;
  }
  const rstd::StringView common = candidates.CommonPrefixOfAll();
  if (common.size() > word.size()) {
    if (!Replace(start, cursor_, common)) Bell(out);
    Redraw(out);
    return;
  }
  if (!second_tab) {
    Bell(out);
    return;
  }
  out.Write("\r\n");
  for (size_t i = 0; i < candidates.count(); ++i) {
    if (i != 0) out.Write("  ");
    out.Write(candidates.At(i));
  }
  if (candidates.total() > candidates.count()) {
    char more[48];
    out.Write(rstd::FormatTo(more, sizeof(more), "  (and {} more)",
                             candidates.total() - candidates.count()));
  }
  out.Write("\r\n");
  Redraw(out);
}

void LineEditor::ClearScreen(rstd::Writer& out) {
  out.Write("\x1b[H\x1b[2J");
  Redraw(out);
}

bool LineEditor::Replace(size_t from, size_t to, rstd::StringView text) {
  const size_t removed = to - from;
  if (size_ - removed + text.size() > kMaxLine) return false;
  const size_t tail = size_ - to;
  if (text.size() > removed) {
    for (size_t i = tail; i > 0; --i) text_[from + text.size() + i - 1] = text_[to + i - 1];
  } else {
    for (size_t i = 0; i < tail; ++i) text_[from + text.size() + i] = text_[to + i];
  }
  for (size_t i = 0; i < text.size(); ++i) text_[from + i] = text[i];
  size_ = size_ - removed + text.size();
  cursor_ = from + text.size();
  return true;
}

void LineEditor::SetText(rstd::StringView text) {
  text = text.substr(0, kMaxLine);
  for (size_t i = 0; i < text.size(); ++i) text_[i] = text[i];
  size_ = text.size();
  cursor_ = size_;
}

void LineEditor::Redraw(rstd::Writer& out) {
  // The window [offset_, offset_ + columns) holds the cursor's byte (at the end of the line
  // the cursor may stand on the free last column instead) and, where the text allows, fills
  // the row: it moves only as far as the cursor makes it.
  const size_t columns = TextColumns();
  if (prompt_size_ + size_ < kColumns) {
    offset_ = 0;
  } else {
    const size_t reach = cursor_ == size_ ? columns : columns - 1;
    const size_t lowest = cursor_ > reach ? cursor_ - reach : 0;
    const size_t filled = size_ > columns ? rstd::Min(offset_, size_ - columns) : 0;
    offset_ = rstd::Min(rstd::Max(filled, lowest), cursor_);
  }
  const rstd::StringView shown = line().substr(offset_, columns);
  out.Write("\r");
  out.Write(rstd::StringView(prompt_, prompt_size_));
  out.Write(shown);
  out.Write("\x1b[K");
  const size_t shown_end = offset_ + shown.size();
  if (cursor_ < shown_end) {
    char move[16];
    out.Write(rstd::FormatTo(move, sizeof(move), "\x1b[{}D", shown_end - cursor_));
  }
}

}  // namespace raeen::shell
