#include "kernel/log/log.h"

#include <gtest/gtest.h>

#include "tests/host/kernel/log/capture_writer.h"

namespace raeen::kernel {
namespace {

TEST(KernelLog, FreeFunctionsReachTheGlobalLog) {
  testutil::CaptureWriter sink;
  Logger& log = KernelLog();
  ASSERT_TRUE(log.AddSink(sink, true).ok());
  LogDebug("debug {}", 1);
  LogInfo("memory: {} MiB usable", 512);
  LogWarn("warn {}", "text");
  LogError("error {:#x}", 255);
  LogRaw("raw\n");
  ASSERT_TRUE(log.RemoveSink(sink).ok());
  LogInfo("not seen");
  EXPECT_EQ(sink.text(),
            "[    0.000000] debug: debug 1\n"
            "[    0.000000] info: memory: 512 MiB usable\n"
            "[    0.000000] \x1b[33mwarn\x1b[0m: warn text\n"
            "[    0.000000] \x1b[91merror\x1b[0m: error 0xff\n"
            "raw\n");
}

TEST(KernelLog, RingHoldsSixtyFourKibibytes) {
  // Records of 12 + 34 bytes, far more than fit: the ring then holds as many whole ones as
  // 64 KiB allows.
  constexpr size_t kRecordSize = LogRing::kHeaderSize + 34;
  for (int i = 0; i < 4000; ++i) LogInfo("filler record {:>20}", i);
  char buffer[Logger::kMessageCapacity];
  Result<LogRing::ReadResult> read = KernelLog().Read(0, rstd::Span<char>(buffer));
  ASSERT_TRUE(read.ok());
  EXPECT_GT(read->missed, 0u);
  size_t kept = 0;
  for (uint64_t next = read->record.sequence;; ++kept) {
    Result<LogRing::ReadResult> r = KernelLog().Read(next, rstd::Span<char>(buffer));
    if (!r.ok()) break;
    EXPECT_EQ(r->record.text.size(), 34u);
    next = r->record.sequence + 1;
  }
  EXPECT_EQ(kept, kKernelLogRingSize / kRecordSize);
}

}  // namespace
}  // namespace raeen::kernel
