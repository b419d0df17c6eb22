#include "tools/ridlc/parser.h"

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "tools/ridlc/lexer.h"
#include "tools/ridlc/names.h"

namespace raeen::ridlc {
namespace {

// Thrown to abandon a file after its first syntax error; never leaves ParseFile.
struct SyntaxError {
  Diagnostic diagnostic;
};

class Parser {
 public:
  Parser(const std::string& file, std::vector<Token> tokens)
      : file_(file), tokens_(std::move(tokens)) {}

  void ParseInto(Contract& contract) {
    while (!AtEnd()) {
      const std::string doc = Docs();
      if (AtEnd()) break;
      const Token& keyword = Expect(Token::Kind::kIdentifier, "a declaration");
      if (keyword.text == "status") {
        contract.statuses.push_back(Status(doc));
      } else if (keyword.text == "enum" || keyword.text == "bits") {
        contract.enums.push_back(Enum(doc, keyword.text == "bits"));
      } else if (keyword.text == "struct") {
        contract.structs.push_back(Struct(doc));
      } else if (keyword.text == "syscall") {
        contract.syscalls.push_back(Syscall(doc));
      } else if (keyword.text == "protocol") {
        contract.protocols.push_back(Protocol(doc));
      } else {
        Fail("unknown declaration '" + keyword.text +
             "' (expected status, enum, bits, struct, syscall or protocol)");
      }
    }
  }

 private:
  Location Here() const { return {file_, tokens_[pos_].line}; }
  bool AtEnd() const { return tokens_[pos_].kind == Token::Kind::kEnd; }
  const Token& Peek() const { return tokens_[pos_]; }
  bool PeekIs(const char* text) const {
    const Token& t = Peek();
    return (t.kind == Token::Kind::kPunct || t.kind == Token::Kind::kIdentifier) && t.text == text;
  }
  bool Accept(const char* text) {
    if (!PeekIs(text)) return false;
    ++pos_;
    return true;
  }

  [[noreturn]] void Fail(const std::string& message) const { throw SyntaxError{{Here(), message}}; }

  std::string Describe(const Token& t) const {
    switch (t.kind) {
      case Token::Kind::kEnd: return "end of file";
      case Token::Kind::kDoc: return "a doc comment";
      case Token::Kind::kString: return "\"" + t.text + "\"";
      default: return "'" + t.text + "'";
    }
  }

  const Token& Expect(Token::Kind kind, const char* what) {
    if (Peek().kind != kind) Fail(std::string("expected ") + what + ", found " + Describe(Peek()));
    return tokens_[pos_++];
  }
  void Expect(const char* text) {
    if (!Accept(text)) Fail(std::string("expected '") + text + "', found " + Describe(Peek()));
  }
  std::string Identifier(const char* what) { return Expect(Token::Kind::kIdentifier, what).text; }

  uint64_t Number(const char* what) {
    const Token& t = Expect(Token::Kind::kNumber, what);
    const bool hex = t.text.size() > 2 && (t.text[1] == 'x' || t.text[1] == 'X');
    char* end = nullptr;
    errno = 0;
    const uint64_t value = std::strtoull(t.text.c_str() + (hex ? 2 : 0), &end, hex ? 16 : 10);
    if (errno != 0 || end == nullptr || *end != '\0' ||
        (t.text[0] == '0' && t.text.size() > 1 && !hex)) {
      --pos_;
      Fail("'" + t.text + "' is not a number (decimal, or hexadecimal with 0x)");
    }
    return value;
  }

  // A declaration's place, name and doc; reads the name.
  template <typename Decl>
  Decl Start(const char* what, const std::string& doc) {
    Decl decl;
    decl.where = Here();
    decl.name = Identifier(what);
    decl.doc = doc;
    return decl;
  }

  // Consecutive `///` lines, joined into one paragraph.
  std::string Docs() {
    std::string doc;
    while (Peek().kind == Token::Kind::kDoc) {
      if (!doc.empty()) doc += ' ';
      doc += tokens_[pos_++].text;
    }
    return doc;
  }

  StatusDecl Status(const std::string& doc) {
    StatusDecl decl = Start<StatusDecl>("a status name", doc);
    Expect("=");
    decl.value = static_cast<int64_t>(Number("the status number"));
    Expect(";");
    return decl;
  }

  EnumDecl Enum(const std::string& doc, bool is_bits) {
    EnumDecl decl = Start<EnumDecl>(is_bits ? "a bits name" : "an enum name", doc);
    decl.is_bits = is_bits;
    Expect(":");
    const Location at = Here();
    const std::optional<ScalarKind> underlying = ParseScalar(Identifier("an unsigned type"));
    if (!underlying || IsSigned(*underlying) || *underlying == ScalarKind::kBool) {
      throw SyntaxError{
          {at, "the underlying type of " + decl.name + " must be u8, u16, u32 or u64"}};
    }
    decl.underlying = *underlying;
    Expect("{");
    while (!Accept("}")) {
      EnumMember member = Start<EnumMember>("a member name", Docs());
      Expect("=");
      member.value = Number("the member's value");
      Expect(";");
      decl.members.push_back(member);
    }
    return decl;
  }

  // `handle`, `handle<channel>`, `handle<process | thread, read | write>`, `handle<any, none>`.
  HandleSpec Handle() {
    HandleSpec spec;
    if (!Accept("<")) return spec;
    do {
      const std::string type = Identifier("an object type");
      if (type != "any") spec.types.push_back(type);
    } while (Accept("|"));
    if (Accept(",")) {
      spec.rights_given = true;
      do {
        const std::string right = Identifier("a right");
        if (right != "none") spec.rights.push_back(right);
      } while (Accept("|"));
    }
    Expect(">");
    return spec;
  }

  TypeRef Type() {
    TypeRef type;
    type.where = Here();
    const std::string name = Identifier("a type");
    if (const std::optional<ScalarKind> scalar = ParseScalar(name)) {
      type.kind = TypeRef::Kind::kScalar;
      type.scalar = *scalar;
    } else if (name == "handle") {
      type.kind = TypeRef::Kind::kHandle;
      type.handle = Handle();
    } else if (name == "string" || name == "bytes") {
      type.kind = name == "string" ? TypeRef::Kind::kString : TypeRef::Kind::kBytes;
      if (Accept("<=")) {
        type.max_length = Number("the maximum length");
      }
    } else {
      type.kind = TypeRef::Kind::kStruct;  // or an enum: validation decides
      type.name = name;
    }
    return type;
  }

  Field ParseField() {
    Field field = Start<Field>("a field name", Docs());
    Expect(":");
    field.type = Type();
    Expect(";");
    return field;
  }

  std::vector<Field> Fields() {
    std::vector<Field> fields;
    Expect("{");
    while (!Accept("}")) fields.push_back(ParseField());
    return fields;
  }

  StructDecl Struct(const std::string& doc) {
    StructDecl decl = Start<StructDecl>("a struct name", doc);
    decl.fields = Fields();
    return decl;
  }

  Param ParseParam(const std::string& doc) {
    Param param = Start<Param>("a parameter name", doc);
    Expect(":");
    const bool in = Accept("in");
    const bool out = !in && Accept("out");
    param.type = Type();
    const bool array = Accept("[");
    if (array) Expect("]");
    const bool is_bytes = param.type.kind == TypeRef::Kind::kBytes;
    if (is_bytes && param.type.max_length != 0) {
      throw SyntaxError{
          {param.where,
           "syscall bytes take no '<=N' bound; the kernel documents its limits as errors"}};
    }
    if (is_bytes && !in && !out) Fail("bytes parameter '" + param.name + "' needs 'in' or 'out'");
    if (array && !in && !out) Fail("array parameter '" + param.name + "' needs 'in' or 'out'");
    if (is_bytes) {
      param.mode = in ? ParamMode::kInBytes : ParamMode::kOutBytes;
    } else if (array) {
      param.mode = in ? ParamMode::kInArray : ParamMode::kOutArray;
    } else if (out) {
      param.mode = ParamMode::kOut;
    } else if (in && param.type.kind == TypeRef::Kind::kStruct) {
      param.mode = ParamMode::kInStruct;  // validation turns an enum back into kValue
    } else {
      param.mode = ParamMode::kValue;
    }
    Expect(";");
    return param;
  }

  SyscallDecl Syscall(const std::string& doc) {
    SyscallDecl decl = Start<SyscallDecl>("a syscall name", doc);
    Expect("=");
    decl.number = Number("the syscall number");
    decl.noreturn = Accept("noreturn");
    Expect("{");
    while (!Accept("}")) {
      const std::string item_doc = Docs();
      if (Accept("error")) {
        ErrorDoc error;
        error.where = Here();
        error.status = Identifier("a status name");
        if (!Accept(":") || Peek().kind != Token::Kind::kString) {
          throw SyntaxError{{error.where, "error " + error.status + " needs a doc string: error " +
                                              error.status + ": \"when it happens\";"}};
        }
        error.doc = tokens_[pos_++].text;
        Expect(";");
        decl.errors.push_back(error);
      } else {
        decl.params.push_back(ParseParam(item_doc));
      }
    }
    return decl;
  }

  MessageDecl Message(const std::string& doc) {
    MessageDecl decl = Start<MessageDecl>("a message name", doc);
    Expect("=");
    const uint64_t ordinal = Number("the message ordinal");
    if (ordinal == 0 || ordinal > 0xffffffffu) Fail("message ordinals are 1 .. 2^32-1");
    decl.ordinal = static_cast<uint32_t>(ordinal);
    Expect("{");
    Expect("request");
    decl.request = Fields();
    if (Accept("reply")) {
      decl.has_reply = true;
      decl.reply = Fields();
    }
    Expect("}");
    return decl;
  }

  ProtocolDecl Protocol(const std::string& doc) {
    ProtocolDecl decl = Start<ProtocolDecl>("a protocol name", doc);
    Expect("{");
    while (!Accept("}")) {
      const std::string message_doc = Docs();
      Expect("message");
      decl.messages.push_back(Message(message_doc));
    }
    return decl;
  }

  std::string file_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

void ParseFile(const std::string& file, const std::string& source, Contract& contract,
               std::vector<Diagnostic>& diagnostics) {
  const size_t errors_before = diagnostics.size();
  std::vector<Token> tokens = Tokenize(file, source, diagnostics);
  if (diagnostics.size() != errors_before) return;
  try {
    Parser(file, std::move(tokens)).ParseInto(contract);
  } catch (const SyntaxError& error) {
    diagnostics.push_back(error.diagnostic);
  }
}

}  // namespace raeen::ridlc
