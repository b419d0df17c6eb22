/* RaeenOS C library: <stdio.h>, output only (libs/c/README.md). */
#ifndef RAEEN_LIBC_STDIO_H_
#define RAEEN_LIBC_STDIO_H_

#include <raeen/libc_abi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __raeen_file FILE;

#define EOF RAEEN_EOF
#define BUFSIZ RAEEN_BUFSIZ

FILE* __raeen_stdout(void);
FILE* __raeen_stderr(void);
#define stdout (__raeen_stdout())
#define stderr (__raeen_stderr())

int printf(const char* RAEEN_RESTRICT format, ...) RAEEN_PRINTF_LIKE(1, 2);
int fprintf(FILE* RAEEN_RESTRICT stream, const char* RAEEN_RESTRICT format, ...)
    RAEEN_PRINTF_LIKE(2, 3);
int sprintf(char* RAEEN_RESTRICT buffer, const char* RAEEN_RESTRICT format, ...)
    RAEEN_PRINTF_LIKE(2, 3);
int snprintf(char* RAEEN_RESTRICT buffer, size_t size, const char* RAEEN_RESTRICT format, ...)
    RAEEN_PRINTF_LIKE(3, 4);
int vprintf(const char* RAEEN_RESTRICT format, __builtin_va_list args);
int vfprintf(FILE* RAEEN_RESTRICT stream, const char* RAEEN_RESTRICT format,
             __builtin_va_list args);
int vsprintf(char* RAEEN_RESTRICT buffer, const char* RAEEN_RESTRICT format,
             __builtin_va_list args);
int vsnprintf(char* RAEEN_RESTRICT buffer, size_t size, const char* RAEEN_RESTRICT format,
              __builtin_va_list args);

int puts(const char* text);
int fputs(const char* RAEEN_RESTRICT text, FILE* RAEEN_RESTRICT stream);
int putchar(int c);
int fputc(int c, FILE* stream);
int putc(int c, FILE* stream);
size_t fwrite(const void* RAEEN_RESTRICT data, size_t size, size_t count,
              FILE* RAEEN_RESTRICT stream);
void perror(const char* prefix);
int fflush(FILE* stream);
int ferror(FILE* stream);
void clearerr(FILE* stream);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_STDIO_H_ */
