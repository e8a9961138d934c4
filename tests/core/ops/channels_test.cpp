// Channels, groups and bias: the convolution decomposed channel by channel, Figure 1.3 worked by hand, the transposed
// convolution as the adjoint of the direct one, and the convolution matrix's block structure.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/presets.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::ChannelOf;
using test::KernelOf;
using test::Make2d;
using test::Map;

using test::RandomConfig;

// The configuration with one input and one output channel, no bias (the per-channel pieces).
Config Single(Config c) {
  c.in_channels = c.out_channels = c.groups = 1;
  c.bias = false;
  return c;
}

Tensor Sum(const Tensor& a, const Tensor& b) {
  Tensor s = a;
  for (size_t n = 0; n < s.size(); ++n) s[n] += b[n];
  return s;
}

TEST(Channels, MultiChannelConvIsTheSumOfSingleChannelConvs) {
  std::mt19937 rng(1);
  for (int n = 0; n < 200; ++n) {
    Config c = RandomConfig(Op::Conv, rng);
    c.groups = 1;
    c.bias = false;
    if (Validate(c)) continue;
    const test::Data d = test::RandomData(c, rng);
    const Tensor y = Convolve(c, d.input, d.weight, {});
    const Config one = Single(c);
    for (int oc = 0; oc < c.out_channels; ++oc) {
      Tensor expected = Convolve(one, ChannelOf(d.input, 0), KernelOf(d.weight, oc, 0), {});
      for (int ic = 1; ic < c.in_channels; ++ic)
        expected = Sum(expected, Convolve(one, ChannelOf(d.input, ic), KernelOf(d.weight, oc, ic), {}));
      ASSERT_TRUE(test::AllClose(ChannelOf(y, oc), expected)) << test::Describe(c) << " oc " << oc;
    }
  }
}

TEST(Channels, DepthwiseIsOneConvPerChannel) {
  std::mt19937 rng(2);
  for (int n = 0; n < 100; ++n) {
    Config c = RandomConfig(Op::Conv, rng);
    c.in_channels = c.groups = 3;
    c.out_channels = 3 * (n % 2 + 1);  // depthwise, and with a channel multiplier of 2
    c.bias = false;
    if (Validate(c)) continue;
    const test::Data d = test::RandomData(c, rng);
    const Tensor y = Convolve(c, d.input, d.weight, {});
    const int multiplier = c.out_channels / c.in_channels;
    for (int oc = 0; oc < c.out_channels; ++oc) {
      // Output channel oc reads input channel oc / multiplier only, with its own kernel.
      ASSERT_EQ(ChannelOf(y, oc), Convolve(Single(c), ChannelOf(d.input, oc / multiplier), KernelOf(d.weight, oc, 0), {}))
          << test::Describe(c) << " oc " << oc;
    }
  }
  // The depthwise preset: box blur, Sobel x and sharpen, one per map.
  const Preset* p = FindPreset("depthwise");
  ASSERT_NE(p, nullptr);
  const Tensor y = Convolve(p->config, p->input, p->weight, {});
  const KernelPreset kinds[3] = {KernelPreset::BoxBlur, KernelPreset::SobelX, KernelPreset::Sharpen};
  for (int ch = 0; ch < 3; ++ch)
    EXPECT_EQ(ChannelOf(y, ch), Convolve(Single(p->config), ChannelOf(p->input, ch), MakeWeight(kinds[ch], {1, 1, 1, 3, 3}), {}));
}

TEST(Channels, GroupsMixOnlyWithinAGroup) {
  std::mt19937 rng(3);
  int checked = 0;
  for (int n = 0; n < 200; ++n) {
    const Config c = RandomConfig(n % 2 ? Op::Conv : Op::Transposed, rng);
    if (c.groups < 2) continue;
    const test::Data d = test::RandomData(c, rng);
    auto run = [&](const Tensor& x) {
      return c.op == Op::Conv ? Convolve(c, x, d.weight, d.bias) : TransposedScatter(c, x, d.weight, d.bias);
    };
    const Tensor y = run(d.input);
    // Change every value of one input channel (in the last group): outputs of the other groups stay the same.
    const int ic = c.in_channels - 1;
    const int group = ic / c.in_per_group();
    Tensor x2 = d.input;
    const size_t block = x2.size() / static_cast<size_t>(c.in_channels);
    for (size_t k = 0; k < block; ++k) x2[static_cast<size_t>(ic) * block + k] += 10 + static_cast<double>(k);
    const Tensor y2 = run(x2);
    for (int oc = 0; oc < c.out_channels; ++oc) {
      if (oc / c.out_per_group() != group) {
        ASSERT_EQ(ChannelOf(y2, oc), ChannelOf(y, oc)) << test::Describe(c) << " oc " << oc;
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 50);
  // And within its group the change does show: C_in = C_out = 4, groups = 2, kernels of ones.
  Config c = Make2d(Op::Conv, 5, 3, 1, 1);
  c.in_channels = c.out_channels = 4;
  c.groups = 2;
  const Tensor w = MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ones);
  const Tensor x = MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp);
  Tensor x2 = x;
  x2.at({3, 0, 2, 2}) += 1;  // input channel 3: group 1 (output channels 2 and 3)
  const Tensor y = Convolve(c, x, w, {}), y2 = Convolve(c, x2, w, {});
  for (int oc = 0; oc < 4; ++oc) {
    for (int r = 0; r < 5; ++r)
      for (int col = 0; col < 5; ++col) {
        // The changed cell is read by the 3 x 3 outputs around it, in group 1's output channels only.
        const bool reads = oc >= 2 && std::abs(r - 2) <= 1 && std::abs(col - 2) <= 1;
        EXPECT_EQ(y2.at({oc, 0, r, col}) - y.at({oc, 0, r, col}), reads ? 1 : 0) << oc << " " << r << " " << col;
      }
  }
}

TEST(Channels, GroupsOfTwoFigureByHand) {
  // C_in = 4, C_out = 2, groups = 2, 1 x 1 kernels: y0 = 1·x0 + 2·x1, y1 = 3·x2 + 4·x3 (groups do not mix).
  Config c = Make2d(Op::Conv, 2, 1, 1, 0);
  c.in_channels = 4;
  c.out_channels = 2;
  c.groups = 2;
  Tensor x({4, 1, 2, 2});
  x.Assign({1, 2, 3, 4, /**/ 10, 20, 30, 40, /**/ 100, 200, 300, 400, /**/ 1000, 2000, 3000, 4000});
  Tensor w({2, 2, 1, 1, 1});
  w.Assign({1, 2, 3, 4});
  const Tensor y = Convolve(c, x, w, {});
  EXPECT_EQ(y.values(), (std::vector<double>{21, 42, 63, 84, 4300, 8600, 12900, 17200}));
}

TEST(Channels, BiasAddsPerOutputChannel) {
  std::mt19937 rng(4);
  for (int n = 0; n < 100; ++n) {
    for (Op op : {Op::Conv, Op::Transposed}) {
      Config c = RandomConfig(op, rng);
      c.bias = true;
      const test::Data d = test::RandomData(c, rng);
      Config without = c;
      without.bias = false;
      const Tensor y = op == Op::Conv ? Convolve(c, d.input, d.weight, d.bias) : TransposedScatter(c, d.input, d.weight, d.bias);
      const Tensor y0 = op == Op::Conv ? Convolve(without, d.input, d.weight, {})
                                       : TransposedScatter(without, d.input, d.weight, {});
      const size_t block = y.size() / static_cast<size_t>(c.out_channels);
      for (size_t k = 0; k < y.size(); ++k)
        ASSERT_NEAR(y[k] - y0[k], d.bias[k / block], 1e-12) << test::Describe(c);
    }
  }
}

TEST(Channels, Figure13ByHand) {
  // Input map 0          map 1          kernels w[o][i] (3 x 3):
  //   1 0 2 1            0 2 1 0          w[0][0] diagonal, w[0][1] centre
  //   0 1 1 0            1 2 0 1          w[1][0] the 4 neighbours of the centre, w[1][1] the 4 corners
  //   2 1 0 1            1 1 2 0          w[2][0] top row of 1s, w[2][1] bottom row of 2s
  //   1 0 1 2            0 1 0 1
  // y0[r][c] = x0[r][c] + x0[r+1][c+1] + x0[r+2][c+2] + x1[r+1][c+1]:
  //   (0,0) 1+1+0 + 2 = 4   (0,1) 0+1+1 + 0 = 2   (1,0) 0+1+1 + 1 = 3   (1,1) 1+0+2 + 2 = 5
  // y1 = the 4 neighbours of x0's centre + the 4 corners of x1's window:
  //   (0,0) 0+0+1+1 + 0+1+1+2 = 6   (0,1) 2+1+0+0 + 2+0+1+0 = 6   (1,0) 1+2+0+0 + 1+0+0+0 = 4
  //   (1,1) 1+1+1+1 + 2+1+1+1 = 9
  // y2 = the top row of x0's window + 2 · the bottom row of x1's window:
  //   (0,0) 1+0+2 + 2·(1+1+2) = 11   (0,1) 0+2+1 + 2·(1+2+0) = 9   (1,0) 0+1+1 + 2·(0+1+0) = 4
  //   (1,1) 1+1+0 + 2·(1+0+1) = 6
  const Preset* p = FindPreset("fig1.3");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->config.in_channels, 2);
  EXPECT_EQ(p->config.out_channels, 3);
  EXPECT_EQ(TorchShape(p->config, TensorRole::Weight), (std::vector<int>{3, 2, 3, 3}));
  const Tensor y = Convolve(p->config, p->input, p->weight, {});
  ASSERT_EQ(y.shape(), (std::vector<int>{3, 1, 2, 2}));
  EXPECT_EQ(ChannelOf(y, 0), Map({{4, 2}, {3, 5}}));
  EXPECT_EQ(ChannelOf(y, 1), Map({{6, 6}, {4, 9}}));
  EXPECT_EQ(ChannelOf(y, 2), Map({{11, 9}, {4, 6}}));
}

TEST(Channels, PointwisePresetMixesTheDepthwiseMaps) {
  // 1 x 1 weights (1, 0.5, -1) and (0, 1, 1), bias (0, 1): y0 = x0 + 0.5·x1 - x2, y1 = x1 + x2 + 1 at every cell.
  const Preset* p = FindPreset("pointwise");
  ASSERT_NE(p, nullptr);
  const Preset* dw = FindPreset("depthwise");
  EXPECT_EQ(p->input, Convolve(dw->config, dw->input, dw->weight, {}));
  const Tensor y = Convolve(p->config, p->input, p->weight, p->bias);
  const Tensor x0 = ChannelOf(p->input, 0), x1 = ChannelOf(p->input, 1), x2 = ChannelOf(p->input, 2);
  for (size_t k = 0; k < x0.size(); ++k) {
    EXPECT_DOUBLE_EQ(y[k], x0[k] + 0.5 * x1[k] - x2[k]);
    EXPECT_DOUBLE_EQ(y[x0.size() + k], x1[k] + x2[k] + 1);
  }
}

TEST(Channels, ConvMatchesTheDefinitionOverRandomConfigs) {
  std::mt19937 rng(5);
  for (int n = 0; n < 400; ++n) {
    const Config c = RandomConfig(Op::Conv, rng);
    const test::Data d = test::RandomData(c, rng);
    ASSERT_TRUE(test::AllClose(Convolve(c, d.input, d.weight, d.bias), test::RefConv(c, d.input, d.weight, d.bias)))
        << test::Describe(c);
  }
}

TEST(Channels, TransposedScatterEqualsEquivalentDirectAndTheDefinition) {
  std::mt19937 rng(6);
  for (int n = 0; n < 400; ++n) {
    const Config c = RandomConfig(Op::Transposed, rng);
    const test::Data d = test::RandomData(c, rng);
    const Tensor scatter = TransposedScatter(c, d.input, d.weight, d.bias);
    ASSERT_TRUE(test::AllClose(scatter, test::RefTransposed(c, d.input, d.weight, d.bias))) << test::Describe(c);
    ASSERT_TRUE(test::AllClose(TransposedDirect(c, d.input, d.weight, d.bias), scatter)) << test::Describe(c);
  }
}

// The direct convolution (zeros padding) a transposed one undoes, built from the direct side: the transposed
// convolution takes the direct output's size and channels back to the direct input's (a = the remainder).
Config TransposeOf(const Config& direct) {
  Config t = direct;
  t.op = Op::Transposed;
  t.in_channels = direct.out_channels;
  t.out_channels = direct.in_channels;
  t.bias = false;
  for (int a = 0; a < 3; ++a) {
    AxisParams& ax = t.axes[static_cast<size_t>(a)];
    const AxisParams& dx = direct.axes[static_cast<size_t>(a)];
    const int span = dx.input + dx.total_padding() - (dx.dilation * (dx.kernel - 1) + 1);
    ax.input = span / dx.stride + 1;
    ax.output_padding = span % dx.stride;
  }
  return t;
}

TEST(Adjoint, TransposedIsTheAdjointOfConv) {
  // <conv(x), y> = <x, conv_transpose(y)> with the same weight: the transposed convolution is C^T.
  std::mt19937 rng(7);
  int checked = 0;
  for (int n = 0; n < 400; ++n) {
    Config direct = RandomConfig(Op::Conv, rng);
    direct.padding_mode = PaddingMode::Zeros;
    direct.bias = false;
    const Config t = TransposeOf(direct);
    ASSERT_FALSE(Validate(t)) << test::Describe(t) << ": " << Validate(t)->message;
    ASSERT_EQ(OutputShape(t), (std::array<int, 3>{direct.axes[0].input, direct.axes[1].input, direct.axes[2].input}));
    const Tensor x = test::Random(CanonicalShape(direct, TensorRole::Input), static_cast<uint32_t>(rng()));
    const Tensor w = test::Random(CanonicalShape(direct, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
    const Tensor y = test::Random(CanonicalShape(t, TensorRole::Input), static_cast<uint32_t>(rng()));
    ASSERT_EQ(CanonicalShape(t, TensorRole::Weight), w.shape());  // PyTorch's layouts agree
    const Tensor cx = Convolve(direct, x, w, {});
    ASSERT_EQ(cx.shape(), y.shape());
    const Tensor ty = TransposedScatter(t, y, w, {});
    ASSERT_EQ(test::Dot(cx, y), test::Dot(x, ty)) << test::Describe(direct);
    ASSERT_EQ(TransposedDirect(t, y, w, {}), ty) << test::Describe(t);
    // And the matrices: C of the transposed config is C^T of the direct one.
    const SparseMatrix c = ConvolutionMatrix(direct, w);
    const SparseMatrix ct = ConvolutionMatrix(t, w);
    ASSERT_EQ(ct.rows, c.cols);
    ASSERT_EQ(ct.cols, c.rows);
    for (int r = 0; r < c.rows; ++r)
      for (int k = c.row_start[static_cast<size_t>(r)]; k < c.row_start[static_cast<size_t>(r) + 1]; ++k)
        ASSERT_EQ(ct.At(c.col_index[static_cast<size_t>(k)], r), c.values[static_cast<size_t>(k)]);
    ASSERT_EQ(ct.NonZeros(), c.NonZeros());
    ++checked;
  }
  EXPECT_EQ(checked, 400);
}

std::vector<double> PlusBias(std::vector<double> v, const Config& c, const Tensor& bias) {
  if (!c.bias) return v;
  const size_t block = v.size() / static_cast<size_t>(c.out_channels);
  for (size_t k = 0; k < v.size(); ++k) v[k] += bias[k / block];
  return v;
}

TEST(Matrix, ChannelsGroupsAndPaddingModes) {
  // C·vec(x) + bias = Convolve for every padding mode (folded into C); C^T·vec(x) + bias = the transposed conv.
  std::mt19937 rng(8);
  for (int n = 0; n < 400; ++n) {
    const Op op = n % 2 ? Op::Conv : Op::Transposed;
    const Config c = RandomConfig(op, rng);
    const test::Data d = test::RandomData(c, rng);
    const SparseMatrix m = ConvolutionMatrix(c, d.weight);
    ASSERT_EQ(m.cols, static_cast<int>(d.input.size()));
    const Tensor y = op == Op::Conv ? Convolve(c, d.input, d.weight, d.bias) : TransposedScatter(c, d.input, d.weight, d.bias);
    ASSERT_EQ(m.rows, static_cast<int>(y.size()));
    Tensor by_matrix(y.shape());
    by_matrix.Assign(PlusBias(m.Multiply(d.input.values()), c, d.bias));
    ASSERT_TRUE(test::AllClose(by_matrix, y)) << test::Describe(c);
    // Block structure: an entry links output channel o and input channel i of the same group only.
    const int in_block = m.cols / c.in_channels, out_block = m.rows / c.out_channels;
    for (int r = 0; r < m.rows; ++r)
      for (int k = m.row_start[static_cast<size_t>(r)]; k < m.row_start[static_cast<size_t>(r) + 1]; ++k) {
        const int oc = r / out_block, ic = m.col_index[static_cast<size_t>(k)] / in_block;
        ASSERT_EQ(oc / c.out_per_group(), ic / c.in_per_group()) << test::Describe(c);
      }
  }
}

TEST(Matrix, PaddingModesFoldIntoOneEntryPerColumn) {
  // Reflect on i = 2, k = 3, p = 1: the window at output 0 reads x[1], x[0], x[1]: one entry w0 + w2 on column 1.
  Config c = test::Make1d(Op::Conv, 2, 3, 1, 1);
  c.padding_mode = PaddingMode::Reflect;
  const Tensor w = MakeTensor({1, 1, 1, 1, 3}, Fill::Ramp);  // 1 2 3
  const SparseMatrix m = ConvolutionMatrix(c, w);
  ASSERT_EQ(m.rows, 2);
  EXPECT_EQ(m.At(0, 0), 2);
  EXPECT_EQ(m.At(0, 1), 1 + 3);
  EXPECT_EQ(m.At(1, 0), 1 + 3);
  EXPECT_EQ(m.At(1, 1), 2);
  EXPECT_EQ(m.NonZeros(), 4);
  // Circular p = 2 on i = 2: every column twice or more, still one entry each.
  c.padding_mode = PaddingMode::Circular;
  c.axes[kWidth].SetPadding(2);
  const SparseMatrix mc = ConvolutionMatrix(c, w);
  for (int r = 0; r < mc.rows; ++r)
    EXPECT_LE(mc.row_start[static_cast<size_t>(r) + 1] - mc.row_start[static_cast<size_t>(r)], 2);
}

}  // namespace
}  // namespace convarith
