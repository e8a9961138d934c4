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

// Backward: the worker computes the input gradient's computation (a conv's is a transposed conv) whose output is the
// gradient torch.autograd gives (ops' Backward, tested against it); random ∂L/∂y is the CLI's (seed + 3, -2…2);
// pooling keeps its forward computation and brings the backward pass for the step text.
TEST(RecomputeWorker, BackwardRequestsComputeTheInputGradient) {
  RecomputeRequest r = Request(1, 6);
  r.config.axes[kHeight] = r.config.axes[kWidth] = AxisParams{6, 3, 2, 1, 1, 1, 0};
  r.input = MakeTensor(CanonicalShape(r.config, TensorRole::Input), Fill::Ramp);
  r.weight = MakeTensor(CanonicalShape(r.config, TensorRole::Weight), Fill::Random, 5, -2, 2);
  r.backward = true;
  r.grad_fill = Fill::Random;
  r.seed = 7;
  const RecomputeResult result = Compute(r);
  ASSERT_TRUE(result.computation) << (result.error ? result.error->message : "");
  EXPECT_TRUE(result.backward);
  EXPECT_EQ(result.computation->config.op, Op::Transposed);
  const Tensor gy = MakeTensor(CanonicalShape(r.config, TensorRole::Output), Fill::Random, 10, -2, 2);
  EXPECT_EQ(GradOutputFor(r.config, Fill::Random, 7), gy);
  const Tensor expected = Backward(r.config, r.input, r.weight, gy).grad_input;
  const Tensor drawn = FoldPadding(r.config, CropTo(result.computation->output, {1, 6, 6}));
  ASSERT_EQ(drawn.shape(), expected.shape());
  for (size_t n = 0; n < expected.size(); ++n) EXPECT_NEAR(drawn[n], expected[n], 1e-9) << n;

  r.config.op = Op::MaxPool;
  r.weight = Tensor();
  const RecomputeResult pool = Compute(r);
  ASSERT_TRUE(pool.computation);
  EXPECT_FALSE(pool.backward);
  EXPECT_EQ(pool.computation->config.op, Op::MaxPool);
  ASSERT_TRUE(pool.pooling_backward);
  EXPECT_EQ(pool.pooling_backward->grad_output.size(), pool.computation->output.size());
}

// G's choice: the weight gradient's computation (∂L/∂y sliding over the input) gives Backward's grad_weight; the
// bias gradient needs a bias (without one the worker draws ∂L/∂x and says so in `grad`); pooling draws ∂L/∂x.
TEST(RecomputeWorker, BackwardRequestsComputeTheChosenGradient) {
  RecomputeRequest r = Request(1, 6);
  r.config.axes[kHeight] = r.config.axes[kWidth] = AxisParams{6, 3, 2, 1, 1, 1, 0};
  r.config.out_channels = 2;
  r.input = MakeTensor(CanonicalShape(r.config, TensorRole::Input), Fill::Ramp);
  r.weight = MakeTensor(CanonicalShape(r.config, TensorRole::Weight), Fill::Random, 5, -2, 2);
  r.backward = true;
  r.grad_fill = Fill::Random;
  r.grad = GradTarget::Weight;
  const RecomputeResult w = Compute(r);
  ASSERT_TRUE(w.computation) << (w.error ? w.error->message : "");
  EXPECT_EQ(w.grad, GradTarget::Weight);
  const Tensor gy = GradOutputFor(r.config, Fill::Random, r.seed);
  const Gradients g = Backward(r.config, r.input, r.weight, gy);
  const Tensor drawn = GradFromProblem(r.config, GradTarget::Weight, w.computation->output);
  ASSERT_EQ(drawn.shape(), g.grad_weight.shape());
  for (size_t n = 0; n < drawn.size(); ++n) EXPECT_NEAR(drawn[n], g.grad_weight[n], 1e-9) << n;

  r.grad = GradTarget::Bias;
  EXPECT_EQ(Compute(r).grad, GradTarget::Input);  // no bias: ∂L/∂x
  r.config.bias = true;
  r.bias = Tensor({2}, 0.5);
  const RecomputeResult b = Compute(r);
  ASSERT_TRUE(b.computation);
  EXPECT_EQ(b.grad, GradTarget::Bias);
  EXPECT_EQ(b.computation->output.size(), 2u);
  EXPECT_NEAR(b.computation->output[1], Backward(r.config, r.input, r.weight, gy).grad_bias[1], 1e-9);
  r.config.op = Op::AvgPool;
  EXPECT_EQ(DrawnGrad(r.config, GradTarget::Weight), GradTarget::Input);
}

}  // namespace
}  // namespace convarith::app
