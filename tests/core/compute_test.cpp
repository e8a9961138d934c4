// Real numbers: the paper's Figures 1.1 and 1.2, pooling rules, and the transposed convolution computed three ways.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "convarith/compute.hpp"
#include "convarith/frame.hpp"
#include "convarith/presets.hpp"

namespace convarith {
namespace {

Config Make(Op op, int i, int k, int s, int p, int d = 1, int a = 0) {
  Config c;
  c.op = op;
  c.axes[0] = c.axes[1] = AxisParams{i, k, s, p, d, a};
  return c;
}

Grid FromRows(std::initializer_list<std::initializer_list<double>> rows) {
  Grid g(static_cast<int>(rows.size()), static_cast<int>(rows.begin()->size()));
  int r = 0;
  for (const auto& row : rows) {
    int c = 0;
    for (double v : row) g.at(r, c++) = v;
    ++r;
  }
  return g;
}

TEST(Convolve, PaperFigure11) {
  const Preset* p = FindPreset("fig1.1");
  const Grid input = FromRows({{3, 3, 2, 1, 0}, {0, 0, 1, 3, 1}, {3, 1, 2, 2, 3}, {2, 0, 0, 2, 2}, {2, 0, 0, 0, 1}});
  const Grid kernel = FromRows({{0, 1, 2}, {2, 2, 0}, {0, 1, 2}});
  EXPECT_EQ(p->input, input);
  EXPECT_EQ(p->kernel, kernel);
  EXPECT_EQ(Convolve(p->config, input, kernel), FromRows({{12, 12, 17}, {10, 17, 19}, {9, 6, 14}}));
}

TEST(Convolve, PaperFigure12PaddingAndStrides) {
  // i = 5, k = 3, s = 2, p = 1 on Figure 1.1's input and kernel, worked out by hand:
  // top-left = 2·3 (centre on x[0][0]) + 0 + 1·0 + 2·0 = 6, and so on.
  const Preset* p = FindPreset("fig1.2");
  EXPECT_EQ(Convolve(p->config, p->input, p->kernel), FromRows({{6, 17, 3}, {8, 17, 13}, {6, 4, 4}}));
}

TEST(Convolve, DilationSkipsCells) {
  // d = 2 samples every other cell: with a ones kernel the output is the sum of the 9 sampled cells.
  const Config c = Make(Op::Conv, 5, 3, 1, 0, 2);
  const Grid x = MakeGrid(5, 5, Fill::Ramp);  // x[r][c] = (5r + c) mod 10
  const Grid y = Convolve(c, x, MakeKernel(KernelPreset::Ones, 3, 3));
  ASSERT_EQ(y.rows, 1);
  EXPECT_EQ(y.at(0, 0), 0 + 2 + 4 + 0 + 2 + 4 + 0 + 2 + 4);
}

TEST(Convolve, RejectsDataOfTheWrongSize) {
  try {
    Convolve(Make(Op::Conv, 5, 3, 1, 0), Grid(4, 5), Grid(3, 3));
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "input_size");
    EXPECT_NE(std::string(e.what()).find("5x5"), std::string::npos);
  }
}

TEST(Convolve, RefusesUnboundedWork) {
  EXPECT_THROW(Convolve(Make(Op::Conv, 4096, 2048, 1, 0), Grid(4096, 4096), Grid(2048, 2048)), InvalidConfig);
}

TEST(Pooling, MaxPoolWinnerIsTheFirstMaximumAndPaddingNeverWins) {
  Config c = Make(Op::MaxPool, 3, 2, 2, 1);
  const Grid x = FromRows({{-5, -1, -2}, {-3, -4, -6}, {-7, -8, -9}});
  std::vector<int> winners;
  const Grid y = MaxPool(c, x, &winners);
  // Windows (padded) start at -1 and 1 on each axis: [-1,0], [1,2].
  EXPECT_EQ(y, FromRows({{-5, -1}, {-3, -4}}));
  EXPECT_EQ(winners, (std::vector<int>{0, 1, 3, 4}));
}

TEST(Pooling, MaxPoolPropagatesNaNAsPyTorch) {
  Grid x = MakeGrid(3, 3, Fill::Ones);
  x.at(1, 1) = std::nan("");
  const Grid y = MaxPool(Make(Op::MaxPool, 3, 2, 1, 0), x);
  EXPECT_TRUE(std::isnan(y.at(0, 0)));
  EXPECT_TRUE(std::isnan(y.at(1, 1)));
}

TEST(Pooling, AvgPoolCountIncludePad) {
  Config c = Make(Op::AvgPool, 3, 2, 2, 1);
  const Grid x = FromRows({{4, 8, 12}, {16, 20, 24}, {28, 32, 36}});
  c.count_include_pad = true;
  EXPECT_EQ(AvgPool(c, x), FromRows({{1, 5}, {11, 28}}));  // every window divides by 2·2 = 4
  c.count_include_pad = false;
  EXPECT_EQ(AvgPool(c, x), FromRows({{4, 10}, {22, 28}}));
}

TEST(Pooling, AvgPoolCeilModeDividesByTheClippedWindow) {
  // i = 4, k = 3, s = 2, ceil: o = 2; the second window [2, 5) is clipped to [2, 4) for the divisor too.
  Config c = Make(Op::AvgPool, 4, 3, 2, 0);
  c.ceil_mode = true;
  const Grid x = MakeGrid(4, 4, Fill::Ones);
  const Grid y = AvgPool(c, x);
  ASSERT_EQ(y.rows, 2);
  EXPECT_EQ(y.at(1, 1), 1.0);
  EXPECT_EQ(AvgPoolDivisor(c, 1, 1), 4);
  EXPECT_EQ(AvgPoolDivisor(c, 0, 0), 9);
}

TEST(Transposed, HandWorkedStamps) {
  const Config c = Make(Op::Transposed, 2, 3, 2, 0);
  const Grid x = FromRows({{1, 2}, {3, 4}});
  const Grid y = TransposedScatter(c, x, MakeKernel(KernelPreset::Ones, 3, 3));
  ASSERT_EQ(y.rows, 5);
  EXPECT_EQ(y.at(0, 0), 1);
  EXPECT_EQ(y.at(0, 2), 1 + 2);
  EXPECT_EQ(y.at(2, 2), 1 + 2 + 3 + 4);
  EXPECT_EQ(y.at(4, 4), 4);
  EXPECT_EQ(TransposedOverlap(c).at(2, 2), 4);
  EXPECT_EQ(TransposedOverlap(c).at(1, 1), 1);
}

TEST(Transposed, EquivalentNeedsTheRotatedKernel) {
  // Without the 180-degree rotation the numbers differ from PyTorch's (the scatter definition).
  const Config c = Make(Op::Transposed, 3, 3, 2, 1, 1, 1);
  const Grid x = MakeGrid(3, 3, Fill::Ramp);
  const Grid w = MakeKernel(KernelPreset::Figure11, 3, 3);
  EXPECT_EQ(TransposedDirect(c, x, w), TransposedScatter(c, x, w));
  EXPECT_NE(TransposedDirect(c, x, Rotated180(w)), TransposedScatter(c, x, w));
}

// Scatter, equivalent direct convolution and C^T agree; C x equals the direct convolution; over a sweep.
TEST(Transposed, ThreeWaysAgreeOverASweep) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int ih = 1; ih <= 5; ++ih)
    for (int k = 1; k <= 4; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int p = 0; p <= 3; ++p)
          for (int d = 1; d <= 2; ++d)
            for (int a = 0; a < std::max(s, d); ++a) {
              Config c = Make(Op::Transposed, ih, k, s, p, d, a);
              c.axes[kWidth].input = ih + 1;  // non-square on purpose
              c.axes[kWidth].kernel = std::max(1, k - 1);
              if (Validate(c)) continue;
              const Grid x = MakeGrid(c.height().input, c.width().input, Fill::Random, static_cast<uint32_t>(rng()), -3, 3);
              const Grid w = MakeGrid(c.height().kernel, c.width().kernel, Fill::Random, static_cast<uint32_t>(rng()), -2, 2);
              const Grid scatter = TransposedScatter(c, x, w);
              ASSERT_EQ(TransposedDirect(c, x, w), scatter) << Caption(c);
              const SparseMatrix ct = ConvolutionMatrix(c, w);
              ASSERT_EQ(ct.rows, scatter.size());
              ASSERT_EQ(ct.Multiply(x.values), scatter.values) << Caption(c);
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
            const Config c = Make(Op::Conv, i, k, s, p, d);
            if (Validate(c)) continue;
            const Grid x = MakeGrid(i, i, Fill::Random, static_cast<uint32_t>(rng()), -4, 4);
            const Grid w = MakeGrid(k, k, Fill::Random, static_cast<uint32_t>(rng()), -2, 2);
            const SparseMatrix m = ConvolutionMatrix(c, w);
            ASSERT_EQ(m.cols, i * i);
            ASSERT_EQ(m.Multiply(x.values), Convolve(c, x, w).values) << Caption(c);
            ++checked;
          }
  EXPECT_GT(checked, 100);
}

TEST(Matrix, PaperExampleIsFourBySixteen) {
  const Config c = Make(Op::Conv, 4, 3, 1, 0);
  const Grid w = MakeKernel(KernelPreset::Figure11, 3, 3);
  const SparseMatrix m = ConvolutionMatrix(c, w);
  EXPECT_EQ(m.rows, 4);
  EXPECT_EQ(m.cols, 16);
  EXPECT_EQ(m.NonZeros(), 4 * 9);
  // Row 0 holds w[0][0..2] at columns 0..2, w[1][*] at 4..6, w[2][*] at 8..10.
  EXPECT_EQ(m.At(0, 2), w.at(0, 2));
  EXPECT_EQ(m.At(0, 5), w.at(1, 1));
  EXPECT_EQ(m.At(0, 3), 0.0);
  const SparseMatrix t = m.Transposed();
  EXPECT_EQ(t.rows, 16);
  EXPECT_EQ(t.At(5, 0), w.at(1, 1));
}

TEST(Matrix, RefusedBeyondTheLimit) {
  const Config c = Make(Op::Conv, 1024, 5, 1, 2);
  try {
    ConvolutionMatrix(c, Grid(5, 5, 1.0));
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos);
  }
  EXPECT_THROW(ConvolutionMatrix(Make(Op::MaxPool, 5, 3, 1, 0), Grid(3, 3)), InvalidConfig);
}

TEST(Canvas, TransposedCanvasKinds) {
  // Figure 4.7: i' = 3, k = 3, s = 2, p = 1, a = 1: stretched 5, p' = 1, one extra row and column.
  const Canvas cv = MakeCanvas(FindPreset("fig4.7")->config);
  ASSERT_EQ(cv.rows, 8);
  EXPECT_EQ(cv.Kind(0, 3), CellKind::Padding);
  EXPECT_EQ(cv.Kind(1, 1), CellKind::Input);
  EXPECT_EQ(cv.Kind(1, 2), CellKind::InsertedZero);
  EXPECT_EQ(cv.Kind(6, 3), CellKind::Padding);
  EXPECT_EQ(cv.Kind(7, 3), CellKind::ExtraZero);
  EXPECT_EQ(cv.InputAt(3, 5), (std::array<int, 2>{1, 2}));
  EXPECT_EQ(cv.CanvasOf(1, 2), (std::array<int, 2>{3, 5}));
}

TEST(Canvas, CroppedWhenEquivalentPaddingIsNegative) {
  const Config c = Make(Op::Transposed, 4, 3, 2, 3);  // p' = -1
  const Canvas cv = MakeCanvas(c);
  EXPECT_EQ(cv.lead[0], -1);
  EXPECT_EQ(cv.rows, 7 - 2);
  EXPECT_EQ(cv.Kind(0, 0), CellKind::InsertedZero);  // stretched coordinate 1
  EXPECT_EQ(cv.CanvasOf(0, 0), (std::array<int, 2>{-1, -1}));
  const Grid x = MakeGrid(4, 4, Fill::Random, 3);
  const Grid w = MakeGrid(3, 3, Fill::Random, 4);
  EXPECT_EQ(TransposedDirect(c, x, w), TransposedScatter(c, x, w));
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

TEST(Grid, ResizedKeepsTheValuesThatStillFit) {
  Grid old = MakeGrid(3, 3, Fill::Ramp);
  old.at(2, 2) = 42;  // a value the user edited
  const Grid bigger = Resized(old, MakeGrid(4, 5, Fill::Ones));
  EXPECT_EQ(bigger.rows, 4);
  EXPECT_EQ(bigger.at(2, 2), 42);
  EXPECT_EQ(bigger.at(0, 1), 1);  // kept from the ramp
  EXPECT_EQ(bigger.at(3, 4), 1);  // new cell from the fresh grid
  const Grid smaller = Resized(old, Grid(2, 2));
  EXPECT_EQ(smaller.values, (std::vector<double>{0, 1, 3, 4}));
}

TEST(Grid, KernelPresetsAndRotation) {
  EXPECT_EQ(MakeKernel(KernelPreset::SobelX, 3, 3), FromRows({{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}));
  EXPECT_EQ(MakeKernel(KernelPreset::SobelY, 3, 3), FromRows({{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}));
  EXPECT_EQ(MakeKernel(KernelPreset::Identity, 3, 3), FromRows({{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}));
  EXPECT_DOUBLE_EQ(MakeKernel(KernelPreset::BoxBlur, 2, 4).at(1, 3), 1.0 / 8);
  EXPECT_EQ(Rotated180(FromRows({{1, 2}, {3, 4}})), FromRows({{4, 3}, {2, 1}}));
  EXPECT_EQ(MakeGrid(2, 3, Fill::Random, 9), MakeGrid(2, 3, Fill::Random, 9));  // a seed gives the same values
  EXPECT_NE(MakeGrid(4, 4, Fill::Random, 9), MakeGrid(4, 4, Fill::Random, 10));
  for (double v : MakeGrid(8, 8, Fill::Random, 3).values) {
    EXPECT_GE(v, 0);
    EXPECT_LE(v, 4);
  }
}

}  // namespace
}  // namespace convarith
