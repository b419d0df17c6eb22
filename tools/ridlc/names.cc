#include "tools/ridlc/names.h"

#include <cctype>
#include <iterator>

namespace raeen::ridlc {
namespace {

struct ScalarInfo {
  ScalarKind kind;
  const char* name;
  const char* cpp;
  unsigned size;
  bool is_signed;
};

constexpr ScalarInfo kScalars[] = {
    {ScalarKind::kU8, "u8", "uint8_t", 1, false},
    {ScalarKind::kU16, "u16", "uint16_t", 2, false},
    {ScalarKind::kU32, "u32", "uint32_t", 4, false},
    {ScalarKind::kU64, "u64", "uint64_t", 8, false},
    {ScalarKind::kI8, "i8", "int8_t", 1, true},
    {ScalarKind::kI16, "i16", "int16_t", 2, true},
    {ScalarKind::kI32, "i32", "int32_t", 4, true},
    {ScalarKind::kI64, "i64", "int64_t", 8, true},
    {ScalarKind::kBool, "bool", "bool", 1, false},
};

const ScalarInfo& Info(ScalarKind kind) {
  for (const ScalarInfo& info : kScalars) {
    if (info.kind == kind) return info;
  }
  return kScalars[0];
}

// Must match kernel/object/kernel_object.h; the generated kernel header static_asserts it.
constexpr ObjectTypeName kObjectTypes[] = {
    {"process", "kProcess", 1},
    {"thread", "kThread", 2},
    {"address_space", "kAddressSpace", 3},
    {"memory", "kMemoryObject", 4},
    {"channel", "kChannel", 5},
    {"port", "kPort", 6},
    {"interrupt", "kInterrupt", 7},
    {"timer", "kTimer", 8},
    {"resource", "kResource", 9},
};

// Must match kernel/object/rights.h; the generated kernel header static_asserts it.
constexpr RightName kRights[] = {
    {"duplicate", "kDuplicate", 1u << 0},
    {"transfer", "kTransfer", 1u << 1},
    {"read", "kRead", 1u << 2},
    {"write", "kWrite", 1u << 3},
    {"execute", "kExecute", 1u << 4},
    {"map", "kMap", 1u << 5},
    {"get_property", "kGetProperty", 1u << 6},
    {"set_property", "kSetProperty", 1u << 7},
    {"signal", "kSignal", 1u << 8},
    {"wait", "kWait", 1u << 9},
    {"manage", "kManage", 1u << 10},
};

}  // namespace

std::optional<ScalarKind> ParseScalar(const std::string& name) {
  for (const ScalarInfo& info : kScalars) {
    if (name == info.name) return info.kind;
  }
  return std::nullopt;
}

const char* ScalarName(ScalarKind kind) {
  return Info(kind).name;
}
const char* ScalarCppType(ScalarKind kind) {
  return Info(kind).cpp;
}
unsigned ScalarSize(ScalarKind kind) {
  return Info(kind).size;
}
bool IsSigned(ScalarKind kind) {
  return Info(kind).is_signed;
}

std::optional<ObjectTypeName> FindObjectType(const std::string& name) {
  for (const ObjectTypeName& type : kObjectTypes) {
    if (name == type.contract) return type;
  }
  return std::nullopt;
}

std::optional<RightName> FindRight(const std::string& name) {
  for (const RightName& right : kRights) {
    if (name == right.contract) return right;
  }
  return std::nullopt;
}

const RightName* AllRights(size_t* count) {
  *count = std::size(kRights);
  return kRights;
}

const ObjectTypeName* AllObjectTypes(size_t* count) {
  *count = std::size(kObjectTypes);
  return kObjectTypes;
}

std::string PascalCase(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string ConstantName(const std::string& snake) {
  return "k" + PascalCase(snake);
}

std::string KebabCase(const std::string& snake) {
  std::string out = snake;
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

std::string UpperCase(const std::string& snake) {
  std::string out = snake;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

uint32_t RightsMask(const HandleSpec& spec) {
  uint32_t mask = 0;
  for (const std::string& right : spec.rights) {
    if (const std::optional<RightName> found = FindRight(right)) mask |= found->bit;
  }
  return mask;
}

}  // namespace raeen::ridlc
