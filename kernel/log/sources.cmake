# kernel/log: the kernel log (levels, timestamps, sinks) and the record ring behind `dmesg`.
# Included from kernel/CMakeLists.txt, so relative paths are relative to kernel/.
# Everything here is hardware-independent: the clock and interrupt control are injected.
set(KERNEL_LOG_HOST_SOURCES
  log/log.cc
  log/log_line.cc
  log/log_read.cc
  log/log_ring.cc
  log/logger.cc)

set(KERNEL_LOG_SOURCES ${KERNEL_LOG_HOST_SOURCES})
