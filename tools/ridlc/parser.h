#pragma once
// Parses tokens into the contract model (grammar: docs/reference/ridl.md). Names are not
// resolved here; validate.h does that once every input file has been read.

#include <string>
#include <vector>

#include "tools/ridlc/model.h"

namespace raeen::ridlc {

// Appends the declarations of `source` (read from `file`) to `contract`. Syntax errors go to
// `diagnostics`; parsing stops at the first one in a file, since what follows is guesswork.
void ParseFile(const std::string& file, const std::string& source, Contract& contract,
               std::vector<Diagnostic>& diagnostics);

}  // namespace raeen::ridlc
