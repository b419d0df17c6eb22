#include "kernel/process/user_layout.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t PageRoundUp(uint64_t value) {
  return (value + kUserPageSize - 1) & ~(kUserPageSize - 1);
}

// A page-aligned base in [window_base, window_end - size], uniform over the pages; `size`
// is at least a page.
Result<uint64_t> RandomBase(uint64_t window_base, uint64_t window_end, uint64_t size,
                            boot::RandomSource& random) {
  const uint64_t slots = (window_end - window_base - size) / kUserPageSize + 1;
  RAEEN_TRY(uint64_t slot, boot::ChooseKaslrSlot(slots, random));
  return window_base + slot * kUserPageSize;
}

}  // namespace

Result<UserLayout> ChooseUserLayout(uint64_t image_span, uint64_t stack_size,
                                    boot::RandomSource& random) {
  if (image_span == 0 || image_span > kMaxImageSpan || stack_size == 0 ||
      stack_size > kMaxStackSize) {
    return Error(Status::kInvalidArgument);
  }
  const uint64_t image = PageRoundUp(image_span);
  const uint64_t stack = PageRoundUp(stack_size);
  UserLayout layout{};
  RAEEN_TRY(layout.image_base, RandomBase(kImageWindowBase, kImageWindowEnd, image, random));
  RAEEN_TRY(layout.heap_base,
            RandomBase(kHeapWindowBase, kHeapWindowEnd, kUserPageSize, random));
  RAEEN_TRY(layout.mappings_base,
            RandomBase(kMappingWindowBase, kMappingWindowEnd, kUserPageSize, random));
  layout.mappings_end = layout.mappings_base + kMappingAreaSize;
  // The stack, with its guard page, must fit between the window base and kUserTop.
  RAEEN_TRY(uint64_t stack_low_with_guard,
            RandomBase(kStackWindowBase, kUserTop, stack + kUserPageSize, random));
  layout.stack_low = stack_low_with_guard + kUserPageSize;
  layout.stack_top = layout.stack_low + stack;
  return layout;
}

}  // namespace raeen::kernel
