// Upsampling without a kernel: nearest and linear resize, pixel shuffle, max unpooling; worked out by hand and checked
// against naive references written from PyTorch's definitions.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "convarith/ops/upsample.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::Make2d;

Tensor Signal(std::vector<double> v) {
  const int n = static_cast<int>(v.size());
  return Tensor({1, 1, 1, n}, std::move(v));
}

// The message of the InvalidConfig that `fn` throws, checked to name `parameter`.
template <class Fn>
std::string RefusalOf(Fn&& fn, const std::string& parameter) {
  try {
    fn();
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, parameter) << e.what();
    EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    return e.what();
  }
  ADD_FAILURE() << "no exception";
  return "";
}

TEST(Upsample, NearestRepeatsEachCellSTimes) {
  const Tensor x = Signal({1, 2, 3});
  EXPECT_EQ(Upsample({1, 2, UpsampleMode::Nearest}, x).values(), (std::vector<double>{1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(Upsample({1, 3, UpsampleMode::Nearest}, x).values(), (std::vector<double>{1, 1, 1, 2, 2, 2, 3, 3, 3}));
  EXPECT_EQ(Upsample({1, 1, UpsampleMode::Nearest}, x), x);
}

TEST(Upsample, LinearHalfPixelCentresClampAtTheEdges) {
  // align_corners=False, s = 2: x = (o + 0.5)/2 - 0.5, so weights 0.75/0.25 inside and a copy at both ends.
  const Tensor y = Upsample({1, 2, UpsampleMode::Linear}, Signal({1, 2, 3}));
  EXPECT_EQ(y.shape(), (std::vector<int>{1, 1, 1, 6}));
  EXPECT_EQ(y.values(), (std::vector<double>{1, 1.25, 1.75, 2.25, 2.75, 3}));
  // s = 3: output 1 sits exactly on input 0; output 2 one third of the way to input 1.
  const Tensor y3 = Upsample({1, 3, UpsampleMode::Linear}, Signal({0, 3}));
  EXPECT_NEAR(y3[0], 0, 1e-12);
  EXPECT_NEAR(y3[1], 0, 1e-12);
  EXPECT_NEAR(y3[2], 1, 1e-12);
  EXPECT_NEAR(y3[3], 2, 1e-12);
  EXPECT_NEAR(y3[5], 3, 1e-12);
}

TEST(Upsample, BilinearOfAnOuterProductIsTheOuterProductOfLinears) {
  // Bilinear is separable: an outer product a ⊗ b upsamples to linear(a) ⊗ linear(b).
  const std::vector<double> a{1, -2, 4}, b{0.5, 3, -1, 2};
  Tensor x({2, 1, 3, 4});
  for (int ch = 0; ch < 2; ++ch)
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) x.at({ch, 0, r, c}) = (ch + 1) * a[static_cast<size_t>(r)] * b[static_cast<size_t>(c)];
  for (int s : {1, 2, 3, 4}) {
    const Tensor y = Upsample({2, s, UpsampleMode::Linear}, x);
    ASSERT_EQ(y.shape(), (std::vector<int>{2, 1, 3 * s, 4 * s}));
    const Tensor la = Upsample({1, s, UpsampleMode::Linear}, Signal(a));
    const Tensor lb = Upsample({1, s, UpsampleMode::Linear}, Signal(b));
    for (int ch = 0; ch < 2; ++ch)
      for (int r = 0; r < 3 * s; ++r)
        for (int c = 0; c < 4 * s; ++c)
          ASSERT_NEAR(y.at({ch, 0, r, c}), (ch + 1) * la[static_cast<size_t>(r)] * lb[static_cast<size_t>(c)], 1e-12)
              << "s " << s << " at " << r << "," << c;
  }
}

TEST(Upsample, TapsRebuildEveryOutputAndWeighOne) {
  Tensor x = MakeTensor({1, 2, 3, 4}, Fill::Random, 7, -5, 5);
  for (UpsampleMode mode : {UpsampleMode::Nearest, UpsampleMode::Linear}) {
    const UpsampleParams p{3, 2, mode};
    const Tensor y = Upsample(p, x);
    for (int z = 0; z < 4; ++z)
      for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 8; ++c) {
          const auto taps = UpsampleTaps(p, {2, 3, 4}, {z, r, c});
          ASSERT_LE(taps.size(), mode == UpsampleMode::Nearest ? 1u : 8u);
          double sum = 0, weights = 0;
          for (const UpsampleTap& t : taps) {
            sum += t.weight * x.at({0, t.at[0], t.at[1], t.at[2]});
            weights += t.weight;
          }
          ASSERT_NEAR(weights, 1, 1e-12);
          ASSERT_NEAR(sum, y.at({0, z, r, c}), 1e-12);
        }
  }
}

TEST(Upsample, RefusesBadParametersNamingThem) {
  const Tensor x = Signal({1, 2});
  EXPECT_NE(RefusalOf([&] { Upsample({1, 0, UpsampleMode::Nearest}, x); }, "scale_factor").find(">= 1"),
            std::string::npos);
  EXPECT_NE(RefusalOf([&] { Upsample({1, 4000, UpsampleMode::Nearest}, x); }, "scale_factor").find("4096"),
            std::string::npos);
  RefusalOf([&] { Upsample({4, 2, UpsampleMode::Nearest}, x); }, "dims");
  RefusalOf([&] { Upsample({2, 2, UpsampleMode::Nearest}, Tensor({1, 2, 2, 2})); }, "input");
  EXPECT_EQ(ParseUpsampleMode("bicubic"), std::nullopt);
  EXPECT_EQ(UpsampleModeName(UpsampleMode::Linear, 3), "trilinear");
}

TEST(PixelShuffle, SubPixelChannelsBecomeNeighbours) {
  // (4, 1, 1) -> (1, 2, 2): channel a·2 + b goes to row a, column b.
  const Tensor y = PixelShuffle({2, 2}, Tensor({4, 1, 1, 1}, {1, 2, 3, 4}));
  EXPECT_EQ(y.shape(), (std::vector<int>{1, 1, 2, 2}));
  EXPECT_EQ(y.values(), (std::vector<double>{1, 2, 3, 4}));
  // 1-D: (C·s, W) -> (C, W·s).
  EXPECT_EQ(PixelShuffle({1, 3}, Tensor({3, 1, 1, 2}, {1, 2, 3, 4, 5, 6})).values(),
            (std::vector<double>{1, 3, 5, 2, 4, 6}));
}

TEST(PixelShuffle, MatchesTheReshapePermuteDefinition) {
  // PyTorch: x.view(C, s, s, H, W).permute(0, 3, 1, 4, 2).reshape(C, H·s, W·s), written as index arithmetic.
  const int C = 2, s = 3, H = 2, W = 4;
  const Tensor x = MakeTensor({C * s * s, 1, H, W}, Fill::Random, 3, -9, 9);
  const Tensor y = PixelShuffle({2, s}, x);
  ASSERT_EQ(y.shape(), (std::vector<int>{C, 1, H * s, W * s}));
  for (int c = 0; c < C; ++c)
    for (int i = 0; i < s; ++i)
      for (int j = 0; j < s; ++j)
        for (int h = 0; h < H; ++h)
          for (int w = 0; w < W; ++w)
            ASSERT_EQ(y.at({c, 0, h * s + i, w * s + j}), x.at({c * s * s + i * s + j, 0, h, w}));
}

TEST(PixelShuffle, RefusesChannelsNotDivisible) {
  const std::string m = RefusalOf([] { PixelShuffle({2, 2}, Tensor({6, 1, 2, 2})); }, "upscale_factor");
  EXPECT_NE(m.find("(6)"), std::string::npos) << m;
  EXPECT_NE(m.find("= 4"), std::string::npos) << m;
  RefusalOf([] { PixelShuffle({2, 0}, Tensor({1, 1, 2, 2})); }, "upscale_factor");
}

TEST(MaxUnpool, WinnersGoBackToTheirCells) {
  Config pool = Make2d(Op::MaxPool, 4, 2, 2, 0);
  const Tensor x = MakeTensor({1, 1, 4, 4}, Fill::Random, 11, -9, 9);
  std::vector<int64_t> idx;
  const Tensor pooled = MaxPool(pool, x, &idx);
  const Tensor y = MaxUnpool(UnpoolOf(pool, false), pooled, idx);
  ASSERT_EQ(y.shape(), x.shape());
  int nonzero_cells = 0;
  for (size_t n = 0; n < y.size(); ++n) {
    const bool winner = std::find(idx.begin(), idx.end(), static_cast<int64_t>(n)) != idx.end();
    EXPECT_EQ(y[n], winner ? x[n] : 0.0) << n;
    nonzero_cells += winner;
  }
  EXPECT_EQ(nonzero_cells, 4);
}

TEST(MaxUnpool, DefaultSizeReadsIndicesInItsOwnWidthAsPyTorch) {
  // i = 5, k = s = 2: pooled 2x2, PyTorch's default output (2 - 1)·2 + 2 = 4 per axis. The winners' indices count in
  // the 5-wide input (x[r][c] = 5r + c: winners 6, 8, 16, 18); in a 4-wide map 16 is outside, as PyTorch refuses.
  Config pool = Make2d(Op::MaxPool, 5, 2, 2, 0);
  Tensor x({1, 1, 5, 5});
  for (size_t n = 0; n < x.size(); ++n) x[n] = static_cast<double>(n);
  std::vector<int64_t> idx;
  const Tensor pooled = MaxPool(pool, x, &idx);
  EXPECT_EQ(idx, (std::vector<int64_t>{6, 8, 16, 18}));
  EXPECT_NE(RefusalOf([&] { MaxUnpool(UnpoolOf(pool, false), pooled, idx); }, "indices").find("16"), std::string::npos);
  // To the input's size (PyTorch's output_size=x.shape) they land where they were.
  const Tensor back = MaxUnpool(UnpoolOf(pool, true), pooled, idx);
  EXPECT_EQ(back.at({0, 0, 1, 1}), 6);
  EXPECT_EQ(back.at({0, 0, 3, 3}), 18);
  EXPECT_EQ(back.at({0, 0, 4, 4}), 0);
}

TEST(MaxUnpool, OutputSizeMustLieWithinAStrideOfTheDefault) {
  UnpoolParams u;
  u.rank = 1;
  u.kernel = {1, 1, 2};
  u.stride = {1, 1, 2};
  u.output = {1, 1, 6};  // default (2 - 1)·2 + 2 = 4: 6 is not < 4 + 2
  const std::string m = RefusalOf([&] { UnpoolOutputDims(u, {1, 1, 2}); }, "output_size");
  EXPECT_NE(m.find("between 2 and 6"), std::string::npos) << m;
  u.output = {1, 1, 5};
  EXPECT_EQ(UnpoolOutputDims(u, {1, 1, 2})[2], 5);
  u.stride = {1, 1, 0};
  RefusalOf([&] { UnpoolOutputDims(u, {1, 1, 2}); }, "stride");
}

}  // namespace
}  // namespace convarith
