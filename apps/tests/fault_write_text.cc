// user.fault: writes over its own code, which is mapped read-only and executable (W^X).

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

int main() {
  raeen::rae::Print("fault_write_text: writing to main's first byte");
  auto* text = reinterpret_cast<volatile uint8_t*>(&main);
  *text = 0xc3;
  return 0;
}
