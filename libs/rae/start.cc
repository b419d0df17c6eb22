// The C++ side of _start: keeps what the kernel passed, runs main, exits with its result.

#include <stdint.h>

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

namespace raeen::rae {
namespace {

sys::Handle bootstrap_channel = 0;
sys::Handle self_address_space = 0;
sys::Handle self_process = 0;

}  // namespace

sys::Handle BootstrapChannel() { return bootstrap_channel; }
sys::Handle SelfAddressSpace() { return self_address_space; }
sys::Handle SelfProcess() { return self_process; }

}  // namespace raeen::rae

// libs/c's exit() when the program links it: it runs atexit handlers and flushes stdio.
extern "C" [[gnu::weak]] void exit(int code);

extern "C" [[noreturn]] void RaeStart(uint64_t bootstrap, uint64_t address_space,
                                      uint64_t process) {
  raeen::rae::bootstrap_channel = static_cast<raeen::sys::Handle>(bootstrap);
  raeen::rae::self_address_space = static_cast<raeen::sys::Handle>(address_space);
  raeen::rae::self_process = static_cast<raeen::sys::Handle>(process);
  const int code = main();
  if (exit != nullptr) exit(code);
  raeen::sys::ProcessExit(code);
}
