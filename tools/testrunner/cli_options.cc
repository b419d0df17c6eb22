#include "tools/testrunner/cli_options.h"

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

constexpr std::string_view kUsage =
    R"(usage:
  testrunner list
      List the system-test scenarios.
  testrunner scenario <name> --build-dir DIR [--out DIR] [--accel auto|tcg|kvm] [--timeout S]
      Boot the image in QEMU and check one scenario. Exit 0 on pass, 1 on fail.
      Output (serial log, QEMU stderr, screenshots) goes to DIR/test-output/<name>/.
  testrunner run --build-dir DIR [--headless] [--cmdline TEXT] [--accel auto|tcg|kvm] [--gdb]
      Boot interactively: a QEMU window when a display is available (unless --headless),
      the serial console on this terminal either way (Ctrl-A X quits).
      --gdb waits for gdb on 127.0.0.1:1234 and prints the command to attach.
  testrunner bench --build-dir DIR [--boots N] [--json FILE] [--accel auto|tcg|kvm] [--timeout S]
                   [--icount]
      Boot N times (default 5) with `bench=all` and report boot timings and every
      `@bench` sample the guest prints (p50/p99/p999/max, nearest-rank). --icount runs
      only the user-space benchmarks under -icount shift=0: their ns are instructions.

options:
  --build-dir DIR   the CMake build directory holding images/esp.img
  --out DIR         where to write logs and screenshots (emptied first; only a directory
                    that is empty or was written by testrunner)
  --accel MODE      tcg (default) software emulation; kvm forces KVM; auto uses KVM only
                    if a one-time probe showed it boots OVMF to the loader (the verdict is
                    cached in DIR/testrunner/kvm-probe.txt; delete it to probe again)
  --timeout S       hard limit per boot in seconds (default 90)
)";

std::optional<AccelChoice> ParseAccel(std::string_view text) {
  if (text == "auto") return AccelChoice::kAuto;
  if (text == "tcg") return AccelChoice::kTcg;
  if (text == "kvm") return AccelChoice::kKvm;
  return std::nullopt;
}

std::unexpected<std::string> Error(std::string message) {
  return std::unexpected(std::move(message));
}

std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

}  // namespace

std::string_view Usage() {
  return kUsage;
}

std::expected<CliOptions, std::string> ParseCli(std::span<const std::string_view> args) {
  CliOptions options;
  if (args.empty()) return Error("no command given");
  const std::string_view command = args[0];
  if (command == "help" || command == "--help" || command == "-h") {
    options.command = Command::kHelp;
    return options;
  }
  if (command == "list") {
    options.command = Command::kList;
  } else if (command == "scenario") {
    options.command = Command::kScenario;
  } else if (command == "run") {
    options.command = Command::kRun;
  } else if (command == "bench") {
    options.command = Command::kBench;
  } else {
    return Error("unknown command " + Quoted(command));
  }

  bool have_build_dir = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    // Options that take a value accept both `--opt VALUE` and `--opt=VALUE`.
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (arg.starts_with("--")) {
      const size_t equals = arg.find('=');
      if (equals != std::string_view::npos) {
        name = arg.substr(0, equals);
        inline_value = arg.substr(equals + 1);
      }
    }
    auto value = [&]() -> std::expected<std::string_view, std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return Error(std::string(name) + " needs a value");
      return args[++i];
    };
    auto applies_to = [&](std::initializer_list<Command> commands) {
      for (const Command c : commands) {
        if (c == options.command) return true;
      }
      return false;
    };
    const bool is_flag = name == "--headless" || name == "--gdb";
    if (is_flag && inline_value) return Error(std::string(name) + " takes no value");

    if (name == "--build-dir" && applies_to({Command::kScenario, Command::kRun, Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      if (v->empty()) return Error("--build-dir must not be empty");
      options.build_dir = *v;
      have_build_dir = true;
    } else if (name == "--out" && applies_to({Command::kScenario, Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      if (v->empty()) return Error("--out must not be empty");
      options.out_dir = std::filesystem::path(*v);
    } else if (name == "--accel" &&
               applies_to({Command::kScenario, Command::kRun, Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      const auto accel = ParseAccel(*v);
      if (!accel) return Error("--accel must be auto, tcg or kvm, not " + Quoted(*v));
      options.accel = *accel;
    } else if (name == "--timeout" && applies_to({Command::kScenario, Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      const auto seconds = ParseInteger(*v);
      if (!seconds || *seconds < 1 || *seconds > 86400) {
        return Error("--timeout must be a whole number of seconds (1..86400), not " + Quoted(*v));
      }
      options.timeout_seconds = static_cast<int>(*seconds);
    } else if (name == "--headless" && applies_to({Command::kRun})) {
      options.headless = true;
    } else if (name == "--gdb" && applies_to({Command::kRun})) {
      options.gdb = true;
    } else if (name == "--cmdline" && applies_to({Command::kRun})) {
      auto v = value();
      if (!v) return Error(v.error());
      if (v->find_first_of("\r\n") != std::string_view::npos) {
        return Error("--cmdline must be a single line");
      }
      options.cmdline = std::string(*v);
    } else if (name == "--boots" && applies_to({Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      const auto boots = ParseInteger(*v);
      if (!boots || *boots < 1 || *boots > 10000) {
        return Error("--boots must be a whole number from 1 to 10000, not " + Quoted(*v));
      }
      options.boots = static_cast<int>(*boots);
    } else if (name == "--icount" && applies_to({Command::kBench})) {
      options.icount = true;
    } else if (name == "--json" && applies_to({Command::kBench})) {
      auto v = value();
      if (!v) return Error(v.error());
      if (v->empty()) return Error("--json must not be empty");
      options.json_path = std::filesystem::path(*v);
    } else if (options.command == Command::kScenario && !arg.starts_with("-") &&
               options.scenario.empty()) {
      options.scenario = std::string(arg);
    } else if (arg.starts_with("-")) {
      return Error("unknown option " + Quoted(arg) + " for '" + std::string(command) + "'");
    } else {
      return Error("unexpected argument " + Quoted(arg));
    }
  }

  if (options.command == Command::kScenario && options.scenario.empty()) {
    return Error("scenario: which one? (see `testrunner list`)");
  }
  if (options.command != Command::kList && !have_build_dir) {
    return Error(std::string(command) + " needs --build-dir DIR");
  }
  return options;
}

}  // namespace raeen::tools::testrunner
