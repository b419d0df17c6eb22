// ridlc's diagnostics: each mistake a contract author can make gets one clear
// "file:line: error: message", pointing at the line to fix.
#include <gtest/gtest.h>

#include <string>

#include "tools/ridlc/driver.h"

namespace raeen::ridlc {
namespace {

// The statuses the contracts below may use (the dispatch itself needs the last two).
constexpr char kStatuses[] =
    "/// Fine.\nstatus ok = 0;\n/// No handle.\nstatus bad_handle = 13;\n/// Wrong type.\n"
    "status wrong_type = 14;\n/// No right.\nstatus access_denied = 7;\n/// Bad value.\n"
    "status invalid_argument = 1;\n/// Not here.\nstatus unsupported = 6;\n";

// The diagnostics of compiling `source` (as test.ridl) after the statuses above, one per line.
std::string Errors(const std::string& source) {
  const CompileResult result =
      Compile({{{"status.ridl", kStatuses}, {"test.ridl", source}}, {"syscalls", "protocols"}});
  std::string out;
  for (const Diagnostic& diagnostic : result.diagnostics)
    out += FormatDiagnostic(diagnostic) + "\n";
  return out;
}

TEST(RidlcDiagnostics, AcceptsAValidContract) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x: u64;\n}\n"), "");
}

TEST(RidlcDiagnostics, UnknownType) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x: in Missing;\n}\n"),
            "test.ridl:3: error: unknown type 'Missing'\n");
}

TEST(RidlcDiagnostics, DuplicateSyscallNumber) {
  EXPECT_EQ(Errors("/// A.\nsyscall a = 1 {\n}\n/// B.\nsyscall b = 1 {\n}\n"),
            "test.ridl:5: error: duplicate syscall number 1 ('b' and 'a')\n");
}

TEST(RidlcDiagnostics, DuplicateSyscallName) {
  EXPECT_EQ(Errors("/// A.\nsyscall a = 1 {\n}\n/// A again.\nsyscall a = 2 {\n}\n"),
            "test.ridl:5: error: duplicate syscall 'a' (first declared at line 2)\n");
}

TEST(RidlcDiagnostics, DuplicateMessageOrdinal) {
  EXPECT_EQ(
      Errors("protocol P {\n  message a = 1 { request {} }\n  message b = 1 { request {} }\n}\n"),
      "test.ridl:3: error: duplicate message ordinal 1 ('b' and 'a')\n");
}

TEST(RidlcDiagnostics, TooManyRegisters) {
  EXPECT_EQ(Errors("/// Seven registers.\nsyscall a = 1 {\n  x: in bytes;\n  y: in bytes;\n"
                   "  z: out bytes;\n  w: u64;\n}\n"),
            "test.ridl:2: error: syscall a needs 7 registers but the ABI passes at most 6 (rdi, "
            "rsi, rdx, r10, r8, r9); move parameters into an `in` struct\n");
}

TEST(RidlcDiagnostics, ErrorWithoutDoc) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x: u64;\n  error invalid_argument;\n}\n"),
            "test.ridl:4: error: error invalid_argument needs a doc string: error "
            "invalid_argument: \"when it happens\";\n");
}

TEST(RidlcDiagnostics, UndocumentedErrorTheDispatchReturns) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x: u32;\n}\n"),
            "test.ridl:2: error: syscall a can return invalid_argument (see its parameters) but "
            "does not document it: add `error invalid_argument: \"when\";`\n");
}

TEST(RidlcDiagnostics, UndocumentedHandleErrors) {
  const std::string errors = Errors(
      "/// Doc.\nsyscall a = 1 {\n  h: handle<port, read>;\n  error bad_handle: \"no.\";\n}\n");
  EXPECT_NE(errors.find("test.ridl:2: error: syscall a can return access_denied"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("test.ridl:2: error: syscall a can return wrong_type"), std::string::npos)
      << errors;
}

TEST(RidlcDiagnostics, HandleWithoutRights) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  h: handle<port>;\n  error bad_handle: \"no.\";\n"
                   "  error wrong_type: \"no.\";\n}\n"),
            "test.ridl:3: error: parameter h: handle without rights: write handle<type, right | "
            "right> or handle<type, none>\n");
  EXPECT_EQ(Errors("protocol P {\n  message a = 1 {\n    request {\n      h: handle<port>;\n"
                   "    }\n  }\n}\n"),
            "test.ridl:4: error: handle without rights: write handle<type, right | right> or "
            "handle<type, none>\n");
}

TEST(RidlcDiagnostics, UnknownRightObjectTypeAndStatus) {
  EXPECT_EQ(
      Errors("/// Doc.\nsyscall a = 1 {\n  h: handle<pipe, fly>;\n  error bad_handle: \"x.\";\n"
             "  error wrong_type: \"x.\";\n  error access_denied: \"x.\";\n"
             "  error exploded: \"x.\";\n}\n"),
      "test.ridl:3: error: unknown object type 'pipe' (process, thread, address_space, "
      "memory, channel, port, interrupt, timer, resource or any)\n"
      "test.ridl:3: error: unknown right 'fly'\n"
      "test.ridl:7: error: unknown status 'exploded'\n");
}

TEST(RidlcDiagnostics, NoreturnOnlyReturnsRejectedArguments) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 noreturn {\n  error bad_handle: \"x.\";\n}\n"),
            "test.ridl:3: error: noreturn syscall a can only return invalid_argument (rejected "
            "arguments)\n");
}

TEST(RidlcDiagnostics, UnboundedProtocolString) {
  EXPECT_EQ(
      Errors("protocol P {\n  message a = 1 {\n    request {\n      s: string;\n    }\n  }\n}\n"),
      "test.ridl:4: error: string needs a maximum length, e.g. string<=64\n");
}

TEST(RidlcDiagnostics, StructByValueInASyscall) {
  EXPECT_EQ(Errors("/// S.\nstruct S {\n  /// X.\n  x: u64;\n}\n/// Doc.\nsyscall a = 1 {\n"
                   "  s: S;\n}\n"),
            "test.ridl:8: error: parameter s: a struct is passed by pointer: write `in S`\n");
}

TEST(RidlcDiagnostics, SyntaxErrorNamesWhatWasExpected) {
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x u64;\n}\n"),
            "test.ridl:3: error: expected ':', found 'u64'\n");
  EXPECT_EQ(Errors("widget w;\n"),
            "test.ridl:1: error: unknown declaration 'widget' (expected status, enum, bits, "
            "struct, syscall or protocol)\n");
  EXPECT_EQ(Errors("/// Doc.\nsyscall a = 1 {\n  x: u64 $;\n}\n"),
            "test.ridl:3: error: unexpected character '$'\n");
}

TEST(RidlcDiagnostics, EnumValueMustFit) {
  EXPECT_EQ(Errors("/// E.\nenum E : u8 {\n  /// Big.\n  big = 256;\n}\n"),
            "test.ridl:4: error: big does not fit u8\n");
}

}  // namespace
}  // namespace raeen::ridlc
