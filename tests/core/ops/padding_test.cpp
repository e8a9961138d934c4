// Padding modes (zeros, reflect, replicate, circular) worked by hand, per-side padding and the causal 1-D layer; and
// ranks 1 and 3: a 1-D strip, 3-D convolution slice by slice, 3-D transposed convolution.
#include <gtest/gtest.h>

#include <random>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::Make1d;
using test::Make2d;
using test::Map;
using test::Strip;

// The padded input itself: a 1 x 1 kernel of weight 1 with stride 1 copies the padded input to the output.
Tensor Padded(Config c, const Tensor& x) {
  c.op = Op::Conv;
  for (int a = c.first_axis(); a < 3; ++a) c.axes[static_cast<size_t>(a)].kernel = 1;
  return Convolve(c, x, Tensor({1, 1, 1, 1, 1}, 1.0), {});
}

TEST(PaddingMode, OneDimensionalByHand) {
  // [1 2 3] padded by 2 on each side.
  Config c = Make1d(Op::Conv, 3, 1, 1, 2);
  const Tensor x = Strip({1, 2, 3});
  c.padding_mode = PaddingMode::Zeros;
  EXPECT_EQ(Padded(c, x), Strip({0, 0, /**/ 1, 2, 3, /**/ 0, 0}));
  c.padding_mode = PaddingMode::Reflect;  // mirrored without repeating the edge
  EXPECT_EQ(Padded(c, x), Strip({3, 2, /**/ 1, 2, 3, /**/ 2, 1}));
  c.padding_mode = PaddingMode::Replicate;  // the edge repeated
  EXPECT_EQ(Padded(c, x), Strip({1, 1, /**/ 1, 2, 3, /**/ 3, 3}));
  c.padding_mode = PaddingMode::Circular;  // wrapped around
  EXPECT_EQ(Padded(c, x), Strip({2, 3, /**/ 1, 2, 3, /**/ 1, 2}));
  // Circular with p = i: a whole copy on each side.
  c.axes[kWidth].SetPadding(3);
  EXPECT_EQ(Padded(c, x), Strip({1, 2, 3, /**/ 1, 2, 3, /**/ 1, 2, 3}));
}

TEST(PaddingMode, PaddedSourceByHand) {
  // Positions -2..4 around an input of 3 (the same cases as above, as indices).
  const int reflect[] = {2, 1, 0, 1, 2, 1, 0};
  const int replicate[] = {0, 0, 0, 1, 2, 2, 2};
  const int circular[] = {1, 2, 0, 1, 2, 0, 1};
  for (int q = -2; q <= 4; ++q) {
    const size_t n = static_cast<size_t>(q + 2);
    EXPECT_EQ(PaddedSource(PaddingMode::Reflect, q, 3), reflect[n]) << q;
    EXPECT_EQ(PaddedSource(PaddingMode::Replicate, q, 3), replicate[n]) << q;
    EXPECT_EQ(PaddedSource(PaddingMode::Circular, q, 3), circular[n]) << q;
    EXPECT_EQ(PaddedSource(PaddingMode::Zeros, q, 3), q >= 0 && q < 3 ? q : -1) << q;
  }
  // Agrees with the reference wherever the mode is valid (reflect p < i, circular p <= i).
  for (int n = 1; n <= 6; ++n)
    for (int q = -n; q < 2 * n; ++q) {
      if (q > -n && q < 2 * n - 1) {
        EXPECT_EQ(PaddedSource(PaddingMode::Reflect, q, n), test::RefSource(PaddingMode::Reflect, q, n));
      }
      EXPECT_EQ(PaddedSource(PaddingMode::Circular, q, n), test::RefSource(PaddingMode::Circular, q, n));
      EXPECT_EQ(PaddedSource(PaddingMode::Replicate, q, n), test::RefSource(PaddingMode::Replicate, q, n));
    }
}

TEST(PaddingMode, TwoDimensionalByHand) {
  // 1 2 3 / 4 5 6 / 7 8 9 padded by 1.
  Config c = Make2d(Op::Conv, 3, 1, 1, 1);
  const Tensor x = Map({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  c.padding_mode = PaddingMode::Reflect;  // rows and columns read 1 0 1 2 1
  EXPECT_EQ(Padded(c, x), Map({{5, 4, 5, 6, 5}, {2, 1, 2, 3, 2}, {5, 4, 5, 6, 5}, {8, 7, 8, 9, 8}, {5, 4, 5, 6, 5}}));
  c.padding_mode = PaddingMode::Replicate;  // 0 0 1 2 2
  EXPECT_EQ(Padded(c, x), Map({{1, 1, 2, 3, 3}, {1, 1, 2, 3, 3}, {4, 4, 5, 6, 6}, {7, 7, 8, 9, 9}, {7, 7, 8, 9, 9}}));
  c.padding_mode = PaddingMode::Circular;  // 2 0 1 2 0
  EXPECT_EQ(Padded(c, x), Map({{9, 7, 8, 9, 7}, {3, 1, 2, 3, 1}, {6, 4, 5, 6, 4}, {9, 7, 8, 9, 7}, {3, 1, 2, 3, 1}}));
  // A 3 x 3 box sum with reflect: the top-left window is 5 4 5 / 2 1 2 / 5 4 5 = 33.
  c.padding_mode = PaddingMode::Reflect;
  c.axes[kHeight].kernel = c.axes[kWidth].kernel = 3;
  EXPECT_EQ(Convolve(c, x, MakeWeight(KernelPreset::Ones, {1, 1, 1, 3, 3}), {}).at({0, 0, 0, 0}), 33);
}

TEST(PaddingMode, CanvasTimelineAndFrameShowTheCopiedValues) {
  // Gather taps on padding read the copied cell: the reflect example's step 0 reads 5 4 5 / 2 1 2 / 5 4 5.
  Config c = Make2d(Op::Conv, 3, 3, 1, 1);
  c.padding_mode = PaddingMode::Reflect;
  const Tensor x = Map({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  const Computation comp = Recompute(c, x, MakeWeight(KernelPreset::Ones, {1, 1, 1, 3, 3}));
  const GatherStep s = Gather(comp, View::Direct, 0);
  std::vector<double> values;
  for (const Tap& t : s.taps) {
    values.push_back(t.value);
    if (t.kind == CellKind::Padding) {
      // The copied cell's flat index, and no shown input cell.
      ASSERT_GE(t.source_index, 0);
      EXPECT_EQ(t.input_row, -1);
      EXPECT_EQ(x[static_cast<size_t>(t.source_index)], t.value);
    }
  }
  EXPECT_EQ(values, (std::vector<double>{5, 4, 5, 2, 1, 2, 5, 4, 5}));
  EXPECT_EQ(s.result, 33);
  EXPECT_EQ(comp.canvas.SourceAt(0, 0, 0), (std::array<int, 3>{0, 1, 1}));
  EXPECT_EQ(comp.canvas.InputAt(0, 0, 0), (std::array<int, 3>{-1, -1, -1}));
  EXPECT_EQ(comp.canvas.SourceAt(0, 4, 2), (std::array<int, 3>{0, 1, 1}));
}

TEST(PerSidePadding, AsymmetricConvAgainstTheDefinition) {
  std::mt19937 rng(9);
  int checked = 0;
  for (int i = 1; i <= 6; ++i)
    for (int pb = 0; pb <= 3; ++pb)
      for (int pa = 0; pa <= 3; ++pa)
        for (int s = 1; s <= 2; ++s)
          for (PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular}) {
            Config c = Make2d(Op::Conv, i, 2, s, 0);
            c.axes[kHeight].kernel = 1;
            c.axes[kWidth].pad_before = pb;
            c.axes[kWidth].pad_after = pa;
            c.padding_mode = mode;
            if (Validate(c)) continue;
            const test::Data d = test::RandomData(c, rng);
            const Tensor y = Convolve(c, d.input, d.weight, {});
            ASSERT_EQ(y.dim(3), test::CountFloor(pb + i + pa, 2, s)) << test::Describe(c);
            ASSERT_TRUE(test::AllClose(y, test::RefConv(c, d.input, d.weight, {}))) << test::Describe(c);
            ++checked;
          }
  EXPECT_GT(checked, 200);
}

TEST(PerSidePadding, CausalPresetSeesOnlyThePast) {
  const Preset* p = FindPreset("causal1d");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->config.rank, 1);
  const AxisParams& a = p->config.axes[kWidth];
  EXPECT_EQ(a.pad_before, a.dilation * (a.kernel - 1));
  EXPECT_EQ(a.pad_after, 0);
  const Tensor y = Convolve(p->config, p->input, p->weight, {});
  ASSERT_EQ(y.dim(3), a.input);  // as long as the input
  // Kernel (1, 2), d = 4: y[t] = 1·x[t - 4] + 2·x[t], x[t - 4] = 0 before the start.
  for (int t = 0; t < a.input; ++t) {
    const double past = t >= 4 ? p->input.at({0, 0, 0, t - 4}) : 0.0;
    EXPECT_EQ(y.at({0, 0, 0, t}), past + 2 * p->input.at({0, 0, 0, t})) << t;
  }
  // Perturbing input t + 1 leaves every output up to t unchanged (and changes output t + 1).
  for (int t = 0; t + 1 < a.input; ++t) {
    Tensor x = p->input;
    x.at({0, 0, 0, t + 1}) += 100;
    const Tensor y2 = Convolve(p->config, x, p->weight, {});
    for (int u = 0; u <= t; ++u) EXPECT_EQ(y2.at({0, 0, 0, u}), y.at({0, 0, 0, u})) << "perturbed " << t + 1 << " out " << u;
    EXPECT_NE(y2.at({0, 0, 0, t + 1}), y.at({0, 0, 0, t + 1}));
  }
}

TEST(Rank1, StripByHand) {
  // x = 1 2 3 4 5, w = 1 0 -1: y[t] = x[t] - x[t + 2] = -2 everywhere.
  const Config c = Make1d(Op::Conv, 5, 3, 1, 0);
  Tensor w({1, 1, 1, 1, 3});
  w.Assign({1, 0, -1});
  EXPECT_EQ(Convolve(c, Strip({1, 2, 3, 4, 5}), w, {}), Strip({-2, -2, -2}));
  // Transposed, s = 2, ones kernel: 1 and 2 stamp [1 1 1] at 0 and 2: 1 1 3 2 2.
  const Config t = Make1d(Op::Transposed, 2, 3, 2, 0);
  const Tensor ones = MakeWeight(KernelPreset::Ones, {1, 1, 1, 1, 3});
  EXPECT_EQ(TransposedScatter(t, Strip({1, 2}), ones, {}), Strip({1, 1, 3, 2, 2}));
  EXPECT_EQ(TransposedDirect(t, Strip({1, 2}), ones, {}), Strip({1, 1, 3, 2, 2}));
  // Pooling on a strip.
  EXPECT_EQ(MaxPool(Make1d(Op::MaxPool, 5, 2, 2, 0), Strip({1, 5, 2, 4, 3})), Strip({5, 4}));
  EXPECT_EQ(AvgPool(Make1d(Op::AvgPool, 4, 2, 2, 0), Strip({1, 3, 2, 6})), Strip({2, 4}));
}

TEST(Rank1, SameAsA2dLayerOfHeightOne) {
  std::mt19937 rng(10);
  for (int n = 0; n < 50; ++n) {
    const int i = 3 + n % 5, k = 1 + n % 3, s = 1 + n % 2, p = n % 2;
    Config c1 = Make1d(Op::Conv, i, k, s, p);
    c1.in_channels = 2;
    c1.out_channels = 3;
    Config c2 = c1;
    c2.rank = 2;
    c2.axes[kHeight] = AxisParams{1, 1, 1, 0, 0, 1, 0};  // one row, a kernel of one row
    ASSERT_FALSE(Validate(c1));
    ASSERT_FALSE(Validate(c2));
    const test::Data d = test::RandomData(c1, rng);
    EXPECT_EQ(Convolve(c1, d.input, d.weight, {}), Convolve(c2, d.input, d.weight, {}));
    EXPECT_NE(TorchShape(c1, TensorRole::Input), TorchShape(c2, TensorRole::Input));  // (C, W) against (C, 1, W)
  }
}

// Depth slice z of a canonical (C, D, H, W) tensor as a (C, 1, H, W) tensor.
Tensor Slice(const Tensor& t, int z) {
  Tensor out({t.dim(0), 1, t.dim(2), t.dim(3)});
  for (int ch = 0; ch < t.dim(0); ++ch)
    for (int r = 0; r < t.dim(2); ++r)
      for (int col = 0; col < t.dim(3); ++col) out.at({ch, 0, r, col}) = t.at({ch, z, r, col});
  return out;
}

TEST(Rank3, DepthOneKernelIsA2dConvPerSlice) {
  std::mt19937 rng(11);
  for (int n = 0; n < 60; ++n) {
    Config c3 = test::Make3d(Op::Conv, 4, 3, 1 + n % 2, n % 2);
    c3.axes[kDepth] = AxisParams{5, 1, 1 + n % 3, 0, 0, 1, 0};  // depth kernel 1, depth stride 1..3
    c3.in_channels = 2;
    c3.out_channels = 2 + n % 3;
    c3.groups = c3.out_channels == 2 ? 2 : 1;
    c3.bias = n % 2 == 0;
    ASSERT_FALSE(Validate(c3)) << Validate(c3)->message;
    const test::Data d = test::RandomData(c3, rng);
    const Tensor y = Convolve(c3, d.input, d.weight, d.bias);
    Config c2 = c3;
    c2.rank = 2;
    c2.axes[kDepth] = kNeutralAxis;
    const int sd = c3.axes[kDepth].stride;
    ASSERT_EQ(y.dim(1), (5 - 1) / sd + 1);
    for (int oz = 0; oz < y.dim(1); ++oz)
      ASSERT_EQ(Slice(y, oz), Convolve(c2, Slice(d.input, oz * sd), d.weight, d.bias)) << test::Describe(c3) << " z " << oz;
  }
}

TEST(Rank3, TransposedScatterEqualsEquivalentDirect) {
  std::mt19937 rng(12);
  int checked = 0;
  for (int s = 1; s <= 2; ++s)
    for (int p = 0; p <= 2; ++p)
      for (int k = 1; k <= 3; ++k)
        for (int a = 0; a < s; ++a) {
          Config c = test::Make3d(Op::Transposed, 3, k, s, p, 1, a);
          c.axes[kDepth].input = 2;
          c.in_channels = 2;
          c.out_channels = 2;
          c.groups = 1 + (k + p) % 2;
          c.bias = true;
          if (Validate(c)) continue;
          const test::Data d = test::RandomData(c, rng);
          const Tensor y = TransposedScatter(c, d.input, d.weight, d.bias);
          ASSERT_EQ(y, TransposedDirect(c, d.input, d.weight, d.bias)) << test::Describe(c);
          ASSERT_TRUE(test::AllClose(y, test::RefTransposed(c, d.input, d.weight, d.bias))) << test::Describe(c);
          ++checked;
        }
  EXPECT_GT(checked, 10);
  // By hand: one input cell of value 2, a 2 x 2 x 2 ramp kernel: the output is the kernel times 2.
  const Config one = test::Make3d(Op::Transposed, 1, 2, 1, 0);
  const Tensor w = MakeTensor({1, 1, 2, 2, 2}, Fill::Ramp);
  const Tensor y = TransposedScatter(one, Tensor({1, 1, 1, 1}, 2.0), w, {});
  EXPECT_EQ(y.values(), (std::vector<double>{2, 4, 6, 8, 10, 12, 14, 16}));
}

TEST(Rank3, MaxPoolOverDepth) {
  // A 2 x 2 x 2 max over a 2 x 2 x 2 ramp 1..8 is 8; the winner index is its flat position 7.
  const Config c = test::Make3d(Op::MaxPool, 2, 2, 2, 0);
  std::vector<int64_t> winners;
  const Tensor y = MaxPool(c, MakeTensor({1, 2, 2, 2}, Fill::Ramp), &winners);
  EXPECT_EQ(y.values(), (std::vector<double>{8}));
  EXPECT_EQ(winners, (std::vector<int64_t>{7}));
}

}  // namespace
}  // namespace convarith
