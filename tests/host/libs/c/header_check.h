/* Included by header_check.c (as C17) and header_check.cc (as C++23): every public header of
 * libs/c, used the way C code uses them. Building is the test. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int CompareInts(const void* a, const void* b) {
  return *(const int*)a - *(const int*)b;
}

static inline int UseEveryHeader(int argc, char** argv) {
  char buffer[64];
  struct timespec now = {0, 0};
  int values[3] = {3, 1, 2};
  char* end = NULL;
  char* state = NULL;
  div_t parts = div(7, 2);
  clock_gettime(CLOCK_MONOTONIC, &now);
  snprintf(buffer, sizeof buffer, "%d %s %ld %5.2f", argc, argv[0], (long)now.tv_sec, 1.5);
  assert(strlen(buffer) > 0);
  qsort(values, 3, sizeof values[0], CompareInts);
  if (errno == ERANGE || strtoul("12", &end, 0) != 12) abort();
  fprintf(stderr, "%s %s\n", buffer, strtok_r(buffer, " ", &state));
  fflush(stdout);
  free(malloc(16));
  return isdigit(buffer[0]) + parts.rem + (EOF < 0) + INT_MAX % 2 + (RAND_MAX > 0);
}
