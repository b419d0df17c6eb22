#include "kernel/time/timer_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace raeen::kernel {
namespace {

// A fake clock and a log of which events fired at what time.
struct Harness {
  TimerQueue queue;
  uint64_t now = 0;
  std::vector<int> fired;
  std::vector<uint64_t> fired_at;

  // Advances the fake clock to each due deadline in turn, as the hardware timer would.
  void AdvanceTo(uint64_t t) {
    while (!queue.empty() && queue.NextDeadline() <= t) {
      now = queue.NextDeadline() > now ? queue.NextDeadline() : now;
      queue.RunExpired(now);
    }
    now = t;
  }
};

struct Tagged {
  Harness* harness;
  int tag;
  TimerEvent event;
};

void Record(TimerEvent&, void* context) {
  auto* tagged = static_cast<Tagged*>(context);
  tagged->harness->fired.push_back(tagged->tag);
  tagged->harness->fired_at.push_back(tagged->harness->now);
}

Tagged* MakeTagged(Harness& h, int tag, std::vector<std::unique_ptr<Tagged>>& owner) {
  owner.push_back(std::make_unique<Tagged>());
  Tagged* t = owner.back().get();
  t->harness = &h;
  t->tag = tag;
  t->event.SetCallback(&Record, t);
  return t;
}

TEST(TimerQueue, EmptyQueueRunsNothing) {
  TimerQueue queue;
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.RunExpired(1'000'000), 0u);
}

TEST(TimerQueue, EventDoesNotFireBeforeItsDeadline) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  Tagged* a = MakeTagged(h, 1, owner);
  EXPECT_TRUE(h.queue.Add(a->event, 1000));
  EXPECT_EQ(h.queue.RunExpired(999), 0u);
  EXPECT_TRUE(h.fired.empty());
  EXPECT_TRUE(a->event.queued());
  EXPECT_EQ(h.queue.RunExpired(1000), 1u);
  EXPECT_EQ(h.fired, std::vector<int>{1});
  EXPECT_FALSE(a->event.queued());
  EXPECT_TRUE(h.queue.empty());
}

TEST(TimerQueue, FiresInDeadlineOrderWhateverTheAddOrder) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  const uint64_t deadlines[] = {500, 100, 900, 300, 700, 200};
  for (int i = 0; i < 6; ++i) h.queue.Add(MakeTagged(h, i, owner)->event, deadlines[i]);
  EXPECT_EQ(h.queue.size(), 6u);
  EXPECT_EQ(h.queue.NextDeadline(), 100u);
  h.AdvanceTo(10'000);
  EXPECT_EQ(h.fired, (std::vector<int>{1, 5, 3, 0, 4, 2}));
  EXPECT_EQ(h.fired_at, (std::vector<uint64_t>{100, 200, 300, 500, 700, 900}));
}

TEST(TimerQueue, EqualDeadlinesFireFirstInFirstOut) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  for (int i = 0; i < 4; ++i) h.queue.Add(MakeTagged(h, i, owner)->event, 50);
  EXPECT_EQ(h.queue.RunExpired(50), 4u);
  EXPECT_EQ(h.fired, (std::vector<int>{0, 1, 2, 3}));
}

TEST(TimerQueue, OneCallRunsEveryExpiredEventAndLeavesTheRest) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  h.queue.Add(MakeTagged(h, 0, owner)->event, 10);
  h.queue.Add(MakeTagged(h, 1, owner)->event, 20);
  h.queue.Add(MakeTagged(h, 2, owner)->event, 30);
  EXPECT_EQ(h.queue.RunExpired(25), 2u);
  EXPECT_EQ(h.queue.size(), 1u);
  EXPECT_EQ(h.queue.NextDeadline(), 30u);
}

TEST(TimerQueue, CancelledEventNeverFires) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  Tagged* a = MakeTagged(h, 0, owner);
  Tagged* b = MakeTagged(h, 1, owner);
  h.queue.Add(a->event, 100);
  h.queue.Add(b->event, 200);
  EXPECT_TRUE(h.queue.Cancel(a->event));
  EXPECT_FALSE(h.queue.Cancel(a->event));
  EXPECT_EQ(h.queue.NextDeadline(), 200u);
  h.AdvanceTo(1000);
  EXPECT_EQ(h.fired, std::vector<int>{1});
  EXPECT_FALSE(h.queue.Cancel(b->event));  // already fired
}

TEST(TimerQueue, AddReportsWhenTheEarliestDeadlineChanges) {
  TimerQueue queue;
  TimerEvent a, b, c;
  EXPECT_TRUE(queue.Add(a, 100));   // first event
  EXPECT_FALSE(queue.Add(b, 200));  // later: hardware stays armed for 100
  EXPECT_TRUE(queue.Add(c, 50));    // earlier
  EXPECT_FALSE(queue.Add(c, 50));   // re-added at the same time: nothing moves
  EXPECT_TRUE(queue.Add(c, 300));   // the head moved later: 100 is now first
  EXPECT_EQ(queue.NextDeadline(), 100u);
  EXPECT_EQ(queue.size(), 3u);
}

TEST(TimerQueue, ReAddingMovesTheEvent) {
  Harness h;
  std::vector<std::unique_ptr<Tagged>> owner;
  Tagged* a = MakeTagged(h, 0, owner);
  Tagged* b = MakeTagged(h, 1, owner);
  h.queue.Add(a->event, 100);
  h.queue.Add(b->event, 200);
  h.queue.Add(a->event, 300);
  EXPECT_EQ(h.queue.size(), 2u);
  h.AdvanceTo(1000);
  EXPECT_EQ(h.fired, (std::vector<int>{1, 0}));
}

// A periodic timer: the callback re-adds its own event one period later.
struct Periodic {
  TimerQueue* queue;
  uint64_t period;
  int remaining;
  std::vector<uint64_t> deadlines;
};

void Rearm(TimerEvent& event, void* context) {
  auto* p = static_cast<Periodic*>(context);
  p->deadlines.push_back(event.deadline_ns());
  if (--p->remaining > 0) p->queue->Add(event, event.deadline_ns() + p->period);
}

TEST(TimerQueue, CallbackMayReArmItsOwnEvent) {
  TimerQueue queue;
  Periodic periodic{&queue, 100, 5, {}};
  TimerEvent event(&Rearm, &periodic);
  queue.Add(event, 100);
  uint64_t now = 0;
  while (!queue.empty()) {
    now = queue.NextDeadline();
    queue.RunExpired(now);
  }
  EXPECT_EQ(periodic.deadlines, (std::vector<uint64_t>{100, 200, 300, 400, 500}));
}

// A callback that re-adds itself with a deadline already due waits for the next call: one
// RunExpired does a bounded amount of work.
TEST(TimerQueue, DueEventAddedByACallbackWaitsForTheNextCall) {
  TimerQueue queue;
  Periodic periodic{&queue, 0, 1000, {}};
  TimerEvent event(&Rearm, &periodic);
  queue.Add(event, 10);
  EXPECT_EQ(queue.RunExpired(10), 1u);
  EXPECT_TRUE(event.queued());
  EXPECT_EQ(queue.RunExpired(10), 1u);
  EXPECT_EQ(periodic.deadlines.size(), 2u);
}

// A callback cancels another event that is due in the same call: it must not run.
struct Canceller {
  TimerQueue* queue;
  TimerEvent* victim;
  int runs = 0;
};

void CancelVictim(TimerEvent&, void* context) {
  auto* c = static_cast<Canceller*>(context);
  ++c->runs;
  EXPECT_TRUE(c->queue->Cancel(*c->victim));
}

void MustNotRun(TimerEvent&, void*) { ADD_FAILURE() << "a cancelled event ran"; }

TEST(TimerQueue, CallbackCanCancelAnEventDueInTheSameCall) {
  TimerQueue queue;
  TimerEvent victim(&MustNotRun, nullptr);
  Canceller canceller{&queue, &victim};
  TimerEvent first(&CancelVictim, &canceller);
  queue.Add(first, 10);
  queue.Add(victim, 20);
  EXPECT_EQ(queue.RunExpired(100), 1u);
  EXPECT_EQ(canceller.runs, 1);
  EXPECT_FALSE(victim.queued());
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
}

TEST(TimerQueue, TakeExpiredHandsOutDueEventsInOrderAndTracksTheQueue) {
  TimerQueue queue;
  TimerEvent early, late;
  EXPECT_EQ(early.queue(), nullptr);
  queue.Add(late, 200);
  queue.Add(early, 100);
  EXPECT_EQ(early.queue(), &queue);
  EXPECT_EQ(queue.TakeExpired(99), nullptr);
  EXPECT_EQ(queue.TakeExpired(150), &early);
  EXPECT_FALSE(early.queued());
  EXPECT_EQ(early.queue(), nullptr);
  EXPECT_EQ(queue.TakeExpired(150), nullptr);
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_TRUE(queue.Cancel(late));
  EXPECT_EQ(late.queue(), nullptr);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace raeen::kernel
