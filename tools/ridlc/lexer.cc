#include "tools/ridlc/lexer.h"

#include <cctype>

namespace raeen::ridlc {
namespace {

bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsIdentifierPart(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

}  // namespace

std::vector<Token> Tokenize(const std::string& file, const std::string& source,
                            std::vector<Diagnostic>& diagnostics) {
  std::vector<Token> tokens;
  int line = 1;
  size_t i = 0;
  auto push = [&](Token::Kind kind, std::string text) {
    tokens.push_back(Token{kind, std::move(text), line});
  };
  while (i < source.size()) {
    const char c = source[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (source.compare(i, 2, "//") == 0) {
      const size_t end = source.find('\n', i);
      const size_t stop = end == std::string::npos ? source.size() : end;
      // Exactly three slashes make a doc comment; "////" rulers stay plain comments.
      if (source.compare(i, 3, "///") == 0 && source.compare(i, 4, "////") != 0) {
        size_t from = i + 3;
        if (from < stop && source[from] == ' ') ++from;
        push(Token::Kind::kDoc, source.substr(from, stop - from));
      }
      i = stop;
    } else if (IsIdentifierStart(c)) {
      size_t end = i;
      while (end < source.size() && IsIdentifierPart(source[end])) ++end;
      push(Token::Kind::kIdentifier, source.substr(i, end - i));
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t end = i;
      while (end < source.size() && (IsIdentifierPart(source[end]))) ++end;
      push(Token::Kind::kNumber, source.substr(i, end - i));
      i = end;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < source.size() && source[end] != '"' && source[end] != '\n') ++end;
      if (end >= source.size() || source[end] != '"') {
        diagnostics.push_back({{file, line}, "unterminated string"});
        i = end;
        continue;
      }
      push(Token::Kind::kString, source.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (source.compare(i, 2, "<=") == 0 || source.compare(i, 2, "->") == 0) {
      push(Token::Kind::kPunct, source.substr(i, 2));
      i += 2;
    } else if (std::string("{}()<>[]:;,=|").find(c) != std::string::npos) {
      push(Token::Kind::kPunct, std::string(1, c));
      ++i;
    } else {
      diagnostics.push_back({{file, line}, std::string("unexpected character '") + c + "'"});
      ++i;
    }
  }
  push(Token::Kind::kEnd, "");
  return tokens;
}

}  // namespace raeen::ridlc
