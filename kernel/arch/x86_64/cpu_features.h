#pragma once
// What the CPU can do, decoded from CPUID [Intel SDM vol. 2A, CPUID; AMD APM vol. 3, E.3].
// Decoding is a pure function of the CPUID leaves, so it is unit-tested on the host against
// the leaves of real and deliberately crippled CPUs; reading them is arch code.

#include <stdint.h>

#include "libs/rstd/format.h"

namespace raeen::kernel::arch {

// The raw CPUID leaves the kernel looks at. Leaves the CPU does not implement are zero.
struct CpuidLeaves {
  uint32_t max_basic_leaf;
  uint32_t max_extended_leaf;
  char vendor[13];  // "GenuineIntel", NUL-terminated
  uint32_t leaf1_ecx, leaf1_edx;
  uint32_t leaf7_ebx, leaf7_ecx, leaf7_edx;
  uint32_t ext1_ecx, ext1_edx;  // 0x80000001
  uint32_t ext7_edx;            // 0x80000007
  char brand[49];               // 0x80000002-4, NUL-terminated, may be empty
};

struct CpuFeatures {
  // Protection.
  bool nx;        // no-execute pages (EFER.NXE)
  bool smep;      // supervisor-mode execution prevention
  bool smap;      // supervisor-mode access prevention
  bool umip;      // user-mode instruction prevention (sgdt/sidt/sldt/smsw/str fault in ring 3)
  bool fsgsbase;  // rdfsbase/wrfsbase and friends usable once CR4.FSGSBASE is set
  bool pku;       // protection keys for user pages
  // Paging.
  bool global_pages;
  bool pat;
  bool pdpe1gb;  // 1 GiB pages
  bool pcid;
  bool invpcid;
  // Time and interrupts.
  bool tsc;
  bool invariant_tsc;  // constant rate in every power state [SDM vol. 3B, 18.17.1]
  bool tsc_deadline;   // local APIC TSC-deadline timer mode
  bool apic;
  bool x2apic;
  // Instructions.
  bool rdrand;
  bool rdseed;
  bool rdtscp;
  bool xsave;
  bool erms;  // fast rep movsb/stosb
  bool hypervisor;
};

CpuFeatures DecodeCpuFeatures(const CpuidLeaves& leaves);

// Writes "nx smep smap ..." for the features present (present = true) or missing.
void WriteFeatureList(rstd::Writer& out, const CpuFeatures& features, bool present);

// Reads the leaves from this CPU (arch code; cpu_features_x86.cc).
CpuidLeaves ReadCpuidLeaves();

}  // namespace raeen::kernel::arch
