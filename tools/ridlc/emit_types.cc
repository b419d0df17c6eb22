#include "tools/ridlc/emit_types.h"

#include <cstdio>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

std::string Hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::string EnumDeclarations(const Contract& contract) {
  std::string out;
  for (const EnumDecl& decl : contract.enums) {
    out += Wrapped(decl.doc, "// ");
    const std::string type = ScalarCppType(decl.underlying);
    if (decl.is_bits) {
      out += "struct " + decl.name + " {\n";
      uint64_t all = 0;
      for (const EnumMember& member : decl.members) {
        out += Wrapped(member.doc, "  // ");
        out += "  static constexpr " + type + " " + ConstantName(member.name) + " = " +
               Hex(member.value) + ";\n";
        all |= member.value;
      }
      out += "  // Every declared bit; any other bit is invalid.\n  static constexpr " + type +
             " kAll = " + Hex(all) + ";\n};\n\n";
    } else {
      out += "enum class " + decl.name + " : " + type + " {\n";
      for (const EnumMember& member : decl.members) {
        out += Wrapped(member.doc, "  // ");
        out += "  " + ConstantName(member.name) + " = " + std::to_string(member.value) + ",\n";
      }
      out += "};\n\n";
    }
  }
  return out;
}

std::string StructDeclarations(const Contract& contract) {
  std::string out;
  for (const StructDecl& decl : contract.structs) {
    const StructLayout layout = LayoutOf(decl);
    out += Wrapped(decl.doc, "// ");
    out += "struct " + decl.name + " {\n";
    for (const Field& field : decl.fields) {
      std::string doc = field.doc;
      if (field.type.kind == TypeRef::Kind::kHandle)
        doc = ContractSpelling(field.type) + ": " + doc;
      out += Wrapped(doc, "  // ");
      out += "  " + ValueCppType(field.type) + " " + field.name + ";\n";
    }
    out += "};\n";
    out += "static_assert(sizeof(" + decl.name + ") == " + std::to_string(layout.size) +
           " && alignof(" + decl.name + ") == " + std::to_string(layout.align) + ");\n";
    for (size_t i = 0; i < decl.fields.size(); ++i) {
      out += "static_assert(offsetof(" + decl.name + ", " + decl.fields[i].name +
             ") == " + std::to_string(layout.offsets[i]) + ");\n";
    }
    out += "\n";
  }
  return out;
}

std::string EnumValidators(const Contract& contract) {
  std::string out;
  for (const EnumDecl& decl : contract.enums) {
    out += "[[maybe_unused]] constexpr bool IsValid" + decl.name + "(uint64_t raw) {\n";
    if (decl.is_bits) {
      out += "  return (raw & ~static_cast<uint64_t>(" + decl.name + "::kAll)) == 0;\n}\n\n";
      continue;
    }
    out += "  switch (raw) {\n";
    for (const EnumMember& member : decl.members) {
      out += "    case " + std::to_string(member.value) + ":\n";
    }
    out += "      return true;\n    default:\n      return false;\n  }\n}\n\n";
  }
  return out;
}

}  // namespace raeen::ridlc
