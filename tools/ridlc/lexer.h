#pragma once
// Splits a .ridl file into tokens. `//` starts a comment; `///` starts a doc comment, which
// is a token of its own so the parser can attach it to the declaration that follows.

#include <string>
#include <vector>

#include "tools/ridlc/model.h"

namespace raeen::ridlc {

struct Token {
  enum class Kind { kIdentifier, kNumber, kString, kDoc, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;  // identifier, number digits, string contents, doc text or punctuation
  int line = 0;
};

// Tokens of `source`, ending with kEnd. A character that starts no token is reported in
// `diagnostics` and skipped.
std::vector<Token> Tokenize(const std::string& file, const std::string& source,
                            std::vector<Diagnostic>& diagnostics);

}  // namespace raeen::ridlc
