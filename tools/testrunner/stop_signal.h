#pragma once
// SIGINT, SIGTERM and SIGHUP only set a flag: the runner's wait loops see it, stop QEMU in
// order, restore the terminal and report. A second signal of the same kind is not special:
// the loops poll often enough (50 ms) that one is enough.

namespace raeen::tools::testrunner {

// Also ignores SIGPIPE, so that a guest or QMP peer that went away is an error, not death.
void InstallStopSignalHandlers();

// The signal that asked us to stop, or 0.
int StopSignal();
inline bool StopRequested() {
  return StopSignal() != 0;
}

}  // namespace raeen::tools::testrunner
