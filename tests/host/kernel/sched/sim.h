#pragma once
// A simulated machine for the scheduler host tests: fake CPUs, each with a RunQueue, driven
// by the RunQueue protocol over fake time, and threads that compute, block and wake.
//
// Every step: each CPU that must choose calls PickNext; time advances to the earliest event
// (a pick's run_until_ns, a running job finishing, a thread's next release, the end); each
// running thread is charged for the interval; finished jobs block (Dequeue); due releases
// wake their threads (Enqueue, on their real-time home or on the CPU CpuPlacement chooses)
// and preempt when Enqueue says so. This is what the thread layer and the one-shot timer
// will do, minus the context switches.

#include <gtest/gtest.h>
#include <stdint.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/sched/cpu_placement.h"
#include "kernel/sched/run_queue.h"

namespace raeen::kernel::sched::sim {

inline constexpr uint64_t kForever = ~uint64_t{0};
inline constexpr uint64_t kMs = 1'000'000;
inline constexpr uint64_t kSec = 1'000'000'000;

struct SimThread {
  std::string name;
  SchedEntity entity;
  // A job of `work_ns` is released every `period_ns` from `next_release` (work kForever: one
  // job that never ends, i.e. a thread that never blocks). Releases that come while a job is
  // still running are queued behind it.
  uint64_t work_ns = kForever;
  uint64_t period_ns = 0;
  uint64_t deadline_ns = 0;  // relative, for the harness's own miss count; 0 = period
  uint64_t next_release = kForever;
  // The CPU whose run queue admitted it (real-time), or -1 to let CpuPlacement choose.
  int home_cpu = -1;

  bool runnable = false;
  uint64_t remaining = 0;
  uint64_t pending_jobs = 0;
  uint64_t job_release = 0;

  uint64_t ran_ns = 0;
  uint64_t jobs_done = 0;
  uint64_t harness_misses = 0;          // jobs finished after release + deadline, counted here
  std::map<uint32_t, uint64_t> ran_on;  // cpu -> ns
};

struct SimCpu {
  SimCpu(uint32_t cpu, const CpuPlacement& placement, uint32_t bound_ppm)
      : rq(cpu, placement, bound_ppm) {}
  RunQueue rq;
  Pick pick;
  bool need_pick = true;
  SimThread* running = nullptr;
};

class Sim {
 public:
  Sim(uint32_t cpus, uint32_t rt_bound_ppm = kDefaultRtBoundPpm)
      : placement_(CpuPlacement::Create(CpuSet::FirstN(cpus)).value()) {
    for (uint32_t i = 0; i < cpus; ++i) {
      cpus_.push_back(std::make_unique<SimCpu>(i, placement_, rt_bound_ppm));
    }
  }

  CpuPlacement& placement() { return placement_; }
  RunQueue& rq(uint32_t cpu) { return cpus_[cpu]->rq; }
  uint64_t now() const { return now_; }

  // A thread that never blocks, released at `start`.
  SimThread& Hog(const std::string& name, uint64_t start = 0) {
    return Add(name, kForever, 0, start);
  }
  // A thread that wakes every `period` from `start`, computes `work`, and blocks.
  SimThread& Periodic(const std::string& name, uint64_t work, uint64_t period, uint64_t start = 0) {
    return Add(name, work, period, start);
  }

  // Runs until `until`. Fails the test (instead of spinning) if time stops advancing: a
  // policy that keeps handing out empty slices is a bug, and must not hang the test.
  void Run(uint64_t until) {
    ReleaseDue();
    uint64_t stalled = 0;
    while (now_ < until) {
      if (stalled > 1000) {
        ADD_FAILURE() << "the simulation stopped advancing at " << now_ << " ns";
        return;
      }
      for (auto& cpu : cpus_) {
        if (!cpu->need_pick) continue;
        cpu->pick = cpu->rq.PickNext(now_);
        cpu->running = Owner(cpu->pick.entity);
        cpu->need_pick = false;
      }
      uint64_t next = until;
      for (auto& cpu : cpus_) {
        next = std::min(next, cpu->pick.run_until_ns);
        if (cpu->running != nullptr && cpu->running->work_ns != kForever) {
          next = std::min(next, now_ + cpu->running->remaining);
        }
      }
      for (auto& thread : threads_) next = std::min(next, thread->next_release);
      const uint64_t ran = next - now_;
      stalled = ran == 0 ? stalled + 1 : 0;
      now_ = next;
      for (auto& cpu : cpus_) Advance(*cpu, ran);
      ReleaseDue();
    }
  }

 private:
  SimThread& Add(const std::string& name, uint64_t work, uint64_t period, uint64_t start) {
    threads_.push_back(std::make_unique<SimThread>());
    SimThread& t = *threads_.back();
    t.name = name;
    t.work_ns = work;
    t.period_ns = period;
    t.next_release = start;
    return t;
  }

  SimThread* Owner(SchedEntity* entity) {
    if (entity == nullptr) return nullptr;
    for (auto& thread : threads_) {
      if (&thread->entity == entity) return thread.get();
    }
    ADD_FAILURE() << "PickNext returned an entity the simulation does not own";
    return nullptr;
  }

  void Advance(SimCpu& cpu, uint64_t ran) {
    SimThread* t = cpu.running;
    if (t != nullptr) {
      EXPECT_TRUE(cpu.rq.Charge(t->entity, ran, now_).ok());
      t->ran_ns += ran;
      t->ran_on[cpu.rq.cpu()] += ran;
      if (t->work_ns != kForever) {
        t->remaining -= ran;
        if (t->remaining == 0) FinishJob(cpu, *t);
      }
    }
    if (now_ >= cpu.pick.run_until_ns) cpu.need_pick = true;
  }

  void FinishJob(SimCpu& cpu, SimThread& t) {
    ++t.jobs_done;
    const uint64_t deadline = t.deadline_ns != 0 ? t.deadline_ns : t.period_ns;
    if (now_ > t.job_release + deadline) ++t.harness_misses;
    if (t.pending_jobs > 0) {
      // The next job was released while this one ran: it continues without blocking.
      --t.pending_jobs;
      t.job_release += t.period_ns;
      t.remaining = t.work_ns;
      return;
    }
    EXPECT_TRUE(cpu.rq.Dequeue(t.entity, now_).ok());
    t.runnable = false;
    cpu.running = nullptr;
    cpu.need_pick = true;
  }

  void ReleaseDue() {
    for (auto& thread : threads_) {
      SimThread& t = *thread;
      while (t.next_release <= now_) {
        const uint64_t release = t.next_release;
        t.next_release = t.period_ns == 0 ? kForever : t.next_release + t.period_ns;
        if (t.runnable) {
          ++t.pending_jobs;
          continue;
        }
        t.runnable = true;
        t.remaining = t.work_ns;
        t.job_release = release;
        Wake(t);
      }
    }
  }

  void Wake(SimThread& t) {
    uint32_t target = 0;
    if (t.home_cpu >= 0) {
      target = static_cast<uint32_t>(t.home_cpu);
    } else {
      std::vector<uint32_t> load;
      for (auto& cpu : cpus_) load.push_back(static_cast<uint32_t>(cpu->rq.runnable_count()));
      Result<uint32_t> chosen = placement_.ChooseCpu(
          t.entity.affinity(), rstd::Span<const uint32_t>(load.data(), load.size()));
      ASSERT_TRUE(chosen.ok()) << t.name;
      target = chosen.value();
    }
    Result<bool> preempt = cpus_[target]->rq.Enqueue(t.entity, now_);
    ASSERT_TRUE(preempt.ok()) << t.name;
    if (preempt.value()) cpus_[target]->need_pick = true;
  }

  CpuPlacement placement_;
  std::vector<std::unique_ptr<SimCpu>> cpus_;
  std::vector<std::unique_ptr<SimThread>> threads_;
  uint64_t now_ = 0;
};

}  // namespace raeen::kernel::sched::sim
