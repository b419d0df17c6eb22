#pragma once
// Chooses TCG or KVM. /dev/kvm can exist and still be useless for firmware (FACTS.md: a
// paravirtual KVM where OVMF dies at its first fwait), so `auto` only picks KVM after a probe
// boot reached rae-boot's first line under KVM. The probe runs once per build directory; its
// verdict is cached in <build>/testrunner/kvm-probe.txt (delete the file to probe again).

#include <expected>
#include <string>

#include "tools/testrunner/build_paths.h"
#include "tools/testrunner/cli_options.h"
#include "tools/testrunner/qemu_command.h"

namespace raeen::tools::testrunner {

// Prints one line about the choice when it probes or reads the cache.
std::expected<Accel, std::string> ResolveAccel(AccelChoice choice, const BuildPaths& paths);

}  // namespace raeen::tools::testrunner
