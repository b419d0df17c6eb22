#include "kernel/log/logger.h"

#include "kernel/log/log_line.h"

namespace raeen::kernel {
namespace {

bool IsUtf8Continuation(char c) {
  return (static_cast<uint8_t>(c) & 0xc0) == 0x80;
}

// Turns what the BufferWriter holds into the record text: a cut message ends in "..."
// (moved back to a character boundary), a complete one loses one trailing newline.
rstd::StringView FinishMessage(char* buffer, const rstd::BufferWriter& writer) {
  constexpr rstd::StringView kMarker = "...";
  size_t size = writer.size();
  if (writer.truncated() && size >= kMarker.size()) {
    size_t cut = size - kMarker.size();
    while (cut > 0 && IsUtf8Continuation(buffer[cut])) --cut;
    for (size_t i = 0; i < kMarker.size(); ++i) buffer[cut + i] = kMarker[i];
    size = cut + kMarker.size();
  } else if (size > 0 && buffer[size - 1] == '\n') {
    --size;
  }
  return rstd::StringView(buffer, size);
}

}  // namespace

Logger::Guard::Guard(Logger& logger) : logger_(logger) {
  if (logger_.panic_mode()) return;
  if (logger_.interrupts_.save_and_disable != nullptr) {
    interrupt_state_ = logger_.interrupts_.save_and_disable();
  }
  while (__atomic_test_and_set(&logger_.locked_, __ATOMIC_ACQUIRE)) {
    // Spin on a plain load so waiting CPUs share the cache line until it is released.
    while (__atomic_load_n(&logger_.locked_, __ATOMIC_RELAXED)) {
#if defined(__x86_64__)
      __builtin_ia32_pause();
#endif
    }
  }
  locked_ = true;
}

Logger::Guard::~Guard() {
  if (!locked_) return;
  __atomic_clear(&logger_.locked_, __ATOMIC_RELEASE);
  if (logger_.interrupts_.restore != nullptr) logger_.interrupts_.restore(interrupt_state_);
}

void Logger::SetClock(Clock clock) {
  Guard guard(*this);
  clock_ = clock != nullptr ? clock : &ZeroClock;
}

void Logger::SetInterruptControl(InterruptControl control) {
  // Not under the lock: the guard itself reads these. Called once, before anything else can
  // log concurrently.
  interrupts_ = control;
}

void Logger::SetMinimumLevel(LogLevel level) {
  __atomic_store_n(&minimum_level_, static_cast<uint8_t>(level), __ATOMIC_RELAXED);
}

Result<void> Logger::AddSink(rstd::Writer& writer, bool ansi_color) {
  Guard guard(*this);
  for (size_t i = 0; i < sink_count_; ++i) {
    if (sinks_[i].writer == &writer) return Error(Status::kAlreadyExists);
  }
  if (sink_count_ == kMaxSinks) return Error(Status::kNoMemory);
  sinks_[sink_count_++] = Sink{&writer, ansi_color};
  return {};
}

Result<void> Logger::RemoveSink(rstd::Writer& writer) {
  Guard guard(*this);
  for (size_t i = 0; i < sink_count_; ++i) {
    if (sinks_[i].writer != &writer) continue;
    for (size_t j = i + 1; j < sink_count_; ++j) sinks_[j - 1] = sinks_[j];
    sinks_[--sink_count_] = Sink{};
    return {};
  }
  return Error(Status::kNotFound);
}

void Logger::VLog(LogLevel level, rstd::StringView format, rstd::Span<const rstd::FormatArg> args) {
  if (!Enabled(level)) return;
  // Formatting happens before taking the lock: it is the slow part.
  char buffer[kMessageCapacity];
  rstd::BufferWriter writer(buffer, sizeof(buffer));
  rstd::VFormat(writer, format, args);
  rstd::StringView text = FinishMessage(buffer, writer);

  Guard guard(*this);
  // The clock is read under the lock so that timestamps never decrease along the ring.
  LogRecord record;
  record.timestamp_ns = clock_();
  record.level = level;
  record.text = text;
  record.sequence = ring_.Append(level, record.timestamp_ns, text);
  for (size_t i = 0; i < sink_count_; ++i) {
    WriteLogLine(*sinks_[i].writer, record, sinks_[i].ansi_color);
  }
}

void Logger::Raw(rstd::StringView text) {
  Guard guard(*this);
  for (size_t i = 0; i < sink_count_; ++i) sinks_[i].writer->Write(text);
}

void Logger::Replay(rstd::Writer& writer, bool ansi_color) {
  Guard guard(*this);
  char buffer[kMessageCapacity];
  uint64_t sequence = ring_.first_sequence();
  for (;;) {
    Result<LogRing::ReadResult> read = ring_.Read(sequence, rstd::Span<char>(buffer));
    if (!read.ok()) break;
    WriteLogLine(writer, read->record, ansi_color);
    sequence = read->record.sequence + 1;
  }
}

Result<LogRing::ReadResult> Logger::Read(uint64_t sequence, rstd::Span<char> text_buffer) {
  Guard guard(*this);
  return ring_.Read(sequence, text_buffer);
}

void Logger::EnterPanicMode() {
  __atomic_store_n(&panic_mode_, true, __ATOMIC_RELEASE);
}

}  // namespace raeen::kernel
