#pragma once
// A program's entry, called by the runtime's _start (libs/rae/start.cc); its result is the
// process's exit code. Declared with C linkage here because freestanding C++ does not treat
// `main` specially: a program's own definition then gets C linkage too.

extern "C" int main();
