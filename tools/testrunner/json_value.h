#pragma once
// A small JSON document model and reader/writer [RFC 8259], enough for QMP and the bench
// report. Objects keep their members in order (QMP replies and our reports are small, so a
// vector beats a map and makes the written report stable).

#include <cstddef>
#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace raeen::tools::testrunner {

struct JsonMember;
struct JsonPrefix;

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<JsonValue>;
  using Object = std::vector<JsonMember>;

  // Implicit on purpose: `JsonValue::MakeObject({{"unit", "ms"}, {"n", 5}})` reads like JSON.
  // Defined below JsonMember, which must be complete first.
  JsonValue();
  JsonValue(std::nullptr_t);
  JsonValue(bool value);
  JsonValue(double value);
  JsonValue(int value);
  JsonValue(long value);
  JsonValue(unsigned long value);
  JsonValue(std::string value);
  JsonValue(std::string_view value);
  JsonValue(const char* value);
  JsonValue(Array value);
  JsonValue(Object value);

  static JsonValue MakeObject(std::initializer_list<JsonMember> members);

  // Parses a complete document; trailing non-whitespace is an error. Errors say what and where.
  static std::expected<JsonValue, std::string> Parse(std::string_view text);

  // Parses the first value of a stream (QMP sends one value after another). Returns an
  // incomplete Prefix when `text` ends before the value does, an error when it is malformed.
  static std::expected<JsonPrefix, std::string> ParsePrefix(std::string_view text);

  Kind kind() const { return static_cast<Kind>(value_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_number() const { return kind() == Kind::kNumber; }
  bool is_bool() const { return kind() == Kind::kBool; }

  // Typed access; callers check the kind first (wrong kinds are programming errors).
  bool AsBool() const { return std::get<bool>(value_); }
  double AsNumber() const { return std::get<double>(value_); }
  const std::string& AsString() const { return std::get<std::string>(value_); }
  const Array& AsArray() const { return std::get<Array>(value_); }
  const Object& AsObject() const;

  // Object member by key (the first if repeated), or nullptr when absent or not an object.
  const JsonValue* Find(std::string_view key) const;
  // Adds or replaces a member; turns a null value into an object first.
  void Set(std::string_view key, JsonValue value);

  // Writes the value. indent 0: one line with no spaces; indent > 0: pretty-printed.
  // Non-finite numbers (which JSON cannot express) are written as null.
  std::string Serialize(int indent = 0) const;

  friend bool operator==(const JsonValue&, const JsonValue&);

 private:
  void SerializeTo(std::string& out, int indent, int depth) const;

  std::variant<std::monostate, bool, double, std::string, Array, Object> value_;
};

struct JsonMember {
  std::string key;
  JsonValue value;
  friend bool operator==(const JsonMember&, const JsonMember&) = default;
};

// Outcome of JsonValue::ParsePrefix on a stream that may hold only part of a value.
struct JsonPrefix {
  bool complete = false;  // false: the text ends inside the first value; read more
  JsonValue value;
  size_t consumed = 0;  // bytes up to the end of the value (leading whitespace included)
};

inline JsonValue::JsonValue() = default;
inline JsonValue::JsonValue(std::nullptr_t) {}
inline JsonValue::JsonValue(bool value) : value_(value) {}
inline JsonValue::JsonValue(double value) : value_(value) {}
inline JsonValue::JsonValue(int value) : value_(static_cast<double>(value)) {}
inline JsonValue::JsonValue(long value) : value_(static_cast<double>(value)) {}
inline JsonValue::JsonValue(unsigned long value) : value_(static_cast<double>(value)) {}
inline JsonValue::JsonValue(std::string value) : value_(std::move(value)) {}
inline JsonValue::JsonValue(std::string_view value) : value_(std::string(value)) {}
inline JsonValue::JsonValue(const char* value) : value_(std::string(value)) {}
inline JsonValue::JsonValue(Array value) : value_(std::move(value)) {}
inline JsonValue::JsonValue(Object value) : value_(std::move(value)) {}

// Appends `text` as a quoted JSON string (escaping quotes, backslashes and control bytes).
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace raeen::tools::testrunner
