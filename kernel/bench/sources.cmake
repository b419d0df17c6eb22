# kernel/bench: in-kernel benchmarks and the sample summaries they print for `./rae bench`.
# Included from kernel/CMakeLists.txt, so paths are relative to kernel/.
set(KERNEL_BENCH_HOST_SOURCES
  bench/sample_log.cc
  bench/sample_set.cc)

set(KERNEL_BENCH_SOURCES ${KERNEL_BENCH_HOST_SOURCES}
  bench/kernel_benchmarks.cc
  bench/mm_benchmarks.cc
  bench/periodic_probe.cc)
