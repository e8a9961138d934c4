// Real numbers: the paper's Figures 1.1 and 1.2, pooling rules, and the transposed convolution computed three ways.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::Kernel;
using test::Make2d;
using test::Map;

TEST(Convolve, PaperFigure11) {
  const Preset* p = FindPreset("fig1.1");
  const Tensor input = Map({{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}});
  const Tensor kernel = Kernel({{0, 1, 2}, {2, 2, 0}, {0, 1, 2}});
  EXPECT_EQ(p->input, input);
  EXPECT_EQ(p->weight, kernel);
  EXPECT_EQ(Convolve(p->config, input, kernel, {}), Map({{12, 12, 17}, {10, 17, 19}, {9, 6, 14}}));
}

TEST(Convolve, PaperFigure12PaddingAndStrides) {
  // i = 5, k = 3, s = 2, p = 1 on Figure 1.1's input and kernel, worked out by hand:
  // top-left = 2·3 (centre on x[0][0]) + 0 + 1·0 + 2·0 = 6, and so on.
  const Preset* p = FindPreset("fig1.2");
  EXPECT_EQ(Convolve(p->config, p->input, p->weight, {}), Map({{6, 17, 3}, {8, 17, 13}, {6, 4, 4}}));
}

TEST(Convolve, DilationSkipsCells) {
  // d = 2 samples every other cell: with a ones kernel the output is the sum of the 9 sampled cells.
  const Config c = Make2d(Op::Conv, 5, 3, 1, 0, 2);
  const Tensor x = MakeTensor({1, 1, 5, 5}, Fill::Ramp);  // x[r][c] = (5r + c) mod 9 + 1
  const Tensor y = Convolve(c, x, MakeWeight(KernelPreset::Ones, {1, 1, 1, 3, 3}), {});
  ASSERT_EQ(y.shape(), (std::vector<int>{1, 1, 1, 1}));
  // Rows 0, 2, 4 and columns 0, 2, 4: flat indices 0 2 4 / 10 12 14 / 20 22 24, mod 9 plus 1: 1 3 5 / 2 4 6 / 3 5 7.
  EXPECT_EQ(y[0], 1 + 3 + 5 + 2 + 4 + 6 + 3 + 5 + 7);
}

TEST(Convolve, RejectsDataOfTheWrongSize) {
  try {
    Convolve(Make2d(Op::Conv, 5, 3, 1, 0), Tensor({1, 1, 4, 5}), Tensor({1, 1, 1, 3, 3}), {});
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "input");
    EXPECT_NE(std::string(e.what()).find("1x5x5"), std::string::npos) << e.what();  // PyTorch's (C, H, W)
  }
  try {
    Convolve(Make2d(Op::Conv, 5, 3, 1, 0), Tensor({1, 1, 5, 5}), Tensor({1, 1, 1, 2, 3}), {});
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "weight");
    EXPECT_NE(std::string(e.what()).find("1x1x3x3"), std::string::npos) << e.what();
  }
  Config with_bias = Make2d(Op::Conv, 5, 3, 1, 0);
  with_bias.bias = true;
  EXPECT_THROW(Convolve(with_bias, Tensor({1, 1, 5, 5}), Tensor({1, 1, 1, 3, 3}), {}), InvalidConfig);
}

TEST(Convolve, RefusesUnboundedWork) {
  // Valid sizes (every tensor under kMaxElements), but 1025² outputs times 1024² taps multiply-adds.
  const Config c = Make2d(Op::Conv, 2048, 1024, 1, 0);
  ASSERT_FALSE(Validate(c));
  try {
    Convolve(c, Tensor(CanonicalShape(c, TensorRole::Input)), Tensor(CanonicalShape(c, TensorRole::Weight)), {});
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_NE(std::string(e.what()).find("multiply-adds"), std::string::npos) << e.what();
  }
}

TEST(Pooling, MaxPoolWinnerIsTheFirstMaximumAndPaddingNeverWins) {
  Config c = Make2d(Op::MaxPool, 3, 2, 2, 1);
  const Tensor x = Map({{-5, -1, -2}, {-3, -4, -6}, {-7, -8, -9}});
  std::vector<int64_t> winners;
  const Tensor y = MaxPool(c, x, &winners);
  // Windows (padded) start at -1 and 1 on each axis: [-1,0], [1,2].
  EXPECT_EQ(y, Map({{-5, -1}, {-3, -4}}));
  EXPECT_EQ(winners, (std::vector<int64_t>{0, 1, 3, 4}));
}

TEST(Pooling, MaxPoolPropagatesNaNAsPyTorch) {
  Tensor x = MakeTensor({1, 1, 3, 3}, Fill::Ones);
  x.at({0, 0, 1, 1}) = std::nan("");
  const Tensor y = MaxPool(Make2d(Op::MaxPool, 3, 2, 1, 0), x);
  EXPECT_TRUE(std::isnan(y.at({0, 0, 0, 0})));
  EXPECT_TRUE(std::isnan(y.at({0, 0, 1, 1})));
}

TEST(Pooling, AvgPoolCountIncludePad) {
  Config c = Make2d(Op::AvgPool, 3, 2, 2, 1);
  const Tensor x = Map({{4, 8, 12}, {16, 20, 24}, {28, 32, 36}});
  c.count_include_pad = true;
  EXPECT_EQ(AvgPool(c, x), Map({{1, 5}, {11, 28}}));  // every window divides by 2·2 = 4
  c.count_include_pad = false;
  EXPECT_EQ(AvgPool(c, x), Map({{4, 10}, {22, 28}}));
}

TEST(Pooling, AvgPoolCeilModeDividesByTheClippedWindow) {
  // i = 4, k = 3, s = 2, ceil: o = 2; the second window [2, 5) is clipped to [2, 4) for the divisor too.
  const Config c = Make2d(Op::AvgPool, 4, 3, 2, 0, 1, 0, true);
  const Tensor x = MakeTensor({1, 1, 4, 4}, Fill::Ones);
  const Tensor y = AvgPool(c, x);
  ASSERT_EQ(y.dim(2), 2);
  EXPECT_EQ(y.at({0, 0, 1, 1}), 1.0);
  EXPECT_EQ(AvgPoolDivisor(c, 0, 1, 1), 4);
  EXPECT_EQ(AvgPoolDivisor(c, 0, 0, 0), 9);
}

TEST(Pooling, WorksPerChannel) {
  // Pooling never mixes channels: channel c of the output is the pooling of channel c of the input alone.
  Config c = Make2d(Op::MaxPool, 5, 3, 2, 1);
  c.in_channels = 3;
  const Tensor x = test::Random({3, 1, 5, 5}, 5, -9, 9);
  const Tensor y = MaxPool(c, x);
  Config avg = c;
  avg.op = Op::AvgPool;
  const Tensor ya = AvgPool(avg, x);
  Config one = c;
  one.in_channels = 1;
  Config one_avg = avg;
  one_avg.in_channels = 1;
  for (int ch = 0; ch < 3; ++ch) {
    EXPECT_EQ(test::ChannelOf(y, ch), MaxPool(one, test::ChannelOf(x, ch)));
    EXPECT_EQ(test::ChannelOf(ya, ch), AvgPool(one_avg, test::ChannelOf(x, ch)));
  }
}

TEST(Transposed, HandWorkedStamps) {
  const Config c = Make2d(Op::Transposed, 2, 3, 2, 0);
  const Tensor x = Map({{1, 2}, {3, 4}});
  const Tensor y = TransposedScatter(c, x, MakeWeight(KernelPreset::Ones, {1, 1, 1, 3, 3}), {});
  ASSERT_EQ(y.dim(2), 5);
  EXPECT_EQ(y.at({0, 0, 0, 0}), 1);
  EXPECT_EQ(y.at({0, 0, 0, 2}), 1 + 2);
  EXPECT_EQ(y.at({0, 0, 2, 2}), 1 + 2 + 3 + 4);
  EXPECT_EQ(y.at({0, 0, 4, 4}), 4);
  EXPECT_EQ(TransposedOverlap(c).at({0, 0, 2, 2}), 4);
  EXPECT_EQ(TransposedOverlap(c).at({0, 0, 1, 1}), 1);
}

TEST(Transposed, EquivalentNeedsTheRotatedKernel) {
  // Without the 180-degree rotation the numbers differ from PyTorch's (the scatter definition).
  const Config c = Make2d(Op::Transposed, 3, 3, 2, 1, 1, 1);
  const Tensor x = MakeTensor({1, 1, 3, 3}, Fill::Ramp);
  const Tensor w = MakeWeight(KernelPreset::Figure11, {1, 1, 1, 3, 3});
  EXPECT_EQ(TransposedDirect(c, x, w, {}), TransposedScatter(c, x, w, {}));
  EXPECT_EQ(TransposedScatter(c, x, w, {}), test::RefTransposed(c, x, w, {}));
  EXPECT_NE(TransposedDirect(c, x, Rotated180(w), {}), TransposedScatter(c, x, w, {}));
}

TEST(Transposed, PresetKernelsShowTheirRotation) {
  // The transposed presets use a ramp kernel 1..9, so the rotated kernel differs from the stored one.
  for (const Preset& p : Presets()) {
    if (p.config.op != Op::Transposed) continue;
    EXPECT_NE(Rotated180(p.weight), p.weight) << p.name;
    EXPECT_EQ(p.weight.values().front(), 1) << p.name;
  }
}

// Scatter, equivalent direct convolution and C^T agree (and match the definition); over a sweep.
TEST(Transposed, ThreeWaysAgreeOverASweep) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int ih = 1; ih <= 5; ++ih)
    for (int k = 1; k <= 4; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int p = 0; p <= 3; ++p)
          for (int d = 1; d <= 2; ++d)
            for (int a = 0; a < std::max(s, d); ++a) {
              Config c = Make2d(Op::Transposed, ih, k, s, p, d, a);
              c.axes[kWidth].input = ih + 1;  // non-square on purpose
              c.axes[kWidth].kernel = std::max(1, k - 1);
              if (Validate(c)) continue;
              const Tensor x = test::Random(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
              const Tensor w = test::Random(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
              const Tensor scatter = TransposedScatter(c, x, w, {});
              ASSERT_EQ(scatter, test::RefTransposed(c, x, w, {})) << Caption(c);
              ASSERT_EQ(TransposedDirect(c, x, w, {}), scatter) << Caption(c);
              const SparseMatrix ct = ConvolutionMatrix(c, w);
              ASSERT_EQ(ct.rows, static_cast<int>(scatter.size()));
              ASSERT_EQ(ct.Multiply(x.values()), scatter.values()) << Caption(c);
              ++checked;
            }
  EXPECT_GT(checked, 300);
}

TEST(Matrix, ConvolutionMatrixTimesInputIsTheConvolution) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int i = 1; i <= 7; ++i)
    for (int k = 1; k <= 4; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int p = 0; p <= 2; ++p)
          for (int d = 1; d <= 2; ++d) {
            const Config c = Make2d(Op::Conv, i, k, s, p, d);
            if (Validate(c)) continue;
            const Tensor x = test::Random({1, 1, i, i}, static_cast<uint32_t>(rng()), -4, 4);
            const Tensor w = test::Random({1, 1, 1, k, k}, static_cast<uint32_t>(rng()), -2, 2);
            const SparseMatrix m = ConvolutionMatrix(c, w);
            ASSERT_EQ(m.cols, i * i);
            const Tensor y = Convolve(c, x, w, {});
            ASSERT_EQ(y, test::RefConv(c, x, w, {})) << Caption(c);
            ASSERT_EQ(m.Multiply(x.values()), y.values()) << Caption(c);
            ++checked;
          }
  EXPECT_GT(checked, 100);
}

TEST(Matrix, PaperExampleIsFourBySixteen) {
  const Config c = Make2d(Op::Conv, 4, 3, 1, 0);
  const Tensor w = MakeWeight(KernelPreset::Figure11, {1, 1, 1, 3, 3});
  const SparseMatrix m = ConvolutionMatrix(c, w);
  EXPECT_EQ(m.rows, 4);
  EXPECT_EQ(m.cols, 16);
  EXPECT_EQ(m.NonZeros(), 4 * 9);
  // Row 0 holds w[0][0..2] at columns 0..2, w[1][*] at 4..6, w[2][*] at 8..10.
  EXPECT_EQ(m.At(0, 2), w.at({0, 0, 0, 0, 2}));
  EXPECT_EQ(m.At(0, 5), w.at({0, 0, 0, 1, 1}));
  EXPECT_EQ(m.At(0, 3), 0.0);
  const SparseMatrix t = m.Transposed();
  EXPECT_EQ(t.rows, 16);
  EXPECT_EQ(t.At(5, 0), w.at({0, 0, 0, 1, 1}));
}

TEST(Matrix, RefusedBeyondTheLimit) {
  const Config c = Make2d(Op::Conv, 1024, 5, 1, 2);
  try {
    ConvolutionMatrix(c, Tensor({1, 1, 1, 5, 5}, 1.0));
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos);
  }
  EXPECT_THROW(ConvolutionMatrix(Make2d(Op::MaxPool, 5, 3, 1, 0), Tensor({1, 1, 1, 3, 3})), InvalidConfig);
}

TEST(Canvas, TransposedCanvasKinds) {
  // Figure 4.7: i' = 3, k = 3, s = 2, p = 1, a = 1: stretched 5, p' = 1, one extra row and column.
  const Canvas cv = MakeCanvas(FindPreset("fig4.7")->config);
  ASSERT_EQ(cv.rows(), 8);
  ASSERT_EQ(cv.cols(), 8);
  ASSERT_EQ(cv.slices(), 1);
  EXPECT_EQ(cv.Kind(0, 0, 3), CellKind::Padding);
  EXPECT_EQ(cv.Kind(0, 1, 1), CellKind::Input);
  EXPECT_EQ(cv.Kind(0, 1, 2), CellKind::InsertedZero);
  EXPECT_EQ(cv.Kind(0, 6, 3), CellKind::Padding);
  EXPECT_EQ(cv.Kind(0, 7, 3), CellKind::ExtraZero);
  EXPECT_EQ(cv.InputAt(0, 3, 5), (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(cv.CanvasOf(0, 1, 2), (std::array<int, 3>{0, 3, 5}));
}

TEST(Canvas, CroppedWhenEquivalentPaddingIsNegative) {
  const Config c = Make2d(Op::Transposed, 4, 3, 2, 3);  // p' = -1
  const Canvas cv = MakeCanvas(c);
  EXPECT_EQ(cv.lead[kHeight], -1);
  EXPECT_EQ(cv.rows(), 7 - 2);
  EXPECT_EQ(cv.Kind(0, 0, 0), CellKind::InsertedZero);  // stretched coordinate 1
  EXPECT_EQ(cv.CanvasOf(0, 0, 0), (std::array<int, 3>{-1, -1, -1}));
  const Tensor x = MakeTensor({1, 1, 4, 4}, Fill::Random, 3);
  const Tensor w = MakeTensor({1, 1, 1, 3, 3}, Fill::Random, 4);
  EXPECT_EQ(TransposedDirect(c, x, w, {}), TransposedScatter(c, x, w, {}));
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

using test::Map;

TEST(Tensor, ResizedKeepsTheValuesThatStillFit) {
  Tensor old = MakeTensor({1, 1, 3, 3}, Fill::Ramp);  // 1..9
  old.at({0, 0, 2, 2}) = 42;                           // a value the user edited
  const Tensor bigger = Resized(old, MakeTensor({1, 1, 4, 5}, Fill::Ones));
  EXPECT_EQ(bigger.shape(), (std::vector<int>{1, 1, 4, 5}));
  EXPECT_EQ(bigger.at({0, 0, 2, 2}), 42);
  EXPECT_EQ(bigger.at({0, 0, 0, 1}), 2);  // kept from the ramp
  EXPECT_EQ(bigger.at({0, 0, 3, 4}), 1);  // new cell from the fresh tensor
  const Tensor smaller = Resized(old, Tensor({1, 1, 2, 2}));
  EXPECT_EQ(smaller.values(), (std::vector<double>{1, 2, 4, 5}));
  // More channels: the old channel keeps its values, the new one comes from the fresh tensor.
  const Tensor more = Resized(old, MakeTensor({2, 1, 3, 3}, Fill::Ones));
  EXPECT_EQ(more.at({0, 0, 2, 2}), 42);
  EXPECT_EQ(more.at({1, 0, 2, 2}), 1);
  // A different rank: the fresh tensor as it is.
  EXPECT_EQ(Resized(old, Tensor({3, 3})), Tensor({3, 3}));
}

TEST(Tensor, RampRunsOneToNine) {
  const Tensor t = MakeTensor({2, 1, 2, 5}, Fill::Ramp);
  for (size_t n = 0; n < t.size(); ++n) EXPECT_EQ(t[n], static_cast<double>(n % 9 + 1)) << n;
  EXPECT_EQ(*std::min_element(t.values().begin(), t.values().end()), 1);  // never 0
  EXPECT_EQ(ShapeText({2, 3, 3}), "2x3x3");
  EXPECT_EQ(ShapeText({}), "scalar");
  EXPECT_EQ(ElementCount({4096, 4096, 4096}), 4096LL * 4096 * 4096);
  EXPECT_EQ(t.Index({1, 0, 1, 3}), 1u * 10 + 5 + 3);
}

TEST(Tensor, KernelPresetsAndRotation) {
  auto k3 = [](std::initializer_list<std::initializer_list<double>> rows) {
    Tensor t = Map(rows);
    t.Reshape({1, 3, 3});
    return t;
  };
  EXPECT_EQ(MakeKernel(KernelPreset::SobelX, 1, 3, 3), k3({{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}));
  EXPECT_EQ(MakeKernel(KernelPreset::SobelY, 1, 3, 3), k3({{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}));
  EXPECT_EQ(MakeKernel(KernelPreset::Identity, 1, 3, 3), k3({{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}));
  EXPECT_EQ(MakeKernel(KernelPreset::Sharpen, 1, 3, 3), k3({{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}}));
  EXPECT_DOUBLE_EQ(MakeKernel(KernelPreset::BoxBlur, 1, 2, 4).at({0, 1, 3}), 1.0 / 8);
  EXPECT_DOUBLE_EQ(MakeKernel(KernelPreset::BoxBlur, 2, 2, 2).at({1, 1, 1}), 1.0 / 8);
  EXPECT_EQ(Rotated180(test::Kernel({{1, 2}, {3, 4}})), test::Kernel({{4, 3}, {2, 1}}));
  // In 3-D every spatial axis is reversed; channel dims stay.
  Tensor w({2, 1, 2, 1, 2});
  w.Assign({1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(Rotated180(w).values(), (std::vector<double>{4, 3, 2, 1, 8, 7, 6, 5}));
  EXPECT_EQ(MakeTensor({2, 3}, Fill::Random, 9), MakeTensor({2, 3}, Fill::Random, 9));  // a seed gives the same values
  EXPECT_NE(MakeTensor({4, 4}, Fill::Random, 9), MakeTensor({4, 4}, Fill::Random, 10));
  for (double v : MakeTensor({8, 8}, Fill::Random, 3).values()) {
    EXPECT_GE(v, 0);
    EXPECT_LE(v, 4);
  }
  // MakeWeight repeats one kernel in every (out, in) slot.
  const Tensor many = MakeWeight(KernelPreset::Figure11, {2, 3, 1, 3, 3});
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_EQ(test::KernelOf(many, a, b), MakeWeight(KernelPreset::Figure11, {1, 1, 1, 3, 3}));
}

}  // namespace
}  // namespace convarith
