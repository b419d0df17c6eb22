// user.fault: reads address 0. The kernel must end this process alone, with a report.

#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

int main() {
  raeen::rae::Print("fault_null: reading address 0");
  volatile int* null = nullptr;
  return *null;
}
