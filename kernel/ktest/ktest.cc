#include "kernel/ktest/ktest.h"

#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/debug_exit.h"
#include "kernel/log/log.h"

extern "C" const raeen::kernel::ktest::TestCase __ktest_cases_start[];
extern "C" const raeen::kernel::ktest::TestCase __ktest_cases_end[];

namespace raeen::kernel::ktest {
namespace {

int failures_in_current_test = 0;

bool Selected(const TestCase& test, rstd::StringView filter) {
  char full_name[128];
  rstd::StringView name = rstd::FormatTo(full_name, sizeof(full_name), "{}.{}", test.suite, test.name);
  if (name == filter) return true;
  if (test.manual) return false;
  if (filter == "all") return true;
  // "idt" and "idt." both select the suite.
  rstd::StringView suite(test.suite);
  return filter == suite || (filter.ends_with(".") && name.starts_with(filter));
}

class RawWriter final : public rstd::Writer {
 public:
  void Write(rstd::StringView text) override { LogRaw(text); }
};

}  // namespace

void ReportFailure(const char* file, int line, const char* expression) {
  ++failures_in_current_test;
  RawWriter out;
  rstd::Format(out, "#   expectation failed at {}:{}: {}\n", file, line, expression);
}

void RunAndExit(rstd::StringView filter) {
  RawWriter out;
  size_t selected = 0;
  for (const TestCase* test = __ktest_cases_start; test < __ktest_cases_end; ++test) {
    if (Selected(*test, filter)) ++selected;
  }
  if (selected == 0) {
    rstd::Format(out, "ktest: no test matches '{}'\n", filter);
    arch::DebugExit(arch::DebugExitCode::kTestsFailed);
    arch::HaltForever();
  }

  out.Write("TAP version 13\n");
  rstd::Format(out, "1..{}\n", selected);
  size_t index = 0;
  size_t passed = 0;
  for (const TestCase* test = __ktest_cases_start; test < __ktest_cases_end; ++test) {
    if (!Selected(*test, filter)) continue;
    ++index;
    failures_in_current_test = 0;
    uint64_t start = arch::ReadTsc();
    test->function();
    uint64_t ticks = arch::ReadTsc() - start;
    bool ok = failures_in_current_test == 0;
    if (ok) ++passed;
    rstd::Format(out, "{}ok {} - {}.{} # {} TSC ticks\n", ok ? "" : "not ", index, test->suite,
                 test->name, ticks);
  }
  rstd::Format(out, "# {} passed, {} failed\n", passed, selected - passed);
  arch::DebugExit(passed == selected ? arch::DebugExitCode::kTestsPassed
                                     : arch::DebugExitCode::kTestsFailed);
  arch::HaltForever();
}

}  // namespace raeen::kernel::ktest
