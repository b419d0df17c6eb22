// User-space stubs: one inline function per syscall that loads the registers of the ABI and
// executes `syscall`. Freestanding (C headers only) so that every user program, libs/c and
// host tests can include it; on the host it compiles but must never be called.
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

// C++ parameters of the stub for one contract parameter, and the register values they become.
struct UserParam {
  std::string declaration;
  std::vector<std::string> registers;
};

std::string ToRegister(const TypeRef& type, const std::string& name) {
  if (type.kind == TypeRef::Kind::kEnum && !type.enum_decl->is_bits) {
    return "static_cast<uint64_t>(" + name + ")";
  }
  const ScalarKind scalar = CarrierScalar(type);
  if (scalar == ScalarKind::kBool) return "(" + name + " ? 1u : 0u)";
  // Narrow signed values are zero-extended: the kernel rejects any set upper bit.
  if (IsSigned(scalar) && ScalarSize(scalar) < 8) {
    return "static_cast<uint64_t>(static_cast<uint" + std::to_string(ScalarSize(scalar) * 8) +
           "_t>(" + name + "))";
  }
  return "static_cast<uint64_t>(" + name + ")";
}

UserParam Lower(const Param& param) {
  const std::string& name = param.name;
  const std::string type = ValueCppType(param.type);
  const std::string address = "reinterpret_cast<uint64_t>(" + name + ")";
  switch (param.mode) {
    case ParamMode::kValue: return {type + " " + name, {ToRegister(param.type, name)}};
    case ParamMode::kOut: return {type + "* " + name, {address}};
    case ParamMode::kInStruct: return {"const " + type + "* " + name, {address}};
    case ParamMode::kInBytes:
      return {"const void* " + name + ", size_t " + name + "_size", {address, name + "_size"}};
    case ParamMode::kOutBytes:
      return {"void* " + name + ", size_t " + name + "_capacity", {address, name + "_capacity"}};
    case ParamMode::kInArray:
      return {"const " + type + "* " + name + ", size_t " + name + "_count",
              {address, name + "_count"}};
    case ParamMode::kOutArray:
      return {type + "* " + name + ", size_t " + name + "_capacity", {address, name + "_capacity"}};
  }
  return {};
}

}  // namespace

GeneratedFile EmitUserHeader(const Contract& contract, const Inputs& inputs) {
  std::string out =
      "#pragma once\n" + Banner(inputs) +
      "// The syscalls for user space (docs/reference/syscalls.md): one inline stub each, in\n"
      "// namespace raeen::sys. Byte buffers are (pointer, size) pairs, arrays (pointer, count),\n"
      "// out parameters pointers the kernel writes. Freestanding: C headers only.\n\n"
      "#include <stddef.h>\n#include <stdint.h>\n\n#include \"raeen/status.h\"\n"
      "#include \"raeen/syscall_types.h\"\n\nnamespace raeen::sys {\nnamespace detail {\n\n"
      "// The ABI: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; the Status comes back\n"
      "// in rax. `syscall` itself clobbers rcx (return rip) and r11 (rflags); the kernel\n"
      "// preserves every other register. \"memory\": the kernel reads and writes through the\n"
      "// pointers passed.\n"
      "inline int64_t Syscall(SyscallNumber number, uint64_t a0 = 0, uint64_t a1 = 0,\n"
      "                       uint64_t a2 = 0, uint64_t a3 = 0, uint64_t a4 = 0, uint64_t a5 = 0) "
      "{\n"
      "  register uint64_t r10 __asm__(\"r10\") = a3;\n"
      "  register uint64_t r8 __asm__(\"r8\") = a4;\n"
      "  register uint64_t r9 __asm__(\"r9\") = a5;\n"
      "  int64_t result;\n"
      "  __asm__ volatile(\"syscall\"\n"
      "                   : \"=a\"(result)\n"
      "                   : \"a\"(static_cast<uint64_t>(number)), \"D\"(a0), \"S\"(a1), "
      "\"d\"(a2),\n"
      "                     \"r\"(r10), \"r\"(r8), \"r\"(r9)\n"
      "                   : \"rcx\", \"r11\", \"memory\");\n"
      "  return result;\n}\n\n"
      "inline Status ToStatus(int64_t raw) { return "
      "static_cast<Status>(static_cast<int32_t>(raw)); }\n\n"
      "}  // namespace detail\n\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    std::vector<std::string> declarations;
    std::vector<std::string> registers;
    for (const Param& param : syscall.params) {
      UserParam lowered = Lower(param);
      declarations.push_back(lowered.declaration);
      registers.insert(registers.end(), lowered.registers.begin(), lowered.registers.end());
    }
    out += Wrapped(syscall.doc, "// ");
    out += syscall.noreturn ? "[[noreturn]] inline void " : "inline Status ";
    out += PascalCase(syscall.name) + "(";
    out += JoinArguments(declarations) + ") {\n";
    registers.insert(registers.begin(), "SyscallNumber::" + ConstantName(syscall.name));
    const std::string call = "detail::Syscall(" + JoinArguments(registers) + ")";
    // The kernel returns from a noreturn syscall only for arguments these stubs never pass.
    out += syscall.noreturn ? "  " + call + ";\n  __builtin_trap();\n}\n\n"
                            : "  return detail::ToStatus(" + call + ");\n}\n\n";
  }
  out += "}  // namespace raeen::sys\n";
  return {"include/raeen/syscalls.h", out};
}

}  // namespace raeen::ridlc
