// The app's recompute worker: the latest request wins, results arrive in order, a bad request gives its error.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "recompute_worker.hpp"

namespace convarith::app {
namespace {

// A convolution that takes a few milliseconds, with the kernel's first value telling requests apart.
RecomputeRequest Request(uint64_t generation, int i = 192) {
  RecomputeRequest r;
  r.generation = generation;
  r.config.axes[kHeight] = r.config.axes[kWidth] = AxisParams{i, 7, 1, 3, 3, 1, 0};
  r.input = MakeTensor(CanonicalShape(r.config, TensorRole::Input), Fill::Ramp);
  r.weight = Tensor(CanonicalShape(r.config, TensorRole::Weight), 1.0);
  r.weight[0] = static_cast<double>(generation);
  return r;
}

TEST(RecomputeWorker, TheLatestRequestWinsAndEarlierPendingOnesAreDropped) {
  RecomputeWorker worker;
  for (uint64_t g = 1; g <= 30; ++g) worker.Request(Request(g));
  worker.WaitIdle();
  EXPECT_FALSE(worker.Busy());
  const std::optional<RecomputeResult> result = worker.Take();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->generation, 30u);
  ASSERT_TRUE(result->computation);
  EXPECT_EQ(result->computation->weight[0], 30.0);  // computed from the last request's data
  EXPECT_FALSE(worker.Take().has_value());                  // taken once
}

TEST(RecomputeWorker, ResultsNeverGoBackToAnOlderRequest) {
  RecomputeWorker worker;
  std::vector<uint64_t> seen;
  for (uint64_t g = 1; g <= 40; ++g) {
    worker.Request(Request(g, 96));
    if (std::optional<RecomputeResult> r = worker.Take()) seen.push_back(r->generation);
  }
  worker.WaitIdle();
  if (std::optional<RecomputeResult> r = worker.Take()) seen.push_back(r->generation);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), 40u);
  for (size_t n = 1; n < seen.size(); ++n) EXPECT_LT(seen[n - 1], seen[n]);
}

TEST(RecomputeWorker, ARequestTheCoreRefusesGivesItsErrorAndNoComputation) {
  RecomputeRequest bad = Request(1, 4);
  bad.config.axes[kHeight].kernel = bad.config.axes[kWidth].kernel = 9;  // larger than the padded input
  bad.config.axes[kHeight].SetPadding(0);
  bad.config.axes[kWidth].SetPadding(0);
  const RecomputeResult r = Compute(bad);
  EXPECT_FALSE(r.computation);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->parameter, "kernel_size");
}

TEST(RecomputeWorker, StopsWhileARequestRuns) {
  auto worker = std::make_unique<RecomputeWorker>();
  worker->Request(Request(1, 512));
  worker.reset();  // joins after the running computation, without hanging
  SUCCEED();
}

}  // namespace
}  // namespace convarith::app
