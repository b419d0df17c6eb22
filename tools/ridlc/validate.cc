#include "tools/ridlc/validate.h"

#include <map>
#include <set>
#include <string>

#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

using Kind = TypeRef::Kind;

// Where a type is used decides which kinds it may be.
enum class Use { kSyscall, kStructField, kMessageField };

class Validator {
 public:
  Validator(Contract& contract, std::vector<Diagnostic>& diagnostics)
      : contract_(contract), diagnostics_(diagnostics) {}

  void Run() {
    Statuses();
    Types();
    for (SyscallDecl& syscall : contract_.syscalls) Syscall(syscall);
    // The generated dispatch returns these two itself.
    for (const char* needed : {"invalid_argument", "unsupported"}) {
      bool declared = false;
      for (const StatusDecl& status : contract_.statuses) declared |= status.name == needed;
      if (!contract_.syscalls.empty() && !declared) {
        Error(contract_.syscalls.front().where,
              std::string("syscalls need the status ") + needed + " (the dispatch returns it)");
      }
    }
    Unique(contract_.syscalls, "syscall", [](const SyscallDecl& s) { return s.name; });
    UniqueNumbers(contract_.syscalls, "syscall number",
                  [](const SyscallDecl& s) { return s.number; });
    for (ProtocolDecl& protocol : contract_.protocols) Protocol(protocol);
    Unique(contract_.protocols, "protocol", [](const ProtocolDecl& p) { return p.name; });
  }

 private:
  void Error(const Location& where, const std::string& message) {
    diagnostics_.push_back({where, message});
  }

  template <typename T, typename Key>
  void Unique(const std::vector<T>& items, const char* what, Key key) {
    std::map<std::string, const T*> seen;
    for (const T& item : items) {
      auto [it, inserted] = seen.emplace(key(item), &item);
      if (!inserted) {
        Error(item.where, std::string("duplicate ") + what + " '" + key(item) +
                              "' (first declared at line " +
                              std::to_string(it->second->where.line) + ")");
      }
    }
  }

  template <typename T, typename Key>
  void UniqueNumbers(const std::vector<T>& items, const char* what, Key key) {
    std::map<uint64_t, const T*> seen;
    for (const T& item : items) {
      auto [it, inserted] = seen.emplace(key(item), &item);
      if (!inserted) {
        Error(item.where, std::string("duplicate ") + what + " " + std::to_string(key(item)) +
                              " ('" + item.name + "' and '" + it->second->name + "')");
      }
    }
  }

  void Statuses() {
    Unique(contract_.statuses, "status", [](const StatusDecl& s) { return s.name; });
    UniqueNumbers(contract_.statuses, "status value",
                  [](const StatusDecl& s) { return static_cast<uint64_t>(s.value); });
    for (const StatusDecl& status : contract_.statuses) {
      if (status.value > 0x7fffffff) Error(status.where, "status values must fit an int32");
      if (status.doc.empty()) Error(status.where, "status " + status.name + " has no /// doc");
    }
  }

  void Types() {
    std::map<std::string, Location> names;
    auto declare = [&](const std::string& name, const Location& where) {
      auto [it, inserted] = names.emplace(name, where);
      if (!inserted) {
        Error(where, "duplicate type '" + name + "' (first declared at line " +
                         std::to_string(it->second.line) + ")");
      }
    };
    for (const EnumDecl& decl : contract_.enums) {
      declare(decl.name, decl.where);
      Enum(decl);
    }
    for (const StructDecl& decl : contract_.structs) declare(decl.name, decl.where);
    for (StructDecl& decl : contract_.structs) {
      Unique(decl.fields, "field", [](const Field& f) { return f.name; });
      for (Field& field : decl.fields) Resolve(field.type, Use::kStructField);
    }
  }

  void Enum(const EnumDecl& decl) {
    Unique(decl.members, "member", [](const EnumMember& m) { return m.name; });
    UniqueNumbers(decl.members, "value", [](const EnumMember& m) { return m.value; });
    const unsigned bits = ScalarSize(decl.underlying) * 8;
    for (const EnumMember& member : decl.members) {
      if (bits < 64 && member.value >> bits != 0) {
        Error(member.where, member.name + " does not fit " + ScalarName(decl.underlying));
      }
      if (decl.is_bits && member.value == 0) {
        Error(member.where, "bits member " + member.name + " must have at least one bit set");
      }
    }
    if (decl.members.empty()) Error(decl.where, decl.name + " declares no members");
  }

  void Handle(TypeRef& type, Use use, bool is_out) {
    for (const std::string& name : type.handle.types) {
      if (!FindObjectType(name)) {
        Error(type.where, "unknown object type '" + name +
                              "' (process, thread, address_space, memory, channel, port, "
                              "interrupt, timer, resource or any)");
      }
    }
    for (const std::string& name : type.handle.rights) {
      if (!FindRight(name)) Error(type.where, "unknown right '" + name + "'");
    }
    // A handle a caller passes in is looked up with required rights; the contract must say
    // which, even when none are needed, so forgetting them is not silent.
    if (!type.handle.rights_given && !is_out && use != Use::kSyscall) {
      Error(type.where,
            "handle without rights: write handle<type, right | right> or "
            "handle<type, none>");
    }
  }

  // Resolves a named type and checks that its kind is allowed where it is used.
  void Resolve(TypeRef& type, Use use, bool is_out = false) {
    if (type.kind == Kind::kStruct) {
      bool found = false;
      for (const EnumDecl& decl : contract_.enums) {
        if (decl.name == type.name) {
          type.kind = Kind::kEnum;
          type.enum_decl = &decl;
          found = true;
        }
      }
      for (const StructDecl& decl : contract_.structs) {
        if (decl.name == type.name) {
          type.struct_decl = &decl;
          found = true;
        }
      }
      if (!found) {
        Error(type.where, "unknown type '" + type.name + "'");
        return;
      }
    }
    switch (type.kind) {
      case Kind::kHandle: Handle(type, use, is_out); break;
      case Kind::kStruct:
        if (use == Use::kStructField) {
          Error(type.where,
                "struct fields are scalars, enums or handles; '" + type.name + "' is a struct");
        }
        break;
      case Kind::kString:
      case Kind::kBytes:
        if (use == Use::kStructField) {
          Error(type.where, "struct fields have a fixed size; use a u64 address and a u64 length");
        } else if (use == Use::kMessageField && type.max_length == 0) {
          Error(type.where, std::string(type.kind == Kind::kString ? "string" : "bytes") +
                                " needs a maximum length, e.g. string<=64");
        } else if (use == Use::kMessageField && type.max_length > 0xffffffffu) {
          Error(type.where, "maximum length must fit 32 bits");
        }
        break;
      default: break;
    }
  }

  void Syscall(SyscallDecl& syscall) {
    Unique(syscall.params, "parameter", [](const Param& p) { return p.name; });
    int registers = 0;
    std::set<std::string> needed;  // errors the dispatch or handle lookups can return
    for (Param& param : syscall.params) {
      Resolve(param.type, Use::kSyscall, param.mode == ParamMode::kOut);
      if (param.mode == ParamMode::kInStruct && param.type.kind != Kind::kStruct) {
        param.mode = ParamMode::kValue;  // `in u32` is the same as `u32`
      }
      ParamKind(param, needed);
      registers += RegistersOf(param);
    }
    if (registers > kMaxSyscallRegisters) {
      Error(syscall.where, "syscall " + syscall.name + " needs " + std::to_string(registers) +
                               " registers but the ABI passes at most 6 (rdi, rsi, rdx, r10, r8, "
                               "r9); move parameters into an `in` struct");
    }
    if (syscall.number == 0) Error(syscall.where, "syscall numbers start at 1");
    if (syscall.doc.empty()) Error(syscall.where, "syscall " + syscall.name + " has no /// doc");
    // A noreturn syscall comes back only when the dispatch rejects its arguments.
    for (const ErrorDoc& error : syscall.errors) {
      if (syscall.noreturn && error.status != "invalid_argument") {
        Error(error.where, "noreturn syscall " + syscall.name +
                               " can only return invalid_argument (rejected arguments)");
      }
    }
    Unique(syscall.errors, "error", [](const ErrorDoc& e) { return e.status; });
    std::set<std::string> documented;
    for (const ErrorDoc& error : syscall.errors) {
      documented.insert(error.status);
      bool known = false;
      for (const StatusDecl& status : contract_.statuses) known |= status.name == error.status;
      if (!known) Error(error.where, "unknown status '" + error.status + "'");
      if (error.status == "ok") Error(error.where, "ok is not an error");
      if (error.doc.empty()) Error(error.where, "error " + error.status + " has an empty doc");
    }
    for (const std::string& status : needed) {
      if (!documented.contains(status)) {
        Error(syscall.where, "syscall " + syscall.name + " can return " + status +
                                 " (see its parameters) but does not document it: add "
                                 "`error " +
                                 status + ": \"when\";`");
      }
    }
  }

  // Checks the mode/type combination and collects the errors it implies.
  void ParamKind(const Param& param, std::set<std::string>& needed) {
    const TypeRef& type = param.type;
    auto fail = [&](const std::string& why) {
      Error(param.where, "parameter " + param.name + ": " + why);
    };
    if (type.kind == Kind::kString) fail("syscalls take `in bytes` or `out bytes`, not string");
    switch (param.mode) {
      case ParamMode::kValue:
        if (type.kind == Kind::kStruct)
          fail("a struct is passed by pointer: write `in " + type.name + "`");
        if (type.kind == Kind::kHandle) {
          needed.insert("bad_handle");
          if (!type.handle.types.empty()) needed.insert("wrong_type");
          if (!type.handle.rights.empty()) needed.insert("access_denied");
          if (!type.handle.rights_given) {
            fail("handle without rights: write handle<type, right | right> or handle<type, none>");
          }
        }
        if (type.kind == Kind::kEnum ||
            (type.kind == Kind::kScalar && (ScalarSize(type.scalar) < 8))) {
          needed.insert("invalid_argument");
        }
        break;
      case ParamMode::kOut:
      case ParamMode::kInStruct:
      case ParamMode::kInBytes:
      case ParamMode::kOutBytes: break;
      case ParamMode::kInArray:
      case ParamMode::kOutArray:
        if (type.kind == Kind::kScalar && type.scalar == ScalarKind::kBool) {
          fail("arrays of bool are not allowed; use u8");
        }
        break;
    }
  }

  void Protocol(ProtocolDecl& protocol) {
    if (protocol.messages.empty()) Error(protocol.where, protocol.name + " declares no messages");
    Unique(protocol.messages, "message", [](const MessageDecl& m) { return m.name; });
    UniqueNumbers(protocol.messages, "message ordinal",
                  [](const MessageDecl& m) { return static_cast<uint64_t>(m.ordinal); });
    for (MessageDecl& message : protocol.messages) {
      Unique(message.request, "field", [](const Field& f) { return f.name; });
      Unique(message.reply, "field", [](const Field& f) { return f.name; });
      for (Field& field : message.request) Resolve(field.type, Use::kMessageField);
      for (Field& field : message.reply) Resolve(field.type, Use::kMessageField);
    }
  }

  Contract& contract_;
  std::vector<Diagnostic>& diagnostics_;
};

}  // namespace

int RegistersOf(const Param& param) {
  switch (param.mode) {
    case ParamMode::kInBytes:
    case ParamMode::kOutBytes:
    case ParamMode::kInArray:
    case ParamMode::kOutArray: return 2;
    default: return 1;
  }
}

void Validate(Contract& contract, std::vector<Diagnostic>& diagnostics) {
  Validator(contract, diagnostics).Run();
}

}  // namespace raeen::ridlc
