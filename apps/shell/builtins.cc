#include "apps/shell/builtins.h"

#include "apps/shell/text_buffer.h"

namespace raeen::shell {
namespace {

using rstd::Format;
using rstd::StringView;
using Words = rstd::Span<const StringView>;

constexpr size_t kMaxFileBytes = 64 * 1024;  // what grep, wc and head read of one file
constexpr size_t kMaxListed = 512;           // entries ls sorts
constexpr size_t kListedNameBytes = 16 * 1024;
constexpr int kMaxRemoveDepth = 16;
constexpr int64_t kRestartWaitNs = 5'000'000'000;
constexpr int64_t kRestartPollNs = 10'000'000;

// The file grep, wc and head read (one at a time).
char file_storage[kMaxFileBytes];

// Leading "-x" options: each letter must be in `allowed`; "--" ends them. Returns the index
// of the first operand, or -1 (and a message) for an unknown option.
int ParseFlags(CommandContext& c, Words words, const char* allowed, bool* seen) {
  size_t i = 1;
  for (; i < words.size(); ++i) {
    const StringView word = words[i];
    if (word == "--") return static_cast<int>(i + 1);
    if (word.size() < 2 || word[0] != '-') break;
    for (size_t j = 1; j < word.size(); ++j) {
      const size_t at = StringView(allowed).find(word[j]);
      if (at == StringView::kNpos) {
        Format(c.err, "{}: unknown option -{}\n", words[0], word[j]);
        return -1;
      }
      seen[at] = true;
    }
  }
  return static_cast<int>(i);
}

// Resolves an argument against the working directory, complaining on failure.
bool Resolve(CommandContext& c, StringView command, StringView argument, char* out,
             StringView* path) {
  Result<StringView> resolved = ResolvePath(c.state.cwd(), argument, out, kMaxPath);
  if (!resolved.ok()) {
    Format(c.err, "{}: {}: {}\n", command, argument,
           resolved.status() == Status::kOutOfRange ? "path too long" : "bad path");
    return false;
  }
  *path = *resolved;
  return true;
}

void Complain(CommandContext& c, StringView command, StringView what, Status status) {
  Format(c.err, "{}: {}: {}\n", command, what, Describe(status));
}

// A file that could not be read: kWrongType from vfsd means it is a directory.
void ComplainRead(CommandContext& c, StringView command, StringView what, Status status) {
  if (status == Status::kWrongType) {
    Format(c.err, "{}: {}: is a directory\n", command, what);
  } else {
    Complain(c, command, what, status);
  }
}

// svcmgr's answer to a control call about a `thing` ("service" or "process").
const char* DescribeControl(Status status, StringView thing) {
  if (status == Status::kNotFound)
    return thing == "service" ? "no such service" : "no such process";
  if (status == Status::kAccessDenied) return "not allowed (the manifest needs control = yes)";
  return Describe(status);
}

// Calls `line(text)` for each line of `text` (without its '\n'; a last line without one
// counts too).
template <typename F>
void ForEachLine(StringView text, F&& line) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == StringView::kNpos) {
      line(text);
      return;
    }
    line(text.substr(0, end));
    text = text.substr(end + 1);
  }
}

// The text a filter works on: each named file in turn, or the pipeline's input.
template <typename F>
int ForEachSource(CommandContext& c, Words words, size_t first, F&& body) {
  if (first == words.size()) {
    if (!c.has_input) {
      Format(c.err, "{}: no input (name a file, or use it after a |)\n", words[0]);
      return kExitUsage;
    }
    body(StringView("-"), c.input);
    return kExitOk;
  }
  int status = kExitOk;
  for (size_t i = first; i < words.size(); ++i) {
    char buffer[kMaxPath];
    StringView path;
    if (!Resolve(c, words[0], words[i], buffer, &path)) {
      status = kExitFailure;
      continue;
    }
    TextBuffer text(file_storage, sizeof(file_storage));
    if (Status read = c.system.ReadFile(path, text); read != Status::kOk) {
      ComplainRead(c, words[0], words[i], read);
      status = kExitFailure;
      continue;
    }
    if (text.truncated()) {
      Format(c.err, "{}: {}: only the first {} bytes are read\n", words[0], words[i],
             kMaxFileBytes);
    }
    body(words[i], text.view());
  }
  return status;
}

char ToLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ContainsIgnoringCase(StringView text, StringView needle) {
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    size_t j = 0;
    for (; j < needle.size(); ++j) {
      if (ToLower(text[i + j]) != ToLower(needle[j])) break;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

// --- the commands ---------------------------------------------------------------------

int Echo(CommandContext& c, Words words) {
  size_t first = 1;
  const bool newline = !(words.size() > 1 && words[1] == "-n");
  if (!newline) first = 2;
  for (size_t i = first; i < words.size(); ++i) {
    if (i != first) c.out.Write(" ");
    c.out.Write(words[i]);
  }
  if (newline) c.out.Write("\n");
  return kExitOk;
}

int Cat(CommandContext& c, Words words) {
  if (words.size() == 1) {
    if (!c.has_input) {
      c.err.Write("cat: no input (name a file, or use it after a |)\n");
      return kExitUsage;
    }
    c.out.Write(c.input);
    return kExitOk;
  }
  int status = kExitOk;
  for (size_t i = 1; i < words.size(); ++i) {
    char buffer[kMaxPath];
    StringView path;
    if (!Resolve(c, "cat", words[i], buffer, &path)) {
      status = kExitFailure;
      continue;
    }
    if (Status read = c.system.ReadFile(path, c.out); read != Status::kOk) {
      ComplainRead(c, "cat", words[i], read);
      status = kExitFailure;
    }
  }
  return status;
}

// The entries of one directory, sorted by name.
class Listing final : public DirectoryVisitor {
 public:
  void Entry(const DirectoryEntry& entry) override {
    if (count_ == kMaxListed || entry.name.size() > kListedNameBytes - used_) {
      ++dropped_;
      return;
    }
    for (size_t i = 0; i < entry.name.size(); ++i) names_[used_ + i] = entry.name[i];
    Item item{used_, entry.name.size(), entry.directory, entry.size};
    used_ += entry.name.size();
    size_t at = count_++;
    while (at > 0 && Less(item, items_[at - 1])) {
      items_[at] = items_[at - 1];
      --at;
    }
    items_[at] = item;
  }

  void Clear() {
    used_ = 0;
    count_ = 0;
    dropped_ = 0;
  }
  size_t count() const { return count_; }
  size_t dropped() const { return dropped_; }
  DirectoryEntry At(size_t i) const {
    return {Name(items_[i]), items_[i].directory, items_[i].size};
  }

 private:
  struct Item {
    size_t offset;
    size_t size;
    bool directory;
    uint64_t bytes;
  };
  StringView Name(const Item& item) const { return StringView(names_ + item.offset, item.size); }
  bool Less(const Item& a, const Item& b) const {
    const StringView x = Name(a);
    const StringView y = Name(b);
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i] != y[i]) return static_cast<unsigned char>(x[i]) < static_cast<unsigned char>(y[i]);
    }
    return x.size() < y.size();
  }

  char names_[kListedNameBytes];
  Item items_[kMaxListed];
  size_t used_ = 0;
  size_t count_ = 0;
  size_t dropped_ = 0;
};

void PrintEntry(CommandContext& c, const DirectoryEntry& entry, bool long_format) {
  if (long_format) {
    Format(c.out, "{} {:>10}  {}{}\n", entry.directory ? "d" : "-", entry.size, entry.name,
           entry.directory ? "/" : "");
  } else {
    Format(c.out, "{}{}\n", entry.name, entry.directory ? "/" : "");
  }
}

int Ls(CommandContext& c, Words words) {
  bool flags[1] = {};
  const int first = ParseFlags(c, words, "l", flags);
  if (first < 0) return kExitUsage;
  const bool long_format = flags[0];
  const StringView here = ".";
  const size_t operands = words.size() - static_cast<size_t>(first);
  Words targets = operands == 0 ? Words(&here, 1) : words.subspan(static_cast<size_t>(first));
  int status = kExitOk;
  for (size_t i = 0; i < targets.size(); ++i) {
    char buffer[kMaxPath];
    StringView path;
    if (!Resolve(c, "ls", targets[i], buffer, &path)) {
      status = kExitFailure;
      continue;
    }
    Result<FileStatus> info = c.system.Stat(path);
    if (!info.ok()) {
      Complain(c, "ls", targets[i], info.status());
      status = kExitFailure;
      continue;
    }
    if (!info->directory) {
      PrintEntry(c, {targets[i], false, info->size}, long_format);
      continue;
    }
    static Listing listing;  // static: too big for the stack
    listing.Clear();
    if (Status listed = c.system.ListDirectory(path, listing); listed != Status::kOk) {
      Complain(c, "ls", targets[i], listed);
      status = kExitFailure;
      continue;
    }
    if (targets.size() > 1) Format(c.out, "{}{}:\n", i == 0 ? "" : "\n", targets[i]);
    for (size_t j = 0; j < listing.count(); ++j) {
      DirectoryEntry entry = listing.At(j);
      // Listings need not carry sizes: -l asks for each file's.
      char child[kMaxPath];
      if (long_format && !entry.directory) {
        if (Result<StringView> joined = JoinPath(path, entry.name, child, sizeof(child));
            joined.ok()) {
          if (Result<FileStatus> child_info = c.system.Stat(*joined); child_info.ok()) {
            entry.size = child_info->size;
          }
        }
      }
      PrintEntry(c, entry, long_format);
    }
    if (listing.dropped() != 0) {
      Format(c.err, "ls: {}: {} more entries not shown\n", targets[i], listing.dropped());
    }
  }
  return status;
}

int Mkdir(CommandContext& c, Words words) {
  bool flags[1] = {};
  const int first = ParseFlags(c, words, "p", flags);
  if (first < 0) return kExitUsage;
  if (static_cast<size_t>(first) == words.size()) {
    c.err.Write("usage: mkdir [-p] DIRECTORY...\n");
    return kExitUsage;
  }
  int status = kExitOk;
  for (size_t i = static_cast<size_t>(first); i < words.size(); ++i) {
    char buffer[kMaxPath];
    StringView path;
    if (!Resolve(c, "mkdir", words[i], buffer, &path)) {
      status = kExitFailure;
      continue;
    }
    if (!flags[0]) {
      if (Status made = c.system.MakeDirectory(path); made != Status::kOk) {
        Complain(c, "mkdir", words[i], made);
        status = kExitFailure;
      }
      continue;
    }
    // -p: every prefix, and an existing directory is fine.
    for (size_t end = 1; end <= path.size(); ++end) {
      if (end != path.size() && path[end] != '/') continue;
      const StringView prefix = path.substr(0, end);
      Result<FileStatus> info = c.system.Stat(prefix);
      if (info.ok() && info->directory) continue;
      if (Status made = c.system.MakeDirectory(prefix); made != Status::kOk) {
        Complain(c, "mkdir", prefix, made);
        status = kExitFailure;
        break;
      }
    }
  }
  return status;
}

Result<void> RemoveTree(CommandContext& c, StringView path, int depth);

// The names of one directory, copied: removing entries while listing is not safe.
class NameList final : public DirectoryVisitor {
 public:
  void Entry(const DirectoryEntry& entry) override {
    if (count_ == kMaxNames || entry.name.size() > sizeof(pool_) - used_) {
      overflow_ = true;
      return;
    }
    for (size_t i = 0; i < entry.name.size(); ++i) pool_[used_ + i] = entry.name[i];
    names_[count_++] = StringView(pool_ + used_, entry.name.size());
    used_ += entry.name.size();
  }
  size_t count() const { return count_; }
  StringView At(size_t i) const { return names_[i]; }
  bool overflow() const { return overflow_; }

 private:
  static constexpr size_t kMaxNames = 64;
  char pool_[2048];
  StringView names_[kMaxNames];
  size_t used_ = 0;
  size_t count_ = 0;
  bool overflow_ = false;
};

Result<void> RemoveTree(CommandContext& c, StringView path, int depth) {
  RAEEN_TRY(FileStatus info, c.system.Stat(path));
  if (!info.directory) return FromStatus(c.system.RemoveFile(path));
  if (depth == kMaxRemoveDepth) return Error(Status::kOutOfRange);
  // A big directory is emptied a batch at a time.
  for (;;) {
    NameList names;
    RAEEN_TRY(FromStatus(c.system.ListDirectory(path, names)));
    if (names.count() == 0) break;
    for (size_t i = 0; i < names.count(); ++i) {
      char buffer[kMaxPath];
      RAEEN_TRY(StringView child, JoinPath(path, names.At(i), buffer, sizeof(buffer)));
      RAEEN_TRY(RemoveTree(c, child, depth + 1));
    }
    if (!names.overflow()) break;
  }
  return FromStatus(c.system.RemoveDirectory(path));
}

int Rm(CommandContext& c, Words words) {
  bool flags[1] = {};
  const int first = ParseFlags(c, words, "r", flags);
  if (first < 0) return kExitUsage;
  if (static_cast<size_t>(first) == words.size()) {
    c.err.Write("usage: rm [-r] PATH...\n");
    return kExitUsage;
  }
  int status = kExitOk;
  for (size_t i = static_cast<size_t>(first); i < words.size(); ++i) {
    char buffer[kMaxPath];
    StringView path;
    if (!Resolve(c, "rm", words[i], buffer, &path)) {
      status = kExitFailure;
      continue;
    }
    if (path == "/") {
      c.err.Write("rm: refusing to remove /\n");
      status = kExitFailure;
      continue;
    }
    Result<FileStatus> info = c.system.Stat(path);
    if (!info.ok()) {
      Complain(c, "rm", words[i], info.status());
      status = kExitFailure;
      continue;
    }
    if (info->directory && !flags[0]) {
      Format(c.err, "rm: {}: is a directory (use rm -r)\n", words[i]);
      status = kExitFailure;
      continue;
    }
    const Status removed =
        info->directory ? RemoveTree(c, path, 0).status() : c.system.RemoveFile(path);
    if (removed != Status::kOk) {
      Complain(c, "rm", words[i], removed);
      status = kExitFailure;
    }
  }
  return status;
}

int Mv(CommandContext& c, Words words) {
  if (words.size() != 3) {
    c.err.Write("usage: mv FROM TO\n");
    return kExitUsage;
  }
  char from_buffer[kMaxPath];
  char to_buffer[kMaxPath];
  char into_buffer[kMaxPath];
  StringView from;
  StringView to;
  if (!Resolve(c, "mv", words[1], from_buffer, &from) ||
      !Resolve(c, "mv", words[2], to_buffer, &to)) {
    return kExitFailure;
  }
  // Onto an existing directory: into it, under the same name.
  if (Result<FileStatus> target = c.system.Stat(to); target.ok() && target->directory) {
    Result<StringView> into = JoinPath(to, BaseName(from), into_buffer, sizeof(into_buffer));
    if (!into.ok()) {
      Complain(c, "mv", words[2], into.status());
      return kExitFailure;
    }
    to = *into;
  }
  if (Status moved = c.system.Rename(from, to); moved != Status::kOk) {
    Complain(c, "mv", words[1], moved);
    return kExitFailure;
  }
  return kExitOk;
}

int Cd(CommandContext& c, Words words) {
  if (words.size() > 2) {
    c.err.Write("usage: cd [DIRECTORY]\n");
    return kExitUsage;
  }
  char buffer[kMaxPath];
  StringView path = "/";
  if (words.size() == 2 && !Resolve(c, "cd", words[1], buffer, &path)) return kExitFailure;
  const StringView named = words.size() == 2 ? words[1] : path;
  Result<FileStatus> info = c.system.Stat(path);
  if (!info.ok()) {
    Complain(c, "cd", named, info.status());
    return kExitFailure;
  }
  if (!info->directory) {
    Format(c.err, "cd: {}: not a directory\n", named);
    return kExitFailure;
  }
  c.state.SetCwd(path);
  return kExitOk;
}

int Pwd(CommandContext& c, Words) {
  Format(c.out, "{}\n", c.state.cwd());
  return kExitOk;
}

const char* StateName(TaskState state) {
  switch (state) {
    case TaskState::kRunning: return "running";
    case TaskState::kRestarting: return "restarting";
    case TaskState::kStopped: return "stopped";
  }
  return "?";
}

// Calls `task(info)` for each program svcmgr knows of; false (and a message) on an error
// other than the end of the list.
template <typename F>
bool ForEachTask(CommandContext& c, StringView command, F&& task) {
  for (uint32_t index = 0;; ++index) {
    Result<TaskInfo> info = c.system.TaskAt(index);
    if (info.status() == Status::kOutOfRange) return true;
    if (!info.ok()) {
      Format(c.err, "{}: cannot ask svcmgr: {}\n", command, Describe(info.status()));
      return false;
    }
    task(*info);
  }
}

int Ps(CommandContext& c, Words words) {
  if (words.size() != 1) {
    c.err.Write("usage: ps\n");
    return kExitUsage;
  }
  c.out.Write("  PID NAME             STATE       CPU(ms)  MEM(KiB) RESTARTS\n");
  const bool ok = ForEachTask(c, "ps", [&](const TaskInfo& task) {
    Format(c.out, "{:>5} {:<16} {:<10} {:>8} {:>9} {:>8}\n", task.pid, task.name,
           StateName(task.state), task.cpu_ns / 1'000'000, task.memory_bytes / 1024, task.restarts);
  });
  return ok ? kExitOk : kExitFailure;
}

// The pid of the program `name` while it runs, else 0.
uint64_t RunningPid(CommandContext& c, StringView name) {
  uint64_t pid = 0;
  (void)ForEachTask(c, "services", [&](const TaskInfo& task) {
    if (StringView(task.name) == name && task.state == TaskState::kRunning) pid = task.pid;
  });
  return pid;
}

// Restarts a service and waits until its new instance runs, so that the next command finds
// it up (svcmgr answers before the old instance has ended).
int Restart(CommandContext& c, StringView name) {
  const uint64_t old_pid = RunningPid(c, name);
  if (Status restarted = c.system.RestartService(name); restarted != Status::kOk) {
    Format(c.err, "services restart: {}: {}\n", name, DescribeControl(restarted, "service"));
    return kExitFailure;
  }
  Format(c.out, "services: restarting {}\n", name);
  const int64_t deadline = c.system.NowNs() + kRestartWaitNs;
  for (;;) {
    const uint64_t pid = RunningPid(c, name);
    if (pid != 0 && pid != old_pid) {
      Format(c.out, "services: {} is running again (pid {})\n", name, pid);
      return kExitOk;
    }
    if (c.system.NowNs() >= deadline) break;
    c.system.Sleep(kRestartPollNs);
  }
  Format(c.err, "services: {} is not running again after {} s\n", name,
         kRestartWaitNs / 1'000'000'000);
  return kExitFailure;
}

int Services(CommandContext& c, Words words) {
  if (words.size() == 3 && words[1] == "restart") return Restart(c, words[2]);
  if (words.size() != 1) {
    c.err.Write("usage: services [restart NAME]\n");
    return kExitUsage;
  }
  c.out.Write("NAME             STATE        PID RESTARTS LAST EXIT\n");
  const bool ok = ForEachTask(c, "services", [&](const TaskInfo& task) {
    if (!task.service) return;
    Format(c.out, "{:<16} {:<10} {:>5} {:>8} {:>9}\n", task.name, StateName(task.state), task.pid,
           task.restarts, task.exit_code);
  });
  return ok ? kExitOk : kExitFailure;
}

int Kill(CommandContext& c, Words words) {
  if (words.size() < 2) {
    c.err.Write("usage: kill PID...\n");
    return kExitUsage;
  }
  int status = kExitOk;
  for (size_t i = 1; i < words.size(); ++i) {
    uint64_t pid = 0;
    if (!rstd::ParseUnsigned(words[i], &pid) || pid == 0) {
      Format(c.err, "kill: {}: not a process id\n", words[i]);
      status = kExitUsage;
      continue;
    }
    if (Status killed = c.system.KillTask(pid); killed != Status::kOk) {
      Format(c.err, "kill: {}: {}\n", words[i], DescribeControl(killed, "process"));
      status = kExitFailure;
    }
  }
  return status;
}

int Mem(CommandContext& c, Words words) {
  if (words.size() != 1) {
    c.err.Write("usage: mem\n");
    return kExitUsage;
  }
  Result<MemoryInfo> memory = c.system.Memory();
  if (!memory.ok()) {
    Format(c.err, "mem: {}\n", Describe(memory.status()));
    return kExitFailure;
  }
  const uint64_t used = memory->total_bytes - rstd::Min(memory->free_bytes, memory->total_bytes);
  Format(c.out, "memory: {} KiB total, {} KiB used, {} KiB free\n", memory->total_bytes / 1024,
         used / 1024, memory->free_bytes / 1024);
  return kExitOk;
}

void PrintSeconds(rstd::Writer& out, uint64_t ns, int decimals) {
  const uint64_t seconds = ns / 1'000'000'000;
  const uint64_t fraction = ns % 1'000'000'000;
  if (decimals == 3) {
    Format(out, "{}.{:03}", seconds, fraction / 1'000'000);
  } else {
    Format(out, "{}.{:06}", seconds, fraction / 1'000);
  }
}

int Uptime(CommandContext& c, Words words) {
  if (words.size() != 1) {
    c.err.Write("usage: uptime\n");
    return kExitUsage;
  }
  const int64_t now = c.system.NowNs();
  c.out.Write("up ");
  PrintSeconds(c.out, now < 0 ? 0 : static_cast<uint64_t>(now), 3);
  c.out.Write(" s\n");
  return kExitOk;
}

class LogPrinter final : public LogVisitor {
 public:
  LogPrinter(rstd::Writer& out, StringView source) : out_(out), source_(source) {}
  void Line(const LogLine& line) override {
    if (!source_.empty() && !FromSource(line)) return;
    out_.Write("[");
    PrintSeconds(out_, line.time_ns, 6);
    Format(out_, "] {}: {}\n", line.source, line.text);
  }

 private:
  // A program's own records, and what it printed with debug_write, which the kernel log
  // carries as "[program] text".
  bool FromSource(const LogLine& line) const {
    if (line.source == source_) return true;
    return line.source == "kernel" && line.text.size() > source_.size() + 2 &&
           line.text[0] == '[' && line.text.substr(1).starts_with(source_) &&
           line.text.substr(1 + source_.size()).starts_with("] ");
  }

  rstd::Writer& out_;
  StringView source_;
};

// dmesg: the kernel's records; logs [SOURCE]: every record, or one program's.
int Logs(CommandContext& c, Words words) {
  const bool dmesg = words[0] == "dmesg";
  if (words.size() > (dmesg ? 1u : 2u)) {
    c.err.Write(dmesg ? "usage: dmesg\n" : "usage: logs [SOURCE]\n");
    return kExitUsage;
  }
  LogPrinter printer(c.out, dmesg ? StringView("kernel") : words.size() == 2 ? words[1] : "");
  if (Status read = c.system.ReadLog(printer); read != Status::kOk) {
    Format(c.err, "{}: cannot read the log: {}\n", words[0], Describe(read));
    return kExitFailure;
  }
  return kExitOk;
}

// Times `rounds` runs of `body` with the system clock; prints ns per run.
template <typename F>
bool Measure(CommandContext& c, StringView what, int rounds, F&& body) {
  const int64_t start = c.system.NowNs();
  for (int i = 0; i < rounds; ++i) {
    if (!body()) {
      Format(c.err, "bench: {} failed\n", what);
      return false;
    }
  }
  const int64_t elapsed = c.system.NowNs() - start;
  Format(c.out, "bench: {:<24} {:>9} ns/op ({} runs)\n", what, elapsed < 0 ? 0 : elapsed / rounds,
         rounds);
  return true;
}

int Bench(CommandContext& c, Words words) {
  if (words.size() != 1) {
    c.err.Write("usage: bench\n");
    return kExitUsage;
  }
  class Null final : public rstd::Writer {
   public:
    void Write(StringView) override {}
  };
  class Counter final : public DirectoryVisitor {
   public:
    void Entry(const DirectoryEntry&) override {}
  };
  bool ok = Measure(c, "clock_monotonic", 10000, [&] { return c.system.NowNs() >= 0; });
  ok = Measure(c, "vfs stat /", 200, [&] { return c.system.Stat("/").ok(); }) && ok;
  Counter counter;
  ok = Measure(c, "vfs list /", 100,
               [&] { return c.system.ListDirectory("/", counter) == Status::kOk; }) &&
       ok;
  Null null;
  ok = Measure(c, "vfs read shell.svc", 100,
               [&] { return c.system.ReadFile("/etc/services/shell.svc", null) == Status::kOk; }) &&
       ok;
  ok = Measure(c, "svcmgr task 0", 100, [&] { return c.system.TaskAt(0).ok(); }) && ok;
  return ok ? kExitOk : kExitFailure;
}

int Grep(CommandContext& c, Words words) {
  bool flags[3] = {};  // v: invert, i: ignore case, c: count
  const int first = ParseFlags(c, words, "vic", flags);
  if (first < 0) return kExitUsage;
  if (static_cast<size_t>(first) == words.size()) {
    c.err.Write("usage: grep [-v] [-i] [-c] PATTERN [FILE...]\n");
    return kExitUsage;
  }
  const StringView pattern = words[static_cast<size_t>(first)];
  const bool many = words.size() - static_cast<size_t>(first) > 2;
  bool matched = false;
  const int status = ForEachSource(
      c, words, static_cast<size_t>(first) + 1, [&](StringView name, StringView text) {
        uint64_t count = 0;
        ForEachLine(text, [&](StringView line) {
          const bool hit = flags[1] ? ContainsIgnoringCase(line, pattern) : line.contains(pattern);
          if (hit == flags[0]) return;
          ++count;
          matched = true;
          if (flags[2]) return;
          if (many) Format(c.out, "{}:", name);
          Format(c.out, "{}\n", line);
        });
        if (flags[2]) {
          if (many) Format(c.out, "{}:", name);
          Format(c.out, "{}\n", count);
        }
      });
  if (status != kExitOk) return status;
  return matched ? kExitOk : kExitFailure;
}

int Wc(CommandContext& c, Words words) {
  return ForEachSource(c, words, 1, [&](StringView name, StringView text) {
    uint64_t lines = 0;
    uint64_t words_counted = 0;
    bool in_word = false;
    for (char ch : text) {
      if (ch == '\n') ++lines;
      const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
      if (!space && !in_word) ++words_counted;
      in_word = !space;
    }
    Format(c.out, "{:>7} {:>7} {:>7}", lines, words_counted, text.size());
    if (name != "-") Format(c.out, " {}", name);
    c.out.Write("\n");
  });
}

int Head(CommandContext& c, Words words) {
  uint64_t limit = 10;
  size_t first = 1;
  if (words.size() >= 3 && words[1] == "-n") {
    if (!rstd::ParseUnsigned(words[2], &limit)) {
      Format(c.err, "head: {}: not a number\n", words[2]);
      return kExitUsage;
    }
    first = 3;
  }
  return ForEachSource(c, words, first, [&](StringView, StringView text) {
    uint64_t shown = 0;
    ForEachLine(text, [&](StringView line) {
      if (shown++ < limit) Format(c.out, "{}\n", line);
    });
  });
}

int Help(CommandContext& c, Words) {
  c.out.Write("Commands (a | b runs b on a's output):\n");
  for (const BuiltinInfo& info : Builtins()) {
    Format(c.out, "  {:<38} {}\n", info.usage, info.summary);
  }
  c.out.Write("Keys: arrows, Home/End, ^A ^E ^K ^U ^W ^C ^L, Tab completes, Up/Down history\n");
  return kExitOk;
}

using Handler = int (*)(CommandContext&, Words);

struct Command {
  BuiltinInfo info;
  Handler handler;
};

constexpr Command kCommands[] = {
    {{"help", "help", "this list"}, Help},
    {{"ls", "ls [-l] [PATH...]", "list directories"}, Ls},
    {{"cat", "cat [FILE...]", "print files (or the input)"}, Cat},
    {{"echo", "echo [-n] [WORD...]", "print the words"}, Echo},
    {{"mkdir", "mkdir [-p] DIRECTORY...", "make directories"}, Mkdir},
    {{"rm", "rm [-r] PATH...", "remove files (-r: and directories)"}, Rm},
    {{"mv", "mv FROM TO", "move or rename"}, Mv},
    {{"cd", "cd [DIRECTORY]", "change the working directory"}, Cd},
    {{"pwd", "pwd", "print the working directory"}, Pwd},
    {{"ps", "ps", "programs with CPU time and memory"}, Ps},
    {{"kill", "kill PID...", "end processes"}, Kill},
    {{"services", "services [restart NAME]", "list services, or restart one"}, Services},
    {{"mem", "mem", "system memory"}, Mem},
    {{"uptime", "uptime", "time since the kernel started"}, Uptime},
    {{"dmesg", "dmesg", "the kernel's log"}, Logs},
    {{"logs", "logs [SOURCE]", "the system log (or one program's)"}, Logs},
    {{"bench", "bench", "time a few system calls and requests"}, Bench},
    {{"grep", "grep [-v] [-i] [-c] PATTERN [FILE...]", "lines that contain PATTERN"}, Grep},
    {{"wc", "wc [FILE...]", "count lines, words and bytes"}, Wc},
    {{"head", "head [-n N] [FILE...]", "the first lines"}, Head},
};

struct InfoTable {
  BuiltinInfo entries[rstd::ArraySize(kCommands)];
};

constexpr InfoTable MakeInfoTable() {
  InfoTable table{};
  for (size_t i = 0; i < rstd::ArraySize(kCommands); ++i) table.entries[i] = kCommands[i].info;
  return table;
}

constexpr InfoTable kInfo = MakeInfoTable();

}  // namespace

void ShellState::SetCwd(rstd::StringView path) {
  path = path.substr(0, kMaxPath);
  for (size_t i = 0; i < path.size(); ++i) cwd_[i] = path[i];
  cwd_size_ = path.size();
}

int RunCommand(CommandContext& context, Words words) {
  if (words.empty()) return kExitOk;
  for (const Command& command : kCommands) {
    if (words[0] == command.info.name) return command.handler(context, words);
  }
  Format(context.err, "shell: unknown command '{}' (try help)\n", words[0]);
  return kExitUnknownCommand;
}

rstd::Span<const BuiltinInfo> Builtins() {
  return rstd::Span<const BuiltinInfo>(kInfo.entries, rstd::ArraySize(kInfo.entries));
}

const char* Describe(Status status) {
  switch (status) {
    case Status::kNotFound: return "no such file or directory";
    case Status::kAlreadyExists: return "already exists";
    case Status::kAccessDenied: return "permission denied";
    case Status::kInvalidArgument: return "invalid argument";
    case Status::kOutOfRange: return "name or path too long";
    case Status::kNoMemory: return "out of memory";
    case Status::kPeerClosed: return "the service went away";
    case Status::kWrongType: return "not a directory";
    case Status::kBadState: return "directory not empty, or busy";
    default: return StatusName(status);
  }
}

}  // namespace raeen::shell
