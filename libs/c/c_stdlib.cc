#include "libs/c/c_stdlib.h"

#include <stdint.h>

#include "libs/c/c_ctype.h"
#include "libs/c/c_errno.h"
#include "libs/c/platform.h"
#include "libs/c/spin_lock.h"
#include "libs/c/stream.h"

namespace raeen::libc {
namespace {

struct ParsedInteger {
  uint64_t magnitude = 0;  // saturated at UINT64_MAX on overflow
  bool negative = false;
  bool overflow = false;
  const char* end = nullptr;
};

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// False for a bad base (errno set).
bool ParseInteger(const char* s, int base, ParsedInteger* out) {
  out->end = s;
  if (base < 0 || base == 1 || base > 36) {
    SetErrno(RAEEN_EINVAL);
    return false;
  }
  const char* p = s;
  while (Isspace(static_cast<unsigned char>(*p))) ++p;
  if (*p == '+' || *p == '-') out->negative = *p++ == '-';
  bool hex_prefix = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && DigitValue(p[2]) < 16;
  if ((base == 0 || base == 16) && hex_prefix) {
    base = 16;
    p += 2;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  const char* digits = p;
  for (; DigitValue(*p) < base; ++p) {
    uint64_t next = 0;
    if (__builtin_mul_overflow(out->magnitude, static_cast<uint64_t>(base), &next) ||
        __builtin_add_overflow(next, static_cast<uint64_t>(DigitValue(*p)), &next)) {
      out->overflow = true;
      next = UINT64_MAX;
    }
    out->magnitude = next;
  }
  if (p != digits) out->end = p;
  if (p == digits) out->negative = false;
  return true;
}

void SetEnd(char** end, const char* at) {
  if (end != nullptr) *end = const_cast<char*>(at);
}

}  // namespace

long long Strtoll(const char* __restrict s, char** __restrict end, int base) {
  ParsedInteger parsed;
  bool ok = ParseInteger(s, base, &parsed);
  SetEnd(end, parsed.end);
  if (!ok) return 0;
  uint64_t limit = parsed.negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (parsed.overflow || parsed.magnitude > limit) {
    SetErrno(RAEEN_ERANGE);
    return parsed.negative ? INT64_MIN : INT64_MAX;
  }
  return parsed.negative ? static_cast<long long>(0 - parsed.magnitude)
                         : static_cast<long long>(parsed.magnitude);
}

unsigned long long Strtoull(const char* __restrict s, char** __restrict end, int base) {
  ParsedInteger parsed;
  bool ok = ParseInteger(s, base, &parsed);
  SetEnd(end, parsed.end);
  if (!ok) return 0;
  if (parsed.overflow) {
    SetErrno(RAEEN_ERANGE);
    return UINT64_MAX;
  }
  return parsed.negative ? 0 - parsed.magnitude : parsed.magnitude;
}

static_assert(sizeof(long) == sizeof(long long), "LP64: long is 64 bits");

long Strtol(const char* __restrict s, char** __restrict end, int base) {
  return static_cast<long>(Strtoll(s, end, base));
}

unsigned long Strtoul(const char* __restrict s, char** __restrict end, int base) {
  return static_cast<unsigned long>(Strtoull(s, end, base));
}

int Atoi(const char* s) {
  return static_cast<int>(Strtol(s, nullptr, 10));
}
long Atol(const char* s) {
  return Strtol(s, nullptr, 10);
}
long long Atoll(const char* s) {
  return Strtoll(s, nullptr, 10);
}

int Abs(int value) {
  return value < 0 ? -value : value;
}
long Labs(long value) {
  return value < 0 ? -value : value;
}
long long Llabs(long long value) {
  return value < 0 ? -value : value;
}

DivResult Div(long long numerator, long long denominator) {
  return DivResult{numerator / denominator, numerator % denominator};
}

namespace {

class Sorter {
 public:
  Sorter(unsigned char* base, size_t size, int (*compare)(const void*, const void*))
      : base_(base), size_(size), compare_(compare) {}

  void Sort(size_t first, size_t count, int depth) {
    while (count > kInsertionLimit) {
      if (depth-- == 0) {
        HeapSort(first, count);
        return;
      }
      size_t split = Partition(first, count);
      // Recurse into the smaller side and loop on the larger: O(log n) stack.
      size_t left = split - first;
      size_t right = first + count - split - 1;
      if (left < right) {
        Sort(first, left, depth);
        first = split + 1;
        count = right;
      } else {
        Sort(split + 1, right, depth);
        count = left;
      }
    }
    InsertionSort(first, count);
  }

 private:
  static constexpr size_t kInsertionLimit = 12;

  unsigned char* At(size_t i) const { return base_ + i * size_; }
  int Compare(size_t a, size_t b) const { return compare_(At(a), At(b)); }
  void Swap(size_t a, size_t b) const {
    if (a == b) return;
    unsigned char* x = At(a);
    unsigned char* y = At(b);
    for (size_t i = 0; i < size_; ++i) {
      unsigned char t = x[i];
      x[i] = y[i];
      y[i] = t;
    }
  }

  void InsertionSort(size_t first, size_t count) const {
    for (size_t i = first + 1; i < first + count; ++i) {
      for (size_t j = i; j > first && Compare(j - 1, j) > 0; --j) Swap(j - 1, j);
    }
  }

  // Puts the median of first, middle and last at `first` and partitions around it
  // (Hoare-style, so runs of equal elements split evenly). Returns the pivot's final index.
  size_t Partition(size_t first, size_t count) const {
    size_t middle = first + count / 2;
    size_t last = first + count - 1;
    if (Compare(middle, first) < 0) Swap(middle, first);
    if (Compare(last, middle) < 0) Swap(last, middle);
    if (Compare(middle, first) < 0) Swap(middle, first);
    Swap(first, middle);
    size_t i = first + 1;
    size_t j = last;
    for (;;) {
      while (i <= j && Compare(i, first) < 0) ++i;
      while (i <= j && Compare(j, first) > 0) --j;
      if (i >= j) break;
      Swap(i++, j--);
    }
    Swap(first, j);
    return j;
  }

  void SiftDown(size_t first, size_t root, size_t count) const {
    for (;;) {
      size_t child = 2 * root + 1;
      if (child >= count) return;
      if (child + 1 < count && Compare(first + child, first + child + 1) < 0) ++child;
      if (Compare(first + root, first + child) >= 0) return;
      Swap(first + root, first + child);
      root = child;
    }
  }

  void HeapSort(size_t first, size_t count) const {
    for (size_t i = count / 2; i-- > 0;) SiftDown(first, i, count);
    for (size_t end = count; end-- > 1;) {
      Swap(first, first + end);
      SiftDown(first, 0, end);
    }
  }

  unsigned char* base_;
  size_t size_;
  int (*compare_)(const void*, const void*);
};

}  // namespace

void Qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*)) {
  if (count < 2 || size == 0) return;
  int depth = 2 * (63 - __builtin_clzll(count));
  Sorter(static_cast<unsigned char*>(base), size, compare).Sort(0, count, depth);
}

void* Bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*)) {
  const auto* bytes = static_cast<const unsigned char*>(base);
  size_t low = 0;
  size_t high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const unsigned char* element = bytes + middle * size;
    int order = compare(key, element);
    if (order == 0) return const_cast<unsigned char*>(element);
    if (order < 0) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return nullptr;
}

namespace {

uint64_t g_random_state = 1;

struct AtExitTable {
  SpinLock lock;
  void (*functions[kMaxAtExit])() = {};
  int count = 0;
};
constinit AtExitTable g_at_exit;

}  // namespace

int Rand() {
  // Knuth's MMIX multiplier and increment.
  g_random_state = g_random_state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<int>(g_random_state >> 33) & RAEEN_RAND_MAX;
}

void Srand(unsigned seed) {
  g_random_state = seed;
}

char* Getenv(const char*) {
  return nullptr;
}

int Atexit(void (*function)()) {
  SpinGuard guard(g_at_exit.lock);
  if (g_at_exit.count == kMaxAtExit) return -1;
  g_at_exit.functions[g_at_exit.count++] = function;
  return 0;
}

void Exit(int code) {
  // Each function is taken off the table before it runs, so one that calls exit() again
  // does not run twice.
  for (;;) {
    void (*function)() = nullptr;
    {
      SpinGuard guard(g_at_exit.lock);
      if (g_at_exit.count == 0) break;
      function = g_at_exit.functions[--g_at_exit.count];
    }
    function();
  }
  FlushAll();
  RaeenPlatformExit(code);
}

void QuickExit(int code) {
  RaeenPlatformExit(code);
}

void Abort() {
  RaeenPlatformAbort("abort() called");
}

}  // namespace raeen::libc
