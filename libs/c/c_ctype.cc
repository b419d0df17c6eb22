#include "libs/c/c_ctype.h"

namespace raeen::libc {

int Isupper(int c) {
  return c >= 'A' && c <= 'Z';
}
int Islower(int c) {
  return c >= 'a' && c <= 'z';
}
int Isalpha(int c) {
  return Isupper(c) || Islower(c);
}
int Isdigit(int c) {
  return c >= '0' && c <= '9';
}
int Isalnum(int c) {
  return Isalpha(c) || Isdigit(c);
}
int Isxdigit(int c) {
  return Isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int Isspace(int c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
int Isblank(int c) {
  return c == ' ' || c == '\t';
}
int Iscntrl(int c) {
  return (c >= 0 && c < 0x20) || c == 0x7f;
}
int Isprint(int c) {
  return c >= 0x20 && c < 0x7f;
}
int Isgraph(int c) {
  return c > 0x20 && c < 0x7f;
}
int Ispunct(int c) {
  return Isgraph(c) && !Isalnum(c);
}
int Toupper(int c) {
  return Islower(c) ? c - 'a' + 'A' : c;
}
int Tolower(int c) {
  return Isupper(c) ? c - 'A' + 'a' : c;
}

}  // namespace raeen::libc
