#pragma once
// C++ declarations of a contract's enums, bit sets and structs, shared by the syscall types
// header and protocol headers (each emits them into its own namespace).

#include <string>

#include "tools/ridlc/model.h"

namespace raeen::ridlc {

// `enum class` for enums, a struct of constants (kAll included) for bit sets.
std::string EnumDeclarations(const Contract& contract);
// Structs with static_asserts on size, alignment and every offset.
std::string StructDeclarations(const Contract& contract);
// `constexpr bool IsValid<Name>(uint64_t raw)` for every enum and bit set: a declared value,
// or only declared bits.
std::string EnumValidators(const Contract& contract);

}  // namespace raeen::ridlc
