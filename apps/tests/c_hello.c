/* user.libc: a C program on libs/c: formatted output, the heap, string conversion, sorting
 * and the clock, each checked; it prints "c_hello: all checks passed" only if they all held. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    printf("c_hello: FAIL %s\n", what);
    ++failures;
  }
}

static int compare_ints(const void* a, const void* b) {
  return *(const int*)a - *(const int*)b;
}

int main(void) {
  char buffer[64];
  snprintf(buffer, sizeof(buffer), "%d %5.2f %s %#x", -42, 3.14159, "text", 255);
  check(strcmp(buffer, "-42  3.14 text 0xff") == 0, "snprintf");

  char* copy = strdup("RaeenOS");
  check(copy != NULL && strlen(copy) == 7, "strdup");
  for (char* c = copy; c != NULL && *c != '\0'; ++c) *c = (char)toupper((unsigned char)*c);
  check(copy != NULL && strcmp(copy, "RAEENOS") == 0, "toupper");
  free(copy);

  /* Enough to make the allocator ask for more pages than its first chunk. */
  int* numbers = malloc(100000 * sizeof(int));
  check(numbers != NULL, "malloc of 400 KB");
  if (numbers != NULL) {
    for (int i = 0; i < 100000; ++i) numbers[i] = (i * 7919) % 100000;
    qsort(numbers, 100000, sizeof(int), compare_ints);
    int sorted = 1;
    for (int i = 1; i < 100000; ++i) sorted = sorted && numbers[i - 1] <= numbers[i];
    check(sorted, "qsort");
    free(numbers);
  }

  char* end = NULL;
  check(strtol("  -0x1f rest", &end, 0) == -31 && strcmp(end, " rest") == 0, "strtol");

  struct timespec start;
  struct timespec later;
  clock_gettime(CLOCK_MONOTONIC, &start);
  struct timespec nap = {0, 2000000};
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &later);
  const long long slept = (later.tv_sec - start.tv_sec) * 1000000000LL +
                          (later.tv_nsec - start.tv_nsec);
  check(slept >= 2000000, "nanosleep of 2 ms");

  if (failures == 0) printf("c_hello: all checks passed (slept %lld us)\n", slept / 1000);
  return failures;
}
