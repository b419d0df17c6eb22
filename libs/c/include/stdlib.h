/* RaeenOS C library: <stdlib.h>. */
#ifndef RAEEN_LIBC_STDLIB_H_
#define RAEEN_LIBC_STDLIB_H_

#include <raeen/libc_abi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX RAEEN_RAND_MAX

typedef struct {
  int quot;
  int rem;
} div_t;
typedef struct {
  long quot;
  long rem;
} ldiv_t;
typedef struct {
  long long quot;
  long long rem;
} lldiv_t;

void* malloc(size_t size);
void free(void* block);
void* calloc(size_t count, size_t size);
void* realloc(void* block, size_t size);
void* aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void** out, size_t alignment, size_t size);

long strtol(const char* RAEEN_RESTRICT s, char** RAEEN_RESTRICT end, int base);
long long strtoll(const char* RAEEN_RESTRICT s, char** RAEEN_RESTRICT end, int base);
unsigned long strtoul(const char* RAEEN_RESTRICT s, char** RAEEN_RESTRICT end, int base);
unsigned long long strtoull(const char* RAEEN_RESTRICT s, char** RAEEN_RESTRICT end, int base);
int atoi(const char* s);
long atol(const char* s);
long long atoll(const char* s);

int abs(int value);
long labs(long value);
long long llabs(long long value);
div_t div(int numerator, int denominator);
ldiv_t ldiv(long numerator, long denominator);
lldiv_t lldiv(long long numerator, long long denominator);

void qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*));

int rand(void);
void srand(unsigned seed);

char* getenv(const char* name);

int atexit(void (*function)(void));
RAEEN_NORETURN void exit(int code);
RAEEN_NORETURN void _Exit(int code);
RAEEN_NORETURN void abort(void);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_STDLIB_H_ */
