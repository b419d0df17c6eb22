#include "libs/c/c_string.h"

#include <stdint.h>

#include "libs/c/allocator.h"

// The compiler must not turn these loops back into calls to memcpy/memset: in user programs
// those calls would land here again.
#define RAEEN_NO_BUILTIN __attribute__((no_builtin))

namespace raeen::libc {
namespace {

using Byte = unsigned char;

// Whether `c` is in the set `chars` (a NUL-terminated string).
bool InSet(char c, const char* chars) {
  for (; *chars != '\0'; ++chars) {
    if (*chars == c) return true;
  }
  return false;
}

}  // namespace

RAEEN_NO_BUILTIN void* Memcpy(void* __restrict dest, const void* __restrict src, size_t n) {
  auto* d = static_cast<Byte*>(dest);
  const auto* s = static_cast<const Byte*>(src);
  // Word-at-a-time when both are equally aligned; bytes for the rest.
  if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    while (n > 0 && (reinterpret_cast<uintptr_t>(d) & 7) != 0) {
      *d++ = *s++;
      --n;
    }
    for (; n >= 8; n -= 8, d += 8, s += 8) {
      uint64_t word;
      __builtin_memcpy_inline(&word, s, 8);
      __builtin_memcpy_inline(d, &word, 8);
    }
  }
  while (n-- > 0) *d++ = *s++;
  return dest;
}

RAEEN_NO_BUILTIN void* Memmove(void* dest, const void* src, size_t n) {
  auto* d = static_cast<Byte*>(dest);
  const auto* s = static_cast<const Byte*>(src);
  if (d == s || n == 0) return dest;
  // Forwards unless dest starts inside src, where a forward copy would overwrite the source
  // before reading it.
  if (reinterpret_cast<uintptr_t>(d) - reinterpret_cast<uintptr_t>(s) >= n) {
    return Memcpy(dest, src, n);
  }
  while (n-- > 0) d[n] = s[n];
  return dest;
}

RAEEN_NO_BUILTIN void* Memset(void* dest, int value, size_t n) {
  auto* d = static_cast<Byte*>(dest);
  Byte byte = static_cast<Byte>(value);
  while (n > 0 && (reinterpret_cast<uintptr_t>(d) & 7) != 0) {
    *d++ = byte;
    --n;
  }
  uint64_t word = 0x0101010101010101ull * byte;
  for (; n >= 8; n -= 8, d += 8) __builtin_memcpy_inline(d, &word, 8);
  while (n-- > 0) *d++ = byte;
  return dest;
}

RAEEN_NO_BUILTIN int Memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const Byte*>(a);
  const auto* y = static_cast<const Byte*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

RAEEN_NO_BUILTIN void* Memchr(const void* s, int c, size_t n) {
  const auto* p = static_cast<const Byte*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<Byte>(c)) return const_cast<Byte*>(p + i);
  }
  return nullptr;
}

RAEEN_NO_BUILTIN size_t Strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

RAEEN_NO_BUILTIN size_t Strnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

int Strcmp(const char* a, const char* b) {
  for (;; ++a, ++b) {
    Byte x = static_cast<Byte>(*a);
    Byte y = static_cast<Byte>(*b);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
}

int Strncmp(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    Byte x = static_cast<Byte>(a[i]);
    Byte y = static_cast<Byte>(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
  return 0;
}

RAEEN_NO_BUILTIN char* Strcpy(char* __restrict dest, const char* __restrict src) {
  Memcpy(dest, src, Strlen(src) + 1);
  return dest;
}

RAEEN_NO_BUILTIN char* Strncpy(char* __restrict dest, const char* __restrict src, size_t n) {
  size_t length = Strnlen(src, n);
  Memcpy(dest, src, length);
  Memset(dest + length, 0, n - length);
  return dest;
}

char* Strcat(char* __restrict dest, const char* __restrict src) {
  Strcpy(dest + Strlen(dest), src);
  return dest;
}

char* Strncat(char* __restrict dest, const char* __restrict src, size_t n) {
  char* end = dest + Strlen(dest);
  size_t length = Strnlen(src, n);
  Memcpy(end, src, length);
  end[length] = '\0';
  return dest;
}

char* Strchr(const char* s, int c) {
  char wanted = static_cast<char>(c);
  for (;; ++s) {
    if (*s == wanted) return const_cast<char*>(s);
    if (*s == '\0') return nullptr;
  }
}

char* Strrchr(const char* s, int c) {
  char wanted = static_cast<char>(c);
  const char* last = nullptr;
  for (;; ++s) {
    if (*s == wanted) last = s;
    if (*s == '\0') return const_cast<char*>(last);
  }
}

char* Strstr(const char* haystack, const char* needle) {
  size_t length = Strlen(needle);
  if (length == 0) return const_cast<char*>(haystack);
  for (; *haystack != '\0'; ++haystack) {
    if (*haystack == *needle && Strncmp(haystack, needle, length) == 0) {
      return const_cast<char*>(haystack);
    }
  }
  return nullptr;
}

size_t Strspn(const char* s, const char* accept) {
  size_t n = 0;
  while (s[n] != '\0' && InSet(s[n], accept)) ++n;
  return n;
}

size_t Strcspn(const char* s, const char* reject) {
  size_t n = 0;
  while (s[n] != '\0' && !InSet(s[n], reject)) ++n;
  return n;
}

char* Strtok_r(char* __restrict s, const char* __restrict delimiters, char** __restrict state) {
  if (s == nullptr) s = *state;
  if (s == nullptr) return nullptr;
  s += Strspn(s, delimiters);
  if (*s == '\0') {
    *state = nullptr;
    return nullptr;
  }
  char* end = s + Strcspn(s, delimiters);
  if (*end == '\0') {
    *state = nullptr;
  } else {
    *end = '\0';
    *state = end + 1;
  }
  return s;
}

char* Strdup(const char* s) {
  return Strndup(s, static_cast<size_t>(-1));
}

char* Strndup(const char* s, size_t max) {
  size_t length = Strnlen(s, max);
  auto* copy = static_cast<char*>(Malloc(length + 1));
  if (copy == nullptr) return nullptr;
  Memcpy(copy, s, length);
  copy[length] = '\0';
  return copy;
}

}  // namespace raeen::libc
