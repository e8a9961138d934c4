// The weight and bias gradients as computations of their own (what the app and the exporters animate): every step's
// value is the backward pass's grad_weight / grad_bias (which tests/torch/backward_check.py checks against
// torch.autograd), and a step of Figure 2.6's weight gradient reads the cells the formula names.
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

struct Layer {
  Config c;
  Tensor x, w, gy;
};
Layer RandomLayer(Op op, std::mt19937& rng) {
  Layer l{test::RandomConfig(op, rng), {}, {}, {}};
  l.x = Real(CanonicalShape(l.c, TensorRole::Input), static_cast<uint32_t>(rng()));
  l.w = Real(CanonicalShape(l.c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
  l.gy = Real(CanonicalShape(l.c, TensorRole::Output), static_cast<uint32_t>(rng()), -2, 2);
  return l;
}

// Over random layers (ranks 1-3, channels, groups, per-side padding, padding modes, output padding): the problem's
// outputs, reordered by WeightGradIndex, are Backward's grad_weight; each gather step's result is its value.
TEST(GradProblem, WeightGradientStepsAreTheBackwardPassesGradWeight) {
  std::mt19937 rng(1906);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 150; ++n) {
      const Layer l = RandomLayer(op, rng);
      const Gradients g = Backward(l.c, l.x, l.w, l.gy);
      const GradProblem p = WeightGradProblem(l.c, l.x, l.gy);
      ASSERT_FALSE(Validate(p.config)) << Describe(l.c);
      const Computation comp = Recompute(p.config, p.input, p.weight);
      ASSERT_EQ(comp.output.size(), g.grad_weight.size()) << Describe(l.c);
      EXPECT_TRUE(AllClose(GradFromProblem(l.c, GradTarget::Weight, comp.output), g.grad_weight)) << Describe(l.c);
      for (int s = 0; s < StepCount(comp, View::Direct); s += 7) {
        const GatherStep step = Gather(comp, View::Direct, s);
        EXPECT_NEAR(step.result, g.grad_weight[static_cast<size_t>(WeightGradIndex(l.c, s))], 1e-9) << Describe(l.c);
      }
    }
}

TEST(GradProblem, BiasGradientStepsAreEachChannelsSum) {
  std::mt19937 rng(1907);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 60; ++n) {
      Layer l = RandomLayer(op, rng);
      l.c.bias = true;
      const GradProblem p = BiasGradProblem(l.c, l.gy);
      const Computation comp = Recompute(p.config, p.input, p.weight);
      EXPECT_EQ(StepCount(comp, View::Direct), l.c.out_channels) << Describe(l.c);
      EXPECT_TRUE(AllClose(GradFromProblem(l.c, GradTarget::Bias, comp.output), Backward(l.c, l.x, l.w, l.gy).grad_bias))
          << Describe(l.c);
      // One step lights the whole map: as many taps as the channel's ∂L/∂y has cells.
      EXPECT_EQ(Gather(comp, View::Direct, 0).taps.size(), l.gy.size() / static_cast<size_t>(l.c.out_channels));
    }
}

// Figure 2.6 (i = 5, k = 3, s = 2, p = 1): ∂L/∂y (3x3) slides over the input with stride d = 1 and dilation s = 2;
// grad_w[0, 0, 1, 2] = Σ_o ∂L/∂y[o] · x[o·2 − 1 + (1, 2)].
TEST(GradProblem, Figure26WeightGradientSlidesTheOutputGradientWithStrideAndDilationSwapped) {
  const Config c = test::Make2d(Op::Conv, 5, 3, 2, 1);
  const Tensor x = Real(CanonicalShape(c, TensorRole::Input), 3);
  const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), 4);
  const GradProblem p = WeightGradProblem(c, x, gy);
  EXPECT_EQ(p.config.width().kernel, 3);    // the output gradient's size
  EXPECT_EQ(p.config.width().stride, 1);    // d
  EXPECT_EQ(p.config.width().dilation, 2);  // s
  EXPECT_EQ(p.config.width().pad_before, 1);
  const Computation comp = Recompute(p.config, p.input, p.weight);
  EXPECT_EQ(comp.output.shape(), (std::vector<int>{1, 1, 3, 3}));
  const GatherStep step = Gather(comp, View::Direct, 5);  // u = 1, v = 2
  double sum = 0;
  size_t t = 0;
  for (int orow = 0; orow < 3; ++orow)
    for (int ocol = 0; ocol < 3; ++ocol, ++t) {
      const int r = orow * 2 - 1 + 1, col = ocol * 2 - 1 + 2;
      const double xv = r >= 0 && r < 5 && col >= 0 && col < 5 ? x[static_cast<size_t>(r * 5 + col)] : 0.0;
      ASSERT_LT(t, step.taps.size());
      EXPECT_EQ(step.taps[t].input_row, r >= 0 && r < 5 && col >= 0 && col < 5 ? r : -1);
      EXPECT_DOUBLE_EQ(step.taps[t].weight, gy[static_cast<size_t>(orow * 3 + ocol)]);
      sum += gy[static_cast<size_t>(orow * 3 + ocol)] * xv;
    }
  EXPECT_NEAR(step.result, sum, 1e-12);
}

// The forward pass leaves the last input cells unread (i = 6, k = 3, s = 2: o = 2 reads 5 cells): the signal is
// cropped; under circular padding (whose values before the input come from its end) it is materialised instead.
TEST(GradProblem, UnreadCellsAreCroppedAndPaddingModesKeepTheirValues) {
  Config c = test::Make1d(Op::Conv, 6, 3, 2, 0);
  const Tensor x = Real(CanonicalShape(c, TensorRole::Input), 5);
  const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), 6);
  EXPECT_EQ(WeightGradProblem(c, x, gy).config.width().input, 5);
  c = test::Make1d(Op::Conv, 6, 3, 3, 1);
  c.padding_mode = PaddingMode::Circular;
  const Tensor gy2 = Real(CanonicalShape(c, TensorRole::Output), 7);
  const GradProblem p = WeightGradProblem(c, x, gy2);
  EXPECT_EQ(p.config.padding_mode, PaddingMode::Zeros);
  EXPECT_EQ(p.config.width().pad_before, 0);
  EXPECT_DOUBLE_EQ(p.input[0], x[5]);  // the circular padding's cell, copied from the input's end
  const Computation comp = Recompute(p.config, p.input, p.weight);
  EXPECT_TRUE(AllClose(GradFromProblem(c, GradTarget::Weight, comp.output), Backward(c, x, Tensor(CanonicalShape(c, TensorRole::Weight)), gy2).grad_weight));
}

TEST(GradProblem, PoolingAndLayersWithoutBiasAreRefused) {
  const Config pool = test::Make2d(Op::MaxPool, 4, 2, 2, 0);
  const Tensor x(CanonicalShape(pool, TensorRole::Input));
  EXPECT_THROW(WeightGradProblem(pool, x, Tensor(CanonicalShape(pool, TensorRole::Output))), InvalidConfig);
  const Config conv = test::Make2d(Op::Conv, 4, 2, 1, 0);
  EXPECT_THROW(BiasGradProblem(conv, Tensor(CanonicalShape(conv, TensorRole::Output))), InvalidConfig);
  EXPECT_EQ(ParseGradTarget("weight"), GradTarget::Weight);
  EXPECT_FALSE(ParseGradTarget("w"));
}

}  // namespace
}  // namespace convarith
