#pragma once
// Spellings shared by the parser, validation and every emitter: scalar types, the kernel's
// object types and rights as contracts name them, and C++ names derived from contract names.

#include <cstdint>
#include <optional>
#include <string>

#include "tools/ridlc/model.h"

namespace raeen::ridlc {

std::optional<ScalarKind> ParseScalar(const std::string& name);
const char* ScalarName(ScalarKind kind);     // "u32"
const char* ScalarCppType(ScalarKind kind);  // "uint32_t", "bool"
unsigned ScalarSize(ScalarKind kind);        // bytes: 1, 2, 4 or 8
bool IsSigned(ScalarKind kind);

// Object types a handle can name, as in kernel/object/kernel_object.h (`channel` ->
// ObjectType::kChannel, value 5). Returns nullopt for a name the kernel does not have.
struct ObjectTypeName {
  const char* contract;  // "address_space"
  const char* cpp;       // "kAddressSpace"
  uint32_t value;
};
std::optional<ObjectTypeName> FindObjectType(const std::string& name);

// Rights, as in kernel/object/rights.h (`get_property` -> Rights::kGetProperty, bit 6).
struct RightName {
  const char* contract;
  const char* cpp;
  uint32_t bit;
};
std::optional<RightName> FindRight(const std::string& name);
const RightName* AllRights(size_t* count);
const ObjectTypeName* AllObjectTypes(size_t* count);

std::string PascalCase(const std::string& snake);    // channel_write -> ChannelWrite
std::string ConstantName(const std::string& snake);  // peer_closed -> kPeerClosed
std::string KebabCase(const std::string& snake);     // peer_closed -> peer-closed
std::string UpperCase(const std::string& snake);     // peer_closed -> PEER_CLOSED

// Rights bits of a handle requirement, OR-ed (unknown names are validation's business).
uint32_t RightsMask(const HandleSpec& spec);

}  // namespace raeen::ridlc
