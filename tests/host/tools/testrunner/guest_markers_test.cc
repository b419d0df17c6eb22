#include "tools/testrunner/guest_markers.h"

#include <gtest/gtest.h>

namespace raeen::tools::testrunner {
namespace {

TEST(GuestMarkers, KernelMessageStripsTheLogPrefix) {
  EXPECT_EQ(KernelMessage("[    0.004211] info: kernel ready"), "kernel ready");
  EXPECT_EQ(KernelMessage("[12345.000001] warn_once: x: y"), "x: y");
  EXPECT_EQ(KernelMessage("rae-boot: RaeenOS UEFI loader"), "rae-boot: RaeenOS UEFI loader");
  EXPECT_EQ(KernelMessage("[    0.1] info:missing space"), "[    0.1] info:missing space");
  EXPECT_EQ(KernelMessage("[x] info: y"), "[x] info: y");
  EXPECT_EQ(KernelMessage("["), "[");
}

TEST(GuestMarkers, KernelMessageAfterOtherOutputOnTheLine) {
  EXPECT_EQ(KernelMessage("raeen:/$ [    1.459695] info: [svcmgr] svcmgr: started"),
            "[svcmgr] svcmgr: started");
  EXPECT_EQ(KernelMessage("[x] [    0.1] warn: y"), "y");
  EXPECT_EQ(KernelMessage("text [1.2] nope"), "text [1.2] nope");
}

TEST(GuestMarkers, RecognizesBannerReadyAndLoader) {
  EXPECT_TRUE(IsKernelBanner("[    0.000001] info: RaeenOS 0.1.0 (RaeCore)"));
  EXPECT_TRUE(IsKernelBanner("RaeenOS 0.2.0 (RaeCore) built 2026-11-23"));
  EXPECT_FALSE(IsKernelBanner("rae-boot: RaeenOS UEFI loader"));
  EXPECT_TRUE(IsKernelReady("[    1.200000] info: kernel ready"));
  EXPECT_TRUE(IsKernelReady("kernel ready\r"));
  EXPECT_FALSE(IsKernelReady("[    1.2] info: kernel ready in 5 ms"));
  EXPECT_TRUE(IsLoaderFirstLine("rae-boot: RaeenOS UEFI loader 0.1.0"));
  EXPECT_FALSE(IsLoaderFirstLine("rae-boot: error: no kernel"));
}

TEST(GuestMarkers, ParsesKaslrBase) {
  EXPECT_EQ(ParseKaslrBase("[    0.0] info: kaslr: kernel base 0xffffffff81200000"),
            0xffffffff81200000u);
  EXPECT_EQ(ParseKaslrBase("kaslr: kernel base 0xFFFFFFFF81200000 (slot 9)"), 0xffffffff81200000u);
  EXPECT_FALSE(ParseKaslrBase("kaslr: kernel base 0xffffffff8120000"));
  EXPECT_FALSE(ParseKaslrBase("kaslr: kernel base 0xgfffffff81200000"));
  EXPECT_FALSE(ParseKaslrBase("kaslr: disabled"));
  // rae-boot reports the base too; only the kernel's line counts.
  EXPECT_FALSE(ParseKaslrBase("rae-boot: kaslr: kernel base 0xffffffff8fe00000 (source: efi-rng)"));
}

TEST(GuestMarkers, ParsesMemoryReport) {
  const auto memory = ParseMemoryReport("[    0.01] info: memory: 478 MiB usable of 512 MiB RAM");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->usable_mib, 478);
  EXPECT_EQ(memory->total_mib, 512);
  const auto detailed =
      ParseMemoryReport("[    0.1] info: memory: 505 MiB usable of 511 MiB RAM (33 ranges)");
  ASSERT_TRUE(detailed);
  EXPECT_EQ(detailed->usable_mib, 505);
  EXPECT_EQ(detailed->total_mib, 511);
  EXPECT_FALSE(ParseMemoryReport("memory: 478 MiB usable"));
  EXPECT_FALSE(ParseMemoryReport("memory: many MiB usable of 512 MiB RAM"));
}

TEST(GuestMarkers, ParsesCpuCount) {
  EXPECT_EQ(ParseCpuCount("[    0.02] info: cpus: 2"), 2);
  EXPECT_EQ(ParseCpuCount("[    0.02] info: cpus: 2 (ACPI MADT; 1 I/O APIC)"), 2);
  EXPECT_FALSE(ParseCpuCount("cpus: "));
  EXPECT_FALSE(ParseCpuCount("cpus: two"));
  EXPECT_FALSE(ParseCpuCount("cpus online: 2"));
}

TEST(GuestMarkers, ParsesBenchSamples) {
  const auto sample = ParseBenchSample("@bench boot.loader_to_kernel_entry ms 12.500");
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->metric, "boot.loader_to_kernel_entry");
  EXPECT_EQ(sample->unit, "ms");
  EXPECT_DOUBLE_EQ(sample->value, 12.5);
  const auto prefixed = ParseBenchSample("[    0.3] info: @bench ipc.round_trip ns 850");
  ASSERT_TRUE(prefixed);
  EXPECT_DOUBLE_EQ(prefixed->value, 850);
  // A user program's line, named by the kernel's debug_write.
  const auto from_program =
      ParseBenchDistribution("[    1.2] info: [bench_syscall] @bench-dist syscall.null ns n=10 "
                             "p50=300 p99=400 p999=500 max=900");
  ASSERT_TRUE(from_program);
  EXPECT_EQ(from_program->metric, "syscall.null");
  EXPECT_DOUBLE_EQ(from_program->p50, 300);
  EXPECT_FALSE(ParseBenchSample("[    1.2] info: [prog] not @bench a b 1"));
  EXPECT_FALSE(ParseBenchSample("@bench metric ms"));
  EXPECT_FALSE(ParseBenchSample("@bench metric ms fast"));
  EXPECT_FALSE(ParseBenchSample("@bench metric ms 1e3"));
  EXPECT_FALSE(ParseBenchSample("not @bench a b 1"));
}

TEST(GuestMarkers, FailurePatterns) {
  const auto boot = BootFailurePatterns();
  EXPECT_EQ(boot.size(), 2u);
  const auto with_panic = BootOrPanicFailurePatterns();
  ASSERT_EQ(with_panic.size(), 3u);
  EXPECT_EQ(with_panic[2], "KERNEL PANIC");
}

TEST(GuestMarkers, ParsesKernelAreaBases) {
  auto bases = ParseKernelAreaBases(
      "[    0.189154] info: kaslr: direct map 0xffffb80840000000, kernel stacks "
      "0xfffff0da00000000, mmio 0xfffffb7540000000");
  ASSERT_TRUE(bases);
  EXPECT_EQ(bases->direct_map, 0xffffb80840000000u);
  EXPECT_EQ(bases->stacks, 0xfffff0da00000000u);
  EXPECT_EQ(bases->mmio, 0xfffffb7540000000u);
  EXPECT_FALSE(ParseKernelAreaBases("kaslr: direct map 0xffffb80840000000, kernel stacks 0x1"));
  EXPECT_FALSE(ParseKernelAreaBases("kaslr: direct map 0xffffb80840000000"));
  EXPECT_FALSE(ParseKernelAreaBases(
      "kaslr: direct map 0xffffb80840000000, kernel heap 0xfffff0da00000000, mmio "
      "0xfffffb7540000000"));
}

TEST(GuestMarkers, ParsesBenchDistributions) {
  auto d = ParseBenchDistribution(
      "[    1.234567] info: @bench-dist mm.page_alloc_free ns n=10000 p50=85 p99=140 p999=900 "
      "max=12000");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->metric, "mm.page_alloc_free");
  EXPECT_EQ(d->unit, "ns");
  EXPECT_EQ(d->n, 10000u);
  EXPECT_EQ(d->p50, 85);
  EXPECT_EQ(d->p99, 140);
  EXPECT_EQ(d->p999, 900);
  EXPECT_EQ(d->max, 12000);
  // Wrong order of keys, missing fields, no samples, percentiles out of order: not a result.
  EXPECT_FALSE(ParseBenchDistribution("@bench-dist m ns n=1 p99=1 p50=1 p999=1 max=1"));
  EXPECT_FALSE(ParseBenchDistribution("@bench-dist m ns n=1 p50=1 p99=1 p999=1"));
  EXPECT_FALSE(ParseBenchDistribution("@bench-dist m ns n=0 p50=1 p99=1 p999=1 max=1"));
  EXPECT_FALSE(ParseBenchDistribution("@bench-dist m ns n=5 p50=9 p99=1 p999=1 max=1"));
  EXPECT_FALSE(ParseBenchDistribution("@bench m ns 5"));
  EXPECT_TRUE(IsBenchDone("[    2.000000] info: bench: done"));
  EXPECT_FALSE(IsBenchDone("[    2.000000] info: bench: done soon"));
}

}  // namespace
}  // namespace raeen::tools::testrunner
