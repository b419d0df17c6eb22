#pragma once
// An in-memory System for the shell's host tests: a file tree, a task list, a log, a clock.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "apps/shell/system.h"

namespace raeen::shell::testing {

class FakeSystem final : public System {
 public:
  struct Node {
    bool directory = false;
    std::string contents;
  };
  struct LogEntry {
    uint64_t time_ns;
    std::string source;
    std::string text;
  };

  FakeSystem() { files_["/"] = {true, ""}; }

  void AddDirectory(const std::string& path) { files_[path] = {true, ""}; }
  void AddFile(const std::string& path, const std::string& contents) {
    files_[path] = {false, contents};
  }
  bool Exists(const std::string& path) const { return files_.count(path) != 0; }
  const std::string& Contents(const std::string& path) { return files_[path].contents; }

  std::vector<TaskInfo> tasks;
  std::vector<LogEntry> log;
  MemoryInfo memory{64 << 20, 48 << 20};
  Status task_status = Status::kOk;  // what TaskAt fails with, when not ok
  std::vector<std::string> restarted;
  std::vector<uint64_t> killed;
  int64_t now_ns = 1'234'567'890;
  int64_t clock_step_ns = 0;  // added at every NowNs
  int stat_calls = 0;
  int sleeps = 0;
  Status read_status = Status::kBadState;  // what ReadFile of a directory returns
  int64_t restart_delay_ns = 30'000'000;
  int64_t restart_done_ns = 0;
  TaskInfo* restarting = nullptr;

  static TaskInfo Task(const char* name, uint64_t pid, bool service) {
    TaskInfo task;
    for (size_t i = 0; name[i] != '\0' && i < 32; ++i) task.name[i] = name[i];
    task.pid = pid;
    task.service = service;
    return task;
  }

  Result<FileStatus> Stat(rstd::StringView path) override {
    ++stat_calls;
    auto it = files_.find(Str(path));
    if (it == files_.end()) return Error(Status::kNotFound);
    return FileStatus{it->second.directory, it->second.contents.size()};
  }

  Status ListDirectory(rstd::StringView path, DirectoryVisitor& visitor) override {
    const std::string dir = Str(path);
    auto it = files_.find(dir);
    if (it == files_.end()) return Status::kNotFound;
    if (!it->second.directory) return Status::kBadState;
    // Copy first: a visitor may not change the tree, but be safe against iteration order.
    std::vector<std::pair<std::string, Node>> children;
    for (const auto& [child, node] : files_) {
      if (Parent(child) == dir && child != "/") children.emplace_back(child, node);
    }
    for (const auto& [child, node] : children) {
      const std::string name = child.substr(child.rfind('/') + 1);
      visitor.Entry(
          {rstd::StringView(name.data(), name.size()), node.directory, node.contents.size()});
    }
    return Status::kOk;
  }

  Status ReadFile(rstd::StringView path, rstd::Writer& out) override {
    auto it = files_.find(Str(path));
    if (it == files_.end()) return Status::kNotFound;
    if (it->second.directory) return read_status;
    out.Write(rstd::StringView(it->second.contents.data(), it->second.contents.size()));
    return Status::kOk;
  }

  Status MakeDirectory(rstd::StringView path) override {
    const std::string p = Str(path);
    if (files_.count(p)) return Status::kAlreadyExists;
    auto parent = files_.find(Parent(p));
    if (parent == files_.end() || !parent->second.directory) return Status::kNotFound;
    files_[p] = {true, ""};
    return Status::kOk;
  }

  Status RemoveFile(rstd::StringView path) override {
    auto it = files_.find(Str(path));
    if (it == files_.end()) return Status::kNotFound;
    if (it->second.directory) return Status::kBadState;
    files_.erase(it);
    return Status::kOk;
  }

  Status RemoveDirectory(rstd::StringView path) override {
    const std::string p = Str(path);
    auto it = files_.find(p);
    if (it == files_.end()) return Status::kNotFound;
    if (!it->second.directory) return Status::kBadState;
    for (const auto& [child, node] : files_) {
      if (Parent(child) == p && child != "/") return Status::kBadState;
    }
    files_.erase(it);
    return Status::kOk;
  }

  Status Rename(rstd::StringView from, rstd::StringView to) override {
    const std::string f = Str(from);
    const std::string t = Str(to);
    if (!files_.count(f)) return Status::kNotFound;
    if (files_.count(t)) return Status::kAlreadyExists;
    std::map<std::string, Node> moved;
    for (auto it = files_.begin(); it != files_.end();) {
      if (it->first == f || it->first.rfind(f + "/", 0) == 0) {
        moved[t + it->first.substr(f.size())] = it->second;
        it = files_.erase(it);
      } else {
        ++it;
      }
    }
    files_.insert(moved.begin(), moved.end());
    return Status::kOk;
  }

  Result<TaskInfo> TaskAt(uint32_t index) override {
    if (restarting != nullptr && now_ns >= restart_done_ns) {
      restarting->pid += 100;
      restarting->restarts += 1;
      restarting = nullptr;
    }
    if (task_status != Status::kOk) return Error(task_status);
    if (index >= tasks.size()) return Error(Status::kOutOfRange);
    return tasks[index];
  }

  // The new instance gets pid + 100 after `restart_delay_ns` (never when negative).
  Status RestartService(rstd::StringView name) override {
    for (TaskInfo& task : tasks) {
      if (task.service && Str(name) == task.name) {
        restarted.push_back(Str(name));
        restart_done_ns = restart_delay_ns < 0 ? INT64_MAX : now_ns + restart_delay_ns;
        restarting = &task;
        return Status::kOk;
      }
    }
    return Status::kNotFound;
  }

  Status KillTask(uint64_t pid) override {
    for (const TaskInfo& task : tasks) {
      if (task.pid == pid) {
        killed.push_back(pid);
        return Status::kOk;
      }
    }
    return Status::kNotFound;
  }

  Result<MemoryInfo> Memory() override { return memory; }

  Status ReadLog(LogVisitor& visitor) override {
    for (const LogEntry& entry : log) {
      visitor.Line({entry.time_ns, rstd::StringView(entry.source.data(), entry.source.size()),
                    rstd::StringView(entry.text.data(), entry.text.size())});
    }
    return Status::kOk;
  }

  int64_t NowNs() override {
    now_ns += clock_step_ns;
    return now_ns;
  }

  void Sleep(int64_t ns) override {
    now_ns += ns;
    ++sleeps;
  }

 private:
  static std::string Str(rstd::StringView view) { return std::string(view.data(), view.size()); }
  static std::string Parent(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == 0 || slash == std::string::npos) return "/";
    return path.substr(0, slash);
  }

  std::map<std::string, Node> files_;
};

// A Writer that keeps everything, for checking output.
class StringWriter final : public rstd::Writer {
 public:
  void Write(rstd::StringView text) override { text_.append(text.data(), text.size()); }
  const std::string& str() const { return text_; }
  void clear() { text_.clear(); }

 private:
  std::string text_;
};

}  // namespace raeen::shell::testing
