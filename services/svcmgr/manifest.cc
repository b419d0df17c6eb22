#include "services/svcmgr/manifest.h"

namespace raeen::svcmgr {

namespace {

bool IsNameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Splits `text` at the first `separator` into `head` (trimmed) and the rest.
rstd::StringView TakeUntil(rstd::StringView* text, char separator) {
  const size_t at = text->find(separator);
  const rstd::StringView head = text->substr(0, at).Trim();
  *text = at == rstd::StringView::kNpos ? rstd::StringView() : text->substr(at + 1);
  return head;
}

template <size_t kCapacity>
const char* ParseList(rstd::StringView value, NameList<kCapacity>* list) {
  if (value.empty()) return "an empty list";
  while (!value.empty()) {
    const rstd::StringView item = TakeUntil(&value, ',');
    if (list->count == kCapacity) return "too many names in the list";
    if (!list->names[list->count].Set(item)) return "not a name ([a-z0-9_-], 1 to 32 bytes)";
    if (list->Contains(item)) return "a name listed twice";
    ++list->count;
  }
  return nullptr;
}

// "16M", "512K", "4096".
bool ParseSize(rstd::StringView text, uint64_t* bytes) {
  uint64_t unit = 1;
  if (text.ends_with("K")) unit = uint64_t{1} << 10;
  if (text.ends_with("M")) unit = uint64_t{1} << 20;
  if (unit != 1) text = text.substr(0, text.size() - 1);
  uint64_t count = 0;
  if (!rstd::ParseUnsigned(text, &count) || count > UINT64_MAX / unit) return false;
  *bytes = count * unit;
  return true;
}

bool ParseCount(rstd::StringView text, uint32_t* count) {
  uint64_t value = 0;
  if (!rstd::ParseUnsigned(text, &value) || value > UINT32_MAX) return false;
  *count = static_cast<uint32_t>(value);
  return true;
}

// "250us", "2ms", "1s".
bool ParseDuration(rstd::StringView text, int64_t* ns) {
  int64_t unit = 0;
  if (text.ends_with("us")) {
    unit = 1'000;
  } else if (text.ends_with("ms")) {
    unit = 1'000'000;
  } else if (text.ends_with("s")) {
    unit = 1'000'000'000;
  } else {
    return false;
  }
  text = text.substr(0, text.size() - (unit == 1'000'000'000 ? 1 : 2)).Trim();
  uint64_t count = 0;
  if (!rstd::ParseUnsigned(text, &count) || count == 0 ||
      count > static_cast<uint64_t>(INT64_MAX / unit)) {
    return false;
  }
  *ns = static_cast<int64_t>(count) * unit;
  return true;
}

const char* ParseCpus(rstd::StringView value, uint64_t* mask) {
  if (value.empty()) return "an empty list";
  while (!value.empty()) {
    uint32_t cpu = 0;
    if (!ParseCount(TakeUntil(&value, ','), &cpu) || cpu > 63) return "CPUs are 0 to 63";
    if ((*mask & (uint64_t{1} << cpu)) != 0) return "a CPU listed twice";
    *mask |= uint64_t{1} << cpu;
  }
  return nullptr;
}

const char* ParseRealtime(rstd::StringView value, Manifest* m) {
  const rstd::StringView budget = TakeUntil(&value, '/');
  if (!ParseDuration(budget, &m->rt_budget_ns) || !ParseDuration(value.Trim(), &m->rt_period_ns)) {
    return "realtime is BUDGET/PERIOD, each a number with us, ms or s";
  }
  return m->rt_budget_ns <= m->rt_period_ns ? nullptr : "the budget is longer than the period";
}

bool CopyText(rstd::StringView text, char* to, size_t capacity, size_t* size) {
  if (text.size() > capacity) return false;
  __builtin_memcpy(to, text.data(), text.size());
  *size = text.size();
  return true;
}

// One `key = value`; nullptr or what is wrong.
const char* ParseEntry(rstd::StringView key, rstd::StringView value, Manifest* m) {
  if (key == "name") return m->name.Set(value) ? nullptr : "not a name ([a-z0-9_-], 1 to 32 bytes)";
  if (key == "binary") {
    if (value.empty() || value.starts_with("/")) return "binary is an initrd path like bin/x";
    return CopyText(value, m->binary, sizeof(m->binary), &m->binary_size) ? nullptr
                                                                          : "binary path too long";
  }
  if (key == "args") {
    return CopyText(value, m->args, sizeof(m->args), &m->args_size) ? nullptr : "args too long";
  }
  if (key == "provides") return ParseList(value, &m->provides);
  if (key == "lookup") return ParseList(value, &m->lookups);
  if (key == "grant") return ParseList(value, &m->grants);
  if (key == "restart") {
    if (value == "on-failure") {
      m->restart = RestartPolicy::kOnFailure;
    } else if (value == "always") {
      m->restart = RestartPolicy::kAlways;
    } else if (value == "never") {
      m->restart = RestartPolicy::kNever;
    } else {
      return "restart is always, on-failure or never";
    }
    return nullptr;
  }
  if (key == "start") {
    if (value == "boot") {
      m->start = StartMode::kBoot;
    } else if (value == "manual") {
      m->start = StartMode::kManual;
    } else {
      return "start is boot or manual";
    }
    return nullptr;
  }
  if (key == "control") {
    if (value != "yes" && value != "no") return "control is yes or no";
    m->control = value == "yes";
    return nullptr;
  }
  if (key == "memory") return ParseSize(value, &m->memory_limit) ? nullptr : "not a size";
  if (key == "handles") return ParseCount(value, &m->handle_limit) ? nullptr : "not a count";
  if (key == "threads") return ParseCount(value, &m->thread_limit) ? nullptr : "not a count";
  if (key == "cpus") return ParseCpus(value, &m->affinity);
  if (key == "realtime") return ParseRealtime(value, m);
  if (key == "realtime_cpu") {
    return ParseCount(value, &m->rt_cpu) && m->rt_cpu <= 63 ? nullptr : "CPUs are 0 to 63";
  }
  return "unknown key";
}

constexpr rstd::StringView kKeys[] = {"name",    "binary",  "args",  "provides", "lookup",
                                      "grant",   "restart", "start", "control",  "memory",
                                      "handles", "threads", "cpus",  "realtime", "realtime_cpu"};
constexpr size_t kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);

constexpr size_t KeyIndex(rstd::StringView key) {
  size_t index = 0;
  while (index < kKeyCount && kKeys[index] != key) ++index;
  return index;  // kKeyCount: not a key
}

}  // namespace

bool Name::Set(rstd::StringView text) {
  if (text.empty() || text.size() > kMaxSize) return false;
  for (char c : text) {
    if (!IsNameByte(c)) return false;
  }
  __builtin_memcpy(text_, text.data(), text.size());
  size_ = static_cast<uint8_t>(text.size());
  return true;
}

Result<void> ParseManifest(rstd::StringView text, Manifest* manifest, ManifestError* error) {
  *manifest = Manifest{};
  bool seen[kKeyCount] = {};
  uint32_t line_number = 0;
  const auto fail = [&](const char* message) {
    *error = ManifestError{line_number, message};
    return Error(Status::kCorrupt);
  };
  while (!text.empty()) {
    ++line_number;
    rstd::StringView line = TakeUntil(&text, '\n');
    line = line.substr(0, line.find('#')).Trim();
    if (line.empty()) continue;
    if (line.find('=') == rstd::StringView::kNpos) return fail("not `key = value`");
    const rstd::StringView key = TakeUntil(&line, '=');
    const rstd::StringView value = line.Trim();
    const size_t index = KeyIndex(key);
    if (index == kKeyCount) return fail("unknown key");
    if (seen[index]) return fail("a key given twice");
    seen[index] = true;
    if (const char* wrong = ParseEntry(key, value, manifest); wrong != nullptr) {
      return fail(wrong);
    }
  }
  line_number = 0;
  if (manifest->name.view().empty()) return fail("no name");
  if (manifest->binary_size == 0) return fail("no binary");
  const bool realtime_cpu_given = seen[KeyIndex("realtime_cpu")];
  if (realtime_cpu_given && manifest->rt_budget_ns == 0) {
    return fail("realtime_cpu without realtime");
  }
  if (!realtime_cpu_given && manifest->affinity != 0) {
    manifest->rt_cpu = static_cast<uint32_t>(__builtin_ctzll(manifest->affinity));
  }
  if (manifest->affinity != 0 && (manifest->affinity & (uint64_t{1} << manifest->rt_cpu)) == 0) {
    return fail("realtime_cpu is not one of cpus");
  }
  return {};
}

}  // namespace raeen::svcmgr
