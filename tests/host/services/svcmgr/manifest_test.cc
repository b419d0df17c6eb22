#include "services/svcmgr/manifest.h"

#include <gtest/gtest.h>

#include <string>

namespace raeen::svcmgr {
namespace {

struct Parsed {
  bool ok;
  Manifest manifest;
  ManifestError error;
};

Parsed Parse(const std::string& text) {
  Parsed parsed{};
  parsed.ok =
      ParseManifest(rstd::StringView(text.data(), text.size()), &parsed.manifest, &parsed.error)
          .ok();
  return parsed;
}

TEST(Manifest, ReadsEveryKey) {
  const Parsed p = Parse(
      "# vfsd\n"
      "name = vfsd\n"
      "binary = bin/vfsd   # the program\n"
      "args = --quiet -v\n"
      "provides = vfs, files\n"
      "lookup = log\n"
      "grant = initrd,serial-irq\n"
      "restart = always\n"
      "start = manual\n"
      "control = yes\n"
      "memory = 16M\n"
      "handles = 256\n"
      "threads = 0x8\n");
  ASSERT_TRUE(p.ok) << p.error.line << ": " << p.error.message;
  const Manifest& m = p.manifest;
  EXPECT_EQ(m.name.view(), "vfsd");
  EXPECT_EQ(m.binary_path(), "bin/vfsd");
  EXPECT_EQ(m.arguments(), "--quiet -v");
  ASSERT_EQ(m.provides.count, 2u);
  EXPECT_TRUE(m.provides.Contains("vfs"));
  EXPECT_TRUE(m.provides.Contains("files"));
  EXPECT_FALSE(m.provides.Contains("log"));
  EXPECT_TRUE(m.lookups.Contains("log"));
  ASSERT_EQ(m.grants.count, 2u);
  EXPECT_EQ(m.grants.names[1].view(), "serial-irq");
  EXPECT_EQ(m.restart, RestartPolicy::kAlways);
  EXPECT_EQ(m.start, StartMode::kManual);
  EXPECT_TRUE(m.control);
  EXPECT_EQ(m.memory_limit, 16u << 20);
  EXPECT_EQ(m.handle_limit, 256u);
  EXPECT_EQ(m.thread_limit, 8u);
}

TEST(Manifest, ReadsCpusAndRealTime) {
  const Parsed p = Parse("name = a\nbinary = bin/a\ncpus = 1, 3\nrealtime = 250us/10ms\n");
  ASSERT_TRUE(p.ok) << p.error.message;
  EXPECT_EQ(p.manifest.affinity, 0b1010u);
  EXPECT_EQ(p.manifest.rt_budget_ns, 250'000);
  EXPECT_EQ(p.manifest.rt_period_ns, 10'000'000);
  EXPECT_EQ(p.manifest.rt_cpu, 1u);  // the lowest of cpus
  const Parsed on_three =
      Parse("name = a\nbinary = bin/a\ncpus = 1, 3\nrealtime = 1ms/1s\nrealtime_cpu = 3\n");
  ASSERT_TRUE(on_three.ok) << on_three.error.message;
  EXPECT_EQ(on_three.manifest.rt_cpu, 3u);
  EXPECT_EQ(on_three.manifest.rt_period_ns, 1'000'000'000);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\ncpus = 1\nrealtime = 1ms/2ms\n"
                     "realtime_cpu = 0\n")
                   .ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\nrealtime_cpu = 0\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\nrealtime = 3ms/2ms\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\nrealtime = 3ms\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\nrealtime = 0ms/2ms\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\ncpus = 64\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\ncpus = 1, 1\n").ok);
}

TEST(Manifest, DefaultsAreBootOnFailureNoControlNoLimits) {
  const Parsed p = Parse("name = a\nbinary = bin/a\n");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.manifest.restart, RestartPolicy::kOnFailure);
  EXPECT_EQ(p.manifest.start, StartMode::kBoot);
  EXPECT_FALSE(p.manifest.control);
  EXPECT_EQ(p.manifest.memory_limit, 0u);
  EXPECT_EQ(p.manifest.lookups.count, 0u);
}

TEST(Manifest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    uint32_t line;
    const char* message;
  };
  const Case cases[] = {
      {"name = a\nbinary = bin/a\ncolour = red\n", 3, "unknown key"},
      {"name = a\nname = b\nbinary = bin/a\n", 2, "a key given twice"},
      {"name = A\nbinary = bin/a\n", 1, "not a name ([a-z0-9_-], 1 to 32 bytes)"},
      {"name = a\nbinary = bin/a\nprovides = x,,y\n", 3, "not a name ([a-z0-9_-], 1 to 32 bytes)"},
      {"name = a\nbinary = bin/a\nlookup = x, x\n", 3, "a name listed twice"},
      {"name = a\nbinary = /bin/a\n", 2, "binary is an initrd path like bin/x"},
      {"name = a\nbinary = bin/a\nrestart = sometimes\n", 3,
       "restart is always, on-failure or never"},
      {"name = a\nbinary = bin/a\nstart = later\n", 3, "start is boot or manual"},
      {"name = a\nbinary = bin/a\ncontrol = maybe\n", 3, "control is yes or no"},
      {"name = a\nbinary = bin/a\nmemory = 12Q\n", 3, "not a size"},
      {"name = a\nbinary = bin/a\nhandles = 99999999999\n", 3, "not a count"},
      {"name = a\nbinary = bin/a\njust words\n", 3, "not `key = value`"},
      {"name = a\nbinary = bin/a\nprovides =\n", 3, "an empty list"},
      {"binary = bin/a\n", 0, "no name"},
      {"name = a\n", 0, "no binary"},
  };
  for (const Case& c : cases) {
    const Parsed p = Parse(c.text);
    EXPECT_FALSE(p.ok) << c.text;
    EXPECT_EQ(p.error.line, c.line) << c.text;
    EXPECT_STREQ(p.error.message, c.message) << c.text;
  }
}

TEST(Manifest, ListsAndNamesHaveLimits) {
  std::string lookups = "name = a\nbinary = bin/a\nlookup = ";
  for (int i = 0; i < 17; ++i) lookups += (i ? ",n" : "n") + std::to_string(i);
  const Parsed too_many = Parse(lookups + "\n");
  EXPECT_FALSE(too_many.ok);
  EXPECT_STREQ(too_many.error.message, "too many names in the list");
  EXPECT_TRUE(Parse("name = " + std::string(32, 'a') + "\nbinary = bin/a\n").ok);
  EXPECT_FALSE(Parse("name = " + std::string(33, 'a') + "\nbinary = bin/a\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/" + std::string(100, 'a') + "\n").ok);
  EXPECT_FALSE(Parse("name = a\nbinary = bin/a\nmemory = 99999999999999999999\n").ok);
}

TEST(Manifest, RandomBytesNeverCrashAndOnlyParseWhenComplete) {
  uint64_t seed = 0x9e3779b97f4a7c15;
  for (int round = 0; round < 20000; ++round) {
    std::string text = "name = a\nbinary = bin/a\nprovides = x\n";
    seed = seed * 6364136223846793005 + 1442695040888963407;
    const size_t flips = 1 + (seed >> 60);
    for (size_t i = 0; i < flips; ++i) {
      seed = seed * 6364136223846793005 + 1442695040888963407;
      text[(seed >> 33) % text.size()] = static_cast<char>(seed >> 56);
    }
    const Parsed p = Parse(text);
    if (p.ok) {
      EXPECT_FALSE(p.manifest.name.view().empty());
      EXPECT_NE(p.manifest.binary_size, 0u);
    }
  }
}

}  // namespace
}  // namespace raeen::svcmgr
