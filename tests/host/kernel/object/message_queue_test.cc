#include "kernel/object/message_queue.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace raeen::kernel {
namespace {

class CountingAllocator final : public MessageAllocator {
 public:
  void* Allocate(size_t size) override {
    if (fail_next) {
      fail_next = false;
      return nullptr;
    }
    ++live;
    return std::malloc(size);
  }
  void Free(void* block) override {
    --live;
    std::free(block);
  }
  int live = 0;
  bool fail_next = false;
};

class Token final : public KernelObject {
 public:
  explicit Token(int* destroyed)
      : KernelObject(ObjectType::kTimer, Rights::kTransfer | Rights::kWait,
                     Rights::kTransfer | Rights::kWait),
        destroyed_(destroyed) {}
  ~Token() override { ++*destroyed_; }

 private:
  int* destroyed_;
};

HandleEntry MakeHandle(int* destroyed) {
  return {RefPtr<KernelObject>::Adopt(new Token(destroyed)), Rights::kTransfer | Rights::kWait};
}

rstd::Span<const uint8_t> Bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST(MessageQueue, MessagesComeOutInOrderWithTheirHandles) {
  CountingAllocator allocator;
  int destroyed = 0;
  {
    MessageQueue queue(allocator, {});
    HandleEntry handles[2] = {MakeHandle(&destroyed), MakeHandle(&destroyed)};
    KernelObject* first_object = handles[0].object.get();
    ASSERT_TRUE(queue.Write(Bytes("hello"), handles).ok());
    EXPECT_FALSE(handles[0].object);  // taken over by the queue
    ASSERT_TRUE(queue.Write(Bytes("world!"), {}).ok());
    EXPECT_EQ(queue.message_count(), 2u);
    EXPECT_EQ(queue.queued_bytes(), 11u);

    uint8_t buffer[16] = {};
    HandleEntry received[4];
    Result<ReadResult> read = queue.Read(buffer, received);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->bytes, 5u);
    EXPECT_EQ(read->handles, 2u);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(buffer), 5), "hello");
    EXPECT_EQ(received[0].object.get(), first_object);
    EXPECT_EQ(received[0].rights, Rights::kTransfer | Rights::kWait);
    Result<ReadResult> second = queue.Read(buffer, {received + 2, 2});
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->bytes, 6u);
    EXPECT_EQ(second->handles, 0u);
    EXPECT_EQ(queue.Read(buffer, {received + 2, 2}).status(), Status::kShouldWait);
    EXPECT_EQ(destroyed, 0);  // the reader holds them now
  }
  EXPECT_EQ(destroyed, 2);
  EXPECT_EQ(allocator.live, 0);
}

TEST(MessageQueue, SmallBuffersLeaveTheMessageWhereItIs) {
  CountingAllocator allocator;
  int destroyed = 0;
  MessageQueue queue(allocator, {});
  HandleEntry handle[1] = {MakeHandle(&destroyed)};
  ASSERT_TRUE(queue.Write(Bytes("twelve bytes"), handle).ok());
  uint8_t small[4];
  HandleEntry received[1];
  EXPECT_EQ(queue.Read(small, received).status(), Status::kBufferTooSmall);
  EXPECT_EQ(queue.Read({}, {}).status(), Status::kBufferTooSmall);
  ReadResult needed;
  ASSERT_TRUE(queue.PeekSizes(&needed));
  EXPECT_EQ(needed.bytes, 12u);
  EXPECT_EQ(needed.handles, 1u);
  uint8_t enough[12];
  EXPECT_TRUE(queue.Read(enough, received).ok());
  EXPECT_FALSE(queue.PeekSizes(&needed));
}

TEST(MessageQueue, BoundsRefuseWithShouldWaitAndOversizeWithOutOfRange) {
  CountingAllocator allocator;
  int destroyed = 0;
  MessageQueue queue(allocator, {.max_messages = 2, .max_bytes = 10});
  ASSERT_TRUE(queue.Write(Bytes("123456"), {}).ok());
  EXPECT_EQ(queue.Write(Bytes("12345"), {}).status(), Status::kShouldWait);  // 11 bytes > 10
  ASSERT_TRUE(queue.Write(Bytes("1234"), {}).ok());
  EXPECT_EQ(queue.Write({}, {}).status(), Status::kShouldWait);  // 2 messages
  std::vector<uint8_t> huge(kMaxMessageBytes + 1);
  EXPECT_EQ(queue.Write({huge.data(), huge.size()}, {}).status(), Status::kOutOfRange);
  std::vector<HandleEntry> many(kMaxMessageHandles + 1);
  many[0] = MakeHandle(&destroyed);
  EXPECT_EQ(queue.Write({}, {many.data(), many.size()}).status(), Status::kOutOfRange);
  EXPECT_TRUE(many[0].object);  // refused: the caller keeps its handles
  EXPECT_EQ(queue.message_count(), 2u);
}

TEST(MessageQueue, OutOfMemoryChangesNothing) {
  CountingAllocator allocator;
  int destroyed = 0;
  MessageQueue queue(allocator, {});
  HandleEntry handle[1] = {MakeHandle(&destroyed)};
  allocator.fail_next = true;
  EXPECT_EQ(queue.Write(Bytes("x"), handle).status(), Status::kNoMemory);
  EXPECT_TRUE(handle[0].object);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(destroyed, 0);
}

TEST(MessageQueue, PeerClosedIsSeenAfterTheQueueDrains) {
  CountingAllocator allocator;
  MessageQueue queue(allocator, {});
  ASSERT_TRUE(queue.Write(Bytes("last words"), {}).ok());
  queue.CloseWriter();
  uint8_t buffer[16];
  EXPECT_TRUE(queue.Read(buffer, {}).ok());
  EXPECT_EQ(queue.Read(buffer, {}).status(), Status::kPeerClosed);
}

TEST(MessageQueue, WritingToAClosedReaderDropsTheHandles) {
  CountingAllocator allocator;
  int destroyed = 0;
  MessageQueue queue(allocator, {});
  HandleEntry queued[1] = {MakeHandle(&destroyed)};
  ASSERT_TRUE(queue.Write(Bytes("queued"), queued).ok());
  queue.CloseReader();
  EXPECT_EQ(destroyed, 1);  // the queued message and its handle are gone
  EXPECT_EQ(allocator.live, 0);
  HandleEntry late[1] = {MakeHandle(&destroyed)};
  EXPECT_EQ(queue.Write(Bytes("late"), late).status(), Status::kPeerClosed);
  EXPECT_FALSE(late[0].object);
  EXPECT_EQ(destroyed, 2);
}

}  // namespace
}  // namespace raeen::kernel
