#include "kernel/bench/sample_set.h"

namespace raeen::kernel::bench {
namespace {

void SiftDown(uint64_t* values, size_t root, size_t count) {
  for (;;) {
    size_t largest = root;
    size_t left = 2 * root + 1;
    size_t right = left + 1;
    if (left < count && values[left] > values[largest]) largest = left;
    if (right < count && values[right] > values[largest]) largest = right;
    if (largest == root) return;
    uint64_t swap = values[root];
    values[root] = values[largest];
    values[largest] = swap;
    root = largest;
  }
}

void HeapSort(uint64_t* values, size_t count) {
  for (size_t i = count / 2; i-- > 0;) SiftDown(values, i, count);
  for (size_t end = count; end-- > 1;) {
    uint64_t swap = values[0];
    values[0] = values[end];
    values[end] = swap;
    SiftDown(values, 0, end);
  }
}

}  // namespace

size_t NearestRank(size_t n, uint32_t per_mille) {
  if (n == 0) return 0;
  size_t rank = (static_cast<uint64_t>(per_mille) * n + 999) / 1000;
  return rank == 0 ? 1 : rank;
}

Distribution SampleSet::Summarize() {
  Distribution result;
  result.n = count_;
  if (count_ == 0) return result;
  uint64_t* values = storage_.data();
  HeapSort(values, count_);
  result.p50 = values[NearestRank(count_, 500) - 1];
  result.p99 = values[NearestRank(count_, 990) - 1];
  result.p999 = values[NearestRank(count_, 999) - 1];
  result.max = values[count_ - 1];
  return result;
}

void WriteDistribution(rstd::Writer& out, rstd::StringView metric, rstd::StringView unit,
                       const Distribution& d) {
  rstd::Format(out, "@bench-dist {} {} n={} p50={} p99={} p999={} max={}", metric, unit, d.n,
               d.p50, d.p99, d.p999, d.max);
}

}  // namespace raeen::kernel::bench
