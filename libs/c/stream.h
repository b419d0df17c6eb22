#pragma once
// Buffered output streams for stdout and stderr, flushed through RaeenPlatformWrite.
//
// stdout is line buffered (flushed at each newline and when its 1 KiB buffer fills), stderr
// unbuffered (flushed at the end of every call). Each stream has a lock, so one printf's output
// is never interleaved with another thread's; the lock is held across the write hook, which
// may block (acceptable for now: only writers of the same stream wait).
//
// There is no input side yet (no stdin, fgets, scanf) and no files (fopen): nothing to read
// them from until vfsd exists.

#include <stdarg.h>
#include <stddef.h>

#include "libs/c/include/raeen/libc_abi.h"
#include "libs/c/spin_lock.h"

namespace raeen::libc {

class Stream {
 public:
  enum class Buffering : unsigned char { kNone, kLine, kFull };
  static constexpr size_t kBufferSize = RAEEN_BUFSIZ;

  constexpr Stream(int fd, Buffering buffering) : fd_(fd), buffering_(buffering) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Writes `data` (and a newline after it when `add_newline`, under the same lock): 0, or
  // EOF when the write hook failed (the error flag is then set and the buffered bytes
  // dropped).
  int Write(const char* data, size_t n, bool add_newline = false);
  int Flush();
  bool error() const { return error_; }
  void ClearError() { error_ = false; }
  int fd() const { return fd_; }

  // vfprintf: the number of bytes formatted, or -1 (EOVERFLOW past INT_MAX, or a write error).
  int VPrintf(const char* format, va_list args);

 private:
  friend class StreamSink;

  void WriteLocked(const char* data, size_t n);
  void FlushLocked();
  // Flushes what the buffering mode says must go out now.
  // EOF when an error happened since `had_error` was taken.
  int FinishLocked(bool wrote_newline, bool had_error);

  SpinLock lock_;
  int fd_;
  Buffering buffering_;
  bool error_ = false;
  size_t used_ = 0;
  char buffer_[kBufferSize] = {};
};

Stream& Stdout();
Stream& Stderr();
// Flushes every stream (exit does this); EOF if any failed.
int FlushAll();

int Vfprintf(Stream& stream, const char* __restrict format, va_list args);
int Fprintf(Stream& stream, const char* __restrict format, ...) RAEEN_PRINTF_LIKE(2, 3);
int Vprintf(const char* __restrict format, va_list args);
int Printf(const char* __restrict format, ...) RAEEN_PRINTF_LIKE(1, 2);
// fputs: no newline added; puts: adds one. Both return a non-negative value or EOF.
int Fputs(const char* __restrict text, Stream& stream);
int Puts(const char* text);
int Fputc(int c, Stream& stream);
int Putchar(int c);
// fwrite: `count` items of `size` bytes; returns `count`, or 0 on a write error.
size_t Fwrite(const void* __restrict data, size_t size, size_t count, Stream& stream);
// perror: "prefix: message\n" (just the message when prefix is null or empty) on stderr.
void Perror(const char* prefix);

}  // namespace raeen::libc
