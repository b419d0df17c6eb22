#include "libs/c/stream.h"

#include "libs/c/c_errno.h"
#include "libs/c/c_string.h"
#include "libs/c/platform.h"
#include "libs/c/printf_format.h"

namespace raeen::libc {

// Formats straight into a locked stream.
class StreamSink final : public FormatSink {
 public:
  explicit StreamSink(Stream& stream) : stream_(stream) {}
  void Write(const char* text, size_t n) override {
    stream_.WriteLocked(text, n);
    if (Memchr(text, '\n', n) != nullptr) newline_ = true;
  }
  bool newline() const { return newline_; }

 private:
  Stream& stream_;
  bool newline_ = false;
};

void Stream::FlushLocked() {
  size_t done = 0;
  while (done < used_) {
    long written = RaeenPlatformWrite(fd_, buffer_ + done, used_ - done);
    if (written <= 0) {
      error_ = true;
      SetErrno(written < 0 ? static_cast<int>(-written) : RAEEN_EIO);
      break;
    }
    done += static_cast<size_t>(written);
  }
  used_ = 0;
}

void Stream::WriteLocked(const char* data, size_t n) {
  while (n > 0) {
    if (used_ == kBufferSize) FlushLocked();
    size_t part = kBufferSize - used_ < n ? kBufferSize - used_ : n;
    Memcpy(buffer_ + used_, data, part);
    used_ += part;
    data += part;
    n -= part;
  }
}

int Stream::FinishLocked(bool wrote_newline, bool had_error) {
  if (buffering_ == Buffering::kNone || (buffering_ == Buffering::kLine && wrote_newline)) {
    FlushLocked();
  }
  return error_ && !had_error ? RAEEN_EOF : 0;
}

int Stream::Write(const char* data, size_t n, bool add_newline) {
  SpinGuard guard(lock_);
  bool had_error = error_;
  WriteLocked(data, n);
  if (add_newline) WriteLocked("\n", 1);
  return FinishLocked(add_newline || Memchr(data, '\n', n) != nullptr, had_error);
}

int Stream::Flush() {
  SpinGuard guard(lock_);
  bool had_error = error_;
  FlushLocked();
  return error_ && !had_error ? RAEEN_EOF : 0;
}

int Stream::VPrintf(const char* format, va_list args) {
  SpinGuard guard(lock_);
  bool had_error = error_;
  StreamSink sink(*this);
  size_t length = VFormat(sink, format, args);
  if (FinishLocked(sink.newline(), had_error) != 0) return -1;
  if (length > 0x7fffffff) {
    SetErrno(RAEEN_EOVERFLOW);
    return -1;
  }
  return static_cast<int>(length);
}

namespace {

constinit Stream g_stdout(1, Stream::Buffering::kLine);
constinit Stream g_stderr(2, Stream::Buffering::kNone);

}  // namespace

Stream& Stdout() {
  return g_stdout;
}
Stream& Stderr() {
  return g_stderr;
}

int FlushAll() {
  int out = g_stdout.Flush();
  int err = g_stderr.Flush();
  return out == 0 && err == 0 ? 0 : RAEEN_EOF;
}

int Vfprintf(Stream& stream, const char* __restrict format, va_list args) {
  return stream.VPrintf(format, args);
}

int Fprintf(Stream& stream, const char* __restrict format, ...) {
  va_list args;
  va_start(args, format);
  int length = stream.VPrintf(format, args);
  va_end(args);
  return length;
}

int Vprintf(const char* __restrict format, va_list args) {
  return g_stdout.VPrintf(format, args);
}

int Printf(const char* __restrict format, ...) {
  va_list args;
  va_start(args, format);
  int length = g_stdout.VPrintf(format, args);
  va_end(args);
  return length;
}

int Fputs(const char* __restrict text, Stream& stream) {
  return stream.Write(text, Strlen(text)) == 0 ? 0 : RAEEN_EOF;
}

int Puts(const char* text) {
  return g_stdout.Write(text, Strlen(text), /*add_newline=*/true) == 0 ? 0 : RAEEN_EOF;
}

int Fputc(int c, Stream& stream) {
  char byte = static_cast<char>(c);
  return stream.Write(&byte, 1) == 0 ? static_cast<unsigned char>(byte) : RAEEN_EOF;
}

int Putchar(int c) {
  return Fputc(c, g_stdout);
}

size_t Fwrite(const void* __restrict data, size_t size, size_t count, Stream& stream) {
  size_t bytes = 0;
  if (size == 0 || count == 0) return 0;
  if (__builtin_mul_overflow(size, count, &bytes)) {
    SetErrno(RAEEN_EOVERFLOW);
    return 0;
  }
  return stream.Write(static_cast<const char*>(data), bytes) == 0 ? count : 0;
}

void Perror(const char* prefix) {
  const char* message = Strerror(Errno());
  if (prefix != nullptr && prefix[0] != '\0') {
    Fprintf(g_stderr, "%s: %s\n", prefix, message);
  } else {
    Fprintf(g_stderr, "%s\n", message);
  }
}

}  // namespace raeen::libc
