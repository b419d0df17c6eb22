#include "tests/host/libs/c/fake_platform.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "libs/c/platform.h"

namespace raeen::libc::testing {
namespace {

std::mutex g_output_mutex;
std::map<int, std::string> g_output;

}  // namespace

FakeState& Fake() {
  static FakeState state;
  return state;
}

std::string Output(int fd) {
  std::lock_guard lock(g_output_mutex);
  return g_output[fd];
}

void ResetFakePlatform() {
  std::lock_guard lock(g_output_mutex);
  g_output.clear();
  Fake().max_write_chunk = 0;
  Fake().write_failure = 0;
  Fake().pages_exhausted = false;
}

}  // namespace raeen::libc::testing

using raeen::libc::testing::Fake;

extern "C" {

long RaeenPlatformWrite(int fd, const void* bytes, size_t n) {
  if (int failure = Fake().write_failure; failure != 0) return -failure;
  size_t chunk = Fake().max_write_chunk;
  size_t part = chunk != 0 && n > chunk ? chunk : n;
  std::lock_guard lock(raeen::libc::testing::g_output_mutex);
  raeen::libc::testing::g_output[fd].append(static_cast<const char*>(bytes), part);
  return static_cast<long>(part);
}

void* RaeenPlatformMorePages(size_t bytes) {
  ++Fake().more_pages_calls;
  if (Fake().pages_exhausted || bytes % 4096 != 0) return nullptr;
  void* pages = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return pages == MAP_FAILED ? nullptr : pages;
}

void RaeenPlatformFreePages(void* pages, size_t bytes) {
  ++Fake().free_pages_calls;
  munmap(pages, bytes);
}

uint64_t RaeenPlatformMonotonicNs(void) {
  return Fake().now_ns;
}

void RaeenPlatformSleepUntilNs(uint64_t deadline_ns) {
  Fake().last_sleep_deadline = deadline_ns;
  uint64_t now = Fake().now_ns;
  while (now < deadline_ns && !Fake().now_ns.compare_exchange_weak(now, deadline_ns)) {
  }
}

// In a death test's child: show what reached stdout, so the test can match it, then leave.
void RaeenPlatformExit(int code) {
  std::string out = raeen::libc::testing::Output(1);
  std::fprintf(stderr, "[stdout]%s[exit %d]\n", out.c_str(), code);
  std::fflush(stderr);
  _exit(code);
}

void RaeenPlatformAbort(const char* reason) {
  std::fprintf(stderr, "RaeenPlatformAbort: %s\n", reason);
  std::fflush(stderr);
  std::abort();
}

int* RaeenPlatformErrnoLocation(void) {
  thread_local int value = 0;
  return &value;
}

}  // extern "C"
