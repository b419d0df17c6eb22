# Flags and helpers for the three kinds of target. See docs/adr/0001-toolchain.md.

find_program(RAEEN_LLD ld.lld-19 REQUIRED)
find_program(RAEEN_LLD_LINK lld-link-19 REQUIRED)
find_program(RAEEN_OBJDUMP llvm-objdump-19 REQUIRED)
find_program(RAEEN_OBJCOPY llvm-objcopy-19 REQUIRED)

set(RAEEN_WARNINGS -Wall -Wextra -Werror)

# Host tests and the code they test run with AddressSanitizer and UndefinedBehaviorSanitizer.
set(RAEEN_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
    -fno-omit-frame-pointer)

# Freestanding code common to the kernel and the loader.
set(RAEEN_FREESTANDING_FLAGS
  ${RAEEN_WARNINGS}
  -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics
  -fno-stack-protector -fno-builtin -nostdlib
  -fno-omit-frame-pointer
  -DRAEEN_FREESTANDING=1)

# The kernel: position independent (relocated by the loader, docs/adr/0002-kaslr-linking.md),
# no red zone (interrupts push onto the same stack), and no x87/SSE/AVX state that it would
# have to save on every entry. `tools/build/check-no-fpu` proves the last point on the binary.
set(RAEEN_KERNEL_FLAGS
  ${RAEEN_FREESTANDING_FLAGS}
  --target=x86_64-linux-gnu
  -fpie -fvisibility=hidden -fdirect-access-external-data
  -mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-avx -mno-3dnow
  -fno-asynchronous-unwind-tables -fno-unwind-tables)

# User programs: static position-independent executables that the kernel's program loader
# relocates to a random base (kernel/process/program_loader.h). Unlike the kernel they may use
# SSE/AVX (the kernel saves each thread's FPU state) and the red zone (interrupts from ring 3
# switch to the kernel stack).
set(RAEEN_USER_FLAGS
  ${RAEEN_FREESTANDING_FLAGS}
  --target=x86_64-linux-gnu
  -fpie -fvisibility=hidden -fdirect-access-external-data
  -fno-asynchronous-unwind-tables -fno-unwind-tables)

# rae-boot: a PE32+ UEFI application (Microsoft x64 ABI, LLP64).
set(RAEEN_UEFI_FLAGS
  ${RAEEN_FREESTANDING_FLAGS}
  --target=x86_64-unknown-windows
  -fshort-wchar -mno-red-zone -mno-stack-arg-probe)

# raeen_freestanding_library(<name> KIND kernel|uefi SOURCES ...)
# An OBJECT library compiled for a freestanding target. Link steps take
# $<TARGET_OBJECTS:name>.
function(raeen_freestanding_library name)
  cmake_parse_arguments(ARG "" "KIND" "SOURCES" ${ARGN})
  add_library(${name} OBJECT ${ARG_SOURCES})
  if(ARG_KIND STREQUAL "kernel")
    target_compile_options(${name} PRIVATE ${RAEEN_KERNEL_FLAGS})
  elseif(ARG_KIND STREQUAL "uefi")
    target_compile_options(${name} PRIVATE ${RAEEN_UEFI_FLAGS})
  elseif(ARG_KIND STREQUAL "user")
    target_compile_options(${name} PRIVATE ${RAEEN_USER_FLAGS})
  else()
    message(FATAL_ERROR "raeen_freestanding_library(${name}): KIND must be kernel, uefi or user")
  endif()
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/boot/include)
  # Host-only settings (sanitizers, PIE for executables) must never reach these objects.
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
endfunction()

# raeen_user_program(<name> SOURCES ...): a user program linked with the runtime (libs/rae)
# into ${CMAKE_BINARY_DIR}/programs/<name>.elf (with debug info, for gdb) and <name> (symbols
# only), which is packed into the initrd as bin/<name>.
# With C_LIBRARY the program is compiled against libs/c's headers and linked with it.
# OBJECT_LIBRARIES: user-space object libraries (raeen_freestanding_library) linked in too.
function(raeen_user_program name)
  cmake_parse_arguments(ARG "C_LIBRARY" "" "SOURCES;OBJECT_LIBRARIES" ${ARGN})
  raeen_freestanding_library(${name}_objects KIND user SOURCES ${ARG_SOURCES})
  set(libc_objects)
  set(extra_objects)
  foreach(library IN LISTS ARG_OBJECT_LIBRARIES)
    list(APPEND extra_objects $<TARGET_OBJECTS:${library}>)
  endforeach()
  if(ARG_C_LIBRARY)
    target_include_directories(${name}_objects BEFORE PRIVATE ${RAEEN_LIBC_INCLUDE_DIR})
    target_compile_options(${name}_objects PRIVATE ${RAEEN_LIBC_COMPILE_OPTIONS})
    set(libc_objects $<TARGET_OBJECTS:libc_user>)
  endif()
  set(output ${CMAKE_BINARY_DIR}/programs/${name})
  set(script ${PROJECT_SOURCE_DIR}/libs/rae/user.ld)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/programs
    COMMAND ${RAEEN_LLD} -pie --no-dynamic-linker -z text -z max-page-size=4096 -z norelro
            --pack-dyn-relocs=none --hash-style=gnu -Bsymbolic --no-undefined -T ${script}
            -o ${output}.elf $<TARGET_OBJECTS:${name}_objects> ${extra_objects} ${libc_objects}
            $<TARGET_OBJECTS:rae_runtime> $<TARGET_OBJECTS:archive_user>
            $<TARGET_OBJECTS:rstd_user> $<TARGET_FILE:rae_services> $<TARGET_FILE:rae_heap>
    COMMAND ${RAEEN_OBJCOPY} --strip-debug ${output}.elf ${output}
    DEPENDS ${name}_objects rae_runtime archive_user rstd_user libc_user rae_services rae_heap
            ${ARG_OBJECT_LIBRARIES} $<TARGET_OBJECTS:${name}_objects> ${extra_objects}
            ${libc_objects}
            $<TARGET_OBJECTS:rae_runtime> $<TARGET_OBJECTS:archive_user>
            $<TARGET_OBJECTS:rstd_user> $<TARGET_FILE:rae_services> $<TARGET_FILE:rae_heap>
            ${script}
    COMMAND_EXPAND_LISTS
    COMMENT "Linking user program ${name}")
  add_custom_target(${name} ALL DEPENDS ${output})
  set_property(GLOBAL APPEND PROPERTY RAEEN_USER_PROGRAMS ${output})
  set_property(GLOBAL APPEND PROPERTY RAEEN_USER_PROGRAM_TARGETS ${name})
endfunction()

# raeen_host_library(<name> SOURCES ...): the same sources built for the host, for tests and tools.
function(raeen_host_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${RAEEN_WARNINGS} ${RAEEN_SANITIZER_FLAGS})
  target_link_options(${name} PUBLIC ${RAEEN_SANITIZER_FLAGS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/boot/include)
endfunction()

