#include "kernel/debug/demangle.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace raeen::kernel {
namespace {

// Demangles `mangled` from a heap buffer of exactly its size (no NUL after it), so that
// AddressSanitizer reports any read past the end of the name.
std::string Demangle(const std::string& mangled) {
  std::unique_ptr<char[]> exact(new char[mangled.size() + (mangled.empty() ? 1 : 0)]);
  mangled.copy(exact.get(), mangled.size());
  char buffer[1024];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  WriteDemangled(out, rstd::StringView(exact.get(), mangled.size()));
  EXPECT_FALSE(out.truncated());
  return std::string(out.view().data(), out.view().size());
}

void ExpectUnchanged(const std::string& mangled) {
  EXPECT_EQ(Demangle(mangled), mangled);
}

TEST(Demangle, PlainCNamesAreUnchanged) {
  ExpectUnchanged("KernelMain");
  ExpectUnchanged("memcpy");
  ExpectUnchanged("_start");
  ExpectUnchanged("__cxa_pure_virtual");
  ExpectUnchanged("Z3foov");  // no leading underscore: not a mangled name
  ExpectUnchanged("_z3foov");
  ExpectUnchanged("");
}

TEST(Demangle, NestedFunction) {
  EXPECT_EQ(Demangle("_ZN5raeen6kernel18PageFaultOnPurposeEv"),
            "raeen::kernel::PageFaultOnPurpose()");
  EXPECT_EQ(Demangle("_ZN5raeen10StatusNameENS_6StatusE"), "raeen::StatusName(...)");
  EXPECT_EQ(Demangle("_ZN1a1bEv"), "a::b()");
}

TEST(Demangle, TopLevelFunction) {
  EXPECT_EQ(Demangle("_Z5kmainv"), "kmain()");
  EXPECT_EQ(Demangle("_Z5kmainPKvm"), "kmain(...)");
}

TEST(Demangle, AnonymousNamespace) {
  EXPECT_EQ(Demangle("_ZN5raeen6kernel12_GLOBAL__N_14TestEv"),
            "raeen::kernel::(anonymous namespace)::Test()");
  EXPECT_EQ(Demangle("_ZN12_GLOBAL__N_16HelperEi"), "(anonymous namespace)::Helper(...)");
  EXPECT_EQ(Demangle("_ZN5raeen4rstd12_GLOBAL__N_111WriteNumberERNS0_6WriterERKNS1_4SpecEmb"),
            "raeen::rstd::(anonymous namespace)::WriteNumber(...)");
}

TEST(Demangle, Constructors) {
  EXPECT_EQ(Demangle("_ZN5raeen6kernel10SymbolizerC1Ev"),
            "raeen::kernel::Symbolizer::Symbolizer()");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel10SymbolizerC2Ev"),
            "raeen::kernel::Symbolizer::Symbolizer()");
  EXPECT_EQ(Demangle("_ZN5raeen4rstd12BufferWriterC2EPcm"),
            "raeen::rstd::BufferWriter::BufferWriter(...)");
  EXPECT_EQ(Demangle("_ZN5raeen4rstd12BufferWriterC3EPcm"),
            "raeen::rstd::BufferWriter::BufferWriter(...)");
}

TEST(Demangle, Destructors) {
  EXPECT_EQ(Demangle("_ZN5raeen6kernel10SymbolizerD0Ev"),
            "raeen::kernel::Symbolizer::~Symbolizer()");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel10SymbolizerD1Ev"),
            "raeen::kernel::Symbolizer::~Symbolizer()");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel10SymbolizerD2Ev"),
            "raeen::kernel::Symbolizer::~Symbolizer()");
}

TEST(Demangle, ConstAndRefQualifiedMemberFunctions) {
  // The qualifiers are dropped with the parameter list.
  EXPECT_EQ(Demangle("_ZNK5raeen6kernel10Symbolizer6LookupEm"),
            "raeen::kernel::Symbolizer::Lookup(...)");
  EXPECT_EQ(Demangle("_ZNK5raeen6kernel10Symbolizer12symbol_countEv"),
            "raeen::kernel::Symbolizer::symbol_count()");
  EXPECT_EQ(Demangle("_ZNVK1A3getEv"), "A::get()");
  EXPECT_EQ(Demangle("_ZNKR1A3getEv"), "A::get()");
  EXPECT_EQ(Demangle("_ZNO1A4takeEv"), "A::take()");
}

TEST(Demangle, InternalLinkage) {
  EXPECT_EQ(Demangle("_ZL6helperv"), "helper()");
  EXPECT_EQ(Demangle("_ZL10ReadKernelmPv"), "ReadKernel(...)");
  EXPECT_EQ(Demangle("_ZN5raeen6kernelL9WriteOnceEv"), "raeen::kernel::WriteOnce()");
}

TEST(Demangle, ParametersOtherThanVoidAreElided) {
  EXPECT_EQ(Demangle("_ZN5raeen6kernel5PanicENS_4rstd10StringViewE"), "raeen::kernel::Panic(...)");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel3AddEii"), "raeen::kernel::Add(...)");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel3AddEvv"), "raeen::kernel::Add(...)");
  EXPECT_EQ(Demangle("_ZN5raeen6kernel3FooEPv"), "raeen::kernel::Foo(...)");
}

TEST(Demangle, LongComponentNames) {
  std::string name(150, 'x');
  EXPECT_EQ(Demangle("_ZN5raeen150" + name + "Ev"), "raeen::" + name + "()");
}

TEST(Demangle, SixteenComponentsAreSupported) {
  std::string mangled = "_ZN";
  std::string expected;
  for (int i = 0; i < 16; ++i) {
    mangled += "1" + std::string(1, static_cast<char>('a' + i));
    expected += (i > 0 ? "::" : "") + std::string(1, static_cast<char>('a' + i));
  }
  EXPECT_EQ(Demangle(mangled + "Ev"), expected + "()");
  // One more does not fit and the name is printed as it is.
  ExpectUnchanged(mangled + "1qEv");
}

TEST(Demangle, TemplatesAreUnchanged) {
  ExpectUnchanged("_ZN5raeen4rstd8FormatToIJEEENS0_10StringViewEPcmS2_DpRKT_");
  ExpectUnchanged("_ZN5raeen6kernel5PanicIJEEEvNS_4rstd10StringViewEDpRKT_");
  ExpectUnchanged("_ZN5raeen6ResultIiEC2EOS0_");
  ExpectUnchanged("_ZN5raeen4rstd4SpanIKhEC2EPS2_m");
}

// A template function outside any namespace: the template arguments follow the name
// directly ("foo<int>(int)"). The header promises that templates print unchanged.
TEST(Demangle, TopLevelTemplateFunctionsAreUnchanged) {
  ExpectUnchanged("_Z3fooIiEvT_");
  ExpectUnchanged("_Z3maxIiET_S0_S0_");
  ExpectUnchanged("_ZL4swapIlEvRT_S1_");
}

TEST(Demangle, OtherUnsupportedConstructsAreUnchanged) {
  ExpectUnchanged("_ZTVN5raeen4rstd12BufferWriterE");              // vtable
  ExpectUnchanged("_ZTIN5raeen4rstd6WriterE");                     // typeinfo
  ExpectUnchanged("_ZGVZN5raeen6kernel3FooEvE1x");                 // guard variable
  ExpectUnchanged("_ZZN5raeen6kernel3FooEvE1x");                   // local name
  ExpectUnchanged("_ZNSt3__14moveEv");                             // std:: substitution
  ExpectUnchanged("_ZN5raeen3fooB5cxx11Ev");                       // ABI tag
  ExpectUnchanged("_ZN5raeen6kernel10SymbolizerCI1NS0_4BaseEEv");  // inheriting constructor
  ExpectUnchanged("_ZN5raeen6kernel10SymbolizerC4Ev");             // not a constructor kind
  ExpectUnchanged("_ZN5raeen6kernel10SymbolizerD3Ev");             // not a destructor kind
  ExpectUnchanged("_ZN5raeen6kernelcvbEv");                        // conversion operator
  ExpectUnchanged("_ZN5raeen6kernelplERKS0_");                     // operator+
}

TEST(Demangle, MalformedNamesAreUnchanged) {
  for (const char* mangled : {
           "_Z",
           "_ZN",
           "_ZNE",
           "_ZNEv",
           "_ZNK",
           "_ZNKE",
           "_ZL",
           "_ZLL3foov",
           "_ZN5raeen",            // no E
           "_ZN5raeen6kernel",     // no E
           "_ZN5raeen6kern",       // component runs past the end
           "_ZN5raeen6kernelEv_",  // fine up to the E; the rest is parameters
           "_Z5abc",               // component runs past the end
           "_Z0v",                 // zero length
           "_ZN05raeenEv",         // leading zero
           "_ZNC1Ev",              // constructor without a class
           "_ZND1Ev",              // destructor without a class
           "_ZN1AXEv",             // unknown character in the nested name
           "_Z-1av",
       }) {
    std::string name = mangled;
    if (name == "_ZN5raeen6kernelEv_") {
      EXPECT_EQ(Demangle(name), "raeen::kernel(...)");
      continue;
    }
    ExpectUnchanged(name);
  }
}

TEST(Demangle, AbsurdLengthsAreUnchanged) {
  ExpectUnchanged("_Z99999999999999999999999foo");
  ExpectUnchanged("_Z18446744073709551617x");
  ExpectUnchanged("_Z18446744073709551616x");
  ExpectUnchanged("_ZN5raeen18446744073709551615xEv");
  ExpectUnchanged("_ZN5raeen" + std::string(400, '9') + "xEv");
  ExpectUnchanged("_Z4abc");
  ExpectUnchanged("_Z1");
}

TEST(Demangle, EveryPrefixOfARealNameIsHandledSafely) {
  for (const std::string full : {
           "_ZN5raeen6kernel12_GLOBAL__N_14TestEv",
           "_ZNK5raeen6kernel10Symbolizer6LookupEm",
           "_ZN5raeen4rstd12BufferWriterC2EPcm",
           "_ZL10ReadKernelmPv",
       }) {
    for (size_t length = 0; length <= full.size(); ++length) {
      std::string prefix = full.substr(0, length);
      std::string result = Demangle(prefix);
      // Either printed as it is or demangled into something that ends in a parameter list.
      if (result != prefix) {
        ASSERT_GE(result.size(), 2u) << prefix;
        EXPECT_EQ(result.back(), ')') << prefix << " -> " << result;
      }
    }
  }
}

TEST(Demangle, AppendsToWhatTheWriterAlreadyHolds) {
  char buffer[128];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  out.Write("at ");
  WriteDemangled(out, "_ZN5raeen6kernel4MainEv");
  out.Write("+0x10");
  EXPECT_EQ(std::string(out.view().data(), out.view().size()), "at raeen::kernel::Main()+0x10");
}

TEST(Demangle, SmallBufferTruncatesSafely) {
  char buffer[8];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  WriteDemangled(out, "_ZN5raeen6kernel18PageFaultOnPurposeEv");
  EXPECT_TRUE(out.truncated());
  EXPECT_EQ(std::string(out.view().data(), out.view().size()), "raeen::");
}

}  // namespace
}  // namespace raeen::kernel
