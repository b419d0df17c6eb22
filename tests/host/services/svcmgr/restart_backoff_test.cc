#include "services/svcmgr/restart_backoff.h"

#include <gtest/gtest.h>

namespace raeen::svcmgr {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(RestartBackoff, PolicyDecidesWhetherToRestart) {
  RestartBackoff backoff;
  EXPECT_FALSE(backoff.OnEnd(RestartPolicy::kNever, true, 0, kMs).restart);
  EXPECT_FALSE(backoff.OnEnd(RestartPolicy::kOnFailure, false, 0, kMs).restart);
  EXPECT_TRUE(backoff.OnEnd(RestartPolicy::kOnFailure, true, 0, kMs).restart);
  EXPECT_TRUE(backoff.OnEnd(RestartPolicy::kAlways, false, 0, kMs).restart);
}

TEST(RestartBackoff, ShortRunsDoubleTheDelayUpToTheCapThenStop) {
  RestartBackoff backoff;
  int64_t expected = RestartBackoff::kFirstDelayNs;
  for (uint32_t i = 0; i < RestartBackoff::kMaxFailures; ++i) {
    const RestartDecision decision = backoff.OnEnd(RestartPolicy::kAlways, true, 0, kMs);
    ASSERT_TRUE(decision.restart) << i;
    EXPECT_EQ(decision.delay_ns,
              expected < RestartBackoff::kMaxDelayNs ? expected : RestartBackoff::kMaxDelayNs);
    expected *= 2;
  }
  EXPECT_EQ(backoff.failures(), RestartBackoff::kMaxFailures);
  EXPECT_FALSE(backoff.OnEnd(RestartPolicy::kAlways, true, 0, kMs).restart);
}

TEST(RestartBackoff, AStableRunStartsAFreshCount) {
  RestartBackoff backoff;
  for (int i = 0; i < 4; ++i) (void)backoff.OnEnd(RestartPolicy::kOnFailure, true, 0, kMs);
  const RestartDecision decision =
      backoff.OnEnd(RestartPolicy::kOnFailure, true, 0, RestartBackoff::kStableNs);
  EXPECT_TRUE(decision.restart);
  EXPECT_EQ(decision.delay_ns, RestartBackoff::kFirstDelayNs);
  EXPECT_EQ(backoff.failures(), 1u);
}

TEST(RestartBackoff, ResetForgetsFailures) {
  RestartBackoff backoff;
  for (uint32_t i = 0; i < RestartBackoff::kMaxFailures; ++i) {
    (void)backoff.OnEnd(RestartPolicy::kAlways, true, 0, kMs);
  }
  backoff.Reset();
  EXPECT_EQ(backoff.OnEnd(RestartPolicy::kAlways, true, 0, kMs).delay_ns,
            RestartBackoff::kFirstDelayNs);
}

}  // namespace
}  // namespace raeen::svcmgr
