// The header both sides of the syscall ABI include: numbers, enums, bit sets, structs, and
// the object type and rights values a HandleInfo carries.
#include "tools/ridlc/emit_types.h"
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {

GeneratedFile EmitSyscallTypes(const Contract& contract, const Inputs& inputs) {
  std::string out = "#pragma once\n" + Banner(inputs) +
                    "// What the kernel and user space share about syscalls: numbers, enums, bit "
                    "sets and structs\n// (docs/reference/syscalls.md). Freestanding: C "
                    "headers only.\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
                    "namespace raeen::sys {\n\n"
                    "// A handle value (kernel/object/handle_value.h); 0 is never a handle.\n"
                    "using Handle = uint32_t;\ninline constexpr Handle kInvalidHandle = 0;\n\n"
                    "// The type of object a handle names, as HandleInfo::type reports it.\n"
                    "enum class HandleType : uint32_t {\n";
  size_t count = 0;
  const ObjectTypeName* types = AllObjectTypes(&count);
  for (size_t i = 0; i < count; ++i) {
    out += std::string("  ") + types[i].cpp + " = " + std::to_string(types[i].value) + ",\n";
  }
  out += "};\n\n// Rights bits, as HandleInfo::rights reports them.\nstruct HandleRights {\n";
  const RightName* rights = AllRights(&count);
  for (size_t i = 0; i < count; ++i) {
    out += std::string("  static constexpr uint32_t ") + rights[i].cpp + " = " +
           std::to_string(rights[i].bit) + ";\n";
  }
  out += "};\n\n// Syscall numbers (rax).\nenum class SyscallNumber : uint64_t {\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    out += "  " + ConstantName(syscall.name) + " = " + std::to_string(syscall.number) + ",\n";
  }
  out += "};\n\n" + EnumDeclarations(contract) + StructDeclarations(contract) +
         "}  // namespace raeen::sys\n";
  return {"include/raeen/syscall_types.h", out};
}

}  // namespace raeen::ridlc
