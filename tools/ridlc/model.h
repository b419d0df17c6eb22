#pragma once
// The contract model: what ridlc's parser builds from *.ridl files and every emitter reads.
// Plain data; names keep the contract's spelling (snake_case members, PascalCase types) and
// the emitters derive C++ spellings from them (names.h).

#include <cstdint>
#include <string>
#include <vector>

namespace raeen::ridlc {

// Where something was written, for diagnostics ("file:line: message").
struct Location {
  std::string file;
  int line = 0;
};

// What every declaration, member, field and parameter has: a place, a name and a `///` doc.
struct Named {
  Location where;
  std::string name;
  std::string doc;
};

// A scalar as it travels in a register or on the wire.
enum class ScalarKind { kU8, kU16, kU32, kU64, kI8, kI16, kI32, kI64, kBool };

// One documented value of an enum or a bit of a bit set.
struct EnumMember : Named {
  uint64_t value = 0;
};

// `enum Name : u32 { ... }` (one of the values) or `bits Name : u32 { ... }` (any set of the
// declared bits; each member's value is a mask).
struct EnumDecl : Named {
  bool is_bits = false;
  ScalarKind underlying = ScalarKind::kU32;
  std::vector<EnumMember> members;
};

// A handle's requirement: the object types it may name (empty = any) and the rights it must
// carry. `rights_given` separates `handle<channel, none>` from a forgotten rights list.
struct HandleSpec {
  std::vector<std::string> types;
  std::vector<std::string> rights;
  bool rights_given = false;
};

struct StructDecl;

// A type as written in a contract, resolved by validation.
struct TypeRef {
  enum class Kind { kScalar, kEnum, kStruct, kHandle, kString, kBytes };
  Location where;
  Kind kind = Kind::kScalar;
  ScalarKind scalar = ScalarKind::kU32;
  std::string name;                         // enum or struct name as written
  HandleSpec handle;                        // kHandle
  uint64_t max_length = 0;                  // kString / kBytes in protocols: `string<=N`
  const EnumDecl* enum_decl = nullptr;      // set by validation
  const StructDecl* struct_decl = nullptr;  // set by validation
};

struct Field : Named {
  TypeRef type;
};

// `struct Name { field: type; ... }`: fixed layout, natural alignment (layout.h).
struct StructDecl : Named {
  std::vector<Field> fields;
};

struct StatusDecl : Named {
  int64_t value = 0;
};

// How a syscall parameter is passed (ARCHITECTURE §4, docs/reference/ridl.md).
enum class ParamMode {
  kValue,     // a scalar, enum, bits or handle in one register
  kOut,       // `out T`: one register, a user pointer the kernel writes a T through
  kInStruct,  // `in T` for a struct T: one register, a user pointer the kernel reads
  kInBytes,   // `in bytes`: pointer + length
  kOutBytes,  // `out bytes`: pointer + capacity
  kInArray,   // `in T[]`: pointer + count
  kOutArray,  // `out T[]`: pointer + capacity
};

struct Param : Named {
  ParamMode mode = ParamMode::kValue;
  TypeRef type;  // the element type for arrays; unused for bytes
};

struct ErrorDoc {
  Location where;
  std::string status;
  std::string doc;
};

struct SyscallDecl : Named {
  uint64_t number = 0;
  bool noreturn = false;
  std::vector<Param> params;
  std::vector<ErrorDoc> errors;
};

struct MessageDecl : Named {
  uint32_t ordinal = 0;
  std::vector<Field> request;
  bool has_reply = false;
  std::vector<Field> reply;
};

struct ProtocolDecl : Named {
  std::vector<MessageDecl> messages;
};

// Everything read from the inputs of one ridlc run.
struct Contract {
  std::vector<StatusDecl> statuses;
  std::vector<EnumDecl> enums;
  std::vector<StructDecl> structs;
  std::vector<SyscallDecl> syscalls;
  std::vector<ProtocolDecl> protocols;
};

// A failure with its place; ridlc prints "file:line: message".
struct Diagnostic {
  Location where;
  std::string message;
};

}  // namespace raeen::ridlc
