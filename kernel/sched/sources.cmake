# kernel/sched: the scheduling policy (docs/adr/0005-scheduler-policy.md). Included from
# kernel/CMakeLists.txt, so relative paths are relative to kernel/. All of it is pure logic
# over times passed in, host-tested in tests/host/kernel/sched; the context switch and the
# one-shot timer it asks for live in arch/x86_64 and the thread layer.
set(KERNEL_SCHED_HOST_SOURCES
  sched/admission.cc
  sched/cpu_placement.cc
  sched/fair_class.cc
  sched/rt_class.cc
  sched/run_queue.cc
  sched/sched_entity.cc)

set(KERNEL_SCHED_SOURCES
  ${KERNEL_SCHED_HOST_SOURCES})
