# ridlc's sources apart from main.cc, shared by the tool and its host test (which builds them
# again with the sanitizers).
set(RIDLC_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/driver.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_docs.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_kernel.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_protocol.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_protocol_common.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_protocol_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_status.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_syscall_types.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_types.cc
  ${CMAKE_CURRENT_LIST_DIR}/emit_user.cc
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cc
  ${CMAKE_CURRENT_LIST_DIR}/names.cc
  ${CMAKE_CURRENT_LIST_DIR}/parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate.cc)
