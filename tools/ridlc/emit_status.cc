// The Status enum and its names. The enum's shape (int32_t, kOk = 0, lowercase kebab names)
// is what libs/rstd/status.h promised before it was generated; keep it.
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {

std::vector<GeneratedFile> EmitStatus(const Contract& contract, const Inputs& inputs) {
  std::string header =
      "#pragma once\n" + Banner(inputs) +
      "// The one status enum of RaeenOS. Every fallible operation reports one "
      "of these; each value\n// says what went wrong, not where. Values never "
      "change meaning (docs/reference/status.md).\n\n"
      "#include <stdint.h>\n\nnamespace raeen {\n\nenum class Status : int32_t {\n";
  for (const StatusDecl& status : contract.statuses) {
    header += Wrapped(status.doc, "  // ");
    header += "  " + ConstantName(status.name) + " = " + std::to_string(status.value) + ",\n";
  }
  header +=
      "};\n\n// A stable, lowercase name for logs and test output (\"invalid-argument\"); "
      "\"unknown-status\"\n// for a value no contract declares.\nconst char* "
      "StatusName(Status status);\n\n}  // namespace raeen\n";

  std::string source = Banner(inputs) +
                       "#include \"raeen/status.h\"\n\nnamespace raeen {\n\n"
                       "const char* StatusName(Status status) {\n  switch (status) {\n";
  for (const StatusDecl& status : contract.statuses) {
    source += "    case Status::" + ConstantName(status.name) + ": return \"" +
              KebabCase(status.name) + "\";\n";
  }
  source += "  }\n  return \"unknown-status\";\n}\n\n}  // namespace raeen\n";
  return {{"include/raeen/status.h", header}, {"src/status_names.cc", source}};
}

}  // namespace raeen::ridlc
