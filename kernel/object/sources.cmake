# kernel/object: kernel objects, handles and rights (ARCHITECTURE.md §4). Included from
# kernel/CMakeLists.txt (paths relative to kernel/). The handle table is pure logic,
# host-tested in tests/host/kernel/object.
set(KERNEL_OBJECT_HOST_SOURCES
  object/handle_table.cc
  object/message_queue.cc)

set(KERNEL_OBJECT_SOURCES ${KERNEL_OBJECT_HOST_SOURCES}
  object/address_space.cc
  object/channel.cc
  object/interrupt_object.cc
  object/memory_object.cc
  object/port.cc
  object/resource.cc
  object/signaling_object.cc
  object/timer.cc)
