// The smallest program: exits at once (process.spawn_to_exit measures it).

#include "libs/rae/main.h"

int main() { return 0; }
