#include "tools/ridlc/driver.h"

#include "tools/ridlc/emitters.h"
#include "tools/ridlc/parser.h"
#include "tools/ridlc/validate.h"

namespace raeen::ridlc {

CompileResult Compile(const CompileRequest& request) {
  CompileResult result;
  Contract contract;
  Inputs inputs;
  for (const SourceFile& source : request.sources) {
    ParseFile(source.path, source.text, contract, result.diagnostics);
    inputs.push_back(source.path);
  }
  if (!result.diagnostics.empty()) return result;
  Validate(contract, result.diagnostics);
  if (!result.diagnostics.empty()) return result;
  auto add = [&](std::vector<GeneratedFile> files) {
    for (GeneratedFile& file : files) result.files.push_back(std::move(file));
  };
  for (const std::string& group : request.groups) {
    if (group == "status") {
      add(EmitStatus(contract, inputs));
    } else if (group == "syscalls") {
      add({EmitSyscallTypes(contract, inputs), EmitKernelHeader(contract, inputs),
           EmitKernelDispatch(contract, inputs), EmitKernelStubs(contract, inputs),
           EmitUserHeader(contract, inputs)});
    } else if (group == "docs") {
      add(EmitDocs(contract, inputs));
    } else if (group == "protocols") {
      add(EmitProtocols(contract, inputs));
    } else {
      result.diagnostics.push_back(
          {{"ridlc", 0},
           "unknown output group '" + group + "' (status, syscalls, docs, protocols)"});
    }
  }
  return result;
}

std::string FormatDiagnostic(const Diagnostic& diagnostic) {
  return diagnostic.where.file + ":" + std::to_string(diagnostic.where.line) +
         ": error: " + diagnostic.message;
}

}  // namespace raeen::ridlc
