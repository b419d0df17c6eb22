#include "apps/shell/line_editor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/host/apps/shell/fake_system.h"

namespace raeen::shell {
namespace {

using testing::StringWriter;

std::string Str(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

class FixedCompletions final : public CompletionProvider {
 public:
  void Complete(rstd::StringView word, bool command, CompletionSink& sink) override {
    last_word = Str(word);
    last_command = command;
    for (const std::string& c : candidates) sink.Add(rstd::StringView(c.data(), c.size()));
  }
  std::vector<std::string> candidates;
  std::string last_word;
  bool last_command = false;
};

class LineEditorTest : public ::testing::Test {
 protected:
  LineEditorTest() : editor_(history_, &completions_) { editor_.Begin("$ ", out_); }

  // Feeds every byte; returns the events that were not kNone.
  std::vector<LineEditor::Event> Type(const std::string& bytes) {
    std::vector<LineEditor::Event> events;
    for (char c : bytes) {
      const LineEditor::Event event = editor_.Feed(static_cast<uint8_t>(c), out_);
      if (event != LineEditor::Event::kNone) events.push_back(event);
    }
    return events;
  }
  std::string Line() const { return Str(editor_.line()); }

  History history_;
  FixedCompletions completions_;
  StringWriter out_;
  LineEditor editor_;
};

TEST_F(LineEditorTest, BeginPrintsThePrompt) {
  EXPECT_EQ(out_.str(), "$ ");
}

TEST_F(LineEditorTest, TypingEchoesAndEnterFinishes) {
  EXPECT_TRUE(Type("ls /").empty());
  EXPECT_EQ(out_.str(), "$ ls /");
  EXPECT_EQ(Type("\r"), std::vector{LineEditor::Event::kLine});
  EXPECT_EQ(Line(), "ls /");
  EXPECT_EQ(out_.str(), "$ ls /\r\n");
}

TEST_F(LineEditorTest, CrLfIsOneEnter) {
  EXPECT_EQ(Type("a\r\n").size(), 1u);
  editor_.Begin("$ ", out_);
  EXPECT_EQ(Type("b\n").size(), 1u);
  EXPECT_EQ(Line(), "b");
  editor_.Begin("$ ", out_);
  // \n\n is two (empty) lines; \r\r too.
  EXPECT_EQ(Type("\n\n").size(), 2u);
  EXPECT_EQ(Type("\r\r").size(), 2u);
}

TEST_F(LineEditorTest, BackspaceBothCodes) {
  Type("abc");
  Type("\x7f");
  EXPECT_EQ(Line(), "ab");
  Type("\x08");
  EXPECT_EQ(Line(), "a");
  EXPECT_NE(out_.str().find("\b \b"), std::string::npos);
  Type("\x7f\x7f");  // one too many: a bell, nothing else
  EXPECT_EQ(Line(), "");
  EXPECT_EQ(out_.str().back(), '\a');
}

TEST_F(LineEditorTest, InsertInTheMiddleWithArrows) {
  Type("echo wrld");
  Type("\x1b[D\x1b[D\x1b[D");
  EXPECT_EQ(editor_.cursor(), 6u);
  Type("o");
  EXPECT_EQ(Line(), "echo world");
  EXPECT_EQ(editor_.cursor(), 7u);
  Type("\x1b[C\x1b[C\x1b[C\x1b[C");  // past the end stays at the end
  EXPECT_EQ(editor_.cursor(), 10u);
  // The redraw shows the whole line and puts the cursor back.
  EXPECT_NE(out_.str().find("\r$ echo world\x1b[K\x1b[3D"), std::string::npos);
}

TEST_F(LineEditorTest, HomeAndEndInEverySpelling) {
  for (const std::string& home : {"\x1b[H", "\x1bOH", "\x1b[1~", "\x1b[7~", "\x01"}) {
    Type("\x05");
    Type(home);
    EXPECT_EQ(editor_.cursor(), 0u) << home.substr(1);
  }
  Type("xyz");
  for (const std::string& end : {"\x1b[F", "\x1bOF", "\x1b[4~", "\x1b[8~", "\x05"}) {
    Type("\x01");
    Type(end);
    EXPECT_EQ(editor_.cursor(), 3u) << end.substr(1);
  }
}

TEST_F(LineEditorTest, DeleteKeyAndCtrlD) {
  Type("abcd\x01");
  Type("\x1b[3~");
  EXPECT_EQ(Line(), "bcd");
  EXPECT_EQ(editor_.cursor(), 0u);
  Type("\x04");
  EXPECT_EQ(Line(), "cd");
}

TEST_F(LineEditorTest, KillKeys) {
  Type("one two three");
  Type("\x17");  // ctrl-W
  EXPECT_EQ(Line(), "one two ");
  Type("\x17");
  EXPECT_EQ(Line(), "one ");
  Type("x\x1b[D");
  Type("\x0b");  // ctrl-K
  EXPECT_EQ(Line(), "one ");
  Type("\x1b[D\x1b[D");
  Type("\x15");  // ctrl-U
  EXPECT_EQ(Line(), "e ");
  EXPECT_EQ(editor_.cursor(), 0u);
}

TEST_F(LineEditorTest, EmacsMotionKeys) {
  Type("abc");
  Type("\x02\x02");  // ctrl-B twice
  EXPECT_EQ(editor_.cursor(), 1u);
  Type("\x06");  // ctrl-F
  EXPECT_EQ(editor_.cursor(), 2u);
  Type("\r");
  editor_.Begin("$ ", out_);
  Type("\x10");  // ctrl-P: the previous line
  EXPECT_EQ(Line(), "abc");
  Type("\x0e");  // ctrl-N: back to the empty draft
  EXPECT_EQ(Line(), "");
}

TEST_F(LineEditorTest, CtrlCAbandonsTheLine) {
  Type("rm -r /");
  EXPECT_EQ(Type("\x03"), std::vector{LineEditor::Event::kCancelled});
  EXPECT_EQ(Line(), "");
  EXPECT_EQ(history_.size(), 0u);
  EXPECT_NE(out_.str().find("^C\r\n"), std::string::npos);
}

TEST_F(LineEditorTest, CtrlLClearsAndRedraws) {
  Type("ab");
  out_.clear();
  Type("\x0c");
  EXPECT_EQ(out_.str(), "\x1b[H\x1b[2J\r$ ab\x1b[K");
}

TEST_F(LineEditorTest, HistoryUpAndDown) {
  Type("first\r");
  editor_.Begin("$ ", out_);
  Type("second\r");
  editor_.Begin("$ ", out_);
  Type("draft");
  Type("\x1b[A");
  EXPECT_EQ(Line(), "second");
  Type("\x1b[A");
  EXPECT_EQ(Line(), "first");
  Type("\x1b[A");  // no older line: stays, rings
  EXPECT_EQ(Line(), "first");
  Type("\x1b[B");
  EXPECT_EQ(Line(), "second");
  Type("\x1b[B");
  EXPECT_EQ(Line(), "draft");  // back to what was being typed
  Type("\x1b[A!\r");
  EXPECT_EQ(Line(), "second!");
  EXPECT_EQ(Str(history_.Recent(0)), "second!");
}

TEST_F(LineEditorTest, UnknownEscapeSequencesAreIgnored) {
  Type(
      "a\x1b[1;5Cb\x1b[99Zc\x1b"
      "xd");
  EXPECT_EQ(Line(), "abcd");
}

TEST_F(LineEditorTest, ControlAndNonAsciiBytesAreIgnored) {
  Type(std::string("a\x12\x13\x1a\xc3\xa9z", 7));
  EXPECT_EQ(Line(), "az");
}

TEST_F(LineEditorTest, LineLengthIsBounded) {
  Type(std::string(LineEditor::kMaxLine + 10, 'x'));
  EXPECT_EQ(editor_.line().size(), LineEditor::kMaxLine);
  EXPECT_EQ(out_.str().back(), '\a');
}

TEST_F(LineEditorTest, TabWithOneMatchCompletesAndAddsASpace) {
  completions_.candidates = {"services"};
  Type("serv\t");
  EXPECT_EQ(Line(), "services ");
  EXPECT_EQ(completions_.last_word, "serv");
  EXPECT_TRUE(completions_.last_command);
}

TEST_F(LineEditorTest, TabOnADirectoryAddsNoSpace) {
  completions_.candidates = {"/etc/"};
  Type("cat /e\t");
  EXPECT_EQ(Line(), "cat /etc/");
  EXPECT_EQ(completions_.last_word, "/e");
  EXPECT_FALSE(completions_.last_command);
}

TEST_F(LineEditorTest, TabWithSeveralCompletesTheCommonPrefixThenLists) {
  completions_.candidates = {"/bin/shell", "/bin/svcmgr", "/bin/shellx", "/other"};
  Type("ls /bin/s\t");
  EXPECT_EQ(Line(), "ls /bin/s");  // "shell" and "svcmgr" share only "s"
  EXPECT_EQ(out_.str().back(), '\a');
  out_.clear();
  Type("\t");  // a second tab lists them, sorted, and redraws the line
  EXPECT_EQ(out_.str(), "\r\n/bin/shell  /bin/shellx  /bin/svcmgr\r\n\r$ ls /bin/s\x1b[K");
  Type("h\t");
  EXPECT_EQ(Line(), "ls /bin/shell");
}

// More candidates than the editor keeps: the ones past the limit still count, so the common
// prefix of the kept ones (all "ab...") is not taken for the common prefix of all.
TEST_F(LineEditorTest, TabDoesNotCompleteBeyondCandidatesItCouldNotKeep) {
  for (size_t i = 0; i < LineEditor::kMaxCandidates; ++i) {
    completions_.candidates.push_back("ab" + std::to_string(100 + i));
  }
  completions_.candidates.push_back("ac1");
  completions_.candidates.push_back("ac2");
  Type("cat a\t");
  EXPECT_EQ(Line(), "cat a");
  EXPECT_EQ(out_.str().back(), '\a');
  out_.clear();
  Type("\t");
  EXPECT_NE(out_.str().find("(and 2 more)"), std::string::npos);
}

TEST_F(LineEditorTest, TabWithNoMatchRings) {
  completions_.candidates = {"zzz"};
  Type("ab\t");
  EXPECT_EQ(Line(), "ab");
  EXPECT_EQ(out_.str().back(), '\a');
}

TEST_F(LineEditorTest, TabCompletesTheWordAtTheCursor) {
  completions_.candidates = {"cat"};
  Type("ca file");
  Type("\x01\x1b[C\x1b[C");
  Type("\t");
  EXPECT_EQ(Line(), "cat file");
  EXPECT_EQ(completions_.last_word, "ca");
}

TEST_F(LineEditorTest, ControlByteEndsAnUnfinishedSequence) {
  // ESC [ then Enter: the Enter counts, it is not swallowed as part of the sequence.
  EXPECT_EQ(Type("ab\x1b[\r"), std::vector{LineEditor::Event::kLine});
  EXPECT_EQ(Line(), "ab");
  editor_.Begin("$ ", out_);
  EXPECT_EQ(Type("cd\x1b\x03"), std::vector{LineEditor::Event::kCancelled});
  editor_.Begin("$ ", out_);
  // ESC ESC [ D: the second ESC starts the sequence afresh.
  Type("xy\x1b\x1b[D");
  EXPECT_EQ(editor_.cursor(), 1u);
  EXPECT_EQ(Line(), "xy");
}

TEST_F(LineEditorTest, TabAfterAPipeCompletesACommand) {
  completions_.candidates = {"grep"};
  Type("ls /bin | gr\t");
  EXPECT_TRUE(completions_.last_command);
  EXPECT_EQ(Line(), "ls /bin | grep ");
  Type("-c /b\t");
  EXPECT_FALSE(completions_.last_command);
}

TEST(LineEditor, ALongPromptKeepsItsEnd) {
  History history;
  LineEditor editor(history, nullptr);
  testing::StringWriter out;
  const std::string prompt = std::string(100, 'd') + "/end$ ";
  editor.Begin(rstd::StringView(prompt.data(), prompt.size()), out);
  EXPECT_EQ(out.str(), prompt.substr(prompt.size() - LineEditor::kMaxPrompt));
}

// A one-row terminal LineEditor::kColumns wide: what the editor's output shows. Fails the test
// on output that would wrap or leave the row.
class Row {
 public:
  void Apply(const std::string& bytes) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      const char c = bytes[i];
      if (c == '\r') {
        column_ = 0;
      } else if (c == '\a') {
      } else if (c == '\b') {
        ASSERT_GT(column_, 0u);
        --column_;
      } else if (c == '\x1b') {
        ASSERT_EQ(bytes[++i], '[');
        size_t n = 0;
        bool has_n = false;
        while (bytes[++i] >= '0' && bytes[i] <= '9') {
          n = n * 10 + static_cast<size_t>(bytes[i] - '0');
          has_n = true;
        }
        if (!has_n) n = 1;
        switch (bytes[i]) {
          case 'K': cells_.resize(column_); break;
          case 'C': column_ += n; break;
          case 'D':
            ASSERT_LE(n, column_) << "moved left past the row's start";
            column_ -= n;
            break;
          default: FAIL() << "unexpected sequence ending in " << bytes[i];
        }
      } else {
        ASSERT_LT(column_, LineEditor::kColumns - 1) << "wrote into the last column (wraps)";
        if (cells_.size() <= column_) cells_.resize(column_ + 1, ' ');
        cells_[column_++] = c;
      }
      ASSERT_LT(column_, LineEditor::kColumns) << "the cursor left the row";
    }
  }
  const std::string& cells() const { return cells_; }
  size_t column() const { return column_; }

 private:
  std::string cells_;
  size_t column_ = 0;
};

// The screen agrees with the editor: the row is the prompt and a window of the line that holds
// the cursor, and the cursor stands on its byte.
void ExpectRowShows(const Row& row, const LineEditor& editor, const std::string& prompt) {
  const std::string line = Str(editor.line());
  ASSERT_EQ(row.cells().substr(0, prompt.size()), prompt);
  const std::string shown = row.cells().substr(prompt.size());
  ASSERT_GE(row.column(), prompt.size());
  const size_t offset = editor.cursor() - (row.column() - prompt.size());
  std::string expected = line.substr(offset, shown.size());
  expected.resize(shown.size(), ' ');  // cells blanked by "\b \b" show as spaces
  EXPECT_EQ(expected, shown) << "cursor " << editor.cursor();
  if (editor.cursor() < line.size()) {
    EXPECT_EQ(row.cells()[row.column()], line[editor.cursor()]);
  }
}

TEST(LineEditor, ALineLongerThanTheRowScrollsSideways) {
  History history;
  LineEditor editor(history, nullptr);
  testing::StringWriter out;
  Row row;
  const std::string prompt = "raeen:/$ ";
  editor.Begin(rstd::StringView(prompt.data(), prompt.size()), out);
  std::string text;
  for (int i = 0; i < 200; ++i) text += static_cast<char>('a' + i % 26);
  auto feed = [&](const std::string& keys) {
    for (char k : keys) {
      out.clear();
      editor.Feed(static_cast<uint8_t>(k), out);
      row.Apply(out.str());
      ExpectRowShows(row, editor, prompt);
    }
  };
  row.Apply(out.str());
  feed(text);
  EXPECT_EQ(Str(editor.line()), text);
  // The row is full up to the free last column, showing the end of the line.
  EXPECT_EQ(row.cells().size(), LineEditor::kColumns - 1);
  feed("\x01");  // Home: the start of the line
  EXPECT_EQ(row.cells().substr(prompt.size()), text.substr(0, row.cells().size() - prompt.size()));
  for (int i = 0; i < 100; ++i) feed("\x1b[C");
  feed("XY");
  for (int i = 0; i < 90; ++i) feed("\x1b[D");
  feed("\x7f\x7f\x1b[3~\x05");
  for (int i = 0; i < 150; ++i) feed("\x7f");
  // Short again: the cheap echoes are back.
  out.clear();
  editor.Feed('!', out);
  EXPECT_EQ(out.str(), "!");
}

TEST(LineEditor, TabWithoutProviderRings) {
  History history;
  LineEditor editor(history, nullptr);
  testing::StringWriter out;
  editor.Begin("> ", out);
  editor.Feed('\t', out);
  EXPECT_EQ(out.str(), "> \a");
}

}  // namespace
}  // namespace raeen::shell
