#pragma once
// Small string helpers shared by the runner's parsers and reports. libstdc++ 12 has no
// <format>, so Printf fills that gap with snprintf semantics.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raeen::tools::testrunner {

// snprintf into a std::string of exactly the right size.
std::string Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Removes leading and trailing spaces, tabs, CRs and LFs.
std::string_view Trim(std::string_view text);

// Splits on runs of spaces and tabs; empty fields are dropped.
std::vector<std::string_view> SplitWords(std::string_view text);

// Parses a whole decimal integer (optional leading '-'); nullopt on any other character.
std::optional<int64_t> ParseInteger(std::string_view text);

// Parses a whole decimal floating-point number ("12.500", "3", "-0.25").
std::optional<double> ParseDecimal(std::string_view text);

// Parses exactly `digits` hexadecimal digits (no prefix).
std::optional<uint64_t> ParseHex(std::string_view text);

}  // namespace raeen::tools::testrunner
