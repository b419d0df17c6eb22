// init: the first user process. The kernel starts it with the boot handles (the initrd and
// the root resource); it starts every program that etc/init.manifest lists, reports how
// each one ends, and stays to keep the root handles (the service manager will take over
// that role).

#include "libs/rae/bootstrap.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::Print;
namespace sys = raeen::sys;

namespace {

constexpr size_t kMaxPrograms = 32;

struct Started {
  raeen::rstd::StringView path;
  sys::Handle process;
};

}  // namespace

int main() {
  auto initrd = raeen::rae::BootInitrd();
  if (!initrd.ok()) {
    Print("init: no initrd ({})", StatusName(initrd.status()));
    return 1;
  }
  auto manifest = raeen::rae::FindInitrdFile(*initrd, "etc/init.manifest");
  if (!manifest.ok()) {
    Print("init: no etc/init.manifest ({}); nothing to start", StatusName(manifest.status()));
    return 0;
  }
  sys::Handle port = 0;
  if (sys::PortCreate(&port) != Status::kOk) return 2;

  Started started[kMaxPrograms];
  size_t count = 0;
  const auto* text = reinterpret_cast<const char*>(manifest->data());
  raeen::rstd::StringView rest(text, manifest->size());
  while (!rest.empty()) {
    size_t end = 0;
    while (end < rest.size() && rest[end] != '\n') ++end;
    const raeen::rstd::StringView line = rest.substr(0, end).Trim();
    rest = end < rest.size() ? rest.substr(end + 1) : raeen::rstd::StringView();
    if (line.empty() || line.starts_with("#")) continue;
    if (count == kMaxPrograms) {
      Print("init: more than {} programs; {} and later ones are not started", kMaxPrograms, line);
      break;
    }
    raeen::rstd::StringView name = line;
    for (size_t i = line.size(); i > 0; --i) {
      if (line[i - 1] == '/') {
        name = line.substr(i);
        break;
      }
    }
    auto child = raeen::rae::StartChild(line, name, sys::SpawnOptions::kAllowDebugWrite);
    if (!child.ok()) {
      Print("init: cannot start {}: {}", line, StatusName(child.status()));
      continue;
    }
    (void)sys::HandleClose(child->channel);
    started[count] = Started{line, child->process};
    (void)sys::ObjectWaitAsync(child->process, port, count, sys::Signals::kTerminated);
    Print("init: started {}", line);
    ++count;
  }
  // Report every end; then keep the root handles, idle.
  for (size_t ended = 0; ended < count; ++ended) {
    sys::PortPacket packet{};
    if (sys::PortWait(port, INT64_MAX, &packet) != Status::kOk || packet.key >= count) break;
    Print("init: {} ended", started[packet.key].path);
    (void)sys::HandleClose(started[packet.key].process);
  }
  Print("init: every program it started has ended");
  for (;;) {
    sys::PortPacket packet{};
    (void)sys::PortWait(port, INT64_MAX, &packet);
  }
}
