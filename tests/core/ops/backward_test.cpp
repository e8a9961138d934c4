// The backward pass: the gradients are the adjoints of the forward pass (checked against the test's own reference
// convolutions), the input gradient is Cᵀ gy, each gradient value's listed products add up to it, and pooling's
// routing follows PyTorch's first maximum. (tests/torch/backward_check.py compares with torch.autograd itself.)
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "convarith/ops/backward.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::AllClose;
using test::Describe;
using test::Dot;
using test::RandomConfig;
using test::Real;

// A random valid pooling layer (ceil_mode, count_include_pad, dilation for max).
Config RandomPool(Op op, std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    Config c;
    c.op = op;
    c.rank = pick(1, 3);
    c.axes = {kNeutralAxis, kNeutralAxis, kNeutralAxis};
    for (int a = c.first_axis(); a < 3; ++a) {
      const int k = pick(1, 3), p = pick(0, k / 2);
      c.axes[static_cast<size_t>(a)] = {pick(1, c.rank == 3 ? 5 : 8), k, pick(1, 3), p, p,
                                        op == Op::MaxPool ? pick(1, 2) : 1, 0};
    }
    c.in_channels = c.out_channels = pick(1, 3);
    c.ceil_mode = pick(0, 1) == 1;
    c.count_include_pad = pick(0, 1) == 1;
    if (!Validate(c)) return c;
  }
}

// The forward pass without bias.
Tensor Forward(Config c, const Tensor& x, const Tensor& w) {
  c.bias = false;
  switch (c.op) {
    case Op::Conv: return test::RefConv(c, x, w, {});
    case Op::Transposed: return test::RefTransposed(c, x, w, {});
    case Op::MaxPool: return MaxPool(c, x);
    case Op::AvgPool: return AvgPool(c, x);
  }
  return {};
}

// <y, gy> over the finite outputs (a max-pooling window entirely in the padding gives -inf and no gradient).
double FiniteDot(const Tensor& y, const Tensor& gy) {
  double s = 0;
  for (size_t n = 0; n < y.size(); ++n)
    if (std::isfinite(y[n])) s += y[n] * gy[n];
  return s;
}

Config RandomLayer(Op op, std::mt19937& rng) {
  return op == Op::Conv || op == Op::Transposed ? RandomConfig(op, rng) : RandomPool(op, rng);
}

// y = f(x, w) is linear in x (max pooling: y[n] = x[winner n]) and in w, so for any gy
// <f(x, w), gy> = <x, dL/dx> = <w, dL/dw>, and <b, dL/db> = Σ_oc b[oc] Σ gy[oc] is the bias's share of <y, gy>.
TEST(Backward, GradientsAreTheAdjointsOfTheForwardPass) {
  std::mt19937 rng(19);
  for (Op op : {Op::Conv, Op::Transposed, Op::MaxPool, Op::AvgPool})
    for (int n = 0; n < 120; ++n) {
      const Config c = RandomLayer(op, rng);
      const Tensor x = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()), -2, 2);
      const Gradients g = Backward(c, x, w, gy);
      const double yg = FiniteDot(Forward(c, x, w), gy);
      ASSERT_EQ(g.grad_input.shape(), x.shape()) << Describe(c);
      EXPECT_NEAR(Dot(x, g.grad_input), yg, 1e-9 * (1 + std::abs(yg))) << Describe(c);
      if (!c.has_weight()) {
        EXPECT_TRUE(g.grad_weight.empty());
        continue;
      }
      ASSERT_EQ(g.grad_weight.shape(), w.shape()) << Describe(c);
      EXPECT_NEAR(Dot(w, g.grad_weight), yg, 1e-9 * (1 + std::abs(yg))) << Describe(c);
      if (c.bias) {
        const Tensor b = Real({c.out_channels}, static_cast<uint32_t>(rng()));
        const Tensor with_bias = c.op == Op::Conv ? test::RefConv(c, x, w, b) : test::RefTransposed(c, x, w, b);
        EXPECT_NEAR(Dot(b, g.grad_bias), Dot(with_bias, gy) - yg, 1e-9 * (1 + std::abs(yg))) << Describe(c);
      }
    }
}

// The paper's point: dL/dx = Cᵀ dL/dy with C the convolution matrix (the padding modes folded into it); for a
// transposed convolution (whose matrix is Cᵀ) it is C dL/dy.
TEST(Backward, InputGradientIsTheConvolutionMatrixTransposedTimesTheOutputGradient) {
  std::mt19937 rng(6);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 100; ++n) {
      const Config c = RandomConfig(op, rng);
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()));
      Tensor expected(CanonicalShape(c, TensorRole::Input));
      expected.Assign(ConvolutionMatrix(c, w).Transposed().Multiply(gy.values()));
      const Tensor x(CanonicalShape(c, TensorRole::Input));
      EXPECT_TRUE(AllClose(Backward(c, x, w, gy).grad_input, expected)) << Describe(c);
    }
}

// The input gradient as a forward computation of its own (what the app animates): the transposed convolution by
// scatter (conv) or the associated direct convolution (transposed), folded and cropped, gives the same numbers.
TEST(Backward, InputGradConfigComputesTheInputGradient) {
  std::mt19937 rng(7);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 100; ++n) {
      const Config c = RandomConfig(op, rng);
      const Tensor x = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()));
      const Config g = InputGradConfig(c);
      EXPECT_EQ(g.op, op == Op::Conv ? Op::Transposed : Op::Conv);
      EXPECT_EQ(g.in_channels, c.out_channels);
      const Tensor by_pass = op == Op::Conv ? FoldPadding(c, TransposedScatter(g, gy, w, {}))
                                            : CropTo(test::RefConv(g, gy, w, {}), {x.dim(1), x.dim(2), x.dim(3)});
      EXPECT_TRUE(AllClose(by_pass, Backward(c, x, w, gy).grad_input)) << Describe(c);
    }
}

// Every gradient value's terms (found with the tap formula, one value at a time) add up to the value the backward
// pass computed through the convolutions.
TEST(Backward, EachGradientValueIsTheSumOfItsTerms) {
  std::mt19937 rng(8);
  for (Op op : {Op::Conv, Op::Transposed, Op::MaxPool, Op::AvgPool})
    for (int n = 0; n < 40; ++n) {
      const Config c = RandomLayer(op, rng);
      const Tensor x = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()));
      const BackwardPass p = MakeBackwardPass(c, x, w, gy);
      const std::pair<GradTarget, const Tensor*> targets[] = {{GradTarget::Input, &p.gradients.grad_input},
                                                              {GradTarget::Weight, &p.gradients.grad_weight},
                                                              {GradTarget::Bias, &p.gradients.grad_bias}};
      for (const auto& [target, grad] : targets) {
        ASSERT_EQ(GradStepCount(p, target), static_cast<int64_t>(grad->size())) << Describe(c);
        Tensor sums = *grad;
        for (int64_t k = 0; k < GradStepCount(p, target); ++k) {
          const GradStep s = GradientStep(p, target, k);
          ASSERT_EQ(s.index, k);
          sums[static_cast<size_t>(k)] = s.result;
        }
        EXPECT_TRUE(AllClose(sums, *grad)) << Describe(c) << " target " << static_cast<int>(target);
      }
    }
}

// Figure 2.6's axis (i = 5, k = 3, s = 2, p = 1) with dL/dy = 1: each input cell's gradient counts the windows that
// read it (the odd cells sit where two windows overlap), and the weight's gradient sums the cells each tap reads.
TEST(Backward, StridedPaddedConvolutionWorkedByHand) {
  const Config c = test::Make1d(Op::Conv, 5, 3, 2, 1);
  const Tensor x = test::Strip({1, 2, 3, 4, 5});
  const Tensor w = MakeTensor({1, 1, 1, 1, 3}, Fill::Ones);
  const Tensor gy = MakeTensor({1, 1, 1, 3}, Fill::Ones);
  const Gradients g = Backward(c, x, w, gy);
  EXPECT_EQ(g.grad_input.values(), (std::vector<double>{1, 2, 1, 2, 1}));
  // Outputs read (0, 1, 2), (2, 3, 4), (4, 5, 6) of the padded input 0 1 2 3 4 5 0: tap 0 reads 0 + 2 + 4, tap 1
  // 1 + 3 + 5, tap 2 2 + 4 + 0.
  EXPECT_EQ(g.grad_weight.values(), (std::vector<double>{6, 9, 6}));
  const BackwardPass p = MakeBackwardPass(c, x, w, gy);
  const GradStep s = GradientStep(p, GradTarget::Input, 1);  // x[1] is read by output 0 (tap 2) and 1 (tap 0)
  ASSERT_EQ(s.terms.size(), 2u);
  EXPECT_EQ(s.terms[0].a_index, 0);
  EXPECT_EQ(s.terms[0].b_index, 2);
  EXPECT_EQ(s.terms[1].a_index, 1);
  EXPECT_EQ(s.terms[1].b_index, 0);
}

// Max pooling: a tie goes to the first maximum in the window's row-major order, as PyTorch's indices.
TEST(Backward, MaxPoolingRoutesTheGradientToTheFirstMaximum) {
  const Config c = test::Make2d(Op::MaxPool, 2, 2, 1, 0);
  const Tensor x = test::Map({{1, 5}, {5, 1}});
  const Tensor gy = MakeTensor({1, 1, 1, 1}, Fill::Ones);
  EXPECT_EQ(Backward(c, x, {}, gy).grad_input.values(), (std::vector<double>{0, 1, 0, 0}));
}

TEST(Backward, RefusesAnOutputGradientOfTheWrongShape) {
  const Config c = test::Make2d(Op::Conv, 5, 3, 1, 0);
  const Tensor x(CanonicalShape(c, TensorRole::Input));
  const Tensor w(CanonicalShape(c, TensorRole::Weight));
  try {
    Backward(c, x, w, Tensor({1, 1, 5, 5}));
    FAIL() << "no error";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "output");
    EXPECT_NE(std::string(e.what()).find("must have shape 1x3x3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(InputGradConfig(test::Make2d(Op::MaxPool, 4, 2, 2, 0)), InvalidConfig);
}

}  // namespace
}  // namespace convarith
