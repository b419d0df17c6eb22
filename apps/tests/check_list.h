#pragma once
// Checks in a test program: each failure is printed with what was seen, and Finish prints
// "<program>: N checks, M failed", the line its scenario waits for. Any thread may check.

#include "libs/rae/runtime.h"

namespace raeen::apps {

class CheckList {
 public:
  explicit constexpr CheckList(const char* program) : program_(program) {}

  void Expect(const char* what, Status got, Status expected) {
    Count(got == expected);
    if (got == expected) return;
    rae::Print("{}: FAIL {}: got {}, expected {}", program_, what, StatusName(got),
               StatusName(expected));
  }

  void Check(const char* what, bool held) {
    Count(held);
    if (held) return;
    rae::Print("{}: FAIL {}", program_, what);
  }

  // Prints the summary; returns the number of failures (the program's exit code).
  int Finish() const {
    const int failures = __atomic_load_n(&failures_, __ATOMIC_RELAXED);
    rae::Print("{}: {} checks, {} failed", program_, __atomic_load_n(&checks_, __ATOMIC_RELAXED),
               failures);
    return failures;
  }

 private:
  void Count(bool held) {
    __atomic_fetch_add(&checks_, 1, __ATOMIC_RELAXED);
    if (!held) __atomic_fetch_add(&failures_, 1, __ATOMIC_RELAXED);
  }

  const char* program_;
  int checks_ = 0;
  int failures_ = 0;
};

// A thread's statistics (object_get_info), the call itself one more check.
inline sys::ThreadStats CheckedThreadStats(CheckList& checks, sys::Handle thread) {
  sys::ThreadStats stats{};
  uint64_t actual = 0;
  checks.Expect("thread_stats",
                sys::ObjectGetInfo(thread, sys::InfoTopic::kThreadStats, &stats, sizeof(stats),
                                   &actual),
                Status::kOk);
  return stats;
}

}  // namespace raeen::apps
