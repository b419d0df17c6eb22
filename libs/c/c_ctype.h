#pragma once
// <ctype.h> in the C locale: only ASCII letters, digits, punctuation and controls are
// classified; 128..255 and EOF are in no class and map to themselves.

namespace raeen::libc {

int Isalpha(int c);
int Isdigit(int c);
int Isalnum(int c);
int Isspace(int c);
int Isupper(int c);
int Islower(int c);
int Isxdigit(int c);
int Isprint(int c);
int Ispunct(int c);
int Iscntrl(int c);
int Isgraph(int c);
int Isblank(int c);
int Toupper(int c);
int Tolower(int c);

}  // namespace raeen::libc
