# kernel/mm allocators: the buddy page-frame allocator, slab caches and the kernel heap.
# Included from kernel/CMakeLists.txt, so relative paths are relative to kernel/. All of it is
# hardware-independent (physical memory is reached through an injected direct-map base) and
# is also built for the host tests (tests/host/kernel/mm/allocators).
set(KERNEL_MM_ALLOCATOR_HOST_SOURCES
  mm/buddy_allocator.cc
  mm/kernel_heap.cc
  mm/physical_memory_stats.cc
  mm/slab_cache.cc)

set(KERNEL_MM_ALLOCATOR_SOURCES ${KERNEL_MM_ALLOCATOR_HOST_SOURCES})
