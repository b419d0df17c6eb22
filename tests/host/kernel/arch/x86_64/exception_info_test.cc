#include "kernel/arch/x86_64/exception_info.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::kernel::arch {
namespace {

std::string PageFaultText(uint64_t error_code) {
  char buffer[256];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  WritePageFaultError(out, error_code);
  EXPECT_FALSE(out.truncated());
  return std::string(out.view().data(), out.view().size());
}

std::string SelectorText(uint64_t error_code) {
  char buffer[256];
  rstd::BufferWriter out(buffer, sizeof(buffer));
  WriteSelectorError(out, error_code);
  EXPECT_FALSE(out.truncated());
  return std::string(out.view().data(), out.view().size());
}

std::string Name(uint64_t vector) {
  rstd::StringView name = ExceptionName(vector);
  return std::string(name.data(), name.size());
}

TEST(ExceptionInfo, NamesArchitecturalVectors) {
  EXPECT_EQ(Name(0), "#DE divide error");
  EXPECT_EQ(Name(1), "#DB debug");
  EXPECT_EQ(Name(2), "NMI non-maskable interrupt");
  EXPECT_EQ(Name(3), "#BP breakpoint");
  EXPECT_EQ(Name(6), "#UD invalid opcode");
  EXPECT_EQ(Name(8), "#DF double fault");
  EXPECT_EQ(Name(13), "#GP general protection");
  EXPECT_EQ(Name(kVectorPageFault), "#PF page fault");
  EXPECT_EQ(Name(18), "#MC machine check");
  EXPECT_EQ(Name(19), "#XM SIMD floating-point exception");
  EXPECT_EQ(Name(21), "#CP control protection");
  EXPECT_EQ(Name(30), "#SX security exception");
}

TEST(ExceptionInfo, EveryArchitecturalVectorHasAMnemonic) {
  for (uint64_t vector :
       {0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 28, 29, 30}) {
    EXPECT_EQ(Name(vector).rfind("#", 0), 0u) << "vector " << vector << ": " << Name(vector);
  }
}

TEST(ExceptionInfo, ReservedVectorsAreNamedReserved) {
  // [Intel SDM vol. 3A, table 6-1]: 9 (coprocessor segment overrun, reserved since the 386),
  // 15, 22-27 and 31 are reserved.
  for (uint64_t vector : {9, 15, 22, 23, 24, 25, 26, 27, 31}) {
    EXPECT_EQ(Name(vector), "reserved") << "vector " << vector;
  }
}

TEST(ExceptionInfo, PageFaultNotPresentKernelWrite) {
  EXPECT_EQ(PageFaultText(0x2), "not-present write kernel-mode data-access");
}

TEST(ExceptionInfo, PageFaultUserInstructionFetchProtectionViolation) {
  EXPECT_EQ(PageFaultText(0x15), "protection-violation read user-mode instruction-fetch");
}

TEST(ExceptionInfo, PageFaultZeroIsNotPresentKernelRead) {
  EXPECT_EQ(PageFaultText(0x0), "not-present read kernel-mode data-access");
}

TEST(ExceptionInfo, PageFaultUserWrite) {
  EXPECT_EQ(PageFaultText(0x7), "protection-violation write user-mode data-access");
}

TEST(ExceptionInfo, PageFaultReservedBit) {
  EXPECT_EQ(PageFaultText(0x9),
            "protection-violation read kernel-mode data-access reserved-bit-set");
}

TEST(ExceptionInfo, PageFaultProtectionKey) {
  EXPECT_EQ(PageFaultText(0x27), "protection-violation write user-mode data-access protection-key");
}

TEST(ExceptionInfo, PageFaultShadowStackAndSgx) {
  EXPECT_EQ(PageFaultText(0x43), "protection-violation write kernel-mode data-access shadow-stack");
  EXPECT_EQ(PageFaultText(0x8001), "protection-violation read kernel-mode data-access sgx");
}

TEST(ExceptionInfo, PageFaultAllBits) {
  EXPECT_EQ(PageFaultText(0x807f),
            "protection-violation write user-mode instruction-fetch reserved-bit-set "
            "protection-key shadow-stack sgx");
}

TEST(ExceptionInfo, PageFaultIgnoresUndefinedBits) {
  // Bits 7-14 and 16-63 are reserved in the error code; they must not change the text.
  EXPECT_EQ(PageFaultText(0xffffffff00007f80ull | 0x2),
            "not-present write kernel-mode data-access");
}

TEST(ExceptionInfo, SelectorErrorIdtEntry) {
  // #GP while delivering vector 13 through the IDT: index 13, IDT bit set.
  EXPECT_EQ(SelectorText((13 << 3) | 0x2), "external=0 table=IDT index=13");
}

TEST(ExceptionInfo, SelectorErrorGdtAndLdt) {
  EXPECT_EQ(SelectorText(0x28), "external=0 table=GDT index=5");
  EXPECT_EQ(SelectorText(0x2c), "external=0 table=LDT index=5");
  EXPECT_EQ(SelectorText(0x0), "external=0 table=GDT index=0");
}

TEST(ExceptionInfo, SelectorErrorExternalEvent) {
  EXPECT_EQ(SelectorText((32 << 3) | 0x3), "external=1 table=IDT index=32");
  // TI=1 with IDT=1 (binary 11) also means the IDT [SDM vol. 3A, 6.13].
  EXPECT_EQ(SelectorText((32 << 3) | 0x7), "external=1 table=IDT index=32");
}

TEST(ExceptionInfo, SelectorErrorMaximumIndex) {
  EXPECT_EQ(SelectorText(0xfff8), "external=0 table=GDT index=8191");
  // Bits above the selector are ignored.
  EXPECT_EQ(SelectorText(0xffffffffffff0000ull | (7 << 3)), "external=0 table=GDT index=7");
}

TEST(ExceptionInfo, HasSelectorErrorCode) {
  for (uint64_t vector = 0; vector < 256; ++vector) {
    bool expected = vector == 10 || vector == 11 || vector == 12 || vector == 13;
    EXPECT_EQ(HasSelectorErrorCode(vector), expected) << "vector " << vector;
  }
  EXPECT_FALSE(HasSelectorErrorCode(kVectorPageFault));
  EXPECT_FALSE(HasSelectorErrorCode(~uint64_t{0}));
}

}  // namespace
}  // namespace raeen::kernel::arch
