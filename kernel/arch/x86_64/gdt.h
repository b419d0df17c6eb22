#pragma once
// The boot CPU's GDT and TSS [Intel SDM vol. 3A, 3.4.5 and 8.7].
//
// Selector layout is fixed by syscall/sysret [SDM vol. 2B, SYSRET]: STAR[63:48] + 8 is the
// user data selector and + 16 the user code selector, so user data comes before user code.

#include <stdint.h>

namespace raeen::kernel::arch {

inline constexpr uint16_t kKernelCodeSelector = 0x08;
inline constexpr uint16_t kKernelDataSelector = 0x10;
inline constexpr uint16_t kUserCompatCodeSelector = 0x18;
inline constexpr uint16_t kUserDataSelector = 0x20;
inline constexpr uint16_t kUserCodeSelector = 0x28;
inline constexpr uint16_t kTssSelector = 0x30;

// Interrupt stack table slots (1-based, as the IDT gate encodes them). Each of these
// exceptions can arrive with a broken or exhausted stack, so each gets its own.
enum class IstSlot : uint8_t {
  kNone = 0,
  kDoubleFault = 1,
  kNmi = 2,
  kMachineCheck = 3,
};

// Loads the GDT, reloads every segment register and loads the task register.
void InitGdt();

// The [low, high) bounds of an IST stack, so backtraces and panic reports can name the stack
// a frame lives on.
struct StackBounds {
  uint64_t low;
  uint64_t high;
};
StackBounds IstStackBounds(IstSlot slot);

// Moves an IST slot to a new stack (16-byte aligned top). InitGdt starts every slot on a
// small stack in .bss; the kernel replaces them with guard-paged ones once it can map memory.
void SetIstStack(IstSlot slot, StackBounds bounds);

// The stack the CPU switches to when an interrupt or exception arrives in ring 3: TSS.RSP0
// [Intel SDM vol. 3A, 6.14.4 and 8.7]. The CPU aligns it down to 16 bytes. Zero after
// InitGdt, when nothing runs in ring 3; whoever enters ring 3 sets the entering thread's
// kernel stack top first.
void SetKernelStack(uint64_t rsp0);
uint64_t KernelStack();

}  // namespace raeen::kernel::arch
