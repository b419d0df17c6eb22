// process.spawn: from process_spawn (image already in a memory object) to the new process
// having run and terminated, for a program that exits at once; 50 samples.

#include "apps/bench/user_timing.h"
#include "libs/rae/initrd.h"
#include "libs/rae/main.h"

using raeen::Status;
namespace sys = raeen::sys;

namespace {
constexpr size_t kSamples = 50;
uint64_t samples[kSamples];
}  // namespace

int main() {
  auto initrd = raeen::rae::BootInitrd();
  if (!initrd.ok()) return 11;
  auto image = raeen::rae::FindInitrdFile(*initrd, "bin/bench_nop");
  if (!image.ok()) return 12;
  sys::Handle memory = 0;
  if (sys::MemoryCreate(image->size(), 0, &memory) != Status::kOk ||
      sys::MemoryWrite(memory, image->data(), image->size(), 0) != Status::kOk) {
    return 13;
  }
  raeen::apps::TscToNs clock;
  for (size_t i = 0; i < kSamples; ++i) {
    const sys::SpawnArgs args{
        reinterpret_cast<uint64_t>("bench_nop"), 9, memory, 0, 0, 0, 0, 0, 0};
    sys::Handle process = 0;
    sys::Handle space = 0;
    const uint64_t before = raeen::apps::Tsc();
    if (sys::ProcessSpawn(&args, &process, &space) != Status::kOk) return 14;
    uint32_t observed = 0;
    (void)sys::ObjectWaitOne(process, sys::Signals::kTerminated, INT64_MAX, &observed);
    samples[i] = raeen::apps::Tsc() - before;
    (void)sys::HandleClose(process);
    (void)sys::HandleClose(space);
  }
  clock.Finish();
  raeen::apps::PrintDistribution("process.spawn_to_exit", clock, samples, kSamples);
  return 0;
}
