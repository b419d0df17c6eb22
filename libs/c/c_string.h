#pragma once
// <string.h>. Same contracts as the C standard; Strdup/Strndup allocate with Malloc
// (allocator.h) and return null with errno ENOMEM when memory runs out.

#include <stddef.h>

namespace raeen::libc {

void* Memcpy(void* __restrict dest, const void* __restrict src, size_t n);
void* Memmove(void* dest, const void* src, size_t n);
void* Memset(void* dest, int value, size_t n);
int Memcmp(const void* a, const void* b, size_t n);
void* Memchr(const void* s, int c, size_t n);

size_t Strlen(const char* s);
size_t Strnlen(const char* s, size_t max);
int Strcmp(const char* a, const char* b);
int Strncmp(const char* a, const char* b, size_t n);
char* Strcpy(char* __restrict dest, const char* __restrict src);
char* Strncpy(char* __restrict dest, const char* __restrict src, size_t n);
char* Strcat(char* __restrict dest, const char* __restrict src);
char* Strncat(char* __restrict dest, const char* __restrict src, size_t n);
char* Strchr(const char* s, int c);
char* Strrchr(const char* s, int c);
char* Strstr(const char* haystack, const char* needle);
size_t Strspn(const char* s, const char* accept);
size_t Strcspn(const char* s, const char* reject);
char* Strtok_r(char* __restrict s, const char* __restrict delimiters, char** __restrict state);
char* Strdup(const char* s);
char* Strndup(const char* s, size_t max);

}  // namespace raeen::libc
