// The generated kernel dispatch (services/contracts/syscalls.ridl), with recording
// implementations of a few syscalls; the others are the generated weak placeholders. Checks
// that registers reach the right parameters and that out-of-domain values are rejected before
// any implementation runs.
#include <gtest/gtest.h>

#include <cstdint>

#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

// What the last recording implementation saw.
struct Seen {
  int calls = 0;
  uint64_t values[8] = {};
};
Seen seen;

namespace {

Status Record(std::initializer_list<uint64_t> values) {
  ++seen.calls;
  size_t i = 0;
  for (uint64_t value : values) seen.values[i++] = value;
  return Status::kPeerClosed;  // anything but kOk, to see it come back
}

// Thrown by the noreturn syscall, which may not return to the dispatch.
struct Exited {
  int32_t code;
};

}  // namespace

Status ChannelWrite(HandleValue channel, UserBytesIn bytes, UserArrayIn<HandleValue> handles) {
  return Record({channel, bytes.address, bytes.count, handles.address, handles.count});
}

Status ChannelRead(HandleValue channel, UserBytesOut bytes, UserArrayOut<HandleInfo> handles,
                   UserOut<MessageSize> actual) {
  return Record(
      {channel, bytes.address, bytes.count, handles.address, handles.count, actual.address});
}

Status ObjectGetInfo(HandleValue handle, InfoTopic topic, UserBytesOut buffer,
                     UserOut<uint64_t> actual) {
  return Record(
      {handle, static_cast<uint64_t>(topic), buffer.address, buffer.count, actual.address});
}

Status ObjectWaitOne(HandleValue handle, uint32_t signals, int64_t deadline_ns,
                     UserOut<uint32_t> observed) {
  return Record({handle, signals, static_cast<uint64_t>(deadline_ns), observed.address});
}

Status IoportEnable(HandleValue resource, uint16_t base, uint16_t count) {
  return Record({resource, base, count});
}

Status SchedIsolateCpu(HandleValue resource, uint32_t cpu, bool isolate) {
  return Record({resource, cpu, isolate ? 1u : 0u});
}

Status VmMap(HandleValue address_space, HandleValue memory, uint64_t offset, uint64_t length,
             uint32_t perms, UserOut<uint64_t> address) {
  return Record({address_space, memory, offset, length, perms, address.address});
}

Status ProcessSpawn(UserIn<SpawnArgs> args, UserOut<HandleValue> process,
                    UserOut<HandleValue> address_space) {
  return Record({args.address, process.address, address_space.address});
}

[[noreturn]] void ProcessExit(int32_t code) {
  throw Exited{code};
}

namespace {

constexpr int64_t kInvalid = static_cast<int64_t>(Status::kInvalidArgument);
constexpr int64_t kPeerClosed = static_cast<int64_t>(Status::kPeerClosed);

int64_t Call(SyscallNumber number, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0,
             uint64_t a3 = 0, uint64_t a4 = 0, uint64_t a5 = 0) {
  seen = Seen{};
  const uint64_t args[6] = {a0, a1, a2, a3, a4, a5};
  return Dispatch(static_cast<uint64_t>(number), args);
}

TEST(SyscallDispatch, UnknownNumbersAreUnsupported) {
  const uint64_t args[6] = {};
  EXPECT_EQ(Dispatch(0, args), static_cast<int64_t>(Status::kUnsupported));
  EXPECT_EQ(Dispatch(1000, args), static_cast<int64_t>(Status::kUnsupported));  // unused
  EXPECT_EQ(Dispatch(~0ull, args), static_cast<int64_t>(Status::kUnsupported));
}

TEST(SyscallDispatch, UnimplementedSyscallsAnswerUnsupported) {
  EXPECT_EQ(Call(SyscallNumber::kTimerCreate, 0x1000), static_cast<int64_t>(Status::kUnsupported));
}

TEST(SyscallDispatch, RoutesEveryRegisterToItsParameter) {
  EXPECT_EQ(Call(SyscallNumber::kChannelRead, 7, 0x1000, 64, 0x2000, 4, 0x3000), kPeerClosed);
  ASSERT_EQ(seen.calls, 1);
  const uint64_t read[] = {7, 0x1000, 64, 0x2000, 4, 0x3000};
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(seen.values[i], read[i]) << i;

  EXPECT_EQ(Call(SyscallNumber::kVmMap, 1, 2, 0x4000, 0x8000, 0x5, 0x9000), kPeerClosed);
  const uint64_t map[] = {1, 2, 0x4000, 0x8000, 0x5, 0x9000};
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(seen.values[i], map[i]) << i;

  EXPECT_EQ(Call(SyscallNumber::kProcessSpawn, 0x100, 0x200, 0x300), kPeerClosed);
  EXPECT_EQ(seen.values[0], 0x100u);
  EXPECT_EQ(seen.values[2], 0x300u);
}

TEST(SyscallDispatch, SixtyFourBitValuesPassUnchanged) {
  EXPECT_EQ(Call(SyscallNumber::kObjectWaitOne, 3, 0x1, static_cast<uint64_t>(-5), 0x10),
            kPeerClosed);
  EXPECT_EQ(static_cast<int64_t>(seen.values[2]), -5);
}

TEST(SyscallDispatch, RejectsUpperBitsOfNarrowParameters) {
  EXPECT_EQ(Call(SyscallNumber::kChannelWrite, (1ull << 32) | 5, 0x1000, 1, 0, 0), kInvalid);
  EXPECT_EQ(Call(SyscallNumber::kIoportEnable, 1, 0x10000, 1), kInvalid);
  EXPECT_EQ(Call(SyscallNumber::kIoportEnable, 1, 0x3f8, 1ull << 63), kInvalid);
  EXPECT_EQ(seen.calls, 0);
  EXPECT_EQ(Call(SyscallNumber::kIoportEnable, 1, 0xffff, 0xffff), kPeerClosed);
  EXPECT_EQ(seen.values[1], 0xffffu);
}

TEST(SyscallDispatch, RejectsUndeclaredEnumValuesAndBits) {
  EXPECT_EQ(Call(SyscallNumber::kObjectGetInfo, 1, 0), kInvalid);
  EXPECT_EQ(Call(SyscallNumber::kObjectGetInfo, 1, 7), kInvalid);  // one past the last topic
  EXPECT_EQ(Call(SyscallNumber::kObjectGetInfo, 1, (1ull << 32) | 1), kInvalid);
  EXPECT_EQ(Call(SyscallNumber::kObjectWaitOne, 1, 0x80), kInvalid);
  EXPECT_EQ(Call(SyscallNumber::kVmMap, 1, 2, 0, 0x1000, 0x8), kInvalid);
  EXPECT_EQ(seen.calls, 0);
  EXPECT_EQ(Call(SyscallNumber::kObjectGetInfo, 1, 3), kPeerClosed);
  EXPECT_EQ(seen.values[1], static_cast<uint64_t>(InfoTopic::kThreadStats));
}

TEST(SyscallDispatch, BoolsAreZeroOrOne) {
  EXPECT_EQ(Call(SyscallNumber::kSchedIsolateCpu, 1, 2, 2), kInvalid);
  EXPECT_EQ(seen.calls, 0);
  EXPECT_EQ(Call(SyscallNumber::kSchedIsolateCpu, 1, 2, 1), kPeerClosed);
  EXPECT_EQ(seen.values[2], 1u);
}

TEST(SyscallDispatch, SignedNarrowValuesAreZeroExtended) {
  try {
    Call(SyscallNumber::kProcessExit, 0xffffffff);
    FAIL() << "process_exit returned";
  } catch (const Exited& exited) {
    EXPECT_EQ(exited.code, -1);
  }
  // Sign-extended is not zero-extended: rejected, and the process goes on.
  EXPECT_EQ(Call(SyscallNumber::kProcessExit, ~0ull), kInvalid);
}

TEST(SyscallDispatch, HandleRequirementsComeFromTheContract) {
  static_assert(kChannelWriteChannelType == ObjectType::kChannel);
  static_assert(kChannelWriteChannelRights == Rights::kWrite);
  static_assert(kChannelCallChannelRights == (Rights::kRead | Rights::kWrite));
  static_assert(kHandleCloseHandleRights == Rights::None());
  static_assert(kTaskKillTaskTypes[0] == ObjectType::kProcess &&
                kTaskKillTaskTypes[1] == ObjectType::kThread);
  static_assert(kSpawnArgsImageType == ObjectType::kMemoryObject);
  static_assert(kSpawnArgsBootstrapRights == Rights::kTransfer);
  SUCCEED();
}

}  // namespace
}  // namespace raeen::kernel::sys
