#pragma once
// The shell's line editor: terminal input bytes in, the bytes that echo and redraw the line
// out. Knows the keys of a VT100/xterm-style terminal on a serial line:
//   printable ASCII       insert at the cursor
//   Left/Right            ESC [ D / ESC [ C (ESC O D / ESC O C too)
//   Home/End              ESC [ H / ESC [ F, ESC O H / ESC O F, ESC [ 1~ / ESC [ 4~ (7~ / 8~)
//   Up/Down               ESC [ A / ESC [ B: older / newer history lines
//   Backspace             0x7f or 0x08: delete before the cursor
//   Delete                ESC [ 3~, or ctrl-D: delete at the cursor
//   ctrl-A / ctrl-E       home / end
//   ctrl-K / ctrl-U       delete to the end / to the start
//   ctrl-W                delete the word before the cursor
//   ctrl-C                abandon the line
//   ctrl-L                clear the screen and redraw
//   Tab                   complete the word at the cursor (see CompletionProvider)
//   Enter                 \r, \n, or \r\n counted once
// The line is one terminal row (kColumns wide) that the editor redraws with "\r", the prompt,
// the text, erase-to-end-of-line and a cursor move back. A line too long for the row scrolls
// sideways: the row shows a window of the text that holds the cursor, so that nothing wraps
// (a "\r" or a cursor move cannot reach back into the row above). A C0 control byte inside an
// unfinished key sequence ends the sequence and counts as typed (ESC then Enter is an Enter).
// Pure logic (no syscalls), tested on the host.

#include <stddef.h>
#include <stdint.h>

#include "apps/shell/history.h"
#include "libs/rstd/format.h"
#include "libs/rstd/string_view.h"

namespace raeen::shell {

class CompletionSink {
 public:
  virtual void Add(rstd::StringView candidate) = 0;

 protected:
  ~CompletionSink() = default;
};

// Where completions come from.
class CompletionProvider {
 public:
  // Adds to `sink` every completion of `word` (the text from the start of the word to the
  // cursor). `command` is true for the line's first word. A candidate is the whole word after
  // completion; one that names a directory ends in '/', and no space is added after it.
  // Candidates that do not start with `word` are ignored.
  virtual void Complete(rstd::StringView word, bool command, CompletionSink& sink) = 0;

 protected:
  ~CompletionProvider() = default;
};

class LineEditor {
 public:
  static constexpr size_t kMaxLine = History::kMaxLine - 1;
  // The terminal's width as the editor assumes it: the serial terminal's usual 80 (the screen
  // is wider). A prompt and text that do not fit scroll sideways.
  static constexpr size_t kColumns = 80;
  // Longer prompts keep their last kMaxPrompt bytes (the end of the working directory), so
  // that the prompt leaves room for text in a kColumns row.
  static constexpr size_t kMaxPrompt = 48;
  static constexpr size_t kMaxCandidates = 64;
  static constexpr size_t kCandidateBytes = 4096;

  enum class Event : uint8_t {
    kNone,       // keep feeding
    kLine,       // Enter: line() is the finished line (also recorded in the history)
    kCancelled,  // ctrl-C: the line was abandoned
  };

  // `completion` may be null (Tab then only rings the bell).
  LineEditor(History& history, CompletionProvider* completion)
      : history_(history), completion_(completion) {}

  // Starts a new, empty line and prints `prompt` (its last kMaxPrompt bytes).
  void Begin(rstd::StringView prompt, rstd::Writer& out);

  // One input byte; what the terminal must show goes to `out`.
  Event Feed(uint8_t byte, rstd::Writer& out);

  rstd::StringView line() const { return rstd::StringView(text_, size_); }
  size_t cursor() const { return cursor_; }

 private:
  enum class EscapeState : uint8_t { kNone, kEscape, kCsi, kSs3 };

  class Candidates;

  Event FeedPlain(uint8_t byte, rstd::Writer& out);
  void FeedCsi(uint8_t byte, rstd::Writer& out);
  void FeedSs3(uint8_t byte, rstd::Writer& out);
  Event Finish(rstd::Writer& out);

  void Insert(char c, rstd::Writer& out);
  void Backspace(rstd::Writer& out);
  void DeleteAtCursor(rstd::Writer& out);
  void MoveLeft(rstd::Writer& out);
  void MoveRight(rstd::Writer& out);
  void MoveTo(size_t position, rstd::Writer& out);
  void KillToEnd(rstd::Writer& out);
  void KillToStart(rstd::Writer& out);
  void KillWord(rstd::Writer& out);
  void HistoryOlder(rstd::Writer& out);
  void HistoryNewer(rstd::Writer& out);
  void Complete(rstd::Writer& out);
  void ClearScreen(rstd::Writer& out);

  // Removes [from, to) and inserts `text` there; the cursor goes to the end of the
  // insertion. False (nothing changed) when the line would be too long.
  bool Replace(size_t from, size_t to, rstd::StringView text);
  void SetText(rstd::StringView text);
  // True while the whole line, and the cursor's cell after it, fit in the row unscrolled:
  // the cheap echoes (a byte, "\b \b", a one-cell cursor move) are then exact.
  bool Unscrolled() const { return offset_ == 0 && prompt_size_ + size_ < kColumns; }
  // Text cells of the row after the prompt; the last column stays free, so that the row never
  // wraps.
  size_t TextColumns() const {
    return prompt_size_ + 2 <= kColumns ? kColumns - 1 - prompt_size_ : 1;
  }
  void Redraw(rstd::Writer& out);
  static void Bell(rstd::Writer& out) { out.Write("\a"); }

  History& history_;
  CompletionProvider* completion_;
  char prompt_[kMaxPrompt] = {};
  size_t prompt_size_ = 0;
  char text_[kMaxLine] = {};
  size_t size_ = 0;
  size_t cursor_ = 0;
  size_t offset_ = 0;  // the first byte of text_ the row shows (non-zero: scrolled)
  EscapeState escape_ = EscapeState::kNone;
  uint32_t csi_parameter_ = 0;
  bool csi_more_parameters_ = false;  // after a ';' only the first parameter counts
  bool after_cr_ = false;             // the previous byte was \r: a \n now is the same Enter
  bool after_tab_ = false;            // the previous key was Tab: a second one lists
  // 0: editing the current line; n: showing the n-th newest history line.
  size_t history_position_ = 0;
  char scratch_[kMaxLine] = {};  // the line being typed while browsing the history
  size_t scratch_size_ = 0;
};

}  // namespace raeen::shell
