# kernel/mm, page tables: the x86-64 4-level mapper (page_table.cc) and its entry encoding
# (page_flags.h, header only). Included from kernel/CMakeLists.txt, so relative paths are
# relative to kernel/. Hardware-independent: rae-boot compiles page_table.cc too
# (boot/uefi/CMakeLists.txt) and the host tests run it over a fake physical memory.
set(KERNEL_MM_HOST_SOURCES
  mm/page_table.cc)

set(KERNEL_MM_SOURCES ${KERNEL_MM_HOST_SOURCES})
