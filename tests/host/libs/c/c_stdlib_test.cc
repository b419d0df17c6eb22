#include "libs/c/c_stdlib.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "libs/c/c_errno.h"
#include "libs/c/stream.h"
#include "tests/host/libs/c/fake_platform.h"

namespace raeen::libc {
namespace {

TEST(CStdlib, ErrnoValuesAreLinuxs) {
  EXPECT_EQ(RAEEN_ERANGE, ERANGE);
  EXPECT_EQ(RAEEN_EINVAL, EINVAL);
  EXPECT_EQ(RAEEN_ENOMEM, ENOMEM);
  EXPECT_EQ(RAEEN_EOVERFLOW, EOVERFLOW);
  EXPECT_EQ(RAEEN_ENOTSUP, ENOTSUP);
  EXPECT_EQ(RAEEN_ETIMEDOUT, ETIMEDOUT);
  EXPECT_EQ(RAEEN_RAND_MAX, RAND_MAX);
}

const char* const kNumbers[] = {"0",
                                "1",
                                "-1",
                                "+1",
                                "  42",
                                "\t\n\v\f\r 42x",
                                "-",
                                "+",
                                "",
                                " ",
                                "x",
                                "0x",
                                "0X",
                                "0x1g",
                                "0xg",
                                "0x10",
                                "-0x10",
                                "0XfF",
                                "010",
                                "08",
                                "0",
                                "00",
                                "-0",
                                "9223372036854775807",
                                "9223372036854775808",
                                "-9223372036854775808",
                                "-9223372036854775809",
                                "18446744073709551615",
                                "18446744073709551616",
                                "-18446744073709551615",
                                "-18446744073709551616",
                                "99999999999999999999999999",
                                "-99999999999999999999999999",
                                "0x7fffffffffffffff",
                                "0x8000000000000000",
                                "0xffffffffffffffff",
                                "0x10000000000000000",
                                "777777777777777777777",
                                "1777777777777777777777",
                                "2000000000000000000000",
                                "zz",
                                "ZZ",
                                "1z",
                                "123abc",
                                "+-1",
                                "-+1",
                                " -  1",
                                "0b101",
                                "1e5",
                                "12.5",
                                "\x80\x31"};

template <typename Ours, typename Host>
void CompareParsers(const char* name, Ours ours, Host host) {
  for (const char* text : kNumbers) {
    for (int base : {0, 2, 8, 10, 16, 36, 7, 35}) {
      char* our_end = nullptr;
      char* host_end = nullptr;
      SetErrno(0);
      errno = 0;
      auto our_value = ours(text, &our_end, base);
      int our_errno = Errno();
      auto host_value = host(text, &host_end, base);
      int host_errno = errno;
      EXPECT_EQ(our_value, host_value) << name << "(\"" << text << "\", " << base << ")";
      EXPECT_EQ(our_end - text, host_end - text) << name << "(\"" << text << "\", " << base << ")";
      EXPECT_EQ(our_errno, host_errno) << name << "(\"" << text << "\", " << base << ")";
    }
  }
}

TEST(CStdlib, StrtoAgainstHost) {
  CompareParsers("strtol", Strtol,
                 [](const char* s, char** e, int b) { return std::strtol(s, e, b); });
  CompareParsers("strtoll", Strtoll,
                 [](const char* s, char** e, int b) { return std::strtoll(s, e, b); });
  CompareParsers("strtoul", Strtoul,
                 [](const char* s, char** e, int b) { return std::strtoul(s, e, b); });
  CompareParsers("strtoull", Strtoull,
                 [](const char* s, char** e, int b) { return std::strtoull(s, e, b); });
}

TEST(CStdlib, StrtoRandomAgainstHost) {
  std::mt19937_64 random(77);
  const char alphabet[] = "0123456789abcdefxXzZ +-\t";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    size_t length = random() % 24;
    for (size_t j = 0; j < length; ++j) text += alphabet[random() % (sizeof(alphabet) - 1)];
    int base = static_cast<int>(random() % 37);
    if (base == 1) base = 0;
    char* our_end = nullptr;
    char* host_end = nullptr;
    SetErrno(0);
    errno = 0;
    long long ours = Strtoll(text.c_str(), &our_end, base);
    long long host = std::strtoll(text.c_str(), &host_end, base);
    ASSERT_EQ(ours, host) << text << " base " << base;
    ASSERT_EQ(our_end, host_end) << text << " base " << base;
    ASSERT_EQ(Errno(), errno) << text << " base " << base;
    unsigned long long our_unsigned = Strtoull(text.c_str(), &our_end, base);
    ASSERT_EQ(our_unsigned, std::strtoull(text.c_str(), &host_end, base)) << text;
    ASSERT_EQ(our_end, host_end) << text;
  }
}

TEST(CStdlib, StrtoBadBaseAndNullEnd) {
  SetErrno(0);
  EXPECT_EQ(Strtol("12", nullptr, 1), 0);
  EXPECT_EQ(Errno(), RAEEN_EINVAL);
  SetErrno(0);
  EXPECT_EQ(Strtol("12", nullptr, 37), 0);
  EXPECT_EQ(Errno(), RAEEN_EINVAL);
  SetErrno(0);
  EXPECT_EQ(Strtoul("99", nullptr, 10), 99u);
  EXPECT_EQ(Errno(), 0);
}

TEST(CStdlib, AtoiFamilyAndAbs) {
  EXPECT_EQ(Atoi("  -123xyz"), -123);
  EXPECT_EQ(Atol("9223372036854775807"), LONG_MAX);
  EXPECT_EQ(Atoll("-77"), -77);
  EXPECT_EQ(Abs(-5), 5);
  EXPECT_EQ(Labs(-5000000000L), 5000000000L);
  EXPECT_EQ(Llabs(LLONG_MIN + 1), LLONG_MAX);
  DivResult result = Div(-7, 2);
  EXPECT_EQ(result.quotient, -3);
  EXPECT_EQ(result.remainder, -1);
}

int CompareInts(const void* a, const void* b) {
  int x = *static_cast<const int*>(a);
  int y = *static_cast<const int*>(b);
  return (x > y) - (x < y);
}

TEST(CStdlib, QsortMatchesStdSort) {
  std::mt19937 random(99);
  for (int round = 0; round < 400; ++round) {
    size_t count = round < 100 ? static_cast<size_t>(round) : random() % 5000;
    std::vector<int> values(count);
    int range = static_cast<int>(random() % 4);
    for (int& value : values) {
      // Small ranges make many duplicates; the others nearly all distinct.
      value = range == 0 ? static_cast<int>(random() % 3) : static_cast<int>(random());
    }
    if (round % 7 == 0) std::sort(values.begin(), values.end());
    if (round % 11 == 0) std::sort(values.rbegin(), values.rend());
    std::vector<int> expected = values;
    std::sort(expected.begin(), expected.end());
    Qsort(values.data(), values.size(), sizeof(int), CompareInts);
    ASSERT_EQ(values, expected) << "round " << round;
  }
}

TEST(CStdlib, QsortOddElementSizesAndAdversarialInput) {
  struct Record {
    char key[3];
    char payload[4];
  };
  std::mt19937 random(3);
  std::vector<Record> records(3000);
  for (Record& record : records) {
    for (char& c : record.key) c = static_cast<char>('a' + random() % 4);
    std::memcpy(record.payload, record.key, 3);
    record.payload[3] = '!';
  }
  auto compare = [](const void* a, const void* b) {
    return std::memcmp(static_cast<const Record*>(a)->key, static_cast<const Record*>(b)->key, 3);
  };
  Qsort(records.data(), records.size(), sizeof(Record), compare);
  for (size_t i = 0; i + 1 < records.size(); ++i) {
    ASSERT_LE(std::memcmp(records[i].key, records[i + 1].key, 3), 0);
  }
  for (const Record& record : records) {
    ASSERT_EQ(std::memcmp(record.key, record.payload, 3), 0);  // moved whole
  }
  // Organ pipe and all-equal inputs stay O(n log n): count the comparisons.
  static size_t comparisons;
  auto counting = [](const void* a, const void* b) {
    ++comparisons;
    return CompareInts(a, b);
  };
  std::vector<int> pipe(100000);
  for (size_t i = 0; i < pipe.size(); ++i) {
    pipe[i] = static_cast<int>(i < pipe.size() / 2 ? i : pipe.size() - i);
  }
  comparisons = 0;
  Qsort(pipe.data(), pipe.size(), sizeof(int), counting);
  EXPECT_TRUE(std::is_sorted(pipe.begin(), pipe.end()));
  EXPECT_LT(comparisons, 100000u * 17 * 4);
  std::vector<int> same(100000, 5);
  comparisons = 0;
  Qsort(same.data(), same.size(), sizeof(int), counting);
  EXPECT_LT(comparisons, 100000u * 17 * 4);
}

TEST(CStdlib, Bsearch) {
  std::vector<int> values = {1, 3, 5, 7, 9, 11};
  for (int key = 0; key <= 12; ++key) {
    void* found = Bsearch(&key, values.data(), values.size(), sizeof(int), CompareInts);
    if (key % 2 == 1 && key <= 11) {
      ASSERT_NE(found, nullptr);
      EXPECT_EQ(*static_cast<int*>(found), key);
    } else {
      EXPECT_EQ(found, nullptr) << key;
    }
  }
  int key = 1;
  EXPECT_EQ(Bsearch(&key, values.data(), 0, sizeof(int), CompareInts), nullptr);
}

TEST(CStdlib, RandIsInRangeAndRepeatable) {
  Srand(42);
  std::vector<int> first;
  for (int i = 0; i < 1000; ++i) {
    int value = Rand();
    ASSERT_GE(value, 0);
    ASSERT_LE(value, RAEEN_RAND_MAX);
    first.push_back(value);
  }
  Srand(42);
  for (int value : first) EXPECT_EQ(Rand(), value);
  EXPECT_GT(std::count_if(first.begin(), first.end(), [](int v) { return v > RAEEN_RAND_MAX / 2; }),
            400);
}

TEST(CStdlib, GetenvHasNoEnvironment) {
  EXPECT_EQ(Getenv("PATH"), nullptr);
}

void FirstAtExit() {
  Printf("first ");
}
void SecondAtExit() {
  Printf("second ");
}

TEST(CStdlibDeathTest, ExitRunsAtExitInReverseAndFlushes) {
  EXPECT_EXIT(
      {
        testing::ResetFakePlatform();
        Atexit(FirstAtExit);
        Atexit(SecondAtExit);
        Printf("buffered");
        Exit(3);
      },
      ::testing::ExitedWithCode(3), "\\[stdout\\]bufferedsecond first \\[exit 3\\]");
}

TEST(CStdlibDeathTest, AbortUsesTheHook) {
  EXPECT_DEATH(Abort(), "RaeenPlatformAbort: abort\\(\\) called");
}

}  // namespace
}  // namespace raeen::libc
