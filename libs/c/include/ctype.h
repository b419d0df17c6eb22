/* RaeenOS C library: <ctype.h>, C locale only. */
#ifndef RAEEN_LIBC_CTYPE_H_
#define RAEEN_LIBC_CTYPE_H_

#ifdef __cplusplus
extern "C" {
#endif

int isalpha(int c);
int isdigit(int c);
int isalnum(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isxdigit(int c);
int isprint(int c);
int ispunct(int c);
int iscntrl(int c);
int isgraph(int c);
int isblank(int c);
int toupper(int c);
int tolower(int c);

#ifdef __cplusplus
}
#endif

#endif /* RAEEN_LIBC_CTYPE_H_ */
