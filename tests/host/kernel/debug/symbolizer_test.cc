#include "kernel/debug/symbolizer.h"

#include <elf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "kernel/debug/demangle.h"

namespace raeen::kernel {
namespace {

using ByteVector = std::vector<unsigned char>;

std::string Str(rstd::StringView view) {
  return std::string(view.data(), view.size());
}

// A copy of a file in a heap buffer that ends exactly where the file ends, so that
// AddressSanitizer reports any read past it. `misalign` shifts the start to test that the
// symbolizer never assumes alignment.
class ExactBuffer {
 public:
  explicit ExactBuffer(const ByteVector& bytes, size_t misalign = 0)
      : storage_(new unsigned char[std::max<size_t>(1, bytes.size() + misalign)]),
        data_(storage_.get() + misalign),
        size_(bytes.size()) {
    if (!bytes.empty()) std::memcpy(data_, bytes.data(), bytes.size());
  }
  rstd::Bytes bytes() const { return rstd::Bytes(data_, size_); }
  const unsigned char* begin() const { return data_; }
  const unsigned char* end() const { return data_ + size_; }

 private:
  std::unique_ptr<unsigned char[]> storage_;
  unsigned char* data_;
  size_t size_;
};

std::optional<ByteVector> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return ByteVector(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool WriteFile(const std::string& path, const ByteVector& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::string RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char chunk[4096];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), pipe)) > 0) output.append(chunk, n);
  int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command;
  return output;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string Trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::string TempPath(const std::string& name) {
  return testing::TempDir() + "/raeen_symbolizer_" + std::to_string(getpid()) + "_" + name;
}

// ---------------------------------------------------------------------------------------
// llvm-nm's view of a file: the reference the symbolizer is compared with.

struct NmSymbol {
  std::string name;
  uint64_t value;
  uint64_t size;
  std::string type;  // FUNC, OBJECT, NOTYPE, ...
};

// `llvm-nm --defined-only --format=sysv`: name|value|class|type|size|line|section.
std::vector<NmSymbol> RunNm(const std::string& path) {
  std::vector<NmSymbol> symbols;
  std::string output =
      RunCommand(std::string(RAEEN_LLVM_NM) + " --defined-only --format=sysv '" + path + "'");
  for (const std::string& line : Lines(output)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t bar = line.find('|', start);
      fields.push_back(Trim(line.substr(start, bar == std::string::npos ? bar : bar - start)));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (fields.size() != 7 || fields[0].empty()) continue;
    NmSymbol symbol;
    symbol.name = fields[0];
    symbol.value = std::strtoull(fields[1].c_str(), nullptr, 16);
    symbol.size = fields[4].empty() ? 0 : std::strtoull(fields[4].c_str(), nullptr, 16);
    symbol.type = fields[3];
    symbols.push_back(symbol);
  }
  return symbols;
}

std::vector<NmSymbol> Functions(const std::vector<NmSymbol>& symbols) {
  std::vector<NmSymbol> functions;
  for (const NmSymbol& symbol : symbols) {
    if (symbol.type == "FUNC") functions.push_back(symbol);
  }
  std::sort(functions.begin(), functions.end(),
            [](const NmSymbol& a, const NmSymbol& b) { return a.value < b.value; });
  return functions;
}

// What Symbolizer::Lookup promises, computed from llvm-nm's list: the function with the
// greatest address not above `address`, within its size when it has one.
struct Expected {
  bool found = false;
  uint64_t address = 0;
  std::set<std::string> names;  // aliases at that address that all qualify
};

Expected ExpectedLookup(const std::vector<NmSymbol>& functions, uint64_t address) {
  Expected expected;
  for (const NmSymbol& f : functions) {
    if (f.value > address) continue;
    if (f.size != 0 && address - f.value >= f.size) continue;
    if (!expected.found || f.value > expected.address) {
      expected = Expected{true, f.value, {f.name}};
    } else if (f.value == expected.address) {
      expected.names.insert(f.name);
    }
  }
  return expected;
}

void ExpectLookupMatches(const Symbolizer& symbolizer, const std::vector<NmSymbol>& functions,
                         uint64_t address) {
  Expected expected = ExpectedLookup(functions, address);
  Result<SymbolMatch> match = symbolizer.Lookup(address);
  if (!expected.found) {
    EXPECT_EQ(match.status(), Status::kNotFound)
        << std::hex << "0x" << address << " -> " << (match.ok() ? Str(match->name) : "");
    return;
  }
  ASSERT_TRUE(match.ok()) << std::hex << "0x" << address << ": " << StatusName(match.status());
  EXPECT_EQ(match->address, expected.address) << std::hex << "0x" << address;
  EXPECT_EQ(match->offset, address - expected.address) << std::hex << "0x" << address;
  EXPECT_TRUE(expected.names.count(Str(match->name)))
      << std::hex << "0x" << address << " -> " << Str(match->name) << ", expected e.g. "
      << *expected.names.begin();
}

// Compares the symbolizer with llvm-nm on the file at `path`: for (up to `max_samples`)
// function symbols, lookups at the start, inside, at the last byte and just past the end,
// and AddressOf for every sampled name that is unique in the file.
void CheckAgainstNm(const std::string& path, size_t min_functions, size_t max_samples) {
  std::optional<ByteVector> file = ReadFile(path);
  ASSERT_TRUE(file.has_value()) << "cannot read " << path;
  std::vector<NmSymbol> all = RunNm(path);
  std::vector<NmSymbol> functions = Functions(all);
  ASSERT_GE(functions.size(), min_functions) << path;

  ExactBuffer buffer(*file);
  Result<Symbolizer> symbolizer = Symbolizer::Create(buffer.bytes());
  ASSERT_TRUE(symbolizer.ok()) << path << ": " << StatusName(symbolizer.status());
  // .symtab also holds the null symbol and usually file and section symbols.
  EXPECT_GE(symbolizer->symbol_count(), all.size());

  std::map<std::string, int> name_count;
  for (const NmSymbol& symbol : all) ++name_count[symbol.name];

  size_t stride = std::max<size_t>(1, functions.size() / max_samples);
  size_t sampled = 0;
  size_t clean_checked = 0;
  size_t unique_checked = 0;
  for (size_t i = 0; i < functions.size(); i += stride) {
    const NmSymbol& f = functions[i];
    ++sampled;
    SCOPED_TRACE(f.name);
    // The plain contract for a function that contains no other function: every byte of it
    // maps back to it with the right offset.
    bool clean = f.size > 0;
    for (const NmSymbol& other : functions) {
      if (other.value > f.value && other.value < f.value + f.size) clean = false;
    }
    if (clean) {
      for (uint64_t k : {uint64_t{0}, f.size / 2, f.size - 1}) {
        Result<SymbolMatch> match = symbolizer->Lookup(f.value + k);
        ASSERT_TRUE(match.ok()) << std::hex << "0x" << f.value + k;
        EXPECT_EQ(match->address, f.value);
        EXPECT_EQ(match->offset, k);
        // With aliases at the same address (e.g. C1/C2 constructors) any of them is right.
        EXPECT_TRUE(ExpectedLookup(functions, f.value + k).names.count(Str(match->name)))
            << Str(match->name);
      }
      ++clean_checked;
    }
    // The general contract, including zero-size symbols, nested symbols and the gaps
    // between functions.
    ExpectLookupMatches(*symbolizer, functions, f.value);
    if (f.size > 0) {
      ExpectLookupMatches(*symbolizer, functions, f.value + f.size / 2);
      ExpectLookupMatches(*symbolizer, functions, f.value + f.size - 1);
      ExpectLookupMatches(*symbolizer, functions, f.value + f.size);
    }
    if (f.value > 0) ExpectLookupMatches(*symbolizer, functions, f.value - 1);

    if (name_count[f.name] == 1) {
      Result<uint64_t> address = symbolizer->AddressOf(f.name.c_str());
      ASSERT_TRUE(address.ok()) << StatusName(address.status());
      EXPECT_EQ(*address, f.value);
      ++unique_checked;
    }
  }
  // Most functions contain no other function; if few qualify, the check above proved little.
  EXPECT_GE(clean_checked, sampled / 2);
  EXPECT_GT(unique_checked, 0u);

  // Non-function symbols are found by AddressOf too.
  for (const NmSymbol& symbol : all) {
    if (symbol.type != "FUNC" && name_count[symbol.name] == 1) {
      Result<uint64_t> address = symbolizer->AddressOf(symbol.name.c_str());
      ASSERT_TRUE(address.ok()) << symbol.name;
      EXPECT_EQ(*address, symbol.value) << symbol.name;
    }
  }

  // Addresses beyond the last function follow the same rule.
  const NmSymbol& last = functions.back();
  ExpectLookupMatches(*symbolizer, functions, last.value + last.size + 0x100000);
  ExpectLookupMatches(*symbolizer, functions, ~uint64_t{0});

  EXPECT_EQ(symbolizer->AddressOf("raeen_no_such_symbol_anywhere").status(), Status::kNotFound);
  // A proper prefix of a name is not that name.
  std::string prefix = functions[functions.size() / 2].name;
  prefix.pop_back();
  if (name_count.count(prefix) == 0) {
    EXPECT_EQ(symbolizer->AddressOf(prefix.c_str()).status(), Status::kNotFound) << prefix;
  }
}

const std::string kKernelElf = RAEEN_BINARY_DIR "/kernel/kernel.elf";
const std::string kKernelStrippedElf = RAEEN_BINARY_DIR "/kernel/kernel.stripped.elf";

TEST(Symbolizer, MatchesLlvmNmOnTheKernel) {
  CheckAgainstNm(kKernelElf, 20, 2000);
}

TEST(Symbolizer, MatchesLlvmNmOnTheDebugStrippedKernel) {
  // The file rae-boot actually loads: DWARF stripped, symbol table kept.
  CheckAgainstNm(kKernelStrippedElf, 20, 2000);
}

TEST(Symbolizer, MatchesLlvmNmOnThisTestBinary) {
  // A large PIE from the host toolchain (different linker, thousands of symbols).
  char path[4096];
  ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
  ASSERT_GT(length, 0);
  path[length] = '\0';
  CheckAgainstNm(path, 1000, 300);
}

TEST(Symbolizer, FindsKernelFunctionsByName) {
  std::optional<ByteVector> file = ReadFile(kKernelElf);
  ASSERT_TRUE(file.has_value()) << "build the `kernel` target first: " << kKernelElf;
  ExactBuffer buffer(*file);
  Result<Symbolizer> symbolizer = Symbolizer::Create(buffer.bytes());
  ASSERT_TRUE(symbolizer.ok());
  // The symbolizer finds itself in the kernel it is part of.
  Result<uint64_t> lookup = symbolizer->AddressOf("_ZNK5raeen6kernel10Symbolizer6LookupEm");
  ASSERT_TRUE(lookup.ok());
  Result<SymbolMatch> match = symbolizer->Lookup(*lookup + 3);
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(Str(match->name), "_ZNK5raeen6kernel10Symbolizer6LookupEm");
  EXPECT_EQ(match->address, *lookup);
  EXPECT_EQ(match->offset, 3u);
}

TEST(Symbolizer, FullyStrippedKernelHasNoSymbols) {
  std::string stripped = TempPath("strip_all.elf");
  std::string command =
      std::string(RAEEN_LLVM_OBJCOPY) + " --strip-all '" + kKernelElf + "' '" + stripped + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::optional<ByteVector> file = ReadFile(stripped);
  std::remove(stripped.c_str());
  ASSERT_TRUE(file.has_value());
  ExactBuffer buffer(*file);
  EXPECT_EQ(Symbolizer::Create(buffer.bytes()).status(), Status::kNotFound);
}

TEST(Symbolizer, KernelWithItsSymbolTableHiddenHasNoSymbols) {
  std::optional<ByteVector> file = ReadFile(kKernelElf);
  ASSERT_TRUE(file.has_value()) << kKernelElf;
  ByteVector bytes = *file;
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  int patched = 0;
  for (size_t i = 0; i < header.e_shnum; ++i) {
    size_t at = header.e_shoff + i * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_type);
    uint32_t type;
    std::memcpy(&type, bytes.data() + at, sizeof(type));
    if (type == SHT_SYMTAB) {
      type = SHT_PROGBITS;
      std::memcpy(bytes.data() + at, &type, sizeof(type));
      ++patched;
    }
  }
  ASSERT_EQ(patched, 1);
  ExactBuffer buffer(bytes);
  EXPECT_EQ(Symbolizer::Create(buffer.bytes()).status(), Status::kNotFound);
}

// Every function name in the kernel either prints unchanged or demangles to the qualified
// name llvm-cxxfilt gives, followed by "()" exactly when llvm-cxxfilt shows no parameters.
void CheckDemanglingAgainstCxxfilt(const std::string& path, size_t min_demangled) {
  std::vector<NmSymbol> functions = Functions(RunNm(path));
  std::set<std::string> names;
  for (const NmSymbol& f : functions) {
    if (f.name.rfind("_Z", 0) == 0) names.insert(f.name);
  }
  ASSERT_FALSE(names.empty());
  std::string list = TempPath("names.txt");
  {
    std::ofstream out(list);
    for (const std::string& name : names) out << name << "\n";
  }
  std::vector<std::string> reference =
      Lines(RunCommand(std::string(RAEEN_LLVM_CXXFILT) + " < '" + list + "'"));
  std::remove(list.c_str());
  ASSERT_EQ(reference.size(), names.size());

  size_t demangled = 0;
  size_t i = 0;
  for (const std::string& name : names) {
    const std::string& expected = reference[i++];
    char buffer[4096];
    rstd::BufferWriter out(buffer, sizeof(buffer));
    WriteDemangled(out, rstd::StringView(name.data(), name.size()));
    std::string ours = Str(out.view());
    if (ours == name) continue;
    ++demangled;
    SCOPED_TRACE(name + " -> " + ours + " (llvm-cxxfilt: " + expected + ")");
    bool empty_parameters = ours.size() >= 2 && ours.compare(ours.size() - 2, 2, "()") == 0 &&
                            (ours.size() < 5 || ours.compare(ours.size() - 5, 5, "(...)") != 0);
    std::string qualified = ours.substr(0, ours.size() - (empty_parameters ? 2 : 5));
    EXPECT_EQ(expected.rfind(qualified + (empty_parameters ? "()" : "("), 0), 0u);
  }
  EXPECT_GE(demangled, min_demangled);
}

TEST(Symbolizer, KernelFunctionNamesDemangleLikeLlvmCxxfilt) {
  CheckDemanglingAgainstCxxfilt(kKernelElf, 20);
}

TEST(Symbolizer, HostFunctionNamesDemangleLikeLlvmCxxfilt) {
  char path[4096];
  ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
  ASSERT_GT(length, 0);
  path[length] = '\0';
  CheckDemanglingAgainstCxxfilt(path, 500);
}

// ---------------------------------------------------------------------------------------
// Synthetic files: small, exact, and easy to corrupt.

struct TestSymbol {
  std::string name;
  uint64_t value = 0;
  uint64_t size = 0;
  unsigned char type = STT_FUNC;
  uint16_t section = 1;  // .text; SHN_UNDEF for an undefined symbol
};

// Layout, as a linker writes it: [ELF header][symbols][strings][section headers: null,
// .text, .symtab, .strtab]. The section headers come last so that a file truncated inside
// them still has intact symbols and strings.
struct SyntheticElf {
  ByteVector bytes;
  size_t symbols = 0;  // file offset of the symbol table
  size_t strings = 0;  // file offset of the string table
  size_t strings_size = 0;
  size_t section_headers = 0;
  std::vector<uint32_t> name_offsets;  // per TestSymbol

  size_t SectionHeader(size_t index) const { return section_headers + index * sizeof(Elf64_Shdr); }
  static constexpr size_t kText = 1, kSymtab = 2, kStrtab = 3, kSectionCount = 4;

  template <typename T>
  void Patch(size_t offset, T value) {
    ASSERT_LE(offset + sizeof(T), bytes.size());
    std::memcpy(bytes.data() + offset, &value, sizeof(T));
  }
  template <typename T>
  void PatchSection(size_t index, size_t field_offset, T value) {
    Patch<T>(SectionHeader(index) + field_offset, value);
  }
  void PatchSymbol(size_t index, size_t field_offset, uint64_t value, size_t width) {
    size_t at = symbols + index * sizeof(Elf64_Sym) + field_offset;
    ASSERT_LE(at + width, bytes.size());
    std::memcpy(bytes.data() + at, &value, width);  // little-endian host
  }
};

SyntheticElf BuildElf(const std::vector<TestSymbol>& symbols) {
  SyntheticElf elf;
  std::string strings(1, '\0');
  std::vector<Elf64_Sym> table(1);  // index 0: the null symbol
  std::memset(table.data(), 0, sizeof(Elf64_Sym));
  for (const TestSymbol& symbol : symbols) {
    Elf64_Sym entry;
    std::memset(&entry, 0, sizeof(entry));
    entry.st_name = static_cast<uint32_t>(strings.size());
    elf.name_offsets.push_back(entry.st_name);
    strings += symbol.name;
    strings += '\0';
    entry.st_info = ELF64_ST_INFO(STB_GLOBAL, symbol.type);
    entry.st_shndx = symbol.section;
    entry.st_value = symbol.value;
    entry.st_size = symbol.size;
    table.push_back(entry);
  }
  elf.symbols = sizeof(Elf64_Ehdr);
  elf.strings = elf.symbols + table.size() * sizeof(Elf64_Sym);
  elf.strings_size = strings.size();
  elf.section_headers = (elf.strings + strings.size() + 7) & ~size_t{7};
  elf.bytes.assign(elf.section_headers + SyntheticElf::kSectionCount * sizeof(Elf64_Shdr), 0);

  Elf64_Ehdr header;
  std::memset(&header, 0, sizeof(header));
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_type = ET_DYN;
  header.e_machine = EM_X86_64;
  header.e_version = EV_CURRENT;
  header.e_shoff = elf.section_headers;
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_shentsize = sizeof(Elf64_Shdr);
  header.e_shnum = SyntheticElf::kSectionCount;
  header.e_shstrndx = SHN_UNDEF;
  std::memcpy(elf.bytes.data(), &header, sizeof(header));
  std::memcpy(elf.bytes.data() + elf.symbols, table.data(), table.size() * sizeof(Elf64_Sym));
  std::memcpy(elf.bytes.data() + elf.strings, strings.data(), strings.size());

  Elf64_Shdr sections[SyntheticElf::kSectionCount];
  std::memset(sections, 0, sizeof(sections));
  sections[SyntheticElf::kText].sh_type = SHT_NOBITS;
  sections[SyntheticElf::kText].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
  sections[SyntheticElf::kText].sh_addr = 0x1000;
  sections[SyntheticElf::kText].sh_size = 0x100000;
  sections[SyntheticElf::kText].sh_addralign = 16;
  sections[SyntheticElf::kSymtab].sh_type = SHT_SYMTAB;
  sections[SyntheticElf::kSymtab].sh_offset = elf.symbols;
  sections[SyntheticElf::kSymtab].sh_size = table.size() * sizeof(Elf64_Sym);
  sections[SyntheticElf::kSymtab].sh_link = SyntheticElf::kStrtab;
  sections[SyntheticElf::kSymtab].sh_info = 1;
  sections[SyntheticElf::kSymtab].sh_entsize = sizeof(Elf64_Sym);
  sections[SyntheticElf::kSymtab].sh_addralign = 8;
  sections[SyntheticElf::kStrtab].sh_type = SHT_STRTAB;
  sections[SyntheticElf::kStrtab].sh_offset = elf.strings;
  sections[SyntheticElf::kStrtab].sh_size = strings.size();
  sections[SyntheticElf::kStrtab].sh_addralign = 1;
  std::memcpy(elf.bytes.data() + elf.section_headers, sections, sizeof(sections));
  return elf;
}

// Functions a (0x1000, 0x100), b (0x1100, 0x80), an object in the gap after b, an undefined
// function, and a zero-size function c (an assembly label without .size) at 0x1200.
std::vector<TestSymbol> BasicSymbols() {
  return {
      {"function_a", 0x1000, 0x100},
      {"function_b", 0x1100, 0x80},
      {"an_object", 0x1180, 0x10, STT_OBJECT},
      {"a_label", 0x1190, 0, STT_NOTYPE},
      {"undefined_function", 0x11a0, 0x10, STT_FUNC, SHN_UNDEF},
      {"function_c", 0x1200, 0},
  };
}

Result<Symbolizer> CreateFrom(const ExactBuffer& buffer) {
  return Symbolizer::Create(buffer.bytes());
}

Status CreateStatus(const ByteVector& bytes) {
  ExactBuffer buffer(bytes);
  return Symbolizer::Create(buffer.bytes()).status();
}

void ExpectMatch(const Symbolizer& symbolizer, uint64_t address, const std::string& name,
                 uint64_t start) {
  Result<SymbolMatch> match = symbolizer.Lookup(address);
  ASSERT_TRUE(match.ok()) << std::hex << "0x" << address << ": " << StatusName(match.status());
  EXPECT_EQ(Str(match->name), name) << std::hex << "0x" << address;
  EXPECT_EQ(match->address, start) << std::hex << "0x" << address;
  EXPECT_EQ(match->offset, address - start) << std::hex << "0x" << address;
}

void ExpectNoMatch(const Symbolizer& symbolizer, uint64_t address) {
  Result<SymbolMatch> match = symbolizer.Lookup(address);
  EXPECT_EQ(match.status(), Status::kNotFound)
      << std::hex << "0x" << address << " -> " << (match.ok() ? Str(match->name) : "");
}

TEST(Symbolizer, SyntheticFileIsWellFormedForLlvmNm) {
  // Sanity check of the builder: llvm-nm reads it the way the tests below assume.
  SyntheticElf elf = BuildElf(BasicSymbols());
  std::string path = TempPath("synthetic.elf");
  ASSERT_TRUE(WriteFile(path, elf.bytes));
  std::vector<NmSymbol> symbols = RunNm(path);
  std::remove(path.c_str());
  std::map<std::string, NmSymbol> by_name;
  for (const NmSymbol& s : symbols) by_name[s.name] = s;
  ASSERT_TRUE(by_name.count("function_a"));
  EXPECT_EQ(by_name["function_a"].value, 0x1000u);
  EXPECT_EQ(by_name["function_a"].size, 0x100u);
  EXPECT_EQ(by_name["function_a"].type, "FUNC");
  EXPECT_EQ(by_name["an_object"].type, "OBJECT");
  EXPECT_EQ(by_name.count("undefined_function"), 0u);
}

TEST(Symbolizer, FindsFunctionContainingAddress) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok()) << StatusName(symbolizer.status());
  EXPECT_EQ(symbolizer->symbol_count(), 7u);  // with the null symbol

  ExpectMatch(*symbolizer, 0x1000, "function_a", 0x1000);
  ExpectMatch(*symbolizer, 0x1001, "function_a", 0x1000);
  ExpectMatch(*symbolizer, 0x10ff, "function_a", 0x1000);
  ExpectMatch(*symbolizer, 0x1100, "function_b", 0x1100);
  ExpectMatch(*symbolizer, 0x117f, "function_b", 0x1100);
  ExpectMatch(*symbolizer, 0x1200, "function_c", 0x1200);
  // A function without a size extends until the next symbol (here: forever).
  ExpectMatch(*symbolizer, 0x5000, "function_c", 0x1200);
  ExpectMatch(*symbolizer, ~uint64_t{0}, "function_c", 0x1200);
}

TEST(Symbolizer, AddressesOutsideEveryFunctionAreNotFound) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  ExpectNoMatch(*symbolizer, 0);
  ExpectNoMatch(*symbolizer, 0xfff);
  // Past the end of function_b: objects, untyped labels and undefined symbols do not count.
  ExpectNoMatch(*symbolizer, 0x1180);
  ExpectNoMatch(*symbolizer, 0x1188);
  ExpectNoMatch(*symbolizer, 0x1190);
  ExpectNoMatch(*symbolizer, 0x11a0);
  ExpectNoMatch(*symbolizer, 0x11ff);
}

TEST(Symbolizer, NestedSymbolWinsInsideItsRange) {
  SyntheticElf elf = BuildElf({
      {"outer", 0x2000, 0x1000},
      {"inner", 0x2800, 0x10},
  });
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  ExpectMatch(*symbolizer, 0x27ff, "outer", 0x2000);
  ExpectMatch(*symbolizer, 0x2800, "inner", 0x2800);
  ExpectMatch(*symbolizer, 0x280f, "inner", 0x2800);
  ExpectMatch(*symbolizer, 0x2810, "outer", 0x2000);
  ExpectMatch(*symbolizer, 0x2fff, "outer", 0x2000);
  ExpectNoMatch(*symbolizer, 0x3000);
}

TEST(Symbolizer, SymbolOrderDoesNotMatter) {
  SyntheticElf elf = BuildElf({
      {"third", 0x3000, 0x100},
      {"first", 0x1000, 0x100},
      {"second", 0x2000, 0x100},
  });
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  ExpectMatch(*symbolizer, 0x1010, "first", 0x1000);
  ExpectMatch(*symbolizer, 0x2020, "second", 0x2000);
  ExpectMatch(*symbolizer, 0x3030, "third", 0x3000);
  ExpectNoMatch(*symbolizer, 0x2100);
}

TEST(Symbolizer, FunctionAtTheTopOfTheAddressSpace) {
  SyntheticElf elf = BuildElf({{"top", 0xfffffffffffff000ull, 0x2000}});  // size wraps
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  ExpectMatch(*symbolizer, ~uint64_t{0}, "top", 0xfffffffffffff000ull);
  ExpectNoMatch(*symbolizer, 0x1000);
}

TEST(Symbolizer, AddressOf) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  EXPECT_EQ(symbolizer->AddressOf("function_a").value_or(0), 0x1000u);
  EXPECT_EQ(symbolizer->AddressOf("function_c").value_or(0), 0x1200u);
  EXPECT_EQ(symbolizer->AddressOf("an_object").value_or(0), 0x1180u);
  EXPECT_EQ(symbolizer->AddressOf("a_label").value_or(0), 0x1190u);
  EXPECT_EQ(symbolizer->AddressOf("undefined_function").status(), Status::kNotFound);
  EXPECT_EQ(symbolizer->AddressOf("function").status(), Status::kNotFound);
  EXPECT_EQ(symbolizer->AddressOf("function_a_").status(), Status::kNotFound);
  EXPECT_EQ(symbolizer->AddressOf("missing").status(), Status::kNotFound);
}

TEST(Symbolizer, UnalignedFileInMemory) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  for (size_t misalign = 1; misalign < 8; ++misalign) {
    ExactBuffer buffer(elf.bytes, misalign);
    ASSERT_NE(reinterpret_cast<uintptr_t>(buffer.begin()) % 8, 0u);
    Result<Symbolizer> symbolizer = CreateFrom(buffer);
    ASSERT_TRUE(symbolizer.ok());
    ExpectMatch(*symbolizer, 0x1010, "function_a", 0x1000);
    EXPECT_EQ(symbolizer->AddressOf("function_b").value_or(0), 0x1100u);
  }
}

TEST(Symbolizer, NoSymbolTableIsNotFound) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  // As after --strip-all: the symbol table section is gone (here: turned into data).
  elf.PatchSection<uint32_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_type), SHT_PROGBITS);
  EXPECT_EQ(CreateStatus(elf.bytes), Status::kNotFound);
}

TEST(Symbolizer, DynamicSymbolsAloneAreNotFound) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  elf.PatchSection<uint32_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_type), SHT_DYNSYM);
  EXPECT_EQ(CreateStatus(elf.bytes), Status::kNotFound);
}

TEST(Symbolizer, NoSectionsIsNotFound) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  elf.Patch<uint16_t>(offsetof(Elf64_Ehdr, e_shnum), 0);
  EXPECT_EQ(CreateStatus(elf.bytes), Status::kNotFound);
  elf.Patch<uint64_t>(offsetof(Elf64_Ehdr, e_shoff), 0);
  EXPECT_EQ(CreateStatus(elf.bytes), Status::kNotFound);
}

TEST(Symbolizer, EmptyOrTruncatedHeaderIsCorrupt) {
  EXPECT_EQ(CreateStatus({}), Status::kCorrupt);
  SyntheticElf elf = BuildElf(BasicSymbols());
  for (size_t size : {size_t{1}, size_t{4}, size_t{16}, size_t{63}}) {
    EXPECT_EQ(CreateStatus(ByteVector(elf.bytes.begin(), elf.bytes.begin() + size)),
              Status::kCorrupt)
        << size;
  }
}

TEST(Symbolizer, BadMagicIsCorrupt) {
  for (size_t i = 0; i < 4; ++i) {
    SyntheticElf elf = BuildElf(BasicSymbols());
    elf.bytes[i] ^= 0x20;
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << i;
  }
}

TEST(Symbolizer, Elf32IsCorrupt) {
  for (int elf_class : {ELFCLASSNONE, ELFCLASS32, 3}) {
    SyntheticElf elf = BuildElf(BasicSymbols());
    elf.bytes[EI_CLASS] = static_cast<unsigned char>(elf_class);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << elf_class;
  }
}

TEST(Symbolizer, WrongSectionHeaderSizeIsCorrupt) {
  for (uint16_t size : {0, 40, 63, 65, 128}) {
    SyntheticElf elf = BuildElf(BasicSymbols());
    elf.Patch<uint16_t>(offsetof(Elf64_Ehdr, e_shentsize), size);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << size;
  }
}

TEST(Symbolizer, SectionHeaderTableOutOfBoundsIsCorrupt) {
  SyntheticElf base = BuildElf(BasicSymbols());
  for (uint64_t shoff :
       {uint64_t{base.bytes.size()}, uint64_t{base.bytes.size() - 32},
        uint64_t{base.bytes.size() + 0x1000}, uint64_t{1} << 40, ~uint64_t{0} - 16, ~uint64_t{0}}) {
    SyntheticElf elf = base;
    elf.Patch<uint64_t>(offsetof(Elf64_Ehdr, e_shoff), shoff);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << std::hex << shoff;
  }
}

TEST(Symbolizer, TruncatedInsideTheSectionHeadersIsCorrupt) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  // The symbol table's header is readable, the string table's is cut short.
  size_t size = elf.SectionHeader(SyntheticElf::kStrtab) + 40;
  EXPECT_EQ(CreateStatus(ByteVector(elf.bytes.begin(), elf.bytes.begin() + size)),
            Status::kCorrupt);
}

TEST(Symbolizer, EveryTruncationIsCorrupt) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  for (size_t size = 0; size < elf.bytes.size(); ++size) {
    EXPECT_EQ(CreateStatus(ByteVector(elf.bytes.begin(), elf.bytes.begin() + size)),
              Status::kCorrupt)
        << size;
  }
  EXPECT_EQ(CreateStatus(elf.bytes), Status::kOk);
}

TEST(Symbolizer, SymtabWithWrongEntrySizeIsCorrupt) {
  for (uint64_t entsize : {uint64_t{0}, uint64_t{16}, uint64_t{23}, uint64_t{25}, uint64_t{32}}) {
    SyntheticElf elf = BuildElf(BasicSymbols());
    elf.PatchSection<uint64_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_entsize), entsize);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << entsize;
  }
}

TEST(Symbolizer, SymtabOutOfBoundsIsCorrupt) {
  SyntheticElf base = BuildElf(BasicSymbols());
  struct Case {
    uint64_t offset, size;
  };
  uint64_t file_size = base.bytes.size();
  for (Case c : {Case{file_size, 24}, Case{file_size - 8, 24}, Case{base.symbols, file_size},
                 Case{~uint64_t{0} - 8, 24}, Case{base.symbols, ~uint64_t{0} - 24},
                 Case{base.symbols, ~uint64_t{0}}}) {
    SyntheticElf elf = base;
    elf.PatchSection<uint64_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_offset), c.offset);
    elf.PatchSection<uint64_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_size), c.size);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << std::hex << c.offset << " " << c.size;
  }
}

TEST(Symbolizer, StrtabOutOfBoundsIsCorrupt) {
  SyntheticElf base = BuildElf(BasicSymbols());
  struct Case {
    uint64_t offset, size;
  };
  uint64_t file_size = base.bytes.size();
  for (Case c : {Case{file_size, 1}, Case{base.strings, file_size}, Case{file_size + 100, 0x10},
                 Case{~uint64_t{0}, 2}, Case{base.strings, ~uint64_t{0}}}) {
    SyntheticElf elf = base;
    elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_offset), c.offset);
    elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_size), c.size);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << std::hex << c.offset << " " << c.size;
  }
}

TEST(Symbolizer, SymtabLinkingToNothingOrNotAStringTableIsCorrupt) {
  for (uint32_t link :
       {uint32_t{SyntheticElf::kSectionCount}, uint32_t{0xffff}, ~uint32_t{0}, uint32_t{0},
        uint32_t{SyntheticElf::kText}, uint32_t{SyntheticElf::kSymtab}}) {
    SyntheticElf elf = BuildElf(BasicSymbols());
    elf.PatchSection<uint32_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_link), link);
    EXPECT_EQ(CreateStatus(elf.bytes), Status::kCorrupt) << link;
  }
}

TEST(Symbolizer, PartialTrailingSymbolIsIgnored) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  // The table claims 10 bytes more than its 7 entries; they belong to the string table.
  elf.PatchSection<uint64_t>(SyntheticElf::kSymtab, offsetof(Elf64_Shdr, sh_size),
                             7 * sizeof(Elf64_Sym) + 10);
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  EXPECT_EQ(symbolizer->symbol_count(), 7u);
  ExpectMatch(*symbolizer, 0x1010, "function_a", 0x1000);
}

TEST(Symbolizer, NameOffsetsPastTheTableGiveEmptyNames) {
  SyntheticElf base = BuildElf(BasicSymbols());
  for (uint64_t name_offset : {uint64_t{base.strings_size}, uint64_t{base.strings_size + 1},
                               uint64_t{base.bytes.size()}, uint64_t{0xffffffff}}) {
    SCOPED_TRACE(name_offset);
    SyntheticElf elf = base;
    elf.PatchSymbol(1, offsetof(Elf64_Sym, st_name), name_offset, sizeof(uint32_t));  // function_a
    ExactBuffer buffer(elf.bytes);
    Result<Symbolizer> symbolizer = CreateFrom(buffer);
    ASSERT_TRUE(symbolizer.ok());
    Result<SymbolMatch> match = symbolizer->Lookup(0x1010);
    ASSERT_TRUE(match.ok());
    EXPECT_TRUE(match->name.empty()) << Str(match->name);
    EXPECT_EQ(match->address, 0x1000u);
    EXPECT_EQ(match->offset, 0x10u);
    EXPECT_EQ(symbolizer->AddressOf("function_a").status(), Status::kNotFound);
    ExpectMatch(*symbolizer, 0x1110, "function_b", 0x1100);
  }
}

TEST(Symbolizer, UnterminatedNameAtTheEndOfTheTableGivesAnEmptyName) {
  // function_c is the last string; cut the table before its NUL. The NUL is still in the
  // file right after the table, so a reader that ignores the table size would find it.
  SyntheticElf elf = BuildElf(BasicSymbols());
  elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_size),
                             elf.strings_size - 1);
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  Result<SymbolMatch> match = symbolizer->Lookup(0x1200);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(match->name.empty()) << Str(match->name);
  EXPECT_EQ(symbolizer->AddressOf("function_c").status(), Status::kNotFound);
  ExpectMatch(*symbolizer, 0x1000, "function_a", 0x1000);
}

TEST(Symbolizer, StringTableWithoutAnyNulGivesEmptyNames) {
  SyntheticElf elf = BuildElf({{"abc", 0x1000, 0x10}});
  // Place the string table at the very end of the file, 3 bytes "abc" with no NUL.
  ByteVector bytes = elf.bytes;
  uint64_t at = bytes.size();
  bytes.insert(bytes.end(), {'a', 'b', 'c'});
  elf.bytes = bytes;
  elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_offset), at);
  elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_size), 3);
  elf.PatchSymbol(1, offsetof(Elf64_Sym, st_name), 0, sizeof(uint32_t));
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  Result<SymbolMatch> match = symbolizer->Lookup(0x1004);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(match->name.empty()) << Str(match->name);
  EXPECT_EQ(symbolizer->AddressOf("abc").status(), Status::kNotFound);
}

TEST(Symbolizer, EmptyStringTable) {
  SyntheticElf elf = BuildElf(BasicSymbols());
  elf.PatchSection<uint64_t>(SyntheticElf::kStrtab, offsetof(Elf64_Shdr, sh_size), 0);
  ExactBuffer buffer(elf.bytes);
  Result<Symbolizer> symbolizer = CreateFrom(buffer);
  ASSERT_TRUE(symbolizer.ok());
  Result<SymbolMatch> match = symbolizer->Lookup(0x1010);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(match->name.empty());
  EXPECT_EQ(symbolizer->AddressOf("function_a").status(), Status::kNotFound);
}

TEST(Symbolizer, RandomCorruptionNeverReadsOutOfBounds) {
  SyntheticElf original = BuildElf(BasicSymbols());
  std::mt19937 random(4242);
  int created = 0;
  for (int round = 0; round < 3000; ++round) {
    ByteVector bytes = original.bytes;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i) {
      // Mostly the header and section headers, where the offsets and sizes live.
      size_t at = random() % 2 == 0 ? random() % sizeof(Elf64_Ehdr)
                                    : original.section_headers +
                                          random() % (bytes.size() - original.section_headers);
      if (random() % 4 == 0) at = random() % bytes.size();
      bytes[at] = static_cast<unsigned char>(random());
    }
    ExactBuffer buffer(bytes);
    Result<Symbolizer> symbolizer = CreateFrom(buffer);
    if (!symbolizer.ok()) {
      EXPECT_TRUE(symbolizer.status() == Status::kCorrupt ||
                  symbolizer.status() == Status::kNotFound);
      continue;
    }
    ++created;
    for (uint64_t address : {uint64_t{0}, uint64_t{0x1000}, uint64_t{0x1150}, uint64_t{0x1200},
                             ~uint64_t{0}, uint64_t{random()}}) {
      Result<SymbolMatch> match = symbolizer->Lookup(address);
      if (match.ok() && !match->name.empty()) {
        const unsigned char* name = reinterpret_cast<const unsigned char*>(match->name.data());
        EXPECT_GE(name, buffer.begin());
        EXPECT_LE(name + match->name.size(), buffer.end());
      }
    }
    (void)symbolizer->AddressOf("function_b");
  }
  EXPECT_GT(created, 0);
}

}  // namespace
}  // namespace raeen::kernel
