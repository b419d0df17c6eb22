// <stdio.h> for user programs. FILE is the opaque face of raeen::libc::Stream.

#include <stdio.h>

#include "libs/c/printf_format.h"
#include "libs/c/stream.h"

namespace c = raeen::libc;

namespace {

c::Stream& StreamOf(FILE* file) {
  return *reinterpret_cast<c::Stream*>(file);
}
FILE* FileOf(c::Stream& stream) {
  return reinterpret_cast<FILE*>(&stream);
}

}  // namespace

extern "C" {

FILE* __raeen_stdout(void) {
  return FileOf(c::Stdout());
}
FILE* __raeen_stderr(void) {
  return FileOf(c::Stderr());
}

int vprintf(const char* __restrict format, __builtin_va_list args) {
  return c::Vprintf(format, args);
}
int vfprintf(FILE* __restrict stream, const char* __restrict format, __builtin_va_list args) {
  return c::Vfprintf(StreamOf(stream), format, args);
}
int vsnprintf(char* __restrict buffer, size_t size, const char* __restrict format,
              __builtin_va_list args) {
  return c::Vsnprintf(buffer, size, format, args);
}
int vsprintf(char* __restrict buffer, const char* __restrict format, __builtin_va_list args) {
  // No size: the caller promised the buffer is big enough.
  return c::Vsnprintf(buffer, static_cast<size_t>(-1) / 2, format, args);
}

int printf(const char* __restrict format, ...) {
  __builtin_va_list args;
  __builtin_va_start(args, format);
  int length = c::Vprintf(format, args);
  __builtin_va_end(args);
  return length;
}
int fprintf(FILE* __restrict stream, const char* __restrict format, ...) {
  __builtin_va_list args;
  __builtin_va_start(args, format);
  int length = c::Vfprintf(StreamOf(stream), format, args);
  __builtin_va_end(args);
  return length;
}
int sprintf(char* __restrict buffer, const char* __restrict format, ...) {
  __builtin_va_list args;
  __builtin_va_start(args, format);
  int length = vsprintf(buffer, format, args);
  __builtin_va_end(args);
  return length;
}
int snprintf(char* __restrict buffer, size_t size, const char* __restrict format, ...) {
  __builtin_va_list args;
  __builtin_va_start(args, format);
  int length = c::Vsnprintf(buffer, size, format, args);
  __builtin_va_end(args);
  return length;
}

int puts(const char* text) {
  return c::Puts(text);
}
int fputs(const char* __restrict text, FILE* __restrict stream) {
  return c::Fputs(text, StreamOf(stream));
}
int putchar(int ch) {
  return c::Putchar(ch);
}
int fputc(int ch, FILE* stream) {
  return c::Fputc(ch, StreamOf(stream));
}
int putc(int ch, FILE* stream) {
  return c::Fputc(ch, StreamOf(stream));
}
size_t fwrite(const void* __restrict data, size_t size, size_t count, FILE* __restrict stream) {
  return c::Fwrite(data, size, count, StreamOf(stream));
}
void perror(const char* prefix) {
  c::Perror(prefix);
}
int fflush(FILE* stream) {
  return stream == nullptr ? c::FlushAll() : StreamOf(stream).Flush();
}
int ferror(FILE* stream) {
  return StreamOf(stream).error() ? 1 : 0;
}
void clearerr(FILE* stream) {
  StreamOf(stream).ClearError();
}

}  // extern "C"
