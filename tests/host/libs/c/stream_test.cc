#include "libs/c/stream.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "libs/c/c_errno.h"
#include "tests/host/libs/c/fake_platform.h"

namespace raeen::libc {
namespace {

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FlushAll();
    testing::ResetFakePlatform();
    Stdout().ClearError();
    Stderr().ClearError();
  }
  void TearDown() override { testing::ResetFakePlatform(); }
};

TEST_F(StreamTest, StdoutIsLineBuffered) {
  EXPECT_EQ(Printf("no newline %d", 1), 12);
  EXPECT_EQ(testing::Output(1), "");
  EXPECT_EQ(Printf(" and then one\n"), 14);
  EXPECT_EQ(testing::Output(1), "no newline 1 and then one\n");
  EXPECT_EQ(Putchar('x'), 'x');
  EXPECT_EQ(testing::Output(1), "no newline 1 and then one\n");
  EXPECT_EQ(FlushAll(), 0);
  EXPECT_EQ(testing::Output(1), "no newline 1 and then one\nx");
}

TEST_F(StreamTest, StderrIsUnbuffered) {
  EXPECT_EQ(Fprintf(Stderr(), "%s", "now"), 3);
  EXPECT_EQ(testing::Output(2), "now");
  EXPECT_EQ(Fputs("-more", Stderr()), 0);
  EXPECT_EQ(Fputc('!', Stderr()), '!');
  EXPECT_EQ(testing::Output(2), "now-more!");
}

TEST_F(StreamTest, PutsAddsANewline) {
  EXPECT_GE(Puts("line"), 0);
  EXPECT_EQ(testing::Output(1), "line\n");
}

TEST_F(StreamTest, FwriteAndPerror) {
  const char data[] = {'a', 'b', '\0', 'c', 'd', 'e'};
  EXPECT_EQ(Fwrite(data, 2, 3, Stderr()), 3u);
  EXPECT_EQ(testing::Output(2), std::string(data, 6));
  EXPECT_EQ(Fwrite(data, 0, 3, Stderr()), 0u);
  EXPECT_EQ(Fwrite(data, SIZE_MAX, 2, Stderr()), 0u);
  testing::ResetFakePlatform();
  SetErrno(RAEEN_ENOENT);
  Perror("open");
  Perror("");
  EXPECT_EQ(testing::Output(2), "open: No such file or directory\nNo such file or directory\n");
}

TEST_F(StreamTest, LongOutputIsFlushedAsTheBufferFillsAndShortWritesAreRetried) {
  testing::Fake().max_write_chunk = 7;
  std::string text(5000, 'a');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  EXPECT_EQ(Printf("%s", text.c_str()), 5000);
  EXPECT_GE(testing::Output(1).size(), 5000 - Stream::kBufferSize);
  EXPECT_EQ(FlushAll(), 0);
  EXPECT_EQ(testing::Output(1), text);
}

TEST_F(StreamTest, WriteErrorsAreReported) {
  testing::Fake().write_failure = RAEEN_EIO;
  SetErrno(0);
  EXPECT_EQ(Fputs("lost", Stderr()), RAEEN_EOF);
  EXPECT_TRUE(Stderr().error());
  EXPECT_EQ(Errno(), RAEEN_EIO);
  EXPECT_EQ(Printf("lost too\n"), -1);
  testing::Fake().write_failure = 0;
  Stderr().ClearError();
  Stdout().ClearError();
  EXPECT_EQ(Fputs("back", Stderr()), 0);
  EXPECT_EQ(testing::Output(2), "back");
}

TEST_F(StreamTest, ConcurrentPrintfLinesStayWhole) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 500; ++i) Printf("thread %d line %03d end\n", t, i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  FlushAll();
  std::string out = testing::Output(1);
  size_t lines = 0;
  for (size_t start = 0; start < out.size();) {
    size_t end = out.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    std::string line = out.substr(start, end - start);
    ASSERT_EQ(line.size(), 21u) << line;
    ASSERT_EQ(line.substr(0, 7), "thread ");
    ASSERT_EQ(line.substr(18), "end");
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 2000u);
}

}  // namespace
}  // namespace raeen::libc
