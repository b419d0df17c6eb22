#include "services/consoled/input_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace raeen::consoled {
namespace {

std::string Bytes(const uint8_t* bytes, size_t count) {
  return std::string(reinterpret_cast<const char*>(bytes), count);
}

void Push(InputQueue& queue, const std::string& text) {
  queue.Push(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

TEST(InputQueue, ReadsQueuedBytesAtOnce) {
  auto queue = std::make_unique<InputQueue>();
  Push(*queue, "hello");
  uint8_t out[16];
  size_t count = 0;
  EXPECT_EQ(queue->Read({1, 10, 3}, out, sizeof(out), &count), InputQueue::ReadResult::kReady);
  EXPECT_EQ(Bytes(out, count), "hel");
  EXPECT_EQ(queue->Read({1, 11, 16}, out, sizeof(out), &count), InputQueue::ReadResult::kReady);
  EXPECT_EQ(Bytes(out, count), "lo");
  EXPECT_EQ(queue->queued(), 0u);
}

TEST(InputQueue, AnEmptyQueueRemembersTheReadUntilInputComes) {
  auto queue = std::make_unique<InputQueue>();
  uint8_t out[16];
  size_t count = 0;
  PendingRead read;
  EXPECT_FALSE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));
  EXPECT_EQ(queue->Read({5, 42, 8}, out, sizeof(out), &count), InputQueue::ReadResult::kWaiting);
  EXPECT_TRUE(queue->has_waiting_read());
  EXPECT_FALSE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));  // no bytes yet
  Push(*queue, "ls /\r and more");
  ASSERT_TRUE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));
  EXPECT_EQ(read.client, 5u);
  EXPECT_EQ(read.transaction_id, 42u);
  EXPECT_EQ(Bytes(out, count), "ls /\r an");
  EXPECT_FALSE(queue->has_waiting_read());
  EXPECT_FALSE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));
  EXPECT_EQ(queue->queued(), 6u);
}

TEST(InputQueue, ASecondReadWhileOneWaitsIsBusy) {
  auto queue = std::make_unique<InputQueue>();
  uint8_t out[16];
  size_t count = 0;
  EXPECT_EQ(queue->Read({5, 1, 8}, out, sizeof(out), &count), InputQueue::ReadResult::kWaiting);
  EXPECT_EQ(queue->Read({6, 2, 8}, out, sizeof(out), &count), InputQueue::ReadResult::kBusy);
  EXPECT_EQ(count, 0u);
  Push(*queue, "x");
  PendingRead read;
  ASSERT_TRUE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));
  EXPECT_EQ(read.client, 5u);  // the first one is answered
}

TEST(InputQueue, AClosedClientsReadIsForgotten) {
  auto queue = std::make_unique<InputQueue>();
  uint8_t out[16];
  size_t count = 0;
  EXPECT_EQ(queue->Read({5, 1, 8}, out, sizeof(out), &count), InputQueue::ReadResult::kWaiting);
  queue->Forget(6);  // someone else
  EXPECT_TRUE(queue->has_waiting_read());
  queue->Forget(5);
  EXPECT_FALSE(queue->has_waiting_read());
  Push(*queue, "x");
  PendingRead read;
  EXPECT_FALSE(queue->TakeForWaitingRead(&read, out, sizeof(out), &count));
  EXPECT_EQ(queue->Read({6, 2, 8}, out, sizeof(out), &count), InputQueue::ReadResult::kReady);
}

TEST(InputQueue, OverflowDropsTheNewestAndCounts) {
  auto queue = std::make_unique<InputQueue>();
  const std::string full(InputQueue::kCapacity, 'a');
  Push(*queue, full);
  EXPECT_EQ(queue->Push(reinterpret_cast<const uint8_t*>("bcd"), 3), 3u);
  EXPECT_EQ(queue->dropped(), 3u);
  uint8_t out[256];
  size_t count = 0;
  size_t total = 0;
  while (queue->Read({1, 1, 256}, out, sizeof(out), &count) == InputQueue::ReadResult::kReady) {
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(out[i], 'a');
    total += count;
    if (queue->queued() == 0) break;
  }
  EXPECT_EQ(total, InputQueue::kCapacity);
  // The ring wraps around correctly afterwards.
  Push(*queue, "xyz");
  EXPECT_EQ(queue->Read({1, 1, 256}, out, sizeof(out), &count), InputQueue::ReadResult::kReady);
  EXPECT_EQ(Bytes(out, count), "xyz");
}

}  // namespace
}  // namespace raeen::consoled
