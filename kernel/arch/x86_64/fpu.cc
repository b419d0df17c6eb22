#include "kernel/arch/x86_64/fpu.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/fpu_components.h"

namespace raeen::kernel::arch {
namespace {

constexpr uint64_t kCr0MonitorCoprocessor = 1ull << 1;  // MP
constexpr uint64_t kCr0Emulation = 1ull << 2;           // EM: x87 instructions trap
constexpr uint64_t kCr0TaskSwitched = 1ull << 3;        // TS: the lazy-switching trap
constexpr uint64_t kCr0NumericError = 1ull << 5;        // NE: x87 errors as #MF
constexpr uint64_t kCr4OsFxsr = 1ull << 9;
constexpr uint64_t kCr4OsXmmExcept = 1ull << 10;
constexpr uint64_t kCr4OsXsave = 1ull << 18;
constexpr uint32_t kDefaultMxcsr = 0x1f80;  // all SIMD exceptions masked, round to nearest
constexpr size_t kFxsaveSize = 512;
constexpr size_t kMaxStateSize = 16 * 1024;  // above every CPU's XSAVE size; checked in InitFpu
constexpr uint16_t kDefaultFcw = 0x037f;  // x87 exceptions masked, 64-bit precision
// Legacy-region offsets, the same in the FXSAVE and XSAVE formats [SDM vol. 1, 10.5.1].
constexpr size_t kFcwOffset = 0;
constexpr size_t kMxcsrOffset = 24;

bool use_xsave = false;
uint64_t xcr0 = 0;
size_t state_size = kFxsaveSize;

void WriteXcr0(uint64_t value) {
  asm volatile("xsetbv" : : "c"(0), "a"(static_cast<uint32_t>(value)),
               "d"(static_cast<uint32_t>(value >> 32)));
}

}  // namespace

void InitFpu(const CpuFeatures& features) {
  WriteCr0((ReadCr0() | kCr0MonitorCoprocessor | kCr0NumericError) &
           ~(kCr0Emulation | kCr0TaskSwitched));
  uint64_t cr4 = ReadCr4() | kCr4OsFxsr | kCr4OsXmmExcept;
  if (features.xsave) cr4 |= kCr4OsXsave;
  WriteCr4(cr4);
  if (features.xsave) {
    CpuidResult components = Cpuid(0xd, 0);
    xcr0 = ChooseXcr0((static_cast<uint64_t>(components.edx) << 32) | components.eax);
    WriteXcr0(xcr0);
    // EBX: the size of the area XSAVE writes for what XCR0 enables now.
    size_t size = Cpuid(0xd, 0).ebx;
    if (size >= kFxsaveSize + 64 && size <= kMaxStateSize) {
      use_xsave = true;
      state_size = size;
    }
  }
}

size_t FpuStateSize() { return state_size; }
uint64_t FpuComponents() { return use_xsave ? xcr0 : 0; }

// A clean state, whatever the firmware left in the registers. In the XSAVE format an all-zero
// header (XSTATE_BV = 0) makes XRSTOR put every component in its initial state, except MXCSR,
// which it always loads from the legacy region [SDM vol. 1, 13.8.1]. FXRSTOR loads everything
// from the image: zero registers, an empty x87 stack, and the default control words.
void FpuInitialState(void* image) {
  auto* bytes = static_cast<uint8_t*>(image);
  __builtin_memset(bytes, 0, state_size);
  uint32_t mxcsr = kDefaultMxcsr;
  __builtin_memcpy(bytes + kMxcsrOffset, &mxcsr, sizeof(mxcsr));
  if (!use_xsave) {
    uint16_t fcw = kDefaultFcw;
    __builtin_memcpy(bytes + kFcwOffset, &fcw, sizeof(fcw));
  }
}

void FpuSave(void* image) {
  if (use_xsave) {
    asm volatile("xsave64 (%0)" : : "r"(image), "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
  } else {
    asm volatile("fxsave64 (%0)" : : "r"(image) : "memory");
  }
}

void FpuRestore(const void* image) {
  if (use_xsave) {
    asm volatile("xrstor64 (%0)" : : "r"(image), "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
  } else {
    asm volatile("fxrstor64 (%0)" : : "r"(image) : "memory");
  }
}

}  // namespace raeen::kernel::arch
