#include "tools/testrunner/stop_signal.h"

#include <signal.h>

#include <atomic>

namespace raeen::tools::testrunner {
namespace {

std::atomic<int> g_stop_signal{0};

void OnStopSignal(int signal) {
  g_stop_signal.store(signal, std::memory_order_relaxed);
}

}  // namespace

void InstallStopSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR and the loop looks at the flag
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

int StopSignal() {
  return g_stop_signal.load(std::memory_order_relaxed);
}

}  // namespace raeen::tools::testrunner
