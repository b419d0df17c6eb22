// irq.user: a program that touches an I/O port it was never given (the keyboard controller's
// status port) faults with #GP and ends alone.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

int main() {
  raeen::rae::Print("ioport_denied: reading port 0x64 without permission");
  uint8_t value;
  asm volatile("inb $0x64, %0" : "=a"(value));
  return value;
}
