#include "apps/shell/command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace raeen::shell {
namespace {

using Stages = std::vector<std::vector<std::string>>;

Stages Parse(CommandLine& line, const std::string& text) {
  EXPECT_EQ(line.Parse(rstd::StringView(text.data(), text.size())), Status::kOk)
      << text << ": " << (line.error() ? line.error() : "");
  Stages stages;
  for (size_t i = 0; i < line.stage_count(); ++i) {
    std::vector<std::string> words;
    for (rstd::StringView word : line.Stage(i)) words.emplace_back(word.data(), word.size());
    stages.push_back(words);
  }
  return stages;
}

std::string ErrorOf(const std::string& text) {
  CommandLine line;
  const Status status = line.Parse(rstd::StringView(text.data(), text.size()));
  EXPECT_EQ(status, Status::kInvalidArgument) << text;
  EXPECT_EQ(line.stage_count(), 0u);
  return line.error() != nullptr ? line.error() : "";
}

TEST(CommandLine, SplitsWords) {
  CommandLine line;
  EXPECT_EQ(Parse(line, "  ls   -l\t/bin  "), (Stages{{"ls", "-l", "/bin"}}));
}

TEST(CommandLine, EmptyAndBlankLinesHaveNoStages) {
  CommandLine line;
  EXPECT_TRUE(Parse(line, "").empty());
  EXPECT_TRUE(Parse(line, "   \t ").empty());
}

TEST(CommandLine, Quotes) {
  CommandLine line;
  EXPECT_EQ(Parse(line, "echo 'a  b' \"c | d\" e'f'\"g\""),
            (Stages{{"echo", "a  b", "c | d", "efg"}}));
  EXPECT_EQ(Parse(line, "echo '' \"\""), (Stages{{"echo", "", ""}}));
}

TEST(CommandLine, Escapes) {
  CommandLine line;
  EXPECT_EQ(Parse(line, R"(echo a\ b \| \'x\" \\)"), (Stages{{"echo", "a b", "|", "'x\"", "\\"}}));
  // In double quotes only \" and \\ are escapes; in single quotes nothing is.
  EXPECT_EQ(Parse(line, R"(echo "q\"q\\q\n" 'r\n')"), (Stages{{"echo", R"(q"q\q\n)", R"(r\n)"}}));
}

TEST(CommandLine, Pipes) {
  CommandLine line;
  EXPECT_EQ(Parse(line, "ls /bin | grep shell|wc"),
            (Stages{{"ls", "/bin"}, {"grep", "shell"}, {"wc"}}));
}

TEST(CommandLine, Errors) {
  EXPECT_EQ(ErrorOf("echo 'abc"), "unterminated ' quote");
  EXPECT_EQ(ErrorOf("echo \"abc"), "unterminated \" quote");
  EXPECT_EQ(ErrorOf("echo \"abc\\\""), "unterminated \" quote");
  EXPECT_EQ(ErrorOf("echo abc\\"), "a \\ at the end of the line escapes nothing");
  EXPECT_EQ(ErrorOf("| grep x"), "a pipe needs a command before the |");
  EXPECT_EQ(ErrorOf("ls || grep x"), "a pipe needs a command before the |");
  EXPECT_EQ(ErrorOf("ls |"), "a pipe needs a command after the |");
  EXPECT_EQ(ErrorOf("ls |   "), "a pipe needs a command after the |");
  EXPECT_EQ(ErrorOf(std::string(CommandLine::kMaxText + 1, 'a')), "the line is too long");
}

TEST(CommandLine, Limits) {
  std::string many_words = "echo";
  for (size_t i = 0; i < CommandLine::kMaxWords; ++i) many_words += " w";
  EXPECT_EQ(ErrorOf(many_words), "too many words in one command");
  std::string many_stages = "a";
  for (size_t i = 0; i < CommandLine::kMaxStages; ++i) many_stages += " | a";
  EXPECT_EQ(ErrorOf(many_stages), "too many pipeline stages");
  std::string most_stages = "a";
  for (size_t i = 1; i < CommandLine::kMaxStages; ++i) most_stages += "|a";
  CommandLine line;
  EXPECT_EQ(Parse(line, most_stages).size(), CommandLine::kMaxStages);
}

TEST(CommandLine, ParseReplacesThePreviousResult) {
  CommandLine line;
  Parse(line, "a | b");
  EXPECT_EQ(line.Parse("'oops"), Status::kInvalidArgument);
  EXPECT_EQ(line.stage_count(), 0u);
  EXPECT_EQ(Parse(line, "c"), (Stages{{"c"}}));
  EXPECT_EQ(line.error(), nullptr);
}

}  // namespace
}  // namespace raeen::shell
