// Formulas in symbols: they name exactly the products the computation adds (evaluated, they give the output), the
// true-convolution switch flips the kernel's subscripts, a transposed convolution shows its rotated kernel, and the
// gradients' formulas follow their steps.
#include <gtest/gtest.h>

#include <random>

#include "convarith/ops/symbols.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::Describe;
using test::RandomConfig;
using test::RandomData;

// The weight a term names, read back from its tap and the output's channel pairing.
double WeightOf(const Config& c, const Tensor& w, int oc, const SymbolTerm& t) {
  const auto in_plane = static_cast<int64_t>(c.axes[0].input) * c.axes[1].input * c.axes[2].input;
  const int ic = static_cast<int>(t.input_index / in_plane);
  if (c.op == Op::Conv) return w.at({oc, ic % c.in_per_group(), t.tap[0], t.tap[1], t.tap[2]});
  return w.at({ic, oc % c.out_per_group(), t.tap[0], t.tap[1], t.tap[2]});
}

TEST(Symbols, CrossCorrelationFormulasEvaluateToTheOutput) {
  std::mt19937 rng(12);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 100; ++n) {
      const Config c = RandomConfig(op, rng);
      const test::Data d = RandomData(c, rng);
      const Tensor y = op == Op::Conv ? test::RefConv(c, d.input, d.weight, d.bias)
                                      : test::RefTransposed(c, d.input, d.weight, d.bias);
      const int64_t plane = static_cast<int64_t>(y.size()) / y.dim(0);
      for (int64_t k = 0; k < static_cast<int64_t>(y.size()); ++k) {
        const SymbolFormula f = OutputFormula(c, k, KernelConvention::CrossCorrelation);
        const int oc = static_cast<int>(k / plane);
        double sum = c.bias ? d.bias[static_cast<size_t>(oc)] : 0.0;
        for (const SymbolTerm& t : f.terms) sum += WeightOf(c, d.weight, oc, t) * d.input[static_cast<size_t>(t.input_index)];
        ASSERT_NEAR(sum, y[static_cast<size_t>(k)], 1e-9) << Describe(c) << " output " << k << ": " << f.text;
        // True convolution: the same inputs, every tap's subscripts flipped.
        const SymbolFormula g = OutputFormula(c, k, KernelConvention::TrueConvolution);
        ASSERT_EQ(g.terms.size(), f.terms.size());
        for (size_t m = 0; m < f.terms.size(); ++m) {
          EXPECT_EQ(g.terms[m].input, f.terms[m].input);
          for (size_t a = 0; a < 3; ++a)
            EXPECT_EQ(g.terms[m].tap[a], c.axes[a].kernel - 1 - f.terms[m].tap[a]) << Describe(c);
        }
      }
    }
}

TEST(Symbols, ConvolutionAndTransposedFormulasAsWritten) {
  const Config conv = test::Make2d(Op::Conv, 3, 2, 1, 0);
  EXPECT_EQ(OutputFormula(conv, 1, KernelConvention::CrossCorrelation).text, "y₁₂ = w₁₁x₁₂ + w₁₂x₁₃ + w₂₁x₂₂ + w₂₂x₂₃");
  EXPECT_EQ(OutputFormula(conv, 1, KernelConvention::TrueConvolution).text, "y₁₂ = w₂₂x₁₂ + w₂₁x₁₃ + w₁₂x₂₂ + w₁₁x₂₃");
  // Transposed (i' = 2, k = 2, s = 1): y₁₁ is x₁₁ times the kernel's first tap (the rotated kernel's last); y₂₂
  // shows the rotation: the equivalent convolution pairs x₁₁ with w₂₂ (cross-correlation), which true convolution
  // writes with the kernel's own order.
  const Config t = test::Make2d(Op::Transposed, 2, 2, 1, 0);
  EXPECT_EQ(OutputFormula(t, 0, KernelConvention::CrossCorrelation).text, "y₁₁ = w₁₁x₁₁");
  EXPECT_EQ(OutputFormula(t, 4, KernelConvention::CrossCorrelation).text, "y₂₂ = w₂₂x₁₁ + w₂₁x₁₂ + w₁₂x₂₁ + w₁₁x₂₂");
  EXPECT_EQ(OutputFormula(t, 4, KernelConvention::TrueConvolution).text, "y₂₂ = w₁₁x₁₁ + w₁₂x₁₂ + w₂₁x₂₁ + w₂₂x₂₂");
  // Pooling, channels as superscripts, two-digit subscripts with commas, bias.
  Config pool = test::Make1d(Op::AvgPool, 12, 2, 2, 0);
  pool.in_channels = pool.out_channels = 2;
  EXPECT_EQ(OutputFormula(pool, 11, KernelConvention::CrossCorrelation).text, "y⁽²⁾₆ = (x⁽²⁾₁₁ + x⁽²⁾₁₂)/2");
  Config wide = test::Make2d(Op::Conv, 12, 1, 1, 0);
  wide.bias = true;
  EXPECT_EQ(OutputFormula(wide, 9 * 12 + 2, KernelConvention::CrossCorrelation).text, "y₁₀,₃ = w₁₁x₁₀,₃ + b");
}

TEST(Symbols, GradientFormulasNameTheirStepsProducts) {
  const Config c = test::Make1d(Op::Conv, 5, 3, 2, 1);
  const Tensor x = test::Strip({1, 2, 3, 4, 5});
  const BackwardPass p = MakeBackwardPass(c, x, MakeTensor({1, 1, 1, 1, 3}, Fill::Ones), MakeTensor({1, 1, 1, 3}, Fill::Ones));
  EXPECT_EQ(GradientFormula(p, GradientStep(p, GradTarget::Input, 1)), "∂L/∂x₂ = w₃ ∂L/∂y₁ + w₁ ∂L/∂y₂");
  EXPECT_EQ(GradientFormula(p, GradientStep(p, GradTarget::Weight, 0)), "∂L/∂w₁ = x₂ ∂L/∂y₂ + x₄ ∂L/∂y₃");
}

}  // namespace
}  // namespace convarith
