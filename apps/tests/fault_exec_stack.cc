// user.fault: jumps to code it wrote on its stack, which is never executable (NX).

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

int main() {
  raeen::rae::Print("fault_exec_stack: calling code on the stack");
  volatile uint8_t code[16] = {0xc3};  // ret
  auto* function = reinterpret_cast<void (*)()>(const_cast<uint8_t*>(&code[0]));
  function();
  return 0;
}
