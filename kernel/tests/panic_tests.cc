// Tests that end the boot on purpose. KTEST_MANUAL: they run only when named exactly on the
// command line (the cpu.panic system scenario checks the report from outside).

#include "kernel/ktest/ktest.h"

namespace raeen::kernel {

// Not static and not inlined, so the backtrace shows it by name.
[[gnu::noinline]] void PageFaultOnPurpose() {
  // 16 TiB is in the lower half, where the loader maps nothing but its one trampoline page
  // (in RAM, far below): the write must fault as not-present.
  auto* unmapped = reinterpret_cast<volatile uint64_t*>(0x0000100000000000);
  *unmapped = 0xdead;
}

namespace {

KTEST_MANUAL(panic, page_fault) { PageFaultOnPurpose(); }

}  // namespace
}  // namespace raeen::kernel
