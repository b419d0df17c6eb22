# kernel/sync: spinlocks with lock ranks, wait queues, and the kernel mutex, semaphore and
# event built on them. Included from kernel/CMakeLists.txt (paths relative to kernel/).
set(KERNEL_SYNC_SOURCES
  sync/event.cc
  sync/mutex.cc
  sync/semaphore.cc
  sync/spinlock.cc
  sync/wait_queue.cc)

# Lock-rank checks (lock_rank.h) are cheap; a build may turn them off.
option(RAEEN_LOCK_CHECKS "Check spinlock ranks and ownership in the kernel" ON)
