// The generated host test of a protocol: every message round-trips with edge values, the
// encoder's and decoder's error statuses show up where they should, and the decoders survive
// random bytes, truncations, bit flips and random length fields (the tests run under ASan and
// UBSan, so an out-of-bounds read fails them).
#include <algorithm>

#include "tools/ridlc/emit_protocol_common.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

bool IsVariable(const TypeRef& type) {
  return type.kind == TypeRef::Kind::kString || type.kind == TypeRef::Kind::kBytes;
}

std::string FillCode(const Direction& direction) {
  const std::string name = direction.TypeName();
  std::string out = "void Fill(" + name +
                    "& message, int variant, std::list<std::string>& storage) {\n"
                    "  (void)message;\n  (void)variant;\n  (void)storage;\n";
  int slot_index = 0;
  uint32_t handle = 0x100;
  for (const WireSlot& slot : WireSlots(direction.fields())) {
    const TypeRef& type = *slot.type;
    const std::string target = "  message." + slot.path + " = ";
    ++slot_index;
    switch (type.kind) {
      case TypeRef::Kind::kString:
      case TypeRef::Kind::kBytes:
        out += target + (type.kind == TypeRef::Kind::kString ? "Text" : "Data") +
               "(storage, variant == 0 ? " + std::to_string(type.max_length) + " : 0, " +
               std::to_string(slot_index) + ");\n";
        break;
      case TypeRef::Kind::kHandle: out += target + std::to_string(handle++) + "u;\n"; break;
      case TypeRef::Kind::kEnum: {
        const EnumDecl& decl = *type.enum_decl;
        if (decl.is_bits) {
          out += target + "variant == 0 ? " + decl.name + "::kAll : 0;\n";
        } else {
          out += target + "variant == 0 ? " + decl.name +
                 "::" + ConstantName(decl.members.back().name) + " : " + decl.name +
                 "::" + ConstantName(decl.members.front().name) + ";\n";
        }
        break;
      }
      default: {
        if (type.scalar == ScalarKind::kBool) {
          out += target + "variant == 0;\n";
          break;
        }
        const std::string limits =
            std::string("std::numeric_limits<") + ScalarCppType(type.scalar) + ">::";
        out += target + "variant == 0 ? " + limits + "max() : " + limits + "min();\n";
      }
    }
  }
  return out + "}\n\n";
}

std::string InfosCode(const Direction& direction) {
  std::string out = "std::vector<ridl::HandleInfo> Infos(const " + direction.TypeName() +
                    "&, const uint32_t* handles) {\n  (void)handles;\n  return {";
  size_t index = 0;
  for (const WireSlot& slot : WireSlots(direction.fields())) {
    if (slot.type->kind != TypeRef::Kind::kHandle) continue;
    out += std::string(index ? ", " : "") + "{handles[" + std::to_string(index) + "], " +
           std::to_string(SampleHandleType(slot.type->handle)) + "u, " +
           std::to_string(RightsMask(slot.type->handle)) + "u}";
    ++index;
  }
  return out + "};\n}\n\n";
}

std::string CompareCode(const Direction& direction) {
  std::string out = "void ExpectEqual(const " + direction.TypeName() + "& decoded, const " +
                    direction.TypeName() + "& sent) {\n  (void)decoded;\n  (void)sent;\n";
  for (const WireSlot& slot : WireSlots(direction.fields())) {
    if (IsVariable(*slot.type)) {
      out += "  EXPECT_EQ(View(decoded." + slot.path + "), View(sent." + slot.path + "));\n";
    } else {
      out += "  EXPECT_EQ(decoded." + slot.path + ", sent." + slot.path + ");\n";
    }
  }
  out += "}\n\nvoid Touch(const " + direction.TypeName() + "& message) {\n  (void)message;\n";
  for (const WireSlot& slot : WireSlots(direction.fields())) {
    if (IsVariable(*slot.type)) out += "  Touch(View(message." + slot.path + "));\n";
  }
  return out + "}\n\n";
}

// Generated code with @PLACEHOLDERS@, filled in by Substitute() below: @SUITE@, @TYPE@ (the
// message struct), and per test the few values noted next to each template.
constexpr char kRoundTripTests[] = R"(TEST(@SUITE@, @TYPE@RoundTrip) {
  for (int variant : {0, 1}) {
    const Sample<@TYPE@> sample = MakeSample<@TYPE@>(variant);
    ASSERT_EQ(sample.status, Status::kOk) << StatusName(sample.status);
    if (variant == 0) EXPECT_EQ(sample.wire.bytes.size(), @TYPE@::kMaxBytes);
    EXPECT_EQ(sample.wire.handles.size(), @TYPE@::kMaxHandles);
    Result<@TYPE@> decoded = Decode@TYPE@(In(sample.wire.bytes), In(sample.wire.handles));
    ASSERT_TRUE(decoded.ok()) << StatusName(decoded.status());
    ExpectEqual(*decoded, sample.message);
    Result<ridl::MessageHeader> header = ridl::PeekHeader(In(sample.wire.bytes));
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->transaction_id, kTransactionId);
  }
}

TEST(@SUITE@, @TYPE@RejectsSmallBuffers) {
  Sample<@TYPE@> sample = MakeSample<@TYPE@>(0);
  std::vector<uint8_t> bytes(@TYPE@::kMaxBytes - 1);
  std::vector<uint32_t> handles(@TYPE@::kMaxHandles);
  EXPECT_EQ(Encode(sample.message, 1, Out(bytes), Out(handles)).status(), Status::kBufferTooSmall);
  if (@TYPE@::kMaxHandles > 0) {
    bytes.resize(@TYPE@::kMaxBytes);
    handles.pop_back();
    EXPECT_EQ(Encode(sample.message, 1, Out(bytes), Out(handles)).status(),
              Status::kBufferTooSmall);
  }
}

)";

// FIELD: the member path; MAKE: Text or Data; OVER: the bound + 1; LENGTH_AT: the offset of its
// length in the fixed part.
constexpr char kOversizeTest[] = R"(TEST(@SUITE@, @TYPE@RejectsOversize@NAME@) {
  Sample<@TYPE@> sample = MakeSample<@TYPE@>(0);
  sample.message.@FIELD@ = @MAKE@(sample.storage, @OVER@, 1);
  std::vector<uint8_t> bytes(@TYPE@::kMaxBytes + @OVER@);
  std::vector<uint32_t> handles(@TYPE@::kMaxHandles);
  EXPECT_EQ(Encode(sample.message, 1, Out(bytes), Out(handles)).status(), Status::kOutOfRange);
  ridl::StoreLittle(sample.wire.bytes.data() + ridl::kHeaderSize + @LENGTH_AT@, 4, @OVER@);
  EXPECT_EQ(Decode@TYPE@(In(sample.wire.bytes), In(sample.wire.handles)).status(),
            Status::kOutOfRange);
}

)";

// INDEX: the handle's index; AFTER_WRONG_TYPE / AFTER_NO_RIGHTS: what decoding says when the
// handle has another type / no rights (ok when the field requires none).
constexpr char kHandleTest[] = R"(TEST(@SUITE@, @TYPE@ChecksHandle@NAME@) {
  const Wire wire = MakeSample<@TYPE@>(0).wire;
  Wire wrong = wire;
  wrong.handles[@INDEX@].type = 0;
  EXPECT_EQ(Decode@TYPE@(In(wrong.bytes), In(wrong.handles)).status(),
            @AFTER_WRONG_TYPE@);
  wrong = wire;
  wrong.handles[@INDEX@].rights = 0;
  EXPECT_EQ(Decode@TYPE@(In(wrong.bytes), In(wrong.handles)).status(),
            @AFTER_NO_RIGHTS@);
  wrong = wire;
  wrong.handles.push_back(wire.handles[@INDEX@]);
  EXPECT_EQ(Decode@TYPE@(In(wrong.bytes), In(wrong.handles)).status(), Status::kCorrupt);
}

)";

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string Substitute(std::string text,
                       const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [from, to] : values) text = ReplaceAll(text, "@" + from + "@", to);
  return text;
}

std::string DirectionTests(const std::string& suite, const Direction& direction) {
  const std::string type = direction.TypeName();
  std::string out = Substitute(kRoundTripTests, {{"SUITE", suite}, {"TYPE", type}});
  const std::vector<WireSlot> slots = WireSlots(direction.fields());
  for (const WireSlot& slot : slots) {
    if (!IsVariable(*slot.type)) continue;
    // One oversize field per message shows the check; the fuzzer covers the rest.
    out += Substitute(kOversizeTest,
                      {{"SUITE", suite},
                       {"TYPE", type},
                       {"NAME", PascalCase(SnakeCase(slot.path))},
                       {"FIELD", slot.path},
                       {"MAKE", slot.type->kind == TypeRef::Kind::kString ? "Text" : "Data"},
                       {"OVER", std::to_string(slot.type->max_length + 1)},
                       {"LENGTH_AT", std::to_string(slot.offset + 4)}});
    break;
  }
  size_t index = 0;
  for (const WireSlot& slot : slots) {
    if (slot.type->kind != TypeRef::Kind::kHandle) continue;
    out += Substitute(
        kHandleTest,
        {{"SUITE", suite},
         {"TYPE", type},
         {"NAME", PascalCase(SnakeCase(slot.path))},
         {"INDEX", std::to_string(index++)},
         {"AFTER_WRONG_TYPE",
          slot.type->handle.types.empty() ? "Status::kOk" : "Status::kWrongType"},
         {"AFTER_NO_RIGHTS",
          RightsMask(slot.type->handle) == 0 ? "Status::kOk" : "Status::kAccessDenied"}});
  }
  return out;
}

// Fixed-part offsets of every u32 that encodes a position: variable offsets and lengths and
// handle indexes. The fuzzer writes random values there.
std::string PositionOffsets(const Direction& direction) {
  std::string out;
  for (const WireSlot& slot : WireSlots(direction.fields())) {
    if (IsVariable(*slot.type)) {
      out += std::to_string(slot.offset) + ", " + std::to_string(slot.offset + 4) + ", ";
    } else if (slot.type->kind == TypeRef::Kind::kHandle) {
      out += std::to_string(slot.offset) + ", ";
    }
  }
  return out;
}

// A server that records which method DispatchRequest called, and a test that every request
// reaches its method and an unknown ordinal none.
std::string DispatchTest(const ProtocolDecl& protocol, const std::string& suite) {
  std::string out = "struct RecordingServer {\n";
  for (const MessageDecl& message : protocol.messages) {
    const std::string name = PascalCase(message.name);
    out += "  Status " + name + "(const " + name +
           "Request&, uint32_t transaction_id) {\n"
           "    called = " +
           std::to_string(message.ordinal) +
           ";\n    transaction = transaction_id;\n"
           "    return Status::kOk;\n  }\n";
  }
  out +=
      "  uint32_t called = 0;\n  uint32_t transaction = 0;\n};\n\n"
      "TEST(" +
      suite + ", DispatchRequestCallsTheMessagesMethod) {\n";
  for (const MessageDecl& message : protocol.messages) {
    const std::string request = PascalCase(message.name) + "Request";
    out += "  {\n    RecordingServer server;\n    const Wire wire = MakeSample<" + request +
           ">(1).wire;\n    EXPECT_EQ(DispatchRequest(server, In(wire.bytes), In(wire.handles)), "
           "Status::kOk);\n    EXPECT_EQ(server.called, " +
           std::to_string(message.ordinal) +
           "u);\n    EXPECT_EQ(server.transaction, kTransactionId);\n  }\n";
  }
  uint32_t unknown = 1;
  for (const MessageDecl& message : protocol.messages)
    unknown = std::max(unknown, message.ordinal + 1);
  const std::string first = PascalCase(protocol.messages.front().name) + "Request";
  return out + "  RecordingServer server;\n  Wire wire = MakeSample<" + first +
         ">(1).wire;\n"
         "  ridl::StoreLittle(wire.bytes.data(), 4, " +
         std::to_string(unknown) +
         ");\n"
         "  EXPECT_EQ(DispatchRequest(server, In(wire.bytes), In(wire.handles)), "
         "Status::kUnsupported);\n  EXPECT_EQ(server.called, 0u);\n}\n\n";
}

constexpr char kPreamble[] = R"(
namespace {

using raeen::Result;
using raeen::Status;
using raeen::StatusName;
namespace ridl = raeen::ridl;
namespace rstd = raeen::rstd;

// A received message as the channel delivers it.
struct Wire {
  std::vector<uint8_t> bytes;
  std::vector<ridl::HandleInfo> handles;
};

rstd::Span<uint8_t> Out(std::vector<uint8_t>& bytes) { return {bytes.data(), bytes.size()}; }
rstd::Span<uint32_t> Out(std::vector<uint32_t>& handles) { return {handles.data(), handles.size()}; }
rstd::Bytes In(const std::vector<uint8_t>& bytes) { return {bytes.data(), bytes.size()}; }
rstd::Span<const ridl::HandleInfo> In(const std::vector<ridl::HandleInfo>& handles) {
  return {handles.data(), handles.size()};
}

// Each protocol uses some of these helpers; [[maybe_unused]] for those it does not.
[[maybe_unused]] std::string View(rstd::StringView text) {
  return std::string(text.data(), text.size());
}
[[maybe_unused]] std::string View(rstd::Bytes bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Reads every byte a decoded view points at, so ASan sees a view that reaches too far.
void Touch(const std::string& text) {
  static volatile unsigned sink;
  for (char c : text) sink = sink + static_cast<unsigned char>(c);
}

[[maybe_unused]] rstd::StringView Text(std::list<std::string>& storage, size_t size, int seed) {
  storage.emplace_back(size, static_cast<char>('a' + seed % 26));
  return {storage.back().data(), storage.back().size()};
}

[[maybe_unused]] rstd::Bytes Data(std::list<std::string>& storage, size_t size, int seed) {
  storage.emplace_back();
  for (size_t i = 0; i < size; ++i) storage.back().push_back(static_cast<char>(i * 7 + seed));
  return {reinterpret_cast<const uint8_t*>(storage.back().data()), storage.back().size()};
}

)";

// Emitted after the per-message Fill(), Infos() and Encode() it calls (ordinary lookup at the
// template's definition has to find them).
constexpr char kSample[] = R"(constexpr uint32_t kTransactionId = 7;

// A message filled with sample values, its encoding, and the storage its views point into
// (std::list: moving it keeps the strings where they are).
template <typename M>
struct Sample {
  std::list<std::string> storage;
  M message;
  Wire wire;
  Status status = Status::kOk;
};

template <typename M>
Sample<M> MakeSample(int variant) {
  Sample<M> sample;
  Fill(sample.message, variant, sample.storage);
  std::vector<uint8_t> bytes(M::kMaxBytes);
  std::vector<uint32_t> handles(M::kMaxHandles);
  Result<ridl::Encoded> encoded = Encode(sample.message, kTransactionId, Out(bytes), Out(handles));
  EXPECT_TRUE(encoded.ok()) << StatusName(encoded.status());
  if (!encoded.ok()) {
    sample.status = encoded.status();
    return sample;
  }
  bytes.resize(encoded->bytes);
  sample.wire = {bytes, Infos(sample.message, handles.data())};
  return sample;
}

)";

constexpr char kFuzzTests[] = R"(TEST(@SUITE@Fuzz, RandomBytes) {
  std::mt19937 random(0x5eed);
  const std::vector<ridl::HandleInfo> no_handles;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> bytes(random() % 160);
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
    // Most random headers fail at once; give half of them a real header to get further.
    if (bytes.size() >= ridl::kHeaderSize && random() % 2 == 0) {
      ridl::StoreLittle(bytes.data(), 4, kOrdinals[random() % std::size(kOrdinals)]);
      ridl::StoreLittle(bytes.data() + 4, 4, random() % 2);
      ridl::StoreLittle(bytes.data() + 12, 4, bytes.size());
    }
    DecodeAll(In(bytes), In(no_handles));
  }
}

TEST(@SUITE@Fuzz, EveryTruncation) {
  for (const Wire& wire : SampleWires()) {
    for (size_t size = 0; size < wire.bytes.size(); ++size) {
      std::vector<uint8_t> bytes(wire.bytes.begin(), wire.bytes.begin() + size);
      DecodeAll(In(bytes), In(wire.handles));
      if (size >= ridl::kHeaderSize) {
        ridl::StoreLittle(bytes.data() + 12, 4, size);  // a consistent header, a short body
        DecodeAll(In(bytes), In(wire.handles));
      }
    }
  }
}

TEST(@SUITE@Fuzz, SingleBitFlips) {
  for (const Wire& wire : SampleWires()) {
    for (size_t bit = 0; bit < wire.bytes.size() * 8; ++bit) {
      std::vector<uint8_t> bytes = wire.bytes;
      bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      DecodeAll(In(bytes), In(wire.handles));
    }
  }
}

TEST(@SUITE@Fuzz, RandomPositionFields) {
  std::mt19937 random(0xf1e1d);
  for (const Wire& wire : SampleWires()) {
    for (size_t offset : PositionOffsetsOf(wire)) {
      for (uint32_t value : {0u, 1u, 0x7fffffffu, 0xffffffffu, static_cast<uint32_t>(wire.bytes.size()),
                             static_cast<uint32_t>(random()), static_cast<uint32_t>(random() % 512)}) {
        std::vector<uint8_t> bytes = wire.bytes;
        ridl::StoreLittle(bytes.data() + ridl::kHeaderSize + offset, 4, value);
        DecodeAll(In(bytes), In(wire.handles));
      }
    }
  }
}

}  // namespace
)";

}  // namespace

GeneratedFile EmitProtocolTest(const ProtocolDecl& protocol, const Contract& contract,
                               const std::vector<std::string>& inputs) {
  (void)contract;
  const std::string snake = SnakeCase(protocol.name);
  const std::string suite = protocol.name + "Protocol";
  const std::vector<Direction> directions = DirectionsOf(protocol);
  std::string out =
      Banner(inputs) + "// Round trips and decoder fuzzing for protocol " + protocol.name +
      " (tools/ridlc/emit_protocol_test.cc).\n\n"
      "#include <gtest/gtest.h>\n\n#include <cstdint>\n#include <iterator>\n"
      "#include <limits>\n#include <list>\n#include <random>\n#include <string>\n"
      "#include <vector>\n\n#include \"raeen/protocols/" +
      snake + ".h\"\n" + kPreamble + "using namespace ::" + ProtocolNamespace(protocol) + ";\n\n";
  for (const Direction& direction : directions) {
    out += FillCode(direction) + InfosCode(direction) + CompareCode(direction);
  }
  out += kSample;
  out += "const uint32_t kOrdinals[] = {";
  for (size_t i = 0; i < protocol.messages.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(protocol.messages[i].ordinal);
  }
  out +=
      "};\n\nstd::vector<Wire> SampleWires() {\n  std::vector<Wire> wires;\n"
      "  for (int variant : {0, 1}) {\n";
  for (const Direction& direction : directions) {
    out += "    wires.push_back(MakeSample<" + direction.TypeName() + ">(variant).wire);\n";
  }
  out +=
      "  }\n  return wires;\n}\n\n"
      "// The position fields of the message a wire holds (by ordinal and direction).\n"
      "std::vector<size_t> PositionOffsetsOf(const Wire& wire) {\n"
      "  Result<ridl::MessageHeader> header = ridl::PeekHeader(In(wire.bytes));\n"
      "  if (!header.ok()) return {};\n";
  for (const Direction& direction : directions) {
    out += "  if (header->ordinal == " + direction.TypeName() +
           "::kOrdinal && header->flags == " + direction.TypeName() + "::kFlags) return {" +
           PositionOffsets(direction) + "};\n";
  }
  out +=
      "  return {};\n}\n\n"
      "// Decodes `bytes` as every message of the protocol: each fails with a status or\n"
      "// decodes into views that stay inside `bytes`.\n"
      "void DecodeAll(rstd::Bytes bytes, rstd::Span<const ridl::HandleInfo> handles) {\n";
  for (const Direction& direction : directions) {
    const std::string name = direction.TypeName();
    out += "  {\n    Result<" + name + "> decoded = Decode" + name +
           "(bytes, handles);\n"
           "    if (decoded.ok()) Touch(*decoded);\n  }\n";
  }
  out += "}\n\n";
  for (const Direction& direction : directions) out += DirectionTests(suite, direction);
  out += DispatchTest(protocol, suite) + ReplaceAll(kFuzzTests, "@SUITE@", suite);
  return {"tests/" + snake + "_protocol_test.cc", out};
}

}  // namespace raeen::ridlc
