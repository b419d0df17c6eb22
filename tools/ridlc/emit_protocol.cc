// Protocol stubs: message structs, Encode/Decode over a byte buffer and a handle array, and a
// server-side DispatchRequest. Generated code only strings together the checked reader and
// writer of runtime/raeen/ridl/wire.h, so every bounds check lives in one reviewed place.
#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/emit_protocol_common.h"
#include "tools/ridlc/emit_types.h"
#include "tools/ridlc/emitters.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

std::string ProtocolFieldType(const TypeRef& type) {
  return type.kind == TypeRef::Kind::kHandle ? "uint32_t" : ValueCppType(type);
}

// {types...} for a handle requirement, and its count.
std::string TypesArray(const HandleSpec& spec, size_t* count) {
  std::string out = "{";
  *count = 0;
  for (const std::string& name : spec.types) {
    out += (*count ? ", " : "") + std::to_string(FindObjectType(name)->value) + "u";
    ++*count;
  }
  return out + "}";
}

std::string EncodeSlot(const WireSlot& slot) {
  const std::string value = "message." + slot.path;
  const std::string at = std::to_string(slot.offset);
  const TypeRef& type = *slot.type;
  switch (type.kind) {
    case TypeRef::Kind::kString:
    case TypeRef::Kind::kBytes:
      return "  writer.PutVariable(" + at + ", " + value + ".data(), " + value + ".size(), " +
             std::to_string(type.max_length) + ");\n";
    case TypeRef::Kind::kHandle: return "  writer.PutHandle(" + at + ", " + value + ");\n";
    case TypeRef::Kind::kEnum: {
      const std::string raw = "static_cast<uint64_t>(" + value + ")";
      return "  if (!IsValid" + type.name + "(" + raw + ")) {\n" +
             "    writer.Reject(Status::kInvalidArgument);\n  }\n  writer.Put(" + at + ", " +
             std::to_string(WireSize(type)) + ", " + raw + ");\n";
    }
    default: break;
  }
  const std::string raw = type.scalar == ScalarKind::kBool ? "(" + value + " ? 1u : 0u)"
                                                           : "static_cast<uint64_t>(" + value + ")";
  return "  writer.Put(" + at + ", " + std::to_string(WireSize(type)) + ", " + raw + ");\n";
}

std::string DecodeSlot(const WireSlot& slot) {
  const std::string target = "  message." + slot.path + " = ";
  const std::string at = std::to_string(slot.offset);
  const std::string size = std::to_string(WireSize(*slot.type));
  const TypeRef& type = *slot.type;
  switch (type.kind) {
    case TypeRef::Kind::kString:
      return "  {\n    const rstd::Bytes text = reader.GetVariable(" + at + ", " +
             std::to_string(type.max_length) + ");\n  " + target +
             "rstd::StringView(reinterpret_cast<const char*>(text.data()), text.size());\n  }\n";
    case TypeRef::Kind::kBytes:
      return target + "reader.GetVariable(" + at + ", " + std::to_string(type.max_length) + ");\n";
    case TypeRef::Kind::kHandle: {
      size_t count = 0;
      const std::string types = TypesArray(type.handle, &count);
      const std::string rights = std::to_string(RightsMask(type.handle)) + "u";
      if (count == 0) return target + "reader.GetHandle(" + at + ", nullptr, 0, " + rights + ");\n";
      return "  {\n    static constexpr uint32_t kTypes[] = " + types + ";\n  " + target +
             "reader.GetHandle(" + at + ", kTypes, " + std::to_string(count) + ", " + rights +
             ");\n  }\n";
    }
    case TypeRef::Kind::kEnum: {
      std::string out = "  {\n    const uint64_t raw = reader.Get(" + at + ", " + size +
                        ");\n"
                        "    if (!IsValid" +
                        type.name + "(raw)) reader.Reject(Status::kCorrupt);\n  ";
      return out + target + "static_cast<" + ValueCppType(type) + ">(raw);\n  }\n";
    }
    default: break;
  }
  if (type.scalar == ScalarKind::kBool) return target + "reader.GetBool(" + at + ");\n";
  std::string raw = "reader.Get(" + at + ", " + size + ")";
  const std::string cpp = ScalarCppType(type.scalar);
  if (IsSigned(type.scalar)) {
    raw = "static_cast<uint" + std::to_string(ScalarSize(type.scalar) * 8) + "_t>(" + raw + ")";
  }
  return target + "static_cast<" + cpp + ">(" + raw + ");\n";
}

std::string MessageCode(const Direction& direction) {
  const std::string name = direction.TypeName();
  const MessageDecl& message = *direction.message;
  const std::vector<Field>& fields = direction.fields();
  const std::vector<WireSlot> slots = WireSlots(fields);
  const std::string flags = direction.reply ? "ridl::kFlagReply" : "0";
  std::string out = Wrapped(message.doc, "// ");
  out += "struct " + name +
         " {\n  static constexpr uint32_t kOrdinal = " + std::to_string(message.ordinal) +
         ";\n  static constexpr uint32_t kFlags = " + flags +
         ";\n  // The largest encoding and the handles it carries, to size channel buffers.\n"
         "  static constexpr size_t kMaxBytes = " +
         std::to_string(MaxBytes(fields)) +
         ";\n  static constexpr size_t kMaxHandles = " + std::to_string(HandleCount(fields)) +
         ";\n";
  for (const Field& field : fields) {
    std::string doc = field.doc;
    if (field.type.kind != TypeRef::Kind::kStruct) doc = ContractSpelling(field.type) + ": " + doc;
    out += Wrapped(doc, "  // ");
    out += "  " + ProtocolFieldType(field.type) + " " + field.name + "{};\n";
  }
  out += "};\n\n";
  const std::string fixed = std::to_string(FixedSize(fields));
  out +=
      "// kBufferTooSmall when `bytes` or `handles` cannot hold the message, kOutOfRange for a\n"
      "// string or bytes field over its limit, kInvalidArgument for an undeclared enum value.\n"
      "inline Result<ridl::Encoded> Encode(const " +
      name +
      "& message, uint32_t "
      "transaction_id,\n    rstd::Span<uint8_t> bytes, rstd::Span<uint32_t> handles) {\n";
  if (slots.empty()) out += "  (void)message;\n";
  out += "  ridl::Writer writer(bytes, handles, " + fixed + ");\n";
  for (const WireSlot& slot : slots) out += EncodeSlot(slot);
  out += "  return writer.Finish(" + name + "::kOrdinal, " + name +
         "::kFlags, transaction_id);\n}\n\n";
  out +=
      "// kCorrupt for malformed data, kOutOfRange for a length over its limit, kWrongType or\n"
      "// kAccessDenied for a handle whose type or rights do not satisfy the field. Strings and\n"
      "// bytes of the result point into `bytes`.\n"
      "inline Result<" +
      name + "> Decode" + name +
      "(rstd::Bytes bytes,\n"
      "    rstd::Span<const ridl::HandleInfo> handles) {\n"
      "  ridl::Reader reader(bytes, handles);\n  reader.Begin(" +
      name + "::kOrdinal, " + name + "::kFlags, " + fixed + ");\n  " + name + " message;\n";
  for (const WireSlot& slot : slots) out += DecodeSlot(slot);
  out +=
      "  const Status status = reader.Finish();\n  if (status != Status::kOk) return "
      "Error(status);\n  return message;\n}\n\n";
  return out;
}

std::string DispatchCode(const ProtocolDecl& protocol) {
  std::string out =
      "// Server side: decodes the request in `bytes` and calls the server's method of the same\n"
      "// name, `Status <Message>(const <Message>Request&, uint32_t transaction_id)`. Returns its\n"
      "// status, the decoder's, or kUnsupported for an ordinal this protocol does not have.\n"
      "template <typename Server>\nStatus DispatchRequest(Server& server, rstd::Bytes bytes,\n"
      "                       rstd::Span<const ridl::HandleInfo> handles) {\n"
      "  Result<ridl::MessageHeader> header = ridl::PeekHeader(bytes);\n"
      "  if (!header.ok()) return header.status();\n  switch (header->ordinal) {\n";
  for (const MessageDecl& message : protocol.messages) {
    const std::string request = PascalCase(message.name) + "Request";
    out += "    case " + request + "::kOrdinal: {\n      Result<" + request + "> request = Decode" +
           request +
           "(bytes, handles);\n      if (!request.ok()) return request.status();\n"
           "      return server." +
           PascalCase(message.name) +
           "(*request, header->transaction_id);\n"
           "    }\n";
  }
  return out + "    default:\n      return Status::kUnsupported;\n  }\n}\n\n";
}

}  // namespace

std::vector<GeneratedFile> EmitProtocols(const Contract& contract, const Inputs& inputs) {
  std::vector<GeneratedFile> files;
  for (const ProtocolDecl& protocol : contract.protocols) {
    std::string out = "#pragma once\n" + Banner(inputs) + Wrapped(protocol.doc, "// ") +
                      "// Wire format: docs/reference/ridl.md. Freestanding (rstd only).\n\n"
                      "#include <stddef.h>\n#include <stdint.h>\n\n"
                      "#include \"libs/rstd/result.h\"\n#include \"libs/rstd/span.h\"\n"
                      "#include \"libs/rstd/status.h\"\n#include \"libs/rstd/string_view.h\"\n"
                      "#include \"raeen/ridl/wire.h\"\n\nnamespace " +
                      ProtocolNamespace(protocol) + " {\n\nusing Handle = uint32_t;\n\n" +
                      EnumDeclarations(contract) + StructDeclarations(contract) +
                      EnumValidators(contract);
    for (const Direction& direction : DirectionsOf(protocol)) out += MessageCode(direction);
    out += DispatchCode(protocol) + "}  // namespace " + ProtocolNamespace(protocol) + "\n";
    files.push_back({"include/raeen/protocols/" + SnakeCase(protocol.name) + ".h", out});
    files.push_back(EmitProtocolTest(protocol, contract, inputs));
  }
  return files;
}

}  // namespace raeen::ridlc
