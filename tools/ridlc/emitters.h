#pragma once
// The emitters: each turns the validated contract into generated files. `inputs` are the
// contract files read, named in each file's banner.

#include <string>
#include <vector>

#include "tools/ridlc/emit_common.h"
#include "tools/ridlc/model.h"

namespace raeen::ridlc {

using Inputs = std::vector<std::string>;

// include/raeen/status.h (enum class Status) and src/status_names.cc (StatusName).
std::vector<GeneratedFile> EmitStatus(const Contract& contract, const Inputs& inputs);

// include/raeen/syscall_types.h: numbers, enums, bit sets and structs shared by both sides.
GeneratedFile EmitSyscallTypes(const Contract& contract, const Inputs& inputs);
// include/raeen/kernel/syscalls.h: what the kernel implements, with handle requirements.
GeneratedFile EmitKernelHeader(const Contract& contract, const Inputs& inputs);
// src/kernel_syscall_dispatch.cc: registers -> checked, typed arguments -> implementation.
GeneratedFile EmitKernelDispatch(const Contract& contract, const Inputs& inputs);
// src/kernel_syscall_stubs.cc: weak kUnsupported placeholders for every syscall.
GeneratedFile EmitKernelStubs(const Contract& contract, const Inputs& inputs);
// include/raeen/syscalls.h: the user-space stubs issuing the `syscall` instruction.
GeneratedFile EmitUserHeader(const Contract& contract, const Inputs& inputs);

// docs/status.md and docs/syscalls.md (whichever the contract has).
std::vector<GeneratedFile> EmitDocs(const Contract& contract, const Inputs& inputs);

// Per protocol: include/raeen/protocols/<name>.h (messages, Encode/Decode) and
// tests/<name>_protocol_test.cc (round trips and fuzzing).
std::vector<GeneratedFile> EmitProtocols(const Contract& contract, const Inputs& inputs);

}  // namespace raeen::ridlc
