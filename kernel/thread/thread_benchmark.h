#pragma once
// Thread-switch benchmark for `./rae bench` (bench=all): the boot thread and one partner yield
// to each other; each sample is one Yield() of the boot thread, which switches to the partner
// and back (two context switches, FPU state saved and restored each time):
//
//   @bench-dist thread.yield_round_trip ns n=10000 p50=.. p99=.. p999=.. max=..

namespace raeen::kernel {

void RunThreadBenchmarks();

}  // namespace raeen::kernel
