#include "kernel/debug/panic.h"

namespace raeen::kernel {

[[noreturn]] void PanicMessage(rstd::StringView) {
  for (;;) asm volatile("cli; hlt");
}

}  // namespace raeen::kernel
