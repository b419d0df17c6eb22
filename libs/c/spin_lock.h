#pragma once
// A test-and-test-and-set spin lock for the C library's shared state (the heap, the streams).
// User threads are preemptible, so a holder can be descheduled while others spin; the
// critical sections are short and never block, except a stream flush (see stream.h).

namespace raeen::libc {

class SpinLock {
 public:
  constexpr SpinLock() = default;
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

  void Lock() {
    while (__atomic_test_and_set(&held_, __ATOMIC_ACQUIRE)) {
      while (__atomic_load_n(&held_, __ATOMIC_RELAXED)) __builtin_ia32_pause();
    }
  }
  void Unlock() { __atomic_clear(&held_, __ATOMIC_RELEASE); }

 private:
  bool held_ = false;
};

class SpinGuard {
 public:
  explicit SpinGuard(SpinLock& lock) : lock_(lock) { lock_.Lock(); }
  ~SpinGuard() { lock_.Unlock(); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

 private:
  SpinLock& lock_;
};

}  // namespace raeen::libc
