/* RaeenOS C library: <assert.h>. Deliberately without an include guard: each inclusion
 * redefines assert() according to the NDEBUG in force at that point (C17 7.2). */
#undef assert

#ifdef NDEBUG
#define assert(expression) ((void)0)
#else
#ifdef __cplusplus
extern "C"
#endif
    __attribute__((noreturn)) void
    __raeen_assert_fail(const char* expression, const char* file, int line, const char* function);
#define assert(expression) \
  ((expression) ? (void)0 : __raeen_assert_fail(#expression, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
    __STDC_VERSION__ < 202311L && !defined(static_assert)
#define static_assert _Static_assert
#endif
