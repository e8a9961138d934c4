// The backward pass through the forward views: the input gradient of a convolution recomputed as a computation of
// its own (InputGradConfig) has the transposed views (scatter: each output-gradient cell stamps the kernel), and its
// output, folded and cropped, is the gradient Backward computes. This is the path the app's Backward switch takes.
#include <gtest/gtest.h>

#include <random>

#include "convarith/ops/backward.hpp"
#include "convarith/scene/timeline.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::AllClose;
using test::Describe;
using test::Real;

TEST(BackwardViews, InputGradientIsAComputationWithTheForwardViews) {
  std::mt19937 rng(21);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 60; ++n) {
      const Config c = test::RandomConfig(op, rng);
      const Tensor x = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()));
      const Computation grad = Recompute(InputGradConfig(c), gy, w);
      const std::array<int, 3> in{x.dim(1), x.dim(2), x.dim(3)};
      const Tensor expected = Backward(c, x, w, gy).grad_input;
      EXPECT_TRUE(AllClose(FoldPadding(c, CropTo(grad.output, op == Op::Conv ? grad.output_shape : in)), expected))
          << Describe(c);
      if (op == Op::Conv) {
        // The scatter view steps through the output gradient's cells; the equivalent view gathers with the rotated
        // kernel and gives the same numbers.
        EXPECT_EQ(ViewsOf(grad.config.op).front(), View::Equivalent);
        EXPECT_EQ(StepCount(grad, View::Scatter), static_cast<int>(gy.size()));
        EXPECT_TRUE(AllClose(FoldPadding(c, grad.output_equivalent), expected)) << Describe(c);
      } else {
        EXPECT_EQ(ViewsOf(grad.config.op).front(), View::Direct);
      }
    }
}

}  // namespace
}  // namespace convarith
