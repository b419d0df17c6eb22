# kernel/process: processes and their address-space layout. Included from
# kernel/CMakeLists.txt (paths relative to kernel/); the layout choice is pure logic,
# host-tested in tests/host/kernel/process.
set(KERNEL_PROCESS_HOST_SOURCES
  process/user_layout.cc)

set(KERNEL_PROCESS_SOURCES ${KERNEL_PROCESS_HOST_SOURCES}
  process/boot_programs.cc
  process/process.cc
  process/program_loader.cc
  process/user_thread.cc
  # The loader's ELF checks: a program is untrusted input just as the kernel file is.
  ${PROJECT_SOURCE_DIR}/boot/uefi/elf_image.cc)
