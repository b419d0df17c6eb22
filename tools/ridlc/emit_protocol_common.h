#pragma once
// What the protocol header and its generated test both need: names and the wire layout of
// messages (docs/reference/ridl.md, "Wire format").

#include <string>
#include <vector>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/model.h"

namespace raeen::ridlc {

std::string SnakeCase(const std::string& pascal);             // EchoService -> echo_service
std::string ProtocolNamespace(const ProtocolDecl& protocol);  // raeen::protocol::echo

// A message direction: the request or the reply of a message.
struct Direction {
  const MessageDecl* message;
  bool reply;
  const std::vector<Field>& fields() const { return reply ? message->reply : message->request; }
  std::string TypeName() const;  // EchoTextRequest / EchoTextReply
};
std::vector<Direction> DirectionsOf(const ProtocolDecl& protocol);

// One scalar, variable or handle slot of the fixed part, struct fields flattened: `path` is the
// C++ member path ("point.x") and `offset` its offset in the fixed part.
struct WireSlot {
  const TypeRef* type;
  std::string path;
  size_t offset;
};
std::vector<WireSlot> WireSlots(const std::vector<Field>& fields);
size_t WireSize(const TypeRef& type);
size_t FixedSize(const std::vector<Field>& fields);
// Header + fixed part + every variable field at its maximum length.
uint64_t MaxBytes(const std::vector<Field>& fields);
size_t HandleCount(const std::vector<Field>& fields);

// The HandleType value a sample handle of `spec` gets (its first type; 1 for any).
uint32_t SampleHandleType(const HandleSpec& spec);

// tests/<name>_protocol_test.cc: round trips of every message and decoder fuzzing.
GeneratedFile EmitProtocolTest(const ProtocolDecl& protocol, const Contract& contract,
                               const std::vector<std::string>& inputs);

}  // namespace raeen::ridlc
