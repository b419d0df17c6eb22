// <string.h> for user programs: the C names over raeen::libc (memory.cc has the five the
// compiler calls itself).

#include <string.h>

#include "libs/c/c_errno.h"
#include "libs/c/c_string.h"

namespace c = raeen::libc;

extern "C" {

void* memchr(const void* s, int ch, size_t n) {
  return c::Memchr(s, ch, n);
}
size_t strnlen(const char* s, size_t max) {
  return c::Strnlen(s, max);
}
int strcmp(const char* a, const char* b) {
  return c::Strcmp(a, b);
}
int strncmp(const char* a, const char* b, size_t n) {
  return c::Strncmp(a, b, n);
}
char* strcpy(char* __restrict dest, const char* __restrict src) {
  return c::Strcpy(dest, src);
}
char* strncpy(char* __restrict dest, const char* __restrict src, size_t n) {
  return c::Strncpy(dest, src, n);
}
char* strcat(char* __restrict dest, const char* __restrict src) {
  return c::Strcat(dest, src);
}
char* strncat(char* __restrict dest, const char* __restrict src, size_t n) {
  return c::Strncat(dest, src, n);
}
char* strchr(const char* s, int ch) {
  return c::Strchr(s, ch);
}
char* strrchr(const char* s, int ch) {
  return c::Strrchr(s, ch);
}
char* strstr(const char* haystack, const char* needle) {
  return c::Strstr(haystack, needle);
}
size_t strspn(const char* s, const char* accept) {
  return c::Strspn(s, accept);
}
size_t strcspn(const char* s, const char* reject) {
  return c::Strcspn(s, reject);
}
char* strtok_r(char* __restrict s, const char* __restrict delimiters, char** __restrict state) {
  return c::Strtok_r(s, delimiters, state);
}
char* strdup(const char* s) {
  return c::Strdup(s);
}
char* strndup(const char* s, size_t max) {
  return c::Strndup(s, max);
}
char* strerror(int errnum) {
  return const_cast<char*>(c::Strerror(errnum));
}

}  // extern "C"
