#include "kernel/acpi/sleep_type.h"

#include "kernel/acpi/table_header.h"

namespace raeen::kernel::acpi {
namespace {

// AML encodings [ACPI 6.5, 20.2]: name, package and integer opcodes.
constexpr uint8_t kNameOp = 0x08;
constexpr uint8_t kRootChar = '\\';
constexpr uint8_t kPackageOp = 0x12;
constexpr uint8_t kZeroOp = 0x00;
constexpr uint8_t kOneOp = 0x01;
constexpr uint8_t kBytePrefix = 0x0a;
constexpr uint8_t kWordPrefix = 0x0b;
constexpr uint8_t kDWordPrefix = 0x0c;
constexpr uint8_t kMaxSleepType = 7;  // SLP_TYP is 3 bits of PM1_CNT

// A bounded reader over the AML bytes.
class Cursor {
 public:
  Cursor(rstd::Bytes bytes, uint64_t offset) : bytes_(bytes), offset_(offset) {}

  bool Byte(uint8_t* out) { return ReadLe(bytes_, offset_++, out); }

  // PkgLength [ACPI 6.5, 20.2.4]: bits 7:6 of the lead byte count the bytes that follow; with
  // none, bits 5:0 are the length, else bits 3:0 are its low nibble. The length counts
  // itself and the package's contents; the package must end inside the table.
  bool PackageLength(uint64_t* end) {
    uint64_t start = offset_;
    uint8_t lead = 0;
    if (!Byte(&lead)) return false;
    uint8_t follow = lead >> 6;
    uint64_t length = follow == 0 ? (lead & 0x3f) : (lead & 0x0f);
    for (uint8_t i = 0; i < follow; ++i) {
      uint8_t next = 0;
      if (!Byte(&next)) return false;
      length |= uint64_t{next} << (4 + 8 * i);
    }
    if (length > bytes_.size() - start) return false;
    *end = start + length;
    return true;
  }

  // ZeroOp, OneOp or a Byte/Word/DWord constant; anything else (a name, an expression) is
  // beyond this reader.
  bool Integer(uint64_t* out) {
    uint8_t op = 0;
    if (!Byte(&op)) return false;
    switch (op) {
      case kZeroOp: *out = 0; return true;
      case kOneOp: *out = 1; return true;
      case kBytePrefix: return Constant<uint8_t>(out);
      case kWordPrefix: return Constant<uint16_t>(out);
      case kDWordPrefix: return Constant<uint32_t>(out);
      default: return false;
    }
  }

  uint64_t offset() const { return offset_; }

 private:
  template <typename T>
  bool Constant(uint64_t* out) {
    T value = 0;
    if (!ReadLe(bytes_, offset_, &value)) return false;
    offset_ += sizeof(T);
    *out = value;
    return true;
  }

  rstd::Bytes bytes_;
  uint64_t offset_;
};

enum class Match { kNone, kFound, kOutOfRange };

// Decodes the package after "_S5_" at `name_end`, if it is in the one encoding understood.
Match DecodeAt(rstd::Bytes dsdt, uint64_t name_end, SleepType* out) {
  Cursor cursor(dsdt, name_end);
  uint8_t op = 0;
  uint64_t package_end = 0;
  uint8_t count = 0;
  if (!cursor.Byte(&op) || op != kPackageOp || !cursor.PackageLength(&package_end) ||
      !cursor.Byte(&count) || count == 0) {
    return Match::kNone;
  }
  uint64_t first = 0;
  uint64_t second = 0;
  if (!cursor.Integer(&first)) return Match::kNone;
  if (count >= 2 && !cursor.Integer(&second)) return Match::kNone;
  if (cursor.offset() > package_end) return Match::kNone;
  if (count == 1) {
    // ACPI 1.0 style: one integer, SLP_TYPa in bits 7:0 and SLP_TYPb in bits 15:8.
    second = (first >> 8) & 0xff;
    first &= 0xff;
  }
  if (first > kMaxSleepType || second > kMaxSleepType) return Match::kOutOfRange;
  *out = SleepType{static_cast<uint8_t>(first), static_cast<uint8_t>(second)};
  return Match::kFound;
}

}  // namespace

Result<SleepType> FindS5SleepType(rstd::Bytes dsdt) {
  RAEEN_TRY(CheckTable(dsdt, "DSDT", kTableHeaderSize, 1));
  static constexpr uint8_t kName[4] = {'_', 'S', '5', '_'};
  bool found = false;
  bool out_of_range = false;
  SleepType result{};
  for (uint64_t at = kTableHeaderSize + 1; at + sizeof(kName) <= dsdt.size(); ++at) {
    if (__builtin_memcmp(dsdt.data() + at, kName, sizeof(kName)) != 0) continue;
    // `NameOp _S5_` or `NameOp \_S5_`; the same bytes inside a method call, a string or a
    // longer path are not a definition.
    uint8_t before = dsdt[at - 1];
    bool defined = before == kNameOp ||
                   (before == kRootChar && at >= kTableHeaderSize + 2 && dsdt[at - 2] == kNameOp);
    if (!defined) continue;
    SleepType candidate{};
    switch (DecodeAt(dsdt, at + sizeof(kName), &candidate)) {
      case Match::kNone: continue;
      case Match::kOutOfRange: out_of_range = true; continue;
      case Match::kFound: break;
    }
    if (found && (candidate.a != result.a || candidate.b != result.b)) {
      return Error(Status::kBadState);
    }
    found = true;
    result = candidate;
  }
  if (found && out_of_range) return Error(Status::kBadState);
  if (found) return result;
  return Error(out_of_range ? Status::kOutOfRange : Status::kNotFound);
}

}  // namespace raeen::kernel::acpi
