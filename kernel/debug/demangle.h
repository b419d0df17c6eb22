#pragma once
// A small Itanium C++ ABI demangler [Itanium C++ ABI, 5.1 "Mangling"] for backtraces: it
// turns the qualified name of a function into text and elides the parameter list
// ("raeen::kernel::Foo(...)"). Templates, substitutions and other constructs it does not
// understand make it print the mangled name unchanged, which is always correct.

#include "libs/rstd/format.h"

namespace raeen::kernel {

// Writes the demangled form of `mangled`, or `mangled` itself when it cannot.
void WriteDemangled(rstd::Writer& out, rstd::StringView mangled);

}  // namespace raeen::kernel
