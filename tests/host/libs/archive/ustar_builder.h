#pragma once
// Host-test helpers for ustar archives: a header builder that can also write broken headers,
// an archive builder, and a temporary directory (for archives made by the system tar). Used
// by the tar reader's tests and by vfsd's initrd import tests.

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace raeen::archive::testing {

using Archive = std::vector<uint8_t>;

class HeaderBuilder {
 public:
  explicit HeaderBuilder(const std::string& name, char type = '0', size_t size = 0) {
    Put(0, name, 100);
    Octal(100, 8, 0644);
    Octal(108, 8, 0);
    Octal(116, 8, 0);
    Octal(124, 12, size);
    Octal(136, 12, 0);
    block_[156] = static_cast<uint8_t>(type);
    std::memcpy(&block_[257],
                "ustar\0"
                "00",
                8);
  }

  HeaderBuilder& Put(size_t offset, const std::string& text, size_t width) {
    std::memset(&block_[offset], 0, width);
    std::memcpy(&block_[offset], text.data(), std::min(text.size(), width));
    return *this;
  }
  HeaderBuilder& Octal(size_t offset, size_t width, uint64_t value) {
    char text[32];
    std::snprintf(text, sizeof(text), "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
    return Put(offset, text, width);
  }
  HeaderBuilder& Raw(size_t offset, uint8_t byte) {
    block_[offset] = byte;
    return *this;
  }
  HeaderBuilder& Mode(uint32_t mode) { return Octal(100, 8, mode); }
  HeaderBuilder& Mtime(uint64_t seconds) { return Octal(136, 12, seconds); }
  HeaderBuilder& Prefix(const std::string& prefix) { return Put(345, prefix, 155); }
  HeaderBuilder& Link(const std::string& target) { return Put(157, target, 100); }

  // The block with a correct checksum (unless `checksum_delta` spoils it).
  std::vector<uint8_t> Build(int checksum_delta = 0) const {
    std::vector<uint8_t> block(block_, block_ + 512);
    std::memset(&block[148], ' ', 8);
    unsigned sum = 0;
    for (uint8_t byte : block) sum += byte;
    char text[16];
    std::snprintf(text, sizeof(text), "%06o", sum + checksum_delta);
    std::memcpy(&block[148], text, 7);  // six digits, NUL, and the space stays
    return block;
  }

 private:
  uint8_t block_[512] = {};
};

struct ArchiveBuilder {
  Archive bytes;

  ArchiveBuilder& Add(const HeaderBuilder& header, const std::string& data = "") {
    std::vector<uint8_t> block = header.Build();
    bytes.insert(bytes.end(), block.begin(), block.end());
    return Data(data);
  }
  ArchiveBuilder& Block(const std::vector<uint8_t>& block) {
    bytes.insert(bytes.end(), block.begin(), block.end());
    return *this;
  }
  ArchiveBuilder& Data(const std::string& data) {
    bytes.insert(bytes.end(), data.begin(), data.end());
    bytes.resize((bytes.size() + 511) / 512 * 512, 0);
    return *this;
  }
  ArchiveBuilder& End() {
    bytes.resize(bytes.size() + 1024, 0);
    return *this;
  }
};

// A fresh directory under the system's temporary one, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "raeen-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace raeen::archive::testing
