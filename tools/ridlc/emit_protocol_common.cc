#include "tools/ridlc/emit_protocol_common.h"

#include <cctype>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {

std::string SnakeCase(const std::string& pascal) {
  std::string out;
  for (char c : pascal) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string ProtocolNamespace(const ProtocolDecl& protocol) {
  return "raeen::protocol::" + SnakeCase(protocol.name);
}

std::string Direction::TypeName() const {
  return PascalCase(message->name) + (reply ? "Reply" : "Request");
}

std::vector<Direction> DirectionsOf(const ProtocolDecl& protocol) {
  std::vector<Direction> out;
  for (const MessageDecl& message : protocol.messages) {
    out.push_back({&message, false});
    if (message.has_reply) out.push_back({&message, true});
  }
  return out;
}

size_t WireSize(const TypeRef& type) {
  switch (type.kind) {
    case TypeRef::Kind::kString:
    case TypeRef::Kind::kBytes: return 8;   // u32 offset + u32 length
    case TypeRef::Kind::kHandle: return 4;  // u32 index into the handle array
    case TypeRef::Kind::kStruct: return FixedSize(type.struct_decl->fields);
    default: return ScalarSize(CarrierScalar(type));
  }
}

namespace {

void Flatten(const std::vector<Field>& fields, const std::string& prefix, size_t& offset,
             std::vector<WireSlot>& out) {
  for (const Field& field : fields) {
    if (field.type.kind == TypeRef::Kind::kStruct) {
      Flatten(field.type.struct_decl->fields, prefix + field.name + ".", offset, out);
    } else {
      out.push_back({&field.type, prefix + field.name, offset});
      offset += WireSize(field.type);
    }
  }
}

}  // namespace

std::vector<WireSlot> WireSlots(const std::vector<Field>& fields) {
  std::vector<WireSlot> out;
  size_t offset = 0;
  Flatten(fields, "", offset, out);
  return out;
}

size_t FixedSize(const std::vector<Field>& fields) {
  size_t size = 0;
  for (const Field& field : fields) size += WireSize(field.type);
  return size;
}

uint64_t MaxBytes(const std::vector<Field>& fields) {
  uint64_t size = 16 + FixedSize(fields);
  for (const WireSlot& slot : WireSlots(fields)) {
    const TypeRef::Kind kind = slot.type->kind;
    if (kind == TypeRef::Kind::kString || kind == TypeRef::Kind::kBytes)
      size += slot.type->max_length;
  }
  return size;
}

size_t HandleCount(const std::vector<Field>& fields) {
  size_t count = 0;
  for (const WireSlot& slot : WireSlots(fields)) count += slot.type->kind == TypeRef::Kind::kHandle;
  return count;
}

uint32_t SampleHandleType(const HandleSpec& spec) {
  if (spec.types.empty()) return 1;
  return FindObjectType(spec.types.front())->value;
}

}  // namespace raeen::ridlc
