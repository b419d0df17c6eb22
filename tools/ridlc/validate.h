#pragma once
// Semantic checks over everything parsed: names resolve, numbers are unique, every syscall
// fits the register ABI and documents every error the dispatch or a handle lookup can give.
// Resolves TypeRefs (enum_decl / struct_decl) in place, so emitters can rely on them.

#include <vector>

#include "tools/ridlc/model.h"

namespace raeen::ridlc {

// The registers a syscall argument may use, in order (docs/reference/ridl.md, "Syscall ABI").
inline constexpr int kMaxSyscallRegisters = 6;

int RegistersOf(const Param& param);

// Appends every problem found to `diagnostics`. The contract must not move afterwards (the
// resolved pointers point into its vectors).
void Validate(Contract& contract, std::vector<Diagnostic>& diagnostics);

}  // namespace raeen::ridlc
