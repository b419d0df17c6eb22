// Reference docs generated from the contracts, so the documented errors are the ones the
// contract (and with it the dispatch and the stubs) declares. Copies are committed under
// docs/reference/; a host test compares them with what ridlc generates now.
#include <cstdio>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"
#include "tools/ridlc/validate.h"

namespace raeen::ridlc {
namespace {

const char* kRegisters[] = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};

std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The banner as an HTML comment, which Markdown renderers hide.
std::string MarkdownBanner(const Inputs& inputs) {
  std::string banner = Banner(inputs, "<!--");
  banner.pop_back();
  return banner + " -->\n";
}

std::string StatusDoc(const Contract& contract, const Inputs& inputs) {
  std::string out = MarkdownBanner(inputs);
  out +=
      "# Status values\n\nEvery fallible operation in RaeenOS reports one `raeen::Status` "
      "(`libs/rstd/status.h`,\ngenerated from `services/contracts/status.ridl`). A syscall "
      "returns it in rax as a 64-bit\ninteger; `StatusName()` gives the name in the first "
      "column.\n\n| Name | Value | C++ | Meaning |\n| --- | --- | --- | --- |\n";
  for (const StatusDecl& status : contract.statuses) {
    out += "| " + KebabCase(status.name) + " | " + std::to_string(status.value) + " | `" +
           ConstantName(status.name) + "` | " + Cell(status.doc) + " |\n";
  }
  return out;
}

std::string TypesDoc(const Contract& contract) {
  std::string out;
  for (const EnumDecl& decl : contract.enums) {
    out += "### " + decl.name + " (" + (decl.is_bits ? "bits" : "enum") + ", " +
           ScalarName(decl.underlying) + ")\n\n" + decl.doc +
           "\n\n| Name | Value | Meaning |\n"
           "| --- | --- | --- |\n";
    for (const EnumMember& member : decl.members) {
      char value[32];
      std::snprintf(value, sizeof(value), decl.is_bits ? "0x%llx" : "%llu",
                    static_cast<unsigned long long>(member.value));
      out += "| " + member.name + " | " + value + " | " + Cell(member.doc) + " |\n";
    }
    out += "\n";
  }
  for (const StructDecl& decl : contract.structs) {
    const StructLayout layout = LayoutOf(decl);
    out += "### struct " + decl.name + " (" + std::to_string(layout.size) + " bytes)\n\n" +
           decl.doc + "\n\n| Offset | Field | Type | Meaning |\n| --- | --- | --- | --- |\n";
    for (size_t i = 0; i < decl.fields.size(); ++i) {
      const Field& field = decl.fields[i];
      out += "| " + std::to_string(layout.offsets[i]) + " | " + field.name + " | `" +
             Cell(ContractSpelling(field.type)) + "` | " + Cell(field.doc) + " |\n";
    }
    out += "\n";
  }
  return out;
}

std::string SyscallDoc(const Contract& contract, const Inputs& inputs) {
  std::string out = MarkdownBanner(inputs);
  out +=
      "# Syscalls\n\nGenerated from `services/contracts/syscalls.ridl`; the ABI "
      "(registers, zero extension,\nhandles, errors) is described in "
      "[ridl.md](ridl.md#syscall-abi). Every syscall returns a\n[status](status.md) in rax "
      "(0 = ok) unless it is `noreturn`. Handles are looked up in the\norder bad-handle, "
      "wrong-type, access-denied.\n\n| # | Syscall | Summary |\n| --- | --- | --- |\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    const size_t sentence_end = syscall.doc.find(". ");
    const std::string first =
        sentence_end == std::string::npos ? syscall.doc : syscall.doc.substr(0, sentence_end + 1);
    out += "| " + std::to_string(syscall.number) + " | [" + syscall.name + "](#" + syscall.name +
           ") | " + Cell(first) + " |\n";
  }
  out += "\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    out += "## " + syscall.name + "\n\nNumber " + std::to_string(syscall.number) +
           (syscall.noreturn ? ", does not return" : "") + ". " + syscall.doc + "\n\n";
    if (!syscall.params.empty()) {
      out += "| Register | Parameter | Kind | Meaning |\n| --- | --- | --- | --- |\n";
      int reg = 0;
      for (const Param& param : syscall.params) {
        std::string registers = kRegisters[reg];
        if (RegistersOf(param) == 2) registers += ", " + std::string(kRegisters[reg + 1]);
        reg += RegistersOf(param);
        out += "| " + registers + " | " + param.name + " | `" + Cell(ContractSpelling(param)) +
               "` | " + Cell(param.doc) + " |\n";
      }
      out += "\n";
    }
    if (!syscall.errors.empty()) {
      out += "Errors:\n\n";
      for (const ErrorDoc& error : syscall.errors) {
        out += "- `" + KebabCase(error.status) + "`: " + error.doc + "\n";
      }
      out += "\n";
    }
  }
  if (!contract.enums.empty() || !contract.structs.empty()) {
    out += "## Types\n\n" + TypesDoc(contract);
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace

std::vector<GeneratedFile> EmitDocs(const Contract& contract, const Inputs& inputs) {
  std::vector<GeneratedFile> files;
  if (!contract.statuses.empty()) files.push_back({"docs/status.md", StatusDoc(contract, inputs)});
  if (!contract.syscalls.empty())
    files.push_back({"docs/syscalls.md", SyscallDoc(contract, inputs)});
  return files;
}

}  // namespace raeen::ridlc
