/* RaeenOS C library: <string.h>. */
#ifndef RAEEN_LIBC_STRING_H_
#define RAEEN_LIBC_STRING_H_

#include <raeen/libc_abi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* RAEEN_RESTRICT dest, const void* RAEEN_RESTRICT src, size_t n);
void* memmove(void* dest, const void* src, size_t n);
void* memset(void* dest, int value, size_t n);
int memcmp(const void* a, const void* b, size_t n);
void* memchr(const void* s, int c, size_t n);

size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strcpy(char* RAEEN_RESTRICT dest, const char* RAEEN_RESTRICT src);
char* strncpy(char* RAEEN_RESTRICT dest, const char* RAEEN_RESTRICT src, size_t n);
char* strcat(char* RAEEN_RESTRICT dest, const char* RAEEN_RESTRICT src);
char* strncat(char* RAEEN_RESTRICT dest, const char* RAEEN_RESTRICT src, size_t n);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
char* strstr(const char* haystack, const char* needle);
size_t strspn(const char* s, const char* accept);
size_t strcspn(const char* s, const char* reject);
char* strtok_r(char* RAEEN_RESTRICT s, const char* RAEEN_RESTRICT delimiters,
               char** RAEEN_RESTRICT state);
char* strdup(const char* s);
char* strndup(const char* s, size_t max);
char* strerror(int errnum);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_STRING_H_ */
