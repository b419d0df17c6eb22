#pragma once
// Memory-management micro-benchmarks for `./rae bench`: each runs a fixed number of
// iterations of one operation pair and logs its latency distribution as `@bench-dist`.
//   mm.page_alloc_free  one 4 KiB page from the buddy allocator and back
//   mm.map_unmap_4k     map one 4 KiB page into the kernel address space and unmap it (with
//                       its TLB invalidation)
//   mm.heap_alloc_free  a 64-byte kernel heap allocation and its free

namespace raeen::kernel::bench {

void RunMemoryBenchmarks();

}  // namespace raeen::kernel::bench
