#pragma once
// Reads a whole file for comparing with generated text ("" when it cannot be read).

#include <fstream>
#include <sstream>
#include <string>

namespace raeen::ridlc {

inline std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace raeen::ridlc
