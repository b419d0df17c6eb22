#include "tools/testrunner/boot_kaslr_scenario.h"

#include <array>
#include <set>

#include "tools/testrunner/guest_markers.h"
#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr uint64_t k2M = 2ull << 20;
constexpr uint64_t k1G = 1ull << 30;
constexpr uint64_t kKernelAreaSize = 64 * k1G;

// Where each base may lie (docs/kaslr.md): [low, high) and its alignment.
struct BaseRule {
  const char* name;
  uint64_t low;
  uint64_t high;  // exclusive, for the base itself
  uint64_t alignment;
};
constexpr BaseRule kKernelRule = {"kernel base", 0xffffffff80000000, 0xffffffffff000000, k2M};
constexpr BaseRule kDirectMapRule = {"direct map base", 0xffff800000000000, 0xffffe00000000000,
                                     k1G};
constexpr BaseRule kStacksRule = {"kernel stack area", 0xffffe00000000000,
                                  0xffffff8000000000 - kKernelAreaSize + 1, k1G};
constexpr BaseRule kMmioRule = {"MMIO window", 0xffffe00000000000,
                                0xffffff8000000000 - kKernelAreaSize + 1, k1G};

struct BootBases {
  uint64_t kernel = 0;
  KernelAreaBases areas{};
};

std::string Hex(uint64_t value) {
  return Printf("0x%016llx", static_cast<unsigned long long>(value));
}

std::string CheckBase(const BaseRule& rule, uint64_t base) {
  if (base % rule.alignment != 0) {
    return Printf("%s %s is not aligned to %llu MiB", rule.name, Hex(base).c_str(),
                  static_cast<unsigned long long>(rule.alignment >> 20));
  }
  if (base < rule.low || base >= rule.high) {
    return Printf("%s %s is outside [%s, %s)", rule.name, Hex(base).c_str(),
                  Hex(rule.low).c_str(), Hex(rule.high).c_str());
  }
  return {};
}

std::expected<BootBases, std::string> BootToReady(ScenarioContext& context, QemuSession& session) {
  BootBases bases;
  auto kaslr = context.Expect(
      session, [](std::string_view line) { return ParseKaslrBase(line).has_value(); },
      "the KASLR base");
  if (!kaslr) return std::unexpected(kaslr.error());
  bases.kernel = *ParseKaslrBase((*kaslr)->text);
  auto areas = context.Expect(
      session, [](std::string_view line) { return ParseKernelAreaBases(line).has_value(); },
      "the kernel area bases (`kaslr: direct map ...`)");
  if (!areas) return std::unexpected(areas.error());
  bases.areas = *ParseKernelAreaBases((*areas)->text);
  auto ready = context.Expect(session, IsKernelReady, "`kernel ready`");
  if (!ready) return std::unexpected(ready.error());
  return bases;
}

}  // namespace

Outcome BootKaslrScenario::Run(ScenarioContext& context) const {
  // Three boots, one after the other (on two host cores concurrent TCG boots saved no time).
  // The kernel base has only 1016 slots: two boots collide once in 1016 runs, three boots all
  // on one slot once in a million. So each base must take at least two values in three boots.
  std::array<BootBases, 3> boots;
  for (size_t i = 0; i < boots.size(); ++i) {
    auto session = context.Boot({Printf("boot-%zu", i + 1), "", BootOrPanicFailurePatterns()});
    if (!session) return std::unexpected(session.error());
    auto bases = BootToReady(context, **session);
    (*session)->Stop();
    if (!bases) return std::unexpected(bases.error());
    boots[i] = *bases;
  }
  struct Checked {
    const BaseRule& rule;
    uint64_t (*get)(const BootBases&);
  };
  const Checked checks[] = {
      {kKernelRule, [](const BootBases& b) { return b.kernel; }},
      {kDirectMapRule, [](const BootBases& b) { return b.areas.direct_map; }},
      {kStacksRule, [](const BootBases& b) { return b.areas.stacks; }},
      {kMmioRule, [](const BootBases& b) { return b.areas.mmio; }},
  };
  for (const Checked& check : checks) {
    std::set<uint64_t> seen;
    for (const BootBases& boot : boots) {
      if (std::string problem = CheckBase(check.rule, check.get(boot)); !problem.empty()) {
        return std::unexpected(problem);
      }
      seen.insert(check.get(boot));
    }
    if (seen.size() < 2) {
      return std::unexpected(Printf("three boots all chose %s %s: no randomization",
                                    check.rule.name, Hex(check.get(boots[0])).c_str()));
    }
    context.Note(Printf("%s: %zu different values in %zu boots", check.rule.name, seen.size(),
                        boots.size()));
  }
  for (const BootBases& boot : boots) {
    const uint64_t stacks = boot.areas.stacks;
    const uint64_t mmio = boot.areas.mmio;
    if (stacks < mmio + kKernelAreaSize && mmio < stacks + kKernelAreaSize) {
      return std::unexpected(Printf("kernel stack area %s and MMIO window %s overlap",
                                    Hex(stacks).c_str(), Hex(mmio).c_str()));
    }
  }
  return {};
}

}  // namespace raeen::tools::testrunner
