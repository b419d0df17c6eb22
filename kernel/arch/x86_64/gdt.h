#pragma once
// The boot CPU's GDT and TSS [Intel SDM vol. 3A, 3.4.5 and 8.7], and the same layout for each
// application processor (its own GDT, since each TSS descriptor names one CPU's TSS).
//
// Selector layout is fixed by syscall/sysret [SDM vol. 2B, SYSRET]: STAR[63:48] + 8 is the
// user data selector and + 16 the user code selector, so user data comes before user code.

#include <stddef.h>
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

// 64-bit TSS [Intel SDM vol. 3A, 8.7, figure 8-11].
struct [[gnu::packed]] TaskStateSegment {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t io_map_base;
};
static_assert(sizeof(TaskStateSegment) == 104);

// A TSS followed by its I/O permission bitmap: one bit per port, 0 lets ring 3 use it with
// in/out, and a final byte of ones [Intel SDM vol. 1, 19.5.2; vol. 3A, 8.7]. Every bit is set
// (no port allowed) except while a thread of a process that ioport_enable'd some runs on the
// CPU (io_permissions.h).
inline constexpr size_t kIoBitmapBytes = 65536 / 8;
struct [[gnu::packed]] TaskStateWithIoBitmap {
  TaskStateSegment tss;
  uint8_t io_bitmap[kIoBitmapBytes];
  uint8_t terminator;
};

// Loads the GDT, reloads every segment register and loads the task register.
void InitGdt();

// The boot CPU's TSS (the one InitGdt loads).
TaskStateSegment& BootCpuTss();

// The top kIstOwnerSlotBytes of every IST stack are not stack: the first word holds the owning
// CPU's PerCpu pointer, which the NMI, double-fault and machine-check entries load into the GS
// base (per_cpu.h). TSS.IST points at that slot, so the CPU's frame ends right below it.
inline constexpr uint64_t kIstOwnerSlotBytes = 16;

// The [low, high) bounds of an IST stack, so backtraces and panic reports can name the stack
// a frame lives on.
struct StackBounds {
  uint64_t low;
  uint64_t high;
};
StackBounds IstStackBounds(IstSlot slot);

// Moves one of the boot CPU's IST slots to a new stack (16-byte aligned top), owner slot
// included. InitGdt starts every slot on a small stack in .bss; the kernel replaces them with
// guard-paged ones once it can map memory.
void SetIstStack(IstSlot slot, StackBounds bounds);

// The stack the CPU switches to when an interrupt or exception arrives in ring 3: TSS.RSP0
// [Intel SDM vol. 3A, 6.14.4 and 8.7], in `tss`. The CPU aligns it down to 16 bytes. Zero
// after InitGdt, when nothing runs in ring 3; the scheduler sets each thread's kernel stack
// top as it switches to it (user_entry.h).
inline void SetKernelStack(TaskStateSegment& tss, uint64_t rsp0) { tss.rsp[0] = rsp0; }
inline uint64_t KernelStack(const TaskStateSegment& tss) { return tss.rsp[0]; }

// An application processor's GDT and TSS: the boot CPU's descriptors with a TSS descriptor
// for its own TSS. Must stay alive (and in place) as long as the CPU runs.
struct CpuDescriptorTables {
  uint64_t gdt[8];
  TaskStateWithIoBitmap tss;
};

// The I/O permission bitmap that follows `tss` (every TSS the kernel loads has one).
inline uint8_t* IoBitmapOf(TaskStateSegment& tss) {
  return reinterpret_cast<TaskStateWithIoBitmap&>(tss).io_bitmap;
}

// Fills `tables` for the calling CPU with IST stacks `ist` (slots 1..3: double fault, NMI,
// machine check), then loads it as InitGdt does: GDT, every segment register (GS's base is
// cleared: set it afterwards), task register.
void InitGdtForThisCpu(CpuDescriptorTables& tables, const StackBounds (&ist)[3]);

}  // namespace raeen::kernel::arch
