#include "tools/testrunner/guest_markers.h"

#include <optional>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Returns the text after `key` when `message` starts with it.
std::optional<std::string_view> After(std::string_view message, std::string_view key) {
  if (!message.starts_with(key)) return std::nullopt;
  return message.substr(key.size());
}

// A benchmark line is a kernel message, or a user program's (`[bench_syscall] @bench-dist ...`,
// kernel/syscall: debug_write names the program).
std::string_view BenchMessage(std::string_view line) {
  std::string_view message = KernelMessage(line);
  if (message.starts_with("[")) {
    const size_t close = message.find("] ");
    if (close != std::string_view::npos) message = message.substr(close + 2);
  }
  return message;
}

}  // namespace

std::vector<std::string> BootFailurePatterns() {
  return {std::string(kLoaderError), std::string(kFirmwareLoadFailure)};
}

std::vector<std::string> BootOrPanicFailurePatterns() {
  std::vector<std::string> patterns = BootFailurePatterns();
  patterns.emplace_back(kKernelPanic);
  return patterns;
}

namespace {

// The message after a log prefix that starts at `i`, or nullopt.
std::optional<std::string_view> MessageAt(std::string_view line, size_t i) {
  // `[` spaces digits `.` digits `]` space level `:` space
  if (i >= line.size() || line[i] != '[') return std::nullopt;
  ++i;
  while (i < line.size() && line[i] == ' ') ++i;
  const size_t digits_start = i;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == digits_start || i >= line.size() || line[i] != '.') return std::nullopt;
  ++i;
  const size_t fraction_start = i;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i == fraction_start || i + 1 >= line.size() || line[i] != ']' || line[i + 1] != ' ') {
    return std::nullopt;
  }
  i += 2;
  const size_t level_start = i;
  while (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || line[i] == '_')) ++i;
  if (i == level_start || i + 1 >= line.size() || line[i] != ':' || line[i + 1] != ' ') {
    return std::nullopt;
  }
  return line.substr(i + 2);
}

}  // namespace

std::string_view KernelMessage(std::string_view line) {
  // User space writes to the serial console too (the shell's prompt has no newline), so a
  // kernel record can start after other text on the same terminal line.
  for (size_t at = line.find('['); at != std::string_view::npos; at = line.find('[', at + 1)) {
    if (std::optional<std::string_view> message = MessageAt(line, at)) return *message;
  }
  return line;
}

bool IsKernelBanner(std::string_view line) {
  const std::string_view message = KernelMessage(line);
  return message.starts_with("RaeenOS ") && message.find("(RaeCore)") != std::string_view::npos;
}

bool IsKernelReady(std::string_view line) {
  return Trim(KernelMessage(line)) == kKernelReady;
}

bool IsLoaderFirstLine(std::string_view line) {
  return line.find(kLoaderFirstLine) != std::string_view::npos;
}

std::optional<uint64_t> ParseKaslrBase(std::string_view line) {
  const auto rest = After(KernelMessage(line), "kaslr: kernel base 0x");
  if (!rest) return std::nullopt;
  // Anything after the address (a later issue may add the slide) is ignored.
  const std::string_view digits = rest->substr(0, rest->find(' '));
  if (Trim(digits).size() != 16) return std::nullopt;
  return ParseHex(Trim(digits));
}

std::optional<KernelAreaBases> ParseKernelAreaBases(std::string_view line) {
  const auto rest = After(KernelMessage(line), "kaslr: direct map ");
  if (!rest) return std::nullopt;
  const auto words = SplitWords(*rest);
  if (words.size() < 6 || words[1] != "kernel" || words[2] != "stacks" || words[4] != "mmio") {
    return std::nullopt;
  }
  auto hex = [](std::string_view word) -> std::optional<uint64_t> {
    if (!word.empty() && word.back() == ',') word.remove_suffix(1);
    if (word.size() != 18 || !word.starts_with("0x")) return std::nullopt;
    return ParseHex(word.substr(2));
  };
  const auto direct_map = hex(words[0]);
  const auto stacks = hex(words[3]);
  const auto mmio = hex(words[5]);
  if (!direct_map || !stacks || !mmio) return std::nullopt;
  return KernelAreaBases{*direct_map, *stacks, *mmio};
}

std::optional<MemoryReport> ParseMemoryReport(std::string_view line) {
  const auto rest = After(KernelMessage(line), "memory: ");
  if (!rest) return std::nullopt;
  const auto words = SplitWords(*rest);
  // <N> MiB usable of <M> MiB RAM, then optional details such as "(33 ranges)".
  if (words.size() < 7 || words[1] != "MiB" || words[2] != "usable" || words[3] != "of" ||
      words[5] != "MiB" || words[6] != "RAM") {
    return std::nullopt;
  }
  const auto usable = ParseInteger(words[0]);
  const auto total = ParseInteger(words[4]);
  if (!usable || !total) return std::nullopt;
  return MemoryReport{*usable, *total};
}

std::optional<int64_t> ParseCpuCount(std::string_view line) {
  const auto rest = After(KernelMessage(line), "cpus: ");
  if (!rest) return std::nullopt;
  // The count, then optional details such as "(ACPI MADT; 1 I/O APIC)".
  const auto words = SplitWords(*rest);
  if (words.empty()) return std::nullopt;
  return ParseInteger(words[0]);
}

std::optional<BenchSample> ParseBenchSample(std::string_view line) {
  const auto rest = After(BenchMessage(line), "@bench ");
  if (!rest) return std::nullopt;
  const auto words = SplitWords(*rest);
  if (words.size() != 3) return std::nullopt;
  const auto value = ParseDecimal(words[2]);
  if (!value) return std::nullopt;
  return BenchSample{std::string(words[0]), std::string(words[1]), *value};
}

std::optional<GuestDistribution> ParseBenchDistribution(std::string_view line) {
  const auto rest = After(BenchMessage(line), "@bench-dist ");
  if (!rest) return std::nullopt;
  const auto words = SplitWords(*rest);
  if (words.size() != 7) return std::nullopt;
  GuestDistribution d{std::string(words[0]), std::string(words[1])};
  const struct {
    std::string_view key;
    double* value;
  } fields[] = {{"p50=", &d.p50}, {"p99=", &d.p99}, {"p999=", &d.p999}, {"max=", &d.max}};
  if (!words[2].starts_with("n=")) return std::nullopt;
  const auto n = ParseInteger(words[2].substr(2));
  if (!n || *n <= 0) return std::nullopt;
  d.n = static_cast<uint64_t>(*n);
  for (size_t i = 0; i < 4; ++i) {
    if (!words[3 + i].starts_with(fields[i].key)) return std::nullopt;
    const auto value = ParseDecimal(words[3 + i].substr(fields[i].key.size()));
    if (!value) return std::nullopt;
    *fields[i].value = *value;
  }
  if (!(d.p50 <= d.p99 && d.p99 <= d.p999 && d.p999 <= d.max)) return std::nullopt;
  return d;
}

bool IsBenchDone(std::string_view line) {
  return Trim(KernelMessage(line)) == "bench: done";
}

}  // namespace raeen::tools::testrunner
