#include "kernel/sched/cpu_placement.h"

namespace raeen::kernel::sched {

Result<CpuPlacement> CpuPlacement::Create(CpuSet online) {
  if (online.empty()) return Error(Status::kInvalidArgument);
  return CpuPlacement(online);
}

Result<void> CpuPlacement::Isolate(uint32_t cpu) {
  if (!online_.Contains(cpu)) return Error(Status::kOutOfRange);
  const CpuSet isolated = isolated_.With(cpu);
  if (online_.Minus(isolated).empty()) return Error(Status::kBadState);
  isolated_ = isolated;
  return {};
}

Result<void> CpuPlacement::Unisolate(uint32_t cpu) {
  if (!online_.Contains(cpu)) return Error(Status::kOutOfRange);
  isolated_ = isolated_.Without(cpu);
  return {};
}

Result<void> CpuPlacement::AddOnline(uint32_t cpu) {
  if (cpu >= kMaxCpus) return Error(Status::kOutOfRange);
  online_ = online_.With(cpu);
  return {};
}

bool CpuPlacement::IsBoundToIsolated(CpuSet affinity) const {
  return !affinity.empty() && affinity.IsSubsetOf(isolated_);
}

CpuSet CpuPlacement::AllowedCpus(CpuSet affinity) const {
  const CpuSet usable = affinity.Intersect(online_);
  if (IsBoundToIsolated(affinity)) return usable;
  return usable.Minus(isolated_);
}

Result<uint32_t> CpuPlacement::ChooseCpu(CpuSet affinity, rstd::Span<const uint32_t> load) const {
  const CpuSet allowed = AllowedCpus(affinity);
  uint32_t best = kMaxCpus;
  for (uint32_t cpu = 0; cpu < load.size() && cpu < kMaxCpus; ++cpu) {
    if (!allowed.Contains(cpu)) continue;
    if (best == kMaxCpus || load[cpu] < load[best]) best = cpu;
  }
  if (best == kMaxCpus) return Error(Status::kInvalidArgument);
  return best;
}

}  // namespace raeen::kernel::sched
