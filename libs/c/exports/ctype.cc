// <ctype.h> for user programs.

#include <ctype.h>

#include "libs/c/c_ctype.h"

namespace c = raeen::libc;

extern "C" {

int isalpha(int ch) {
  return c::Isalpha(ch);
}
int isdigit(int ch) {
  return c::Isdigit(ch);
}
int isalnum(int ch) {
  return c::Isalnum(ch);
}
int isspace(int ch) {
  return c::Isspace(ch);
}
int isupper(int ch) {
  return c::Isupper(ch);
}
int islower(int ch) {
  return c::Islower(ch);
}
int isxdigit(int ch) {
  return c::Isxdigit(ch);
}
int isprint(int ch) {
  return c::Isprint(ch);
}
int ispunct(int ch) {
  return c::Ispunct(ch);
}
int iscntrl(int ch) {
  return c::Iscntrl(ch);
}
int isgraph(int ch) {
  return c::Isgraph(ch);
}
int isblank(int ch) {
  return c::Isblank(ch);
}
int toupper(int ch) {
  return c::Toupper(ch);
}
int tolower(int ch) {
  return c::Tolower(ch);
}

}  // extern "C"
