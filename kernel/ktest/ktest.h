#pragma once
// KTEST: in-kernel tests for what only real hardware (or QEMU) can show — paging, interrupts,
// the relocated kernel. Each KTEST is a function placed in the .ktest_cases linker section;
// the kernel runs them when its command line says `ktest=all` or `ktest=<filter>`, reports
// TAP on the log, and tells QEMU the verdict through isa-debug-exit.
//
//   KTEST(idt, breakpoint_resumes) {
//     asm volatile("int3");
//     KTEST_EXPECT(arch::BreakpointCount() == 1);
//   }
//
// A test named `suite.name` runs under `ktest=all` unless declared with KTEST_MANUAL, which
// only runs when named exactly (for tests that end the boot on purpose, like a panic).

#include <stdint.h>

#include "libs/rstd/format.h"

namespace raeen::kernel::ktest {

struct TestCase {
  const char* suite;
  const char* name;
  void (*function)();
  bool manual;
};

// Records a failed expectation in the running test; the test goes on.
void ReportFailure(const char* file, int line, const char* expression);

// Runs the tests selected by `filter` ("all", an exact "suite.name", or a prefix such as
// "idt." or "idt"). Never returns: exits QEMU through isa-debug-exit with the verdict and
// halts.
[[noreturn]] void RunAndExit(rstd::StringView filter);

}  // namespace raeen::kernel::ktest

#define RAEEN_KTEST_DEFINE(suite, name, manual)                                              \
  static void KtestBody_##suite##_##name();                                                  \
  [[gnu::used, gnu::section(".ktest_cases")]] static const ::raeen::kernel::ktest::TestCase \
      ktest_case_##suite##_##name = {#suite, #name, KtestBody_##suite##_##name, manual};     \
  static void KtestBody_##suite##_##name()

#define KTEST(suite, name) RAEEN_KTEST_DEFINE(suite, name, false)
#define KTEST_MANUAL(suite, name) RAEEN_KTEST_DEFINE(suite, name, true)

#define KTEST_EXPECT(condition)                                               \
  do {                                                                        \
    if (!(condition)) ::raeen::kernel::ktest::ReportFailure(__FILE__, __LINE__, #condition); \
  } while (0)
