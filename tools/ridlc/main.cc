// ridlc: the RaeenOS contract compiler (docs/reference/ridl.md).
//
//   ridlc --out DIR --emit GROUP[,GROUP...] FILE.ridl...
//
// Reads every FILE into one contract, validates it and writes the files of each GROUP
// (status, syscalls, docs, protocols) under DIR. A file whose content would not change is
// left alone, so its dependents are not rebuilt.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tools/ridlc/driver.h"

namespace {

using raeen::ridlc::CompileRequest;
using raeen::ridlc::CompileResult;

bool ReadFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

bool WriteIfChanged(const std::filesystem::path& path, const std::string& content) {
  std::string existing;
  if (ReadFile(path.string(), existing) && existing == content) return true;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return static_cast<bool>(out);
}

int Usage() {
  std::fprintf(stderr,
               "usage: ridlc --out DIR --emit GROUP[,GROUP...] FILE.ridl...\n"
               "groups: status, syscalls, docs, protocols\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CompileRequest request;
  std::string out_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out_dir = argv[++i];
    } else if (arg == "--emit" && i + 1 < argc) {
      std::stringstream groups(argv[++i]);
      for (std::string group; std::getline(groups, group, ',');) request.groups.push_back(group);
    } else if (arg.starts_with("--")) {
      return Usage();
    } else {
      raeen::ridlc::SourceFile source{arg, ""};
      if (!ReadFile(arg, source.text)) {
        std::fprintf(stderr, "%s: error: cannot read the file\n", arg.c_str());
        return 1;
      }
      request.sources.push_back(std::move(source));
    }
  }
  if (out_dir.empty() || request.groups.empty() || request.sources.empty()) return Usage();

  const CompileResult result = raeen::ridlc::Compile(request);
  for (const auto& diagnostic : result.diagnostics) {
    std::fprintf(stderr, "%s\n", raeen::ridlc::FormatDiagnostic(diagnostic).c_str());
  }
  if (!result.diagnostics.empty()) return 1;
  for (const auto& file : result.files) {
    const std::filesystem::path path = std::filesystem::path(out_dir) / file.path;
    if (!WriteIfChanged(path, file.content)) {
      std::fprintf(stderr, "%s: error: cannot write the file\n", path.string().c_str());
      return 1;
    }
  }
  return 0;
}
