#pragma once
// The kernel log: formats a message, timestamps it, keeps it in a LogRing for `dmesg` and
// writes it as one line (kernel/log/log_line.h) to every registered sink (serial port,
// framebuffer console). Use it through kernel/log/log.h; this class exists on its own so that
// tests can make private instances.
//
// Concurrency: one spinlock serialises records, so lines from different CPUs never interleave
// and the ring and sinks (which are not synchronised themselves) are only used under it.
// Taking it first calls the injected InterruptControl::save_and_disable, so an interrupt
// handler that logs cannot deadlock against the code it interrupted; until the arch code
// installs that hook (with interrupts still off during early boot) nothing is disabled.
// Sinks run under the lock and must not log themselves. The lock is not ranked yet: it is a
// leaf, nothing else is acquired while it is held.
//
// Panic: EnterPanicMode() makes every later call skip the lock, so the panic report gets out
// even if this CPU panicked while holding it (in a sink, say). Only the panicking CPU may log
// after that; the panic path stops the others first.

#include <stddef.h>
#include <stdint.h>

#include "kernel/log/log_record.h"
#include "kernel/log/log_ring.h"
#include "libs/rstd/format.h"
#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel {

class Logger {
 public:
  // Nanoseconds since boot. The arch code supplies one based on the TSC.
  using Clock = uint64_t (*)();

  // Saving and restoring the interrupt flag is CPU-specific; the arch code supplies both.
  struct InterruptControl {
    uint64_t (*save_and_disable)() = nullptr;  // disables interrupts, returns the old state
    void (*restore)(uint64_t state) = nullptr;
  };

  static constexpr size_t kMaxSinks = 4;
  // Messages are formatted into a stack buffer of this size: longer ones are cut to
  // kMessageCapacity - 1 bytes ending in "..." (never inside a UTF-8 character).
  static constexpr size_t kMessageCapacity = 512;

  // `ring_storage` (which must outlive the logger) holds the records. Give it at least
  // kMessageCapacity + LogRing::kHeaderSize bytes, or the ring keeps shorter copies of long
  // messages than the sinks saw.
  constexpr explicit Logger(rstd::Span<uint8_t> ring_storage) : ring_(ring_storage) {}

  // `clock` (nullptr: the default, which always returns 0) timestamps every later record.
  void SetClock(Clock clock);
  void SetInterruptControl(InterruptControl control);

  // Records below `level` are dropped entirely: not formatted, not kept, not written.
  // The default is kDebug (keep everything).
  void SetMinimumLevel(LogLevel level);
  LogLevel minimum_level() const {
    return static_cast<LogLevel>(__atomic_load_n(&minimum_level_, __ATOMIC_RELAXED));
  }
  bool Enabled(LogLevel level) const { return level >= minimum_level(); }

  // Adds `writer` (which must outlive its registration) as a sink for every later record;
  // `ansi_color` says whether it understands SGR colour sequences. Replay() shows it the
  // records it missed. Errors: kAlreadyExists if it is registered; kNoMemory if kMaxSinks are.
  Result<void> AddSink(rstd::Writer& writer, bool ansi_color);
  // Errors: kNotFound if `writer` is not registered.
  Result<void> RemoveSink(rstd::Writer& writer);

  // Formats and records a message; see rstd::Format for the syntax. A single trailing "\n"
  // in the message is dropped (the line format adds one).
  template <typename... Args>
  void Log(LogLevel level, rstd::StringView format, const Args&... args) {
    if (!Enabled(level)) return;
    if constexpr (sizeof...(Args) == 0) {
      VLog(level, format, {});
    } else {
      const rstd::FormatArg packed[] = {rstd::FormatArg(args)...};
      VLog(level, format, rstd::Span<const rstd::FormatArg>(packed, sizeof...(Args)));
    }
  }
  void VLog(LogLevel level, rstd::StringView format, rstd::Span<const rstd::FormatArg> args);

  // Writes `text` unchanged to every sink: no prefix, no newline, not kept in the ring.
  void Raw(rstd::StringView text);

  // Writes every record still in the ring to `writer`, oldest first, in the line format.
  void Replay(rstd::Writer& writer, bool ansi_color);

  // The ring's Read() under the lock: see LogRing::Read.
  Result<LogRing::ReadResult> Read(uint64_t sequence, rstd::Span<char> text_buffer);

  // From now on no call takes the lock (see the file comment). Cannot be undone.
  void EnterPanicMode();
  bool panic_mode() const { return __atomic_load_n(&panic_mode_, __ATOMIC_ACQUIRE); }

 private:
  struct Sink {
    rstd::Writer* writer = nullptr;
    bool ansi_color = false;
  };

  // Holds the log lock (unless in panic mode) with interrupts disabled, for one scope.
  class Guard {
   public:
    explicit Guard(Logger& logger);
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    Logger& logger_;
    bool locked_ = false;
    uint64_t interrupt_state_ = 0;
  };

  static uint64_t ZeroClock() { return 0; }

  LogRing ring_;
  Clock clock_ = &ZeroClock;
  InterruptControl interrupts_;
  // A LogLevel, stored as its integer so that it can be read without the lock.
  uint8_t minimum_level_ = static_cast<uint8_t>(LogLevel::kDebug);
  bool locked_ = false;
  bool panic_mode_ = false;
  size_t sink_count_ = 0;
  Sink sinks_[kMaxSinks] = {};
};

}  // namespace raeen::kernel
