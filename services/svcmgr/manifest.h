#pragma once
// A service manifest (initrd etc/services/NAME.svc): what svcmgr starts, what it grants, the
// names the service provides and may look up, its restart policy and limits. The format is
// `key = value` lines; `#` starts a comment; lists are comma-separated:
//
//   name = vfsd               # required: the service's (and its process's) name
//   binary = bin/vfsd         # required: the initrd path of its program
//   args = --verbose          # passed in the start message
//   provides = vfs            # names clients connect to
//   lookup = log              # names it may connect to
//   grant = initrd            # capabilities (svcmgr's names, see capabilities.h)
//   restart = on-failure      # always | on-failure (default) | never
//   start = boot              # boot (default) | manual (only when svc.start= names it)
//   control = no              # yes: it may restart and kill services (the shell)
//   memory = 16M              # limits: bytes (K, M suffixes), handles, threads; 0 or
//   handles = 256             #   absent: svcmgr's own
//   threads = 8
//   cpus = 0, 1               # the CPUs its threads may run on (0..63; absent: any)
//   realtime = 2ms/10ms       # its first thread runs real-time: budget/period (us, ms, s)
//   realtime_cpu = 1          #   on this CPU (default: the lowest of `cpus`, else 0)
//
// A key given twice, an unknown key or value, a name that is not [a-z0-9_-]{1,32}, or a list
// over its capacity is an error naming the line. Pure logic (host-tested).

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/string_view.h"

namespace raeen::svcmgr {

// A name of at most 32 bytes of [a-z0-9_-], held inline.
class Name {
 public:
  static constexpr size_t kMaxSize = 32;
  rstd::StringView view() const { return rstd::StringView(text_, size_); }
  bool operator==(rstd::StringView other) const { return view() == other; }
  // False (and unchanged) if `text` is not a valid name.
  bool Set(rstd::StringView text);

 private:
  char text_[kMaxSize] = {};
  uint8_t size_ = 0;
};

template <size_t kCapacity>
struct NameList {
  Name names[kCapacity];
  size_t count = 0;

  bool Contains(rstd::StringView name) const {
    for (size_t i = 0; i < count; ++i) {
      if (names[i] == name) return true;
    }
    return false;
  }
};

enum class RestartPolicy : uint8_t { kOnFailure, kAlways, kNever };
enum class StartMode : uint8_t { kBoot, kManual };

struct Manifest {
  static constexpr size_t kMaxPath = 64;
  static constexpr size_t kMaxArgs = 256;

  Name name;
  char binary[kMaxPath] = {};
  size_t binary_size = 0;
  char args[kMaxArgs] = {};
  size_t args_size = 0;
  NameList<8> provides;
  NameList<16> lookups;
  NameList<16> grants;
  RestartPolicy restart = RestartPolicy::kOnFailure;
  StartMode start = StartMode::kBoot;
  bool control = false;
  uint64_t memory_limit = 0;  // 0: svcmgr's own
  uint32_t handle_limit = 0;
  uint32_t thread_limit = 0;
  uint64_t affinity = 0;  // bit n: CPU n; 0: any
  int64_t rt_budget_ns = 0;  // 0: fair class
  int64_t rt_period_ns = 0;
  uint32_t rt_cpu = 0;

  rstd::StringView binary_path() const { return rstd::StringView(binary, binary_size); }
  rstd::StringView arguments() const { return rstd::StringView(args, args_size); }
};

// Where a manifest is wrong: the 1-based line and what is wrong with it.
struct ManifestError {
  uint32_t line = 0;
  const char* message = "";
};

// Parses `text`. On an error returns kCorrupt and fills `error`.
Result<void> ParseManifest(rstd::StringView text, Manifest* manifest, ManifestError* error);

}  // namespace raeen::svcmgr
