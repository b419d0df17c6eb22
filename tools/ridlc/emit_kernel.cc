// The kernel's side of the syscall ABI: declarations the kernel implements and the dispatch
// that decodes registers into them. Everything user space controls is checked here first
// (ARCHITECTURE §4: validate, then commit), so implementations start from typed, in-domain
// values and only have user memory and handles left to check.
#include "tools/ridlc/emit_types.h"
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"
#include "tools/ridlc/validate.h"

namespace raeen::ridlc {
namespace {

std::string KernelValueType(const TypeRef& type) {
  return type.kind == TypeRef::Kind::kHandle ? "HandleValue" : ValueCppType(type);
}

std::string KernelParamType(const Param& param) {
  const std::string value = KernelValueType(param.type);
  switch (param.mode) {
    case ParamMode::kValue: return value;
    case ParamMode::kOut: return "UserOut<" + value + ">";
    case ParamMode::kInStruct: return "UserIn<" + value + ">";
    case ParamMode::kInBytes: return "UserBytesIn";
    case ParamMode::kOutBytes: return "UserBytesOut";
    case ParamMode::kInArray: return "UserArrayIn<" + value + ">";
    case ParamMode::kOutArray: return "UserArrayOut<" + value + ">";
  }
  return "void";
}

std::string Signature(const SyscallDecl& syscall) {
  std::vector<std::string> params;
  for (const Param& param : syscall.params)
    params.push_back(KernelParamType(param) + " " + param.name);
  return (syscall.noreturn ? "[[noreturn]] void " : "Status ") + PascalCase(syscall.name) + "(" +
         JoinArguments(params) + ")";
}

// Constants naming what a handle must be: k<Owner><Field>Type(s) and k<Owner><Field>Rights.
std::string HandleConstants(const std::string& owner, const std::string& field,
                            const HandleSpec& spec) {
  const std::string prefix = "k" + owner + PascalCase(field);
  const std::vector<std::string> types = KernelObjectTypes(spec);
  std::string out;
  if (types.size() == 1) {
    out += "inline constexpr ObjectType " + prefix + "Type = " + types[0] + ";\n";
  } else if (types.size() > 1) {
    out += "inline constexpr ObjectType " + prefix + "Types[] = {";
    for (size_t i = 0; i < types.size(); ++i) out += (i ? ", " : "") + types[i];
    out += "};\n";
  }
  return out + "inline constexpr Rights " + prefix + "Rights = " + KernelRights(spec) + ";\n";
}

// Statements that check register `reg` for `param` and return kInvalidArgument when it is
// out of its domain; and the expression that converts it.
struct Decoded {
  std::string checks;
  std::string expression;
};

Decoded DecodeParam(const Param& param, int reg) {
  const std::string arg = "args[" + std::to_string(reg) + "]";
  const std::string next = "args[" + std::to_string(reg + 1) + "]";
  const std::string type = KernelParamType(param);
  const std::string reject = "    return kInvalidArgument;  // " + param.name + "\n";
  switch (param.mode) {
    case ParamMode::kOut:
    case ParamMode::kInStruct: return {"", type + "{" + arg + "}"};
    case ParamMode::kInBytes:
    case ParamMode::kOutBytes:
    case ParamMode::kInArray:
    case ParamMode::kOutArray: return {"", type + "{" + arg + ", " + next + "}"};
    case ParamMode::kValue: break;
  }
  const TypeRef& t = param.type;
  if (t.kind == TypeRef::Kind::kEnum) {
    return {"  if (!IsValid" + t.name + "(" + arg + ")) {\n" + reject + "  }\n",
            "static_cast<" + type + ">(" + arg + ")"};
  }
  const ScalarKind scalar = CarrierScalar(t);
  if (scalar == ScalarKind::kBool) {
    return {"  if (" + arg + " > 1) {\n" + reject + "  }\n", arg + " != 0"};
  }
  const unsigned bits = ScalarSize(scalar) * 8;
  if (bits == 64) return {"", "static_cast<" + type + ">(" + arg + ")"};
  // Narrow values arrive zero-extended, signed ones too (ridl.md, "Syscall ABI").
  const std::string unsigned_type = "uint" + std::to_string(bits) + "_t";
  std::string expression = "static_cast<" + unsigned_type + ">(" + arg + ")";
  if (IsSigned(scalar)) expression = "static_cast<" + type + ">(" + expression + ")";
  return {"  if (" + arg + " >> " + std::to_string(bits) + " != 0) {\n" + reject + "  }\n",
          expression};
}

// Banner, `comment`, the include of the kernel header and the opened namespace.
std::string KernelSourceStart(const Inputs& inputs, const std::string& comment) {
  return Banner(inputs) + comment +
         "#include \"raeen/kernel/syscalls.h\"\n\nnamespace raeen::kernel::sys {\n\n";
}

}  // namespace

GeneratedFile EmitKernelHeader(const Contract& contract, const Inputs& inputs) {
  std::string out = "#pragma once\n" + Banner(inputs) +
                    "// The syscalls the kernel implements (docs/reference/syscalls.md). The "
                    "generated Dispatch()\n// has already rejected out-of-domain scalars, bools "
                    "and enums with kInvalidArgument; an\n// implementation looks its handles up "
                    "with the k<Syscall><Param>Type/Rights constants below\n// (in that order: "
                    "bad handle, wrong type, access denied) and copies user memory through\n"
                    "// kernel/mm/user_copy.h.\n\n#include <stdint.h>\n\n"
                    "#include \"kernel/object/handle_value.h\"\n"
                    "#include \"kernel/object/kernel_object.h\"\n"
                    "#include \"kernel/object/rights.h\"\n"
                    "#include \"kernel/syscall/user_pointer.h\"\n"
                    "#include \"libs/rstd/status.h\"\n#include \"raeen/syscall_types.h\"\n\n"
                    "namespace raeen::kernel::sys {\n\nusing ::raeen::Status;\n"
                    "using ::raeen::sys::SyscallNumber;\n";
  for (const EnumDecl& decl : contract.enums) out += "using ::raeen::sys::" + decl.name + ";\n";
  for (const StructDecl& decl : contract.structs) out += "using ::raeen::sys::" + decl.name + ";\n";
  out += "\n// The contract's object types and rights are the kernel's.\n";
  size_t count = 0;
  const ObjectTypeName* types = AllObjectTypes(&count);
  for (size_t i = 0; i < count; ++i) {
    out += std::string("static_assert(static_cast<uint32_t>(ObjectType::") + types[i].cpp +
           ") == " + std::to_string(types[i].value) + ");\n";
  }
  const RightName* rights = AllRights(&count);
  for (size_t i = 0; i < count; ++i) {
    out += std::string("static_assert(Rights::") + rights[i].cpp +
           " == " + std::to_string(rights[i].bit) + "u);\n";
  }
  out += "\n// What each handle parameter (and handle field of an `in` struct) must be.\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    for (const Param& param : syscall.params) {
      if (param.mode == ParamMode::kValue && param.type.kind == TypeRef::Kind::kHandle) {
        out += HandleConstants(PascalCase(syscall.name), param.name, param.type.handle);
      }
    }
  }
  for (const StructDecl& decl : contract.structs) {
    for (const Field& field : decl.fields) {
      if (field.type.kind == TypeRef::Kind::kHandle) {
        out += HandleConstants(decl.name, field.name, field.type.handle);
      }
    }
  }
  out += "\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    out += Wrapped(syscall.doc, "// ");
    out += Signature(syscall) + ";\n\n";
  }
  out +=
      "// Decodes syscall `number` with the argument registers rdi, rsi, rdx, r10, r8, r9 (in "
      "that\n// order) and runs it. Returns the Status for rax; kUnsupported for an unknown "
      "number.\nint64_t Dispatch(uint64_t number, const uint64_t (&args)[6]);\n\n"
      "}  // namespace raeen::kernel::sys\n";
  return {"include/raeen/kernel/syscalls.h", out};
}

GeneratedFile EmitKernelDispatch(const Contract& contract, const Inputs& inputs) {
  std::string out = KernelSourceStart(inputs, "") +
                    "namespace {\n\nconstexpr int64_t kInvalidArgument = "
                    "static_cast<int64_t>(Status::kInvalidArgument);\n\n" +
                    EnumValidators(contract);
  for (const SyscallDecl& syscall : contract.syscalls) {
    out += "int64_t Dispatch" + PascalCase(syscall.name) + "(const uint64_t (&args)[6]) {\n";
    if (syscall.params.empty()) out += "  (void)args;\n";
    std::vector<std::string> arguments;
    int reg = 0;
    for (const Param& param : syscall.params) {
      const Decoded decoded = DecodeParam(param, reg);
      out += decoded.checks;
      arguments.push_back(decoded.expression);
      reg += RegistersOf(param);
    }
    const std::string call = PascalCase(syscall.name) + "(" + JoinArguments(arguments) + ")";
    out += syscall.noreturn ? "  " + call + ";\n}\n\n"
                            : "  return static_cast<int64_t>(" + call + ");\n}\n\n";
  }
  out +=
      "}  // namespace\n\nint64_t Dispatch(uint64_t number, const uint64_t (&args)[6]) {\n"
      "  switch (number) {\n";
  for (const SyscallDecl& syscall : contract.syscalls) {
    out += "    case " + std::to_string(syscall.number) + ": return Dispatch" +
           PascalCase(syscall.name) + "(args);\n";
  }
  out +=
      "    default: return static_cast<int64_t>(Status::kUnsupported);\n  }\n}\n\n"
      "}  // namespace raeen::kernel::sys\n";
  return {"src/kernel_syscall_dispatch.cc", out};
}

GeneratedFile EmitKernelStubs(const Contract& contract, const Inputs& inputs) {
  std::string out = KernelSourceStart(
      inputs,
      "// Weak placeholder implementations: every syscall the kernel does not implement yet\n"
      "// answers kUnsupported (a noreturn one traps), so the dispatch links while the real ones\n"
      "// arrive one by one; a strong definition anywhere replaces its placeholder.\n");
  for (const SyscallDecl& syscall : contract.syscalls) {
    std::string signature = Signature(syscall);
    // Unnamed parameters: a placeholder uses none of them.
    for (const Param& param : syscall.params) {
      const std::string named = " " + param.name + (&param == &syscall.params.back() ? ")" : ",");
      signature.replace(signature.rfind(named), named.size(), named.substr(named.size() - 1));
    }
    out += "[[gnu::weak]] " + signature + " {\n";
    out +=
        syscall.noreturn ? "  __builtin_trap();\n}\n\n" : "  return Status::kUnsupported;\n}\n\n";
  }
  return {"src/kernel_syscall_stubs.cc", out + "}  // namespace raeen::kernel::sys\n"};
}

}  // namespace raeen::ridlc
