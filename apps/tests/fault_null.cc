// user.fault: reads address 0. The kernel must end this process alone, with a report.

#include "apps/tests/console.h"

int main() {
  raeen::apps::Print("fault_null: reading address 0");
  volatile int* null = nullptr;
  return *null;
}
