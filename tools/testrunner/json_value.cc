#include "tools/testrunner/json_value.h"

#include <charconv>
#include <cmath>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Deeper nesting than this is rejected rather than risking the host stack on hostile input.
constexpr int kMaxDepth = 128;

// Thrown-free recursive descent parser. `incomplete_` distinguishes "ran out of text" (more may
// arrive on the socket) from a genuine syntax error.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::expected<JsonValue, std::string> ParseValue(int depth) {
    SkipWhitespace();
    if (AtEnd()) return Incomplete();
    if (depth > kMaxDepth) return Fail("nesting deeper than 128 levels");
    const char c = text_[pos_];
    switch (c) {
      case '{': return ParseObject(depth);
      case '[': return ParseArray(depth);
      case '"': {
        auto text = ParseString();
        if (!text) return std::unexpected(text.error());
        return JsonValue(std::move(*text));
      }
      case 't': return ParseLiteral("true", JsonValue(true));
      case 'f': return ParseLiteral("false", JsonValue(false));
      case 'n': return ParseLiteral("null", JsonValue(nullptr));
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
        return Fail(Printf("unexpected character '%c'", c));
    }
  }

  void SkipWhitespace() {
    while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                        text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t position() const { return pos_; }
  bool incomplete() const { return incomplete_; }

 private:
  std::unexpected<std::string> Fail(std::string_view what) {
    return std::unexpected(
        Printf("JSON error at byte %zu: %.*s", pos_, static_cast<int>(what.size()), what.data()));
  }
  std::unexpected<std::string> Incomplete() {
    incomplete_ = true;
    return Fail("unexpected end of text");
  }

  std::expected<JsonValue, std::string> ParseLiteral(std::string_view word, JsonValue value) {
    const std::string_view rest = text_.substr(pos_);
    if (rest.size() < word.size()) {
      if (word.starts_with(rest)) return Incomplete();
      return Fail("invalid literal");
    }
    if (!rest.starts_with(word)) return Fail("invalid literal");
    pos_ += word.size();
    return value;
  }

  std::expected<JsonValue, std::string> ParseNumber() {
    const size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    const size_t int_start = pos_;
    if (digits() == 0) return AtEnd() ? Incomplete() : Fail("digit expected");
    if (text_[int_start] == '0' && pos_ - int_start > 1) return Fail("leading zero");
    if (!AtEnd() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return AtEnd() ? Incomplete() : Fail("digit expected after '.'");
    }
    if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) return AtEnd() ? Incomplete() : Fail("digit expected in exponent");
    }
    // A number at the very end of the text may continue in the next read.
    if (AtEnd()) return Incomplete();
    double value = 0;
    const auto [end, error] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    if (error == std::errc::result_out_of_range) {
      value = text_[start] == '-' ? -HUGE_VAL : HUGE_VAL;
    } else if (error != std::errc() || end != text_.data() + pos_) {
      return Fail("malformed number");
    }
    return JsonValue(value);
  }

  static void AppendUtf8(std::string& out, uint32_t code_point) {
    if (code_point < 0x80) {
      out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (code_point >> 6)));
      out.push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
    } else if (code_point < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (code_point >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (code_point >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
    }
  }

  std::expected<uint32_t, std::string> ParseHex4() {
    if (text_.size() - pos_ < 4) return Incomplete();
    const auto value = ParseHex(text_.substr(pos_, 4));
    if (!value) return Fail("bad \\u escape");
    pos_ += 4;
    return static_cast<uint32_t>(*value);
  }

  std::expected<std::string, std::string> ParseString() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (AtEnd()) return Incomplete();
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (AtEnd()) return Incomplete();
      const char escape = text_[pos_++];
      switch (escape) {
        case '"':
        case '\\':
        case '/': out.push_back(escape); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          auto unit = ParseHex4();
          if (!unit) return std::unexpected(unit.error());
          uint32_t code_point = *unit;
          if (code_point >= 0xd800 && code_point < 0xdc00) {
            // A high surrogate must be followed by \u and a low surrogate [RFC 8259, 7].
            if (text_.size() - pos_ < 2) return Incomplete();
            if (text_[pos_] != '\\' || text_[pos_ + 1] != 'u') return Fail("lone surrogate");
            pos_ += 2;
            auto low = ParseHex4();
            if (!low) return std::unexpected(low.error());
            if (*low < 0xdc00 || *low >= 0xe000) return Fail("bad low surrogate");
            code_point = 0x10000 + ((code_point - 0xd800) << 10) + (*low - 0xdc00);
          } else if (code_point >= 0xdc00 && code_point < 0xe000) {
            return Fail("lone surrogate");
          }
          AppendUtf8(out, code_point);
          break;
        }
        default: return Fail("bad escape");
      }
    }
  }

  std::expected<JsonValue, std::string> ParseArray(int depth) {
    ++pos_;  // [
    JsonValue::Array items;
    SkipWhitespace();
    if (AtEnd()) return Incomplete();
    if (text_[pos_] == ']') {
      ++pos_;
      return JsonValue(std::move(items));
    }
    while (true) {
      auto item = ParseValue(depth + 1);
      if (!item) return item;
      items.push_back(std::move(*item));
      SkipWhitespace();
      if (AtEnd()) return Incomplete();
      const char c = text_[pos_++];
      if (c == ']') return JsonValue(std::move(items));
      if (c != ',') return Fail("',' or ']' expected");
    }
  }

  std::expected<JsonValue, std::string> ParseObject(int depth) {
    ++pos_;  // {
    JsonValue::Object members;
    SkipWhitespace();
    if (AtEnd()) return Incomplete();
    if (text_[pos_] == '}') {
      ++pos_;
      return JsonValue(std::move(members));
    }
    while (true) {
      SkipWhitespace();
      if (AtEnd()) return Incomplete();
      if (text_[pos_] != '"') return Fail("member name expected");
      auto key = ParseString();
      if (!key) return std::unexpected(key.error());
      SkipWhitespace();
      if (AtEnd()) return Incomplete();
      if (text_[pos_++] != ':') return Fail("':' expected");
      auto value = ParseValue(depth + 1);
      if (!value) return value;
      members.push_back(JsonMember{std::move(*key), std::move(*value)});
      SkipWhitespace();
      if (AtEnd()) return Incomplete();
      const char c = text_[pos_++];
      if (c == '}') return JsonValue(std::move(members));
      if (c != ',') return Fail("',' or '}' expected");
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  bool incomplete_ = false;
};

void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, error == std::errc() ? end : buffer);
}

void Newline(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out.push_back('\n');
  out.append(static_cast<size_t>(indent * depth), ' ');
}

}  // namespace

JsonValue JsonValue::MakeObject(std::initializer_list<JsonMember> members) {
  return JsonValue(Object(members));
}

std::expected<JsonValue, std::string> JsonValue::Parse(std::string_view text) {
  // A whole document is never "incomplete": a number at the end is terminated by the end.
  std::string padded(text);
  padded.push_back(' ');
  Parser parser(padded);
  auto value = parser.ParseValue(0);
  if (!value) return value;
  parser.SkipWhitespace();
  if (!parser.AtEnd()) {
    return std::unexpected(Printf("JSON error at byte %zu: trailing text", parser.position()));
  }
  return value;
}

std::expected<JsonPrefix, std::string> JsonValue::ParsePrefix(std::string_view text) {
  Parser parser(text);
  auto value = parser.ParseValue(0);
  if (!value) {
    if (parser.incomplete()) return JsonPrefix{};
    return std::unexpected(value.error());
  }
  return JsonPrefix{true, std::move(*value), parser.position()};
}

const JsonValue::Object& JsonValue::AsObject() const {
  return std::get<Object>(value_);
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const JsonMember& member : AsObject()) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

void JsonValue::Set(std::string_view key, JsonValue value) {
  if (is_null()) value_ = Object{};
  auto& members = std::get<Object>(value_);
  for (JsonMember& member : members) {
    if (member.key == key) {
      member.value = std::move(value);
      return;
    }
  }
  members.push_back(JsonMember{std::string(key), std::move(value)});
}

std::string JsonValue::Serialize(int indent) const {
  std::string out;
  SerializeTo(out, indent, 0);
  return out;
}

void JsonValue::SerializeTo(std::string& out, int indent, int depth) const {
  switch (kind()) {
    case Kind::kNull: out += "null"; break;
    case Kind::kBool: out += AsBool() ? "true" : "false"; break;
    case Kind::kNumber: AppendNumber(out, AsNumber()); break;
    case Kind::kString: AppendJsonString(out, AsString()); break;
    case Kind::kArray: {
      const Array& items = AsArray();
      out.push_back('[');
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out.push_back(',');
        Newline(out, indent, depth + 1);
        items[i].SerializeTo(out, indent, depth + 1);
      }
      if (!items.empty()) Newline(out, indent, depth);
      out.push_back(']');
      break;
    }
    case Kind::kObject: {
      const Object& members = AsObject();
      out.push_back('{');
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out.push_back(',');
        Newline(out, indent, depth + 1);
        AppendJsonString(out, members[i].key);
        out += indent > 0 ? ": " : ":";
        members[i].value.SerializeTo(out, indent, depth + 1);
      }
      if (!members.empty()) Newline(out, indent, depth);
      out.push_back('}');
      break;
    }
  }
}

bool operator==(const JsonValue& a, const JsonValue& b) {
  return a.value_ == b.value_;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += Printf("\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace raeen::tools::testrunner
