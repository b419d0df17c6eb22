#include "tools/testrunner/json_value.h"

#include <gtest/gtest.h>

#include <cmath>

namespace raeen::tools::testrunner {
namespace {

TEST(JsonValue, ParsesQmpGreeting) {
  auto value = JsonValue::Parse(
      R"({"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, )"
      R"("package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}})");
  ASSERT_TRUE(value) << value.error();
  const JsonValue* qmp = value->Find("QMP");
  ASSERT_NE(qmp, nullptr);
  const JsonValue* major = qmp->Find("version")->Find("qemu")->Find("major");
  ASSERT_NE(major, nullptr);
  EXPECT_EQ(major->AsNumber(), 7);
  ASSERT_TRUE(qmp->Find("capabilities")->is_array());
  EXPECT_EQ(qmp->Find("capabilities")->AsArray()[0].AsString(), "oob");
}

TEST(JsonValue, ParsesScalars) {
  EXPECT_TRUE(JsonValue::Parse("null")->is_null());
  EXPECT_TRUE(JsonValue::Parse(" true ")->AsBool());
  EXPECT_FALSE(JsonValue::Parse("false")->AsBool());
  EXPECT_EQ(JsonValue::Parse("-12.5e1")->AsNumber(), -125);
  EXPECT_EQ(JsonValue::Parse("0")->AsNumber(), 0);
  EXPECT_EQ(JsonValue::Parse("{}")->AsObject().size(), 0u);
  EXPECT_EQ(JsonValue::Parse("[]")->AsArray().size(), 0u);
}

TEST(JsonValue, DecodesStringEscapes) {
  auto value = JsonValue::Parse(R"("a\"b\\c\/d\n\t\r\b\f\u00e9\u20ac\ud83d\ude00")");
  ASSERT_TRUE(value) << value.error();
  EXPECT_EQ(value->AsString(), "a\"b\\c/d\n\t\r\b\f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(JsonValue, RejectsMalformedInput) {
  for (const char* text : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "nul", "\"abc",
                           "\"\\x\"", "\"\\ud800\"", "{\"a\":1} x", "\"a\nb\"", "-", "[1 2]"}) {
    EXPECT_FALSE(JsonValue::Parse(text)) << text;
  }
}

TEST(JsonValue, RejectsExcessiveNesting) {
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  auto value = JsonValue::Parse(deep);
  ASSERT_FALSE(value);
  EXPECT_NE(value.error().find("nesting"), std::string::npos);
}

TEST(JsonValue, ParsePrefixReadsOneValueFromAStream) {
  const std::string stream =
      "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1}}\r\n{\"return\": {}, \"id\": "
      "\"x\"}\r\n";
  auto first = JsonValue::ParsePrefix(stream);
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->complete);
  EXPECT_EQ(first->value.Find("event")->AsString(), "STOP");
  auto second = JsonValue::ParsePrefix(std::string_view(stream).substr(first->consumed));
  ASSERT_TRUE(second);
  ASSERT_TRUE(second->complete);
  EXPECT_EQ(second->value.Find("id")->AsString(), "x");
}

TEST(JsonValue, ParsePrefixReportsIncompleteValues) {
  for (const char* partial : {"", "  ", "{\"ret", "{\"return\": {", "[1, 2", "\"ab\\", "tr",
                              "{\"a\": 12", "{\"a\": \"\\ud83d"}) {
    auto prefix = JsonValue::ParsePrefix(partial);
    ASSERT_TRUE(prefix) << partial << ": " << prefix.error();
    EXPECT_FALSE(prefix->complete) << partial;
  }
  // A bare number at the end of the buffer may still grow.
  auto number = JsonValue::ParsePrefix("12");
  ASSERT_TRUE(number);
  EXPECT_FALSE(number->complete);
}

TEST(JsonValue, ParsePrefixReportsSyntaxErrors) {
  EXPECT_FALSE(JsonValue::ParsePrefix("{\"a\" 1"));
  EXPECT_FALSE(JsonValue::ParsePrefix("}"));
}

TEST(JsonValue, SerializesCompactly) {
  JsonValue value = JsonValue::MakeObject(
      {{"execute", "screendump"},
       {"arguments", JsonValue::MakeObject({{"filename", "/tmp/a \"b\".png"}, {"format", "png"}})},
       {"list", JsonValue::Array{1, 2.5, true, nullptr}}});
  EXPECT_EQ(value.Serialize(),
            R"({"execute":"screendump","arguments":{"filename":"/tmp/a \"b\".png","format":"png"},)"
            R"("list":[1,2.5,true,null]})");
}

TEST(JsonValue, SerializesPrettyAndRoundTrips) {
  JsonValue value = JsonValue::MakeObject(
      {{"metrics", JsonValue::MakeObject({{"boot", JsonValue::MakeObject({{"n", 5}})}})},
       {"empty", JsonValue::Array{}},
       {"text", "line\nbreak\x01"}});
  const std::string pretty = value.Serialize(2);
  EXPECT_EQ(pretty,
            "{\n  \"metrics\": {\n    \"boot\": {\n      \"n\": 5\n    }\n  },\n"
            "  \"empty\": [],\n  \"text\": \"line\\nbreak\\u0001\"\n}");
  auto parsed = JsonValue::Parse(pretty);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, value);
}

TEST(JsonValue, NonFiniteNumbersBecomeNull) {
  EXPECT_EQ(JsonValue(std::nan("")).Serialize(), "null");
  EXPECT_EQ(JsonValue(HUGE_VAL).Serialize(), "null");
}

TEST(JsonValue, SetReplacesOrAppends) {
  JsonValue value;
  value.Set("a", 1);
  value.Set("b", 2);
  value.Set("a", 3);
  EXPECT_EQ(value.Serialize(), R"({"a":3,"b":2})");
}

TEST(JsonValue, FindOnNonObjectIsNull) {
  EXPECT_EQ(JsonValue(1).Find("a"), nullptr);
  EXPECT_EQ(JsonValue::Parse("{\"b\":1}")->Find("a"), nullptr);
}

}  // namespace
}  // namespace raeen::tools::testrunner
