# kernel/power: poweroff and reboot. Included from kernel/CMakeLists.txt, so relative paths are
# relative to kernel/. The plan (which ways the platform offers, in which order) is
# hardware-independent and host-tested (tests/host/kernel/power); the port and register writes
# are in arch/x86_64/power_control.cc.
set(KERNEL_POWER_HOST_SOURCES
  power/power_plan.cc)

set(KERNEL_POWER_SOURCES
  ${KERNEL_POWER_HOST_SOURCES}
  arch/x86_64/power_control.cc
  power/power.cc
  tests/power_tests.cc)
