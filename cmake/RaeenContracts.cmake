# Contracts (services/contracts/*.ridl) and the files tools/ridlc generates from them.
# See docs/reference/ridl.md and docs/adr/0007-contracts.md.
#
# Everything is generated under ${RAEEN_CONTRACTS_DIR}:
#   include/raeen/status.h              enum class raeen::Status (libs/rstd/status.h includes it)
#   src/status_names.cc                 StatusName(), compiled into rstd
#   include/raeen/syscall_types.h       syscall numbers, enums, bit sets, structs (raeen::sys)
#   include/raeen/syscalls.h            user-space syscall stubs (raeen::sys)
#   include/raeen/kernel/syscalls.h     what the kernel implements (raeen::kernel::sys)
#   src/kernel_syscall_dispatch.cc      raeen::kernel::sys::Dispatch()
#   src/kernel_syscall_stubs.cc         weak placeholders (for the host dispatch test only)
#   include/raeen/protocols/<name>.h    protocol messages, Encode/Decode (raeen::protocol::<name>)
#   tests/<name>_protocol_test.cc       the protocol's generated host test
#   docs/*.md                           reference docs; committed copies in docs/reference/
#
# Every C/C++ target of the build sees ${RAEEN_CONTRACTS_INCLUDE_DIRS} and is built after all
# contracts are generated (raeen_contracts_attach_everywhere), because libs/rstd/status.h,
# which nearly everything includes, is one of the generated files.

# Cache variables, so that every directory (and the deferred attachment) sees them.
set(RAEEN_CONTRACTS_DIR ${PROJECT_BINARY_DIR}/contracts CACHE INTERNAL "")
set(RAEEN_CONTRACTS_INCLUDE_DIRS ${RAEEN_CONTRACTS_DIR}/include
    ${PROJECT_SOURCE_DIR}/tools/ridlc/runtime CACHE INTERNAL "")
# The aggregate target every compiled target depends on.
if(NOT TARGET raeen_contracts)
  add_custom_target(raeen_contracts)
endif()

# raeen_contract_generate(<name> CONTRACTS <file.ridl>... GROUPS <group>... [PROTOCOLS <p>...])
# Runs ridlc on the CONTRACTS (read together, so later files may use the statuses and types of
# earlier ones) and generates the GROUPS: status, syscalls, docs, protocols. PROTOCOLS names the
# protocols the files declare, in snake_case, because CMake must know the outputs up front.
# Creates the target raeen_contract_<name> and sets, in the cache (visible to every directory):
#   RAEEN_CONTRACT_<NAME>_OUTPUTS          every generated file
#   RAEEN_CONTRACT_<NAME>_KERNEL_SOURCES   the kernel's dispatch source (group syscalls)
#   RAEEN_CONTRACT_<NAME>_KERNEL_STUB_SOURCES  weak kUnsupported placeholders (group syscalls);
#                                           the kernel links none: a missing syscall is a link error
#   RAEEN_CONTRACT_<NAME>_TEST_SOURCES     generated protocol tests (group protocols)
function(raeen_contract_generate name)
  cmake_parse_arguments(ARG "" "" "CONTRACTS;GROUPS;PROTOCOLS" ${ARGN})
  set(dir ${RAEEN_CONTRACTS_DIR})
  set(outputs)
  set(kernel_sources)
  set(kernel_stub_sources)
  set(test_sources)
  foreach(group IN LISTS ARG_GROUPS)
    if(group STREQUAL "status")
      list(APPEND outputs ${dir}/include/raeen/status.h ${dir}/src/status_names.cc)
    elseif(group STREQUAL "syscalls")
      list(APPEND outputs ${dir}/include/raeen/syscall_types.h ${dir}/include/raeen/syscalls.h
           ${dir}/include/raeen/kernel/syscalls.h ${dir}/src/kernel_syscall_dispatch.cc
           ${dir}/src/kernel_syscall_stubs.cc)
      list(APPEND kernel_sources ${dir}/src/kernel_syscall_dispatch.cc)
      list(APPEND kernel_stub_sources ${dir}/src/kernel_syscall_stubs.cc)
    elseif(group STREQUAL "docs")
      list(APPEND outputs ${dir}/docs/status.md ${dir}/docs/syscalls.md)
    elseif(group STREQUAL "protocols")
      foreach(protocol IN LISTS ARG_PROTOCOLS)
        list(APPEND outputs ${dir}/include/raeen/protocols/${protocol}.h
             ${dir}/tests/${protocol}_protocol_test.cc)
        list(APPEND test_sources ${dir}/tests/${protocol}_protocol_test.cc)
      endforeach()
    else()
      message(FATAL_ERROR "raeen_contract_generate(${name}): unknown group ${group}")
    endif()
  endforeach()
  list(JOIN ARG_GROUPS "," groups)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND $<TARGET_FILE:ridlc> --out ${dir} --emit ${groups} ${ARG_CONTRACTS}
    DEPENDS ridlc ${ARG_CONTRACTS}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "ridlc: generating ${groups} from ${name} contracts"
    VERBATIM)
  add_custom_target(raeen_contract_${name} DEPENDS ${outputs})
  add_dependencies(raeen_contracts raeen_contract_${name})
  string(TOUPPER ${name} upper)
  set(RAEEN_CONTRACT_${upper}_OUTPUTS ${outputs} CACHE INTERNAL "")
  set(RAEEN_CONTRACT_${upper}_KERNEL_SOURCES ${kernel_sources} CACHE INTERNAL "")
  set(RAEEN_CONTRACT_${upper}_KERNEL_STUB_SOURCES ${kernel_stub_sources} CACHE INTERNAL "")
  set(RAEEN_CONTRACT_${upper}_TEST_SOURCES ${test_sources} CACHE INTERNAL "")
endfunction()

# Collects the build-system targets of `dir` and every directory below it.
function(_raeen_contracts_collect dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _raeen_contracts_collect(${subdir} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Runs once the whole project is configured: every target that compiles sources gets the
# generated include directories and waits for raeen_contracts, except ridlc itself (its
# targets carry RAEEN_CONTRACT_GENERATOR).
function(_raeen_contracts_attach)
  _raeen_contracts_collect(${PROJECT_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(generator ${target} RAEEN_CONTRACT_GENERATOR)
    if(generator OR NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
      continue()
    endif()
    target_include_directories(${target} PRIVATE ${RAEEN_CONTRACTS_INCLUDE_DIRS})
    add_dependencies(${target} raeen_contracts)
  endforeach()
endfunction()

# Call once, from any directory, before the targets that include generated headers exist or
# after: the attachment is deferred to the end of the top-level CMakeLists.txt.
function(raeen_contracts_attach_everywhere)
  get_property(done GLOBAL PROPERTY RAEEN_CONTRACTS_ATTACH_DEFERRED)
  if(NOT done)
    set_property(GLOBAL PROPERTY RAEEN_CONTRACTS_ATTACH_DEFERRED TRUE)
    cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL _raeen_contracts_attach)
  endif()
endfunction()
