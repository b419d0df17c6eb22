// The user-space syscall header compiles on the host (as every host test that includes it
// must) and lays the shared structs out as the kernel expects. The stubs are never called
// here: they would enter the host kernel.
#include <gtest/gtest.h>

#include <type_traits>

#include "raeen/syscalls.h"

namespace raeen::sys {
namespace {

TEST(UserSyscalls, StubsHaveTheContractsShape) {
  static_assert(std::is_same_v<decltype(&ChannelWrite),
                               Status (*)(Handle, const void*, size_t, const Handle*, size_t)>);
  static_assert(
      std::is_same_v<decltype(&ChannelRead),
                     Status (*)(Handle, void*, size_t, HandleInfo*, size_t, MessageSize*)>);
  static_assert(std::is_same_v<decltype(&ProcessExit), void (*)(int32_t)>);
  static_assert(std::is_same_v<decltype(&ObjectGetInfo),
                               Status (*)(Handle, InfoTopic, void*, size_t, uint64_t*)>);
  SUCCEED();
}

TEST(UserSyscalls, SharedStructsAndNumbers) {
  EXPECT_EQ(sizeof(HandleInfo), 12u);
  EXPECT_EQ(sizeof(ChannelCallArgs), 72u);
  EXPECT_EQ(sizeof(SpawnArgs), 48u);
  EXPECT_EQ(static_cast<uint64_t>(SyscallNumber::kDebugWrite), 1u);
  EXPECT_EQ(static_cast<uint64_t>(SyscallNumber::kSchedIsolateCpu), 40u);
  EXPECT_EQ(Signals::kAll, 0x7fu);
}

}  // namespace
}  // namespace raeen::sys
