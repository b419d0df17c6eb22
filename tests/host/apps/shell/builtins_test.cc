#include "apps/shell/builtins.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/host/apps/shell/fake_system.h"

namespace raeen::shell {
namespace {

using testing::FakeSystem;
using testing::StringWriter;

class BuiltinsTest : public ::testing::Test {
 protected:
  BuiltinsTest() {
    system_.AddDirectory("/bin");
    system_.AddFile("/bin/shell", "ELF");
    system_.AddFile("/bin/svcmgr", "ELF!");
    system_.AddDirectory("/etc");
    system_.AddFile("/etc/motd", "Welcome\nto RaeenOS\n");
    system_.AddDirectory("/etc/services");
    system_.AddFile("/etc/services/shell.svc", "name = shell\nbinary = bin/shell\n");
  }

  // Runs `words` with `input` (has_input when not null); returns the exit status.
  int Run(std::vector<std::string> words, const char* input = nullptr) {
    std::vector<rstd::StringView> views;
    for (const std::string& w : words) views.emplace_back(w.data(), w.size());
    out_.clear();
    err_.clear();
    CommandContext context{system_,
                           state_,
                           out_,
                           err_,
                           input != nullptr ? rstd::StringView(input) : rstd::StringView(),
                           input != nullptr};
    return RunCommand(context, rstd::Span<const rstd::StringView>(views.data(), views.size()));
  }

  FakeSystem system_;
  ShellState state_;
  StringWriter out_;
  StringWriter err_;
};

TEST_F(BuiltinsTest, UnknownCommand) {
  EXPECT_EQ(Run({"frobnicate", "x"}), kExitUnknownCommand);
  EXPECT_EQ(err_.str(), "shell: unknown command 'frobnicate' (try help)\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(BuiltinsTest, Echo) {
  EXPECT_EQ(Run({"echo", "a", "b c"}), kExitOk);
  EXPECT_EQ(out_.str(), "a b c\n");
  Run({"echo", "-n", "x"});
  EXPECT_EQ(out_.str(), "x");
  Run({"echo"});
  EXPECT_EQ(out_.str(), "\n");
}

TEST_F(BuiltinsTest, LsSortsAndMarksDirectories) {
  EXPECT_EQ(Run({"ls", "/"}), kExitOk);
  EXPECT_EQ(out_.str(), "bin/\netc/\n");
  Run({"ls", "-l", "/bin"});
  EXPECT_EQ(out_.str(), "-          3  shell\n-          4  svcmgr\n");
  state_.SetCwd("/etc");
  Run({"ls"});
  EXPECT_EQ(out_.str(), "motd\nservices/\n");
  Run({"ls", "motd"});
  EXPECT_EQ(out_.str(), "motd\n");
}

TEST_F(BuiltinsTest, LsSeveralAndMissing) {
  EXPECT_EQ(Run({"ls", "/bin", "/nope", "/etc/services"}), kExitFailure);
  EXPECT_EQ(out_.str(), "/bin:\nshell\nsvcmgr\n\n/etc/services:\nshell.svc\n");
  EXPECT_EQ(err_.str(), "ls: /nope: no such file or directory\n");
  EXPECT_EQ(Run({"ls", "-x"}), kExitUsage);
  EXPECT_EQ(err_.str(), "ls: unknown option -x\n");
}

TEST_F(BuiltinsTest, Cat) {
  EXPECT_EQ(Run({"cat", "/etc/services/shell.svc"}), kExitOk);
  EXPECT_EQ(out_.str(), "name = shell\nbinary = bin/shell\n");
  EXPECT_EQ(Run({"cat", "/etc/motd", "/missing"}), kExitFailure);
  EXPECT_EQ(out_.str(), "Welcome\nto RaeenOS\n");
  EXPECT_EQ(err_.str(), "cat: /missing: no such file or directory\n");
  EXPECT_EQ(Run({"cat"}, "piped"), kExitOk);
  EXPECT_EQ(out_.str(), "piped");
  EXPECT_EQ(Run({"cat"}), kExitUsage);
  system_.read_status = Status::kWrongType;  // vfsd's answer for a directory
  EXPECT_EQ(Run({"cat", "/etc"}), kExitFailure);
  EXPECT_EQ(err_.str(), "cat: /etc: is a directory\n");
}

TEST_F(BuiltinsTest, MkdirRmMv) {
  EXPECT_EQ(Run({"mkdir", "/tmp"}), kExitOk);
  EXPECT_TRUE(system_.Exists("/tmp"));
  EXPECT_EQ(Run({"mkdir", "/tmp"}), kExitFailure);
  EXPECT_EQ(err_.str(), "mkdir: /tmp: already exists\n");
  EXPECT_EQ(Run({"mkdir", "/a/b"}), kExitFailure);
  EXPECT_EQ(Run({"mkdir", "-p", "/a/b/c"}), kExitOk);
  EXPECT_TRUE(system_.Exists("/a/b/c"));

  system_.AddFile("/tmp/f", "data");
  EXPECT_EQ(Run({"mv", "/tmp/f", "/tmp/g"}), kExitOk);
  EXPECT_FALSE(system_.Exists("/tmp/f"));
  EXPECT_EQ(system_.Contents("/tmp/g"), "data");
  EXPECT_EQ(Run({"mv", "/tmp/g", "/a"}), kExitOk);  // into a directory
  EXPECT_TRUE(system_.Exists("/a/g"));
  EXPECT_EQ(Run({"mv", "/tmp/nothing", "/x"}), kExitFailure);
  EXPECT_EQ(Run({"mv", "one"}), kExitUsage);

  EXPECT_EQ(Run({"rm", "/a"}), kExitFailure);
  EXPECT_EQ(err_.str(), "rm: /a: is a directory (use rm -r)\n");
  EXPECT_EQ(Run({"rm", "-r", "/a"}), kExitOk);
  EXPECT_FALSE(system_.Exists("/a"));
  EXPECT_FALSE(system_.Exists("/a/b/c"));
  EXPECT_EQ(Run({"rm", "/etc/motd"}), kExitOk);
  EXPECT_FALSE(system_.Exists("/etc/motd"));
  EXPECT_EQ(Run({"rm", "-r", "/"}), kExitFailure);
  EXPECT_TRUE(system_.Exists("/bin/shell"));
}

TEST_F(BuiltinsTest, RemoveTreeLargerThanOneBatch) {
  system_.AddDirectory("/big");
  for (int i = 0; i < 150; ++i) system_.AddFile("/big/f" + std::to_string(i), "x");
  EXPECT_EQ(Run({"rm", "-r", "/big"}), kExitOk);
  EXPECT_FALSE(system_.Exists("/big"));
}

TEST_F(BuiltinsTest, CdAndPwd) {
  EXPECT_EQ(Run({"cd", "/etc/services"}), kExitOk);
  Run({"pwd"});
  EXPECT_EQ(out_.str(), "/etc/services\n");
  EXPECT_EQ(Run({"cd", "../motd"}), kExitFailure);
  EXPECT_EQ(err_.str(), "cd: ../motd: not a directory\n");
  EXPECT_EQ(Run({"cd", ".."}), kExitOk);
  Run({"pwd"});
  EXPECT_EQ(out_.str(), "/etc\n");
  EXPECT_EQ(Run({"cd"}), kExitOk);
  EXPECT_EQ(state_.cwd(), "/");
}

// `cd` alone names no argument: the complaint about a root that is not a directory must not
// read past the words.
TEST_F(BuiltinsTest, CdWithoutArgumentToARootThatIsNoDirectory) {
  system_.AddFile("/", "");
  EXPECT_EQ(Run({"cd"}), kExitFailure);
  EXPECT_EQ(err_.str(), "cd: /: not a directory\n");
}

TEST_F(BuiltinsTest, PsAndServices) {
  system_.tasks.push_back(FakeSystem::Task("svcmgr", 1, false));
  TaskInfo vfsd = FakeSystem::Task("vfsd", 2, true);
  vfsd.cpu_ns = 25'000'000;
  vfsd.memory_bytes = 512 * 1024;
  vfsd.restarts = 1;
  system_.tasks.push_back(vfsd);
  TaskInfo stopped = FakeSystem::Task("consoled", 0, true);
  stopped.state = TaskState::kRestarting;
  system_.tasks.push_back(stopped);

  EXPECT_EQ(Run({"ps"}), kExitOk);
  EXPECT_EQ(out_.str(),
            "  PID NAME             STATE       CPU(ms)  MEM(KiB) RESTARTS\n"
            "    1 svcmgr           running           0         0        0\n"
            "    2 vfsd             running          25       512        1\n"
            "    0 consoled         restarting        0         0        0\n");
  EXPECT_EQ(Run({"services"}), kExitOk);
  EXPECT_EQ(out_.str(),
            "NAME             STATE        PID RESTARTS LAST EXIT\n"
            "vfsd             running        2        1         0\n"
            "consoled         restarting     0        0         0\n");
  EXPECT_EQ(Run({"services", "restart", "vfsd"}), kExitOk);
  EXPECT_EQ(system_.restarted, std::vector<std::string>{"vfsd"});
  EXPECT_EQ(out_.str(), "services: restarting vfsd\nservices: vfsd is running again (pid 102)\n");
  EXPECT_GE(system_.sleeps, 3);   // it waited for the new instance
  system_.restart_delay_ns = -1;  // never comes back
  EXPECT_EQ(Run({"services", "restart", "vfsd"}), kExitFailure);
  EXPECT_EQ(err_.str(), "services: vfsd is not running again after 5 s\n");
  EXPECT_EQ(Run({"services", "restart", "nope"}), kExitFailure);
  EXPECT_EQ(err_.str(), "services restart: nope: no such service\n");
  EXPECT_EQ(Run({"services", "bogus"}), kExitUsage);

  system_.task_status = Status::kAccessDenied;
  EXPECT_EQ(Run({"ps"}), kExitFailure);
  EXPECT_EQ(err_.str(), "ps: cannot ask svcmgr: permission denied\n");
}

TEST_F(BuiltinsTest, Kill) {
  system_.tasks.push_back(FakeSystem::Task("svcmgr", 1, false));
  system_.tasks.push_back(FakeSystem::Task("vfsd", 7, true));
  EXPECT_EQ(Run({"kill", "7"}), kExitOk);
  EXPECT_EQ(system_.killed, std::vector<uint64_t>{7});
  EXPECT_EQ(Run({"kill", "8"}), kExitFailure);
  EXPECT_EQ(err_.str(), "kill: 8: no such process\n");
  EXPECT_EQ(Run({"kill", "x7"}), kExitUsage);
  EXPECT_EQ(err_.str(), "kill: x7: not a process id\n");
  EXPECT_EQ(Run({"kill"}), kExitUsage);
}

TEST_F(BuiltinsTest, MemAndUptime) {
  EXPECT_EQ(Run({"mem"}), kExitOk);
  EXPECT_EQ(out_.str(), "memory: 65536 KiB total, 16384 KiB used, 49152 KiB free\n");
  EXPECT_EQ(Run({"uptime"}), kExitOk);
  EXPECT_EQ(out_.str(), "up 1.234 s\n");
  system_.now_ns = 61'005'000'000;
  Run({"uptime"});
  EXPECT_EQ(out_.str(), "up 61.005 s\n");
}

TEST_F(BuiltinsTest, DmesgAndLogs) {
  system_.log = {{1'500'000, "kernel", "kernel ready"},
                 {2'000'001'000, "vfsd", "mounted"},
                 {3'000'000'000, "kernel", "[shell] shell: prompt at 900 ms"}};
  EXPECT_EQ(Run({"dmesg"}), kExitOk);
  EXPECT_EQ(out_.str(),
            "[0.001500] kernel: kernel ready\n"
            "[3.000000] kernel: [shell] shell: prompt at 900 ms\n");
  Run({"logs"});
  EXPECT_NE(out_.str().find("[2.000001] vfsd: mounted\n"), std::string::npos);
  Run({"logs", "vfsd"});
  EXPECT_EQ(out_.str(), "[2.000001] vfsd: mounted\n");
  // A program's debug_write lines come through the kernel log as "[program] text".
  Run({"logs", "shell"});
  EXPECT_EQ(out_.str(), "[3.000000] kernel: [shell] shell: prompt at 900 ms\n");
  Run({"logs", "shel"});
  EXPECT_EQ(out_.str(), "");
}

TEST_F(BuiltinsTest, BenchReportsEachMeasurement) {
  system_.tasks.push_back(FakeSystem::Task("svcmgr", 1, false));
  system_.clock_step_ns = 100;
  EXPECT_EQ(Run({"bench"}), kExitOk);
  EXPECT_NE(out_.str().find("bench: clock_monotonic"), std::string::npos);
  EXPECT_NE(out_.str().find("bench: vfs stat /"), std::string::npos);
  EXPECT_NE(out_.str().find("bench: svcmgr task 0"), std::string::npos);
  EXPECT_GE(system_.stat_calls, 200);
  // A failing request is reported, not timed.
  system_.tasks.clear();
  EXPECT_EQ(Run({"bench"}), kExitFailure);
  EXPECT_EQ(err_.str(), "bench: svcmgr task 0 failed\n");
}

TEST_F(BuiltinsTest, GrepWcHeadOnInput) {
  const char* text = "alpha\nBeta\ngamma\nalphabet\n";
  EXPECT_EQ(Run({"grep", "alpha"}, text), kExitOk);
  EXPECT_EQ(out_.str(), "alpha\nalphabet\n");
  EXPECT_EQ(Run({"grep", "-v", "alpha"}, text), kExitOk);
  EXPECT_EQ(out_.str(), "Beta\ngamma\n");
  Run({"grep", "-i", "beta"}, text);
  EXPECT_EQ(out_.str(), "Beta\n");
  Run({"grep", "-c", "a"}, text);
  EXPECT_EQ(out_.str(), "4\n");
  EXPECT_EQ(Run({"grep", "zeta"}, text), kExitFailure);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(Run({"grep"}, text), kExitUsage);

  Run({"wc"}, text);
  EXPECT_EQ(out_.str(), "      4       4      26\n");
  Run({"wc"}, "no newline at end");
  EXPECT_EQ(out_.str(), "      0       4      17\n");

  Run({"head", "-n", "2"}, text);
  EXPECT_EQ(out_.str(), "alpha\nBeta\n");
  EXPECT_EQ(Run({"head", "-n", "x"}, text), kExitUsage);
}

TEST_F(BuiltinsTest, FiltersOnFiles) {
  EXPECT_EQ(Run({"grep", "RaeenOS", "/etc/motd"}), kExitOk);
  EXPECT_EQ(out_.str(), "to RaeenOS\n");
  Run({"grep", "e", "/etc/motd", "/etc/services/shell.svc"});
  EXPECT_EQ(out_.str(),
            "/etc/motd:Welcome\n/etc/motd:to RaeenOS\n/etc/services/shell.svc:name = shell\n"
            "/etc/services/shell.svc:binary = bin/shell\n");
  Run({"wc", "/etc/motd"});
  EXPECT_EQ(out_.str(), "      2       3      19 /etc/motd\n");
  Run({"head", "-n", "1", "/etc/motd"});
  EXPECT_EQ(out_.str(), "Welcome\n");
  EXPECT_EQ(Run({"wc", "/none"}), kExitFailure);
  EXPECT_EQ(Run({"wc"}), kExitUsage);
  EXPECT_EQ(err_.str(), "wc: no input (name a file, or use it after a |)\n");
}

TEST_F(BuiltinsTest, HelpListsEveryCommand) {
  EXPECT_EQ(Run({"help"}), kExitOk);
  for (const BuiltinInfo& info : Builtins()) {
    EXPECT_NE(out_.str().find(info.usage), std::string::npos) << info.name;
  }
  for (const char* name :
       {"ls", "cat", "echo", "mkdir", "rm", "mv", "ps", "kill", "services", "mem", "uptime",
        "dmesg", "logs", "bench", "help", "grep", "wc", "head"}) {
    bool found = false;
    for (const BuiltinInfo& info : Builtins()) found |= rstd::StringView(info.name) == name;
    EXPECT_TRUE(found) << name;
  }
}

}  // namespace
}  // namespace raeen::shell
