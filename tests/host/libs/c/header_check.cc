#include "header_check.h"

extern "C" int RaeenLibcHeaderCheckCxx(int argc, char** argv) {
  return UseEveryHeader(argc, argv);
}
