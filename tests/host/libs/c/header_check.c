#include "header_check.h"

static_assert(sizeof(time_t) == 8, "time_t is 64-bit");

int RaeenLibcHeaderCheckC(int argc, char** argv) { return UseEveryHeader(argc, argv); }
