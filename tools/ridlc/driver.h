#pragma once
// One ridlc run without the file system: sources in, generated files or diagnostics out.
// main.cc adds reading and writing files; the tests call this directly.

#include <string>
#include <vector>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/model.h"

namespace raeen::ridlc {

struct SourceFile {
  std::string path;
  std::string text;
};

// What to generate: `status`, `syscalls`, `docs`, `protocols` (see emitters.h).
struct CompileRequest {
  std::vector<SourceFile> sources;
  std::vector<std::string> groups;
};

struct CompileResult {
  std::vector<GeneratedFile> files;
  std::vector<Diagnostic> diagnostics;  // empty on success
};

CompileResult Compile(const CompileRequest& request);

// "file:line: error: message".
std::string FormatDiagnostic(const Diagnostic& diagnostic);

}  // namespace raeen::ridlc
