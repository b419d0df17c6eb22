#pragma once
// The S5 (soft-off) sleep type without an AML interpreter: a narrow, bounded search of the
// DSDT for the one common encoding of `Name (\_S5, Package () { a, b, ... })`. Poweroff writes
// SLP_TYPa/SLP_TYPb with SLP_EN into PM1a/PM1b_CNT [ACPI 6.5, 7.4.2 and 16]; the values
// come only from the \_S5 object, which is AML. docs/adr/0003-acpi-aml.md says why RaeenOS
// has no AML interpreter yet and what it does when this search finds nothing.

#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"

namespace raeen::kernel::acpi {

struct SleepType {
  uint8_t a;  // SLP_TYP for PM1a_CNT (3 bits)
  uint8_t b;  // SLP_TYP for PM1b_CNT (3 bits)
};

// Looks in `dsdt` (the whole table, checked with CheckTable: signature "DSDT") for a named
// object _S5_ defined as `NameOp ['\'] "_S5_" PackageOp PkgLength NumElements` followed by
// one or two integer elements (ZeroOp, OneOp or BytePrefix/WordPrefix/DWordPrefix
// constants) [ACPI 6.5, 20.2]. A package of one integer holds
// SLP_TYPa in bits 7:0 and SLP_TYPb in bits 15:8, as in ACPI 1.0 firmware.
//   kCorrupt   the DSDT fails CheckTable.
//   kNotFound  no such object, or one in any other encoding (a method, a name reference,
//              a package longer than the table, ...): the caller must not guess from it.
//   kBadState  two definitions that disagree (for example under If/Else, or one with a
//              sleep type above 7): ambiguous.
//   kOutOfRange  a sleep type above 7.
Result<SleepType> FindS5SleepType(rstd::Bytes dsdt);

}  // namespace raeen::kernel::acpi
