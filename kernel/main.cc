#include <raeen/handoff.h>

namespace raeen::kernel {

extern "C" [[noreturn]] void KernelMain(const boot::Handoff* handoff) {
  (void)handoff;
  for (;;) asm volatile("cli; hlt");
}

}  // namespace raeen::kernel
