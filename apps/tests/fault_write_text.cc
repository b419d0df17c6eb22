// user.fault: writes over its own code, which is mapped read-only and executable (W^X).

#include "apps/tests/console.h"

int main() {
  raeen::apps::Print("fault_write_text: writing to main's first byte");
  auto* text = reinterpret_cast<volatile uint8_t*>(&main);
  *text = 0xc3;
  return 0;
}
