// Output sizes against a brute-force count of kernel positions, the paper's relationships, and validation messages.
#include <gtest/gtest.h>

#include <algorithm>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/scene/presets.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

// Ceil mode: a first window may overhang the padded input by less than a stride; each further window is added while
// the previous one leaves the end of the padded input uncovered; then a last window that starts in the right padding
// is dropped (PyTorch's rule: it must start inside the input or the left padding).
int CountCeil(int i, int p, int khat, int s) {
  const int L = i + 2 * p;
  if (khat - L > s - 1) return 0;
  int n = 1;
  while ((n - 1) * s + khat < L) ++n;
  if ((n - 1) * s >= i + p) --n;
  return n;
}

using test::CountFloor;
using test::Make2d;

TEST(OutputSize, ConvAndPoolingMatchBruteForceSweep) {
  int checked = 0;
  for (int i = 1; i <= 16; ++i)
    for (int k = 1; k <= 7; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int p = 0; p <= 4; ++p)
          for (int d = 1; d <= 3; ++d) {
            const int khat = d * (k - 1) + 1;
            const Config conv = Make2d(Op::Conv, i, k, s, p, d);
            const bool conv_fits = khat <= i + 2 * p;
            ASSERT_EQ(!Validate(conv).has_value(), conv_fits) << i << " " << k << " " << s << " " << p << " " << d;
            if (conv_fits) {
              ASSERT_EQ(OutputSize(Op::Conv, conv.axes[kHeight]), CountFloor(i + 2 * p, khat, s));
              ++checked;
            }
            for (bool ceil : {false, true}) {
              const Config pool = Make2d(Op::MaxPool, i, k, s, p, d, 0, ceil);
              const int expected = ceil ? CountCeil(i, p, khat, s) : CountFloor(i + 2 * p, khat, s);
              const bool valid = p <= k / 2 && expected >= 1;
              ASSERT_EQ(!Validate(pool).has_value(), valid)
                  << "maxpool i=" << i << " k=" << k << " s=" << s << " p=" << p << " d=" << d << " ceil=" << ceil;
              if (valid) {
                ASSERT_EQ(OutputSize(Op::MaxPool, pool.axes[kHeight], ceil), expected)
                    << "maxpool i=" << i << " k=" << k << " s=" << s << " p=" << p << " d=" << d << " ceil=" << ceil;
                ++checked;
              }
            }
          }
  EXPECT_GT(checked, 10000);
}

TEST(OutputSize, TransposedIsTheSmallestDirectInputGivingIPrimePlusA) {
  int checked = 0;
  for (int ip = 1; ip <= 16; ++ip)
    for (int k = 1; k <= 7; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int p = 0; p <= 4; ++p)
          for (int d = 1; d <= 3; ++d)
            for (int a = 0; a < std::max(s, d); ++a) {
              const int khat = d * (k - 1) + 1;
              // Smallest direct input length x (padded length x + 2p) whose window count is i'.
              int x = -2 * p;
              while (CountFloor(x + 2 * p, khat, s) != ip) ++x;
              const int expected = x + a;
              const Config t = Make2d(Op::Transposed, ip, k, s, p, d, a);
              ASSERT_EQ(!Validate(t).has_value(), expected >= 1) << ip << " " << k << " " << s << " " << p << " " << d << " " << a;
              if (expected < 1) continue;
              ASSERT_EQ(OutputSize(Op::Transposed, t.axes[kHeight]), expected);
              const TransposedAxis ta = TransposedAsDirect(t.axes[kHeight]);
              EXPECT_EQ(ta.stretched_input, ip + (s - 1) * (ip - 1));
              EXPECT_EQ(ta.padding, d * (k - 1) - p);
              // The equivalent convolution, stride 1 over the stretched, padded input, gives o'.
              EXPECT_EQ(ta.stretched_input + 2 * ta.padding + a - khat + 1, expected);
              ++checked;
            }
  EXPECT_GT(checked, 5000);
}

TEST(OutputSize, OutputPaddingMustBeSmallerThanStrideOrDilation) {
  auto e = Validate(Make2d(Op::Transposed, 3, 3, 2, 1, 1, 2));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "output_padding");
  EXPECT_NE(e->message.find("smaller than either stride"), std::string::npos);
  EXPECT_FALSE(Validate(Make2d(Op::Transposed, 3, 3, 1, 0, 3, 2)));  // a < d is enough
}

TEST(Relationship, PaperFiguresGetTheirRelationship) {
  const std::pair<const char*, int> expected[] = {
      {"fig1.1", 1}, {"fig1.2", 6}, {"fig1.5", 7}, {"fig1.6", 7}, {"fig2.1", 1}, {"fig2.2", 2},
      {"fig2.3", 3}, {"fig2.4", 4}, {"fig2.5", 5}, {"fig2.6", 6}, {"fig2.7", 6}, {"fig4.1", 8},
      {"fig4.2", 9}, {"fig4.3", 10}, {"fig4.4", 11}, {"fig4.5", 12}, {"fig4.6", 13}, {"fig4.7", 14},
      {"fig5.1", 15}};
  for (const auto& [name, number] : expected) {
    const Preset* p = FindPreset(name);
    ASSERT_NE(p, nullptr) << name;
    ASSERT_FALSE(Validate(p->config)) << name;
    EXPECT_EQ(FindRelationship(p->config, kHeight).number, number) << name;
    EXPECT_EQ(FindRelationship(p->config, kWidth).number, number) << name;
  }
  // The 19 paper figures with an animation, plus Figure 1.3 and the channel examples.
  int paper = 0;
  for (const Preset& p : Presets()) paper += !p.paper_name.empty();
  EXPECT_EQ(paper, 19);
  for (const char* name : {"fig1.3", "fig1.4", "depthwise", "pointwise", "causal1d", "k2s2", "checkerboard"})
    EXPECT_NE(FindPreset(name), nullptr) << name;
  EXPECT_EQ(Presets().size(), 26u);
  EXPECT_EQ(FindRelationship(FindPreset("fig1.3")->config, kWidth).number, 1);
  // A neutral axis has no relationship.
  EXPECT_EQ(FindRelationship(FindPreset("fig1.1")->config, kDepth).number, 0);
}

TEST(Relationship, NamedPaddingAndSubstitutedFormula) {
  const Relationship half = FindRelationship(Make2d(Op::Conv, 5, 3, 1, 1), kHeight);
  EXPECT_EQ(half.padding, PaddingKind::Half);
  EXPECT_EQ(half.substituted, "o = 5");
  const Relationship general = FindRelationship(Make2d(Op::Conv, 6, 3, 2, 1), kWidth);
  EXPECT_EQ(general.substituted, "o = ⌊(6 + 2·1 - 3)/2⌋ + 1 = 3");
  EXPECT_NE(general.note.find("never reached"), std::string::npos);  // Figure 2.7's uncovered row and column
  const Relationship full = FindRelationship(Make2d(Op::Conv, 5, 3, 1, 2), kHeight);
  EXPECT_EQ(full.padding, PaddingKind::Full);
  EXPECT_EQ(full.number, 4);
}

TEST(Relationship, PerAxisWhenAxesDiffer) {
  Config c = Make2d(Op::Conv, 5, 3, 1, 0);
  c.axes[kWidth].SetPadding(1);
  EXPECT_EQ(FindRelationship(c, kHeight).number, 1);
  EXPECT_EQ(FindRelationship(c, kWidth).number, 3);
  EXPECT_EQ(OutputShape(c), (std::array<int, 3>{1, 3, 5}));
}

TEST(Transposed, PaperFigures4xStretchAndPad) {
  struct Row {
    const char* name;
    int direct_input, stretched, padding;
  };
  const Row rows[] = {{"fig4.1", 4, 2, 2}, {"fig4.2", 5, 6, 1}, {"fig4.3", 5, 5, 1}, {"fig4.4", 5, 7, 0},
                      {"fig4.5", 5, 3, 2}, {"fig4.6", 5, 5, 1}, {"fig4.7", 6, 5, 1}};
  for (const Row& r : rows) {
    const TransposedAxis t = TransposedAsDirect(FindPreset(r.name)->config.axes[kHeight]);
    EXPECT_EQ(t.direct_input, r.direct_input) << r.name;
    EXPECT_EQ(t.stretched_input, r.stretched) << r.name;
    EXPECT_EQ(t.padding, r.padding) << r.name;
  }
  // Figure 4.6 and 4.7: the direct inputs 5 and 6 both give i' = 3; a picks one.
  EXPECT_EQ(TransposedAsDirect(FindPreset("fig4.6")->config.axes[kHeight]).same_output_inputs, (std::vector<int>{5, 6}));
}

TEST(Transposed, NegativeEquivalentPaddingIsReportedAsCropping) {
  const Config c = Make2d(Op::Transposed, 4, 3, 2, 3);  // p' = 2 - 3 = -1
  ASSERT_FALSE(Validate(c));
  EXPECT_TRUE(TransposedAsDirect(c.axes[kHeight]).crops());
  EXPECT_NE(FindRelationship(c, kHeight).note.find("crops"), std::string::npos);
}

TEST(SameOutput, StrideMakesSeveralInputsShareAnOutput) {
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{5, 3, 2, 1, 1}, false), (std::vector<int>{5, 6}));
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{5, 3, 1, 0, 0}, false), (std::vector<int>{5}));
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{9, 3, 3, 0, 0}, false), (std::vector<int>{9, 10, 11}));
}

TEST(Validate, EveryRuleNamesItsParameter) {
  struct Case {
    Config config;
    const char* parameter;
    const char* fragment;
  };
  const Case cases[] = {
      {Make2d(Op::Conv, 5, 7, 1, 0), "kernel_size", "can't be greater than the padded input"},
      {Make2d(Op::Conv, 5, 3, 0, 0), "stride", "between 1 and"},
      {Make2d(Op::Conv, 0, 3, 1, 0), "input_size", "got 0"},
      {Make2d(Op::Conv, 5000, 3, 1, 0), "input_size", "4096"},
      {Make2d(Op::Conv, 5, 3, 1, -1), "padding", "got -1"},
      {Make2d(Op::Conv, 5, 3, 1, 0, 0), "dilation", "between 1 and"},
      {Make2d(Op::MaxPool, 5, 3, 1, 2), "padding", "at most half"},
      {Make2d(Op::AvgPool, 5, 3, 1, 0, 2), "dilation", "AvgPool has no dilation"},
      {Make2d(Op::MaxPool, 2, 3, 1, 0), "kernel_size", "too small"},
      {Make2d(Op::Transposed, 3, 3, 2, 1, 1, 3), "output_padding", "smaller than either stride"},
      {Make2d(Op::Transposed, 1, 1, 1, 1), "padding", "not positive"},
      {Make2d(Op::Transposed, 4000, 3, 4, 0), "stride", "larger than 4096"},
  };
  for (const Case& c : cases) {
    const auto e = Validate(c.config);
    ASSERT_TRUE(e) << c.parameter << " / " << c.fragment;
    EXPECT_EQ(e->parameter, c.parameter) << e->message;
    EXPECT_NE(e->message.find(c.fragment), std::string::npos) << e->message;
  }
}

TEST(Validate, MessageNamesTheAxisWhenAxesDiffer) {
  Config c = Make2d(Op::Conv, 5, 3, 1, 0);
  c.axes[kWidth].kernel = 9;
  const auto e = Validate(c);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("on width"), std::string::npos) << e->message;
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

using test::CountFloor;
using test::Make1d;
using test::Make2d;
using test::Make3d;

// Ceil-mode window count with per-side padding, one window at a time: windows start at 0, s, 2s, ... on the padded
// input of length L = p_b + i + p_a; a window is added while the previous one leaves the end uncovered, and a window
// must start inside the input or the left padding (start < p_b + i).
int CountCeilPerSide(int i, int pb, int pa, int khat, int s) {
  const int L = pb + i + pa;
  int n = 0;
  // First window: it may overhang the end by less than a stride.
  if (khat - L > s - 1) return 0;
  n = 1;
  while ((n - 1) * s + khat < L && n * s < pb + i) ++n;
  return n;
}

TEST(PerSidePadding, ConvOutputSizeMatchesBruteForce) {
  int checked = 0;
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int pb = 0; pb <= 4; ++pb)
          for (int pa = 0; pa <= 4; ++pa)
            for (int d = 1; d <= 2; ++d) {
              Config c = Make2d(Op::Conv, i, k, s, 0, d);
              c.axes[kWidth].pad_before = pb;
              c.axes[kWidth].pad_after = pa;
              const int khat = d * (k - 1) + 1;
              const bool fits = khat <= i + pb + pa && khat <= i;  // the height axis has no padding
              ASSERT_EQ(!Validate(c).has_value(), fits) << test::Describe(c);
              if (!fits) continue;
              EXPECT_EQ(OutputShape(c)[kWidth], CountFloor(pb + i + pa, khat, s)) << test::Describe(c);
              EXPECT_EQ(OutputShape(c)[kHeight], CountFloor(i, khat, s));
              ++checked;
            }
  EXPECT_GT(checked, 1000);
}

TEST(PerSidePadding, PoolingCeilModeMatchesBruteForce) {
  int checked = 0;
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int pb = 0; pb <= 2; ++pb)
          for (int pa = 0; pa <= 2; ++pa)
            for (bool ceil : {false, true}) {
              Config c = Make1d(Op::MaxPool, i, k, s, 0);
              c.axes[kWidth].pad_before = pb;
              c.axes[kWidth].pad_after = pa;
              c.ceil_mode = ceil;
              const int expected = ceil ? CountCeilPerSide(i, pb, pa, k, s) : CountFloor(pb + i + pa, k, s);
              const bool valid = std::max(pb, pa) <= k / 2 && expected >= 1;
              ASSERT_EQ(!Validate(c).has_value(), valid) << test::Describe(c) << " ceil " << ceil;
              if (!valid) continue;
              EXPECT_EQ(OutputShape(c)[kWidth], expected) << test::Describe(c) << " ceil " << ceil;
              ++checked;
            }
  EXPECT_GT(checked, 300);
}

TEST(PerSidePadding, TransposedIsTheSmallestDirectInputGivingIPrimePlusA) {
  int checked = 0;
  for (int ip = 1; ip <= 8; ++ip)
    for (int k = 1; k <= 4; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int pb = 0; pb <= 3; ++pb)
          for (int pa = 0; pa <= 3; ++pa)
            for (int a = 0; a < s; ++a) {
              int x = -(pb + pa);
              while (CountFloor(x + pb + pa, k, s) != ip) ++x;
              Config c = Make1d(Op::Transposed, ip, k, s, 0, 1, a);
              c.axes[kWidth].pad_before = pb;
              c.axes[kWidth].pad_after = pa;
              const int expected = x + a;
              ASSERT_EQ(!Validate(c).has_value(), expected >= 1) << test::Describe(c);
              if (expected < 1) continue;
              EXPECT_EQ(OutputShape(c)[kWidth], expected) << test::Describe(c);
              const TransposedAxis t = TransposedAsDirect(c.axes[kWidth]);
              EXPECT_EQ(t.padding, k - 1 - pb);
              EXPECT_EQ(t.padding_after, k - 1 - pa);
              // The equivalent stride-1 convolution over p' + stretched + p'_after + a cells gives o'.
              EXPECT_EQ(t.padding + t.stretched_input + t.padding_after + a - k + 1, expected) << test::Describe(c);
              ++checked;
            }
  EXPECT_GT(checked, 500);
}

TEST(PerSidePadding, RelationshipUsesBothSides) {
  Config c = Make1d(Op::Conv, 12, 2, 1, 0, 4);  // the causal layer: p_b = d(k - 1) = 4, p_a = 0
  c.axes[kWidth].pad_before = 4;
  ASSERT_FALSE(Validate(c));
  EXPECT_EQ(OutputSpatial(c), (std::vector<int>{12}));  // causal: as long as the input
  const Relationship r = FindRelationship(c, kWidth);
  EXPECT_EQ(r.number, 15);
  EXPECT_NE(r.substituted.find("4 + 0"), std::string::npos) << r.substituted;
  EXPECT_EQ(r.padding, PaddingKind::Arbitrary);
}

TEST(Rank, OutputSizePerAxisFor1dAnd3d) {
  Config c3;
  c3.op = Op::Conv;
  c3.rank = 3;
  c3.axes = {AxisParams{4, 2, 1, 0, 0, 1, 0}, AxisParams{7, 3, 2, 1, 1, 1, 0}, AxisParams{9, 3, 1, 0, 2, 2, 0}};
  ASSERT_FALSE(Validate(c3));
  // Each axis by its own formula: (4 - 2) + 1 = 3; ⌊(7 + 2 - 3)/2⌋ + 1 = 4; 9 + 0 + 2 - 5 + 1 = 7.
  EXPECT_EQ(OutputShape(c3), (std::array<int, 3>{3, 4, 7}));
  EXPECT_EQ(OutputSpatial(c3), (std::vector<int>{3, 4, 7}));
  for (int a = 0; a < 3; ++a) EXPECT_EQ(OutputShape(c3)[static_cast<size_t>(a)], OutputSize(Op::Conv, c3.axes[static_cast<size_t>(a)]));
  EXPECT_EQ(FindRelationship(c3, kDepth).number, 1);
  EXPECT_EQ(TorchClassName(c3), "Conv3d");

  const Config c1 = Make1d(Op::Conv, 10, 3, 3, 1);
  ASSERT_FALSE(Validate(c1));
  EXPECT_EQ(OutputShape(c1), (std::array<int, 3>{1, 1, 4}));  // ⌊(10 + 2 - 3)/3⌋ + 1 = 4, neutral axes 1
  EXPECT_EQ(OutputSpatial(c1), (std::vector<int>{4}));
  EXPECT_EQ(FindRelationship(c1, kHeight).number, 0);
  EXPECT_EQ(AxisName(c1, kWidth), "length");
  EXPECT_EQ(TorchClassName(Make1d(Op::Transposed, 3, 3, 1, 0)), "ConvTranspose1d");

  const Config t3 = Make3d(Op::Transposed, 2, 3, 2, 0);
  EXPECT_EQ(OutputShape(t3), (std::array<int, 3>{5, 5, 5}));  // (2 - 1)·2 + 3
}

TEST(Rank, NeutralAxesMustStayNeutral) {
  Config c = Make1d(Op::Conv, 5, 3, 1, 0);
  c.axes[kHeight].kernel = 2;
  const auto e = Validate(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "dims");
  Config bad_rank = Make2d(Op::Conv, 5, 3, 1, 0);
  bad_rank.rank = 4;
  ASSERT_TRUE(Validate(bad_rank));
  EXPECT_EQ(Validate(bad_rank)->parameter, "dims");
}

TEST(Rank, SetRankKeepsTheLastAxes) {
  Config c = Make2d(Op::Conv, 6, 3, 2, 1);
  c.axes[kWidth].input = 8;
  SetRank(c, 1);
  EXPECT_EQ(c.rank, 1);
  EXPECT_EQ(c.axes[kHeight], kNeutralAxis);
  EXPECT_EQ(c.axes[kWidth].input, 8);
  SetRank(c, 3);
  EXPECT_EQ(c.axes[kDepth].input, 8);  // new axes copy the width axis
  EXPECT_EQ(c.axes[kHeight].input, 8);
  EXPECT_FALSE(Validate(c));
}

TEST(Shapes, CanonicalAndTorchShapes) {
  Config c = Make1d(Op::Conv, 12, 3, 1, 0);
  c.in_channels = 4;
  c.out_channels = 6;
  c.groups = 2;
  c.bias = true;
  EXPECT_EQ(CanonicalShape(c, TensorRole::Input), (std::vector<int>{4, 1, 1, 12}));
  EXPECT_EQ(TorchShape(c, TensorRole::Input), (std::vector<int>{4, 12}));
  EXPECT_EQ(CanonicalShape(c, TensorRole::Weight), (std::vector<int>{6, 2, 1, 1, 3}));
  EXPECT_EQ(TorchShape(c, TensorRole::Weight), (std::vector<int>{6, 2, 3}));
  EXPECT_EQ(TorchShape(c, TensorRole::Bias), (std::vector<int>{6}));
  EXPECT_EQ(TorchShape(c, TensorRole::Output), (std::vector<int>{6, 10}));
  c.op = Op::Transposed;  // PyTorch stores a transposed weight (C_in, C_out/g, k...)
  EXPECT_EQ(TorchShape(c, TensorRole::Weight), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(TorchShape(c, TensorRole::Output), (std::vector<int>{6, 14}));
  c.op = Op::MaxPool;
  EXPECT_TRUE(TorchShape(c, TensorRole::Weight).empty());
  EXPECT_EQ(TorchShape(Normalized(c), TensorRole::Output), (std::vector<int>{4, 10}));  // pooling keeps C
  const Config c3 = Make3d(Op::Conv, 4, 2, 1, 0);
  EXPECT_EQ(TorchShape(c3, TensorRole::Input), (std::vector<int>{1, 4, 4, 4}));
  EXPECT_EQ(TorchShape(c3, TensorRole::Weight), (std::vector<int>{1, 1, 2, 2, 2}));
}

TEST(Validate, ChannelAndGroupRulesNameTheirParameter) {
  struct Case {
    int in, out, groups;
    Op op;
    PaddingMode mode;
    const char* parameter;
    const char* fragment;
  };
  const Case cases[] = {
      {4, 6, 4, Op::Conv, PaddingMode::Zeros, "groups", "out_channels must be divisible by groups"},
      {3, 6, 2, Op::Conv, PaddingMode::Zeros, "groups", "in_channels must be divisible by groups"},
      {2, 2, 0, Op::Conv, PaddingMode::Zeros, "groups", "positive"},
      {0, 2, 1, Op::Conv, PaddingMode::Zeros, "in_channels", "got 0"},
      {2, 5000, 1, Op::Conv, PaddingMode::Zeros, "out_channels", "4096"},
      {1, 1, 1, Op::Transposed, PaddingMode::Reflect, "padding_mode", "only 'zeros'"},
      {1, 1, 1, Op::Transposed, PaddingMode::Circular, "padding_mode", "ConvTranspose2d"},
  };
  for (const Case& k : cases) {
    Config c = Make2d(k.op, 5, 3, 1, 1);
    c.in_channels = k.in;
    c.out_channels = k.out;
    c.groups = k.groups;
    c.padding_mode = k.mode;
    const auto e = Validate(c);
    ASSERT_TRUE(e) << k.fragment;
    EXPECT_EQ(e->parameter, k.parameter) << e->message;
    EXPECT_NE(e->message.find(k.fragment), std::string::npos) << e->message;
  }
  // Pooling has no groups: out_channels and groups are ignored (normalised away).
  Config pool = Make2d(Op::MaxPool, 5, 3, 1, 1);
  pool.in_channels = 3;
  pool.out_channels = 7;
  pool.groups = 2;
  EXPECT_FALSE(Validate(pool));
  EXPECT_EQ(Normalized(pool).out_channels, 3);
}

TEST(Validate, PaddingModeLimits) {
  // reflect needs p < i on every axis, circular p <= i; replicate and zeros any p.
  for (int i = 1; i <= 5; ++i)
    for (int p = 0; p <= 6; ++p)
      for (PaddingMode mode : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular}) {
        Config c = Make1d(Op::Conv, i, 1, 1, p);
        c.padding_mode = mode;
        const bool ok = mode == PaddingMode::Reflect ? p < i : mode == PaddingMode::Circular ? p <= i : true;
        const auto e = Validate(c);
        ASSERT_EQ(!e.has_value(), ok) << test::Describe(c);
        if (e) {
          EXPECT_EQ(e->parameter, "padding_mode") << e->message;
        }
      }
  // Per side: the wider side counts.
  Config c = Make1d(Op::Conv, 3, 1, 1, 0);
  c.padding_mode = PaddingMode::Reflect;
  c.axes[kWidth].pad_after = 3;
  ASSERT_TRUE(Validate(c));
  EXPECT_NE(Validate(c)->message.find("p = 3 < i = 3 fails"), std::string::npos) << Validate(c)->message;
}

TEST(Validate, RandomSweepNeverAcceptsAnEmptyOutput) {
  std::mt19937 rng(2024);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int accepted = 0, refused = 0;
  for (int n = 0; n < 20000; ++n) {
    Config c;
    c.op = static_cast<Op>(pick(0, 3));
    c.rank = pick(1, 3);
    c.axes = {kNeutralAxis, kNeutralAxis, kNeutralAxis};
    for (int a = c.first_axis(); a < 3; ++a) {
      AxisParams& x = c.axes[static_cast<size_t>(a)];
      x = {pick(1, 9), pick(1, 6), pick(1, 4), pick(0, 4), pick(0, 4), pick(1, 3), pick(0, 3)};
    }
    c.in_channels = pick(1, 4);
    c.out_channels = pick(1, 4);
    c.groups = pick(1, 4);
    c.padding_mode = static_cast<PaddingMode>(pick(0, 3));
    c.ceil_mode = pick(0, 1) == 1;
    if (auto e = Validate(c)) {
      EXPECT_FALSE(e->parameter.empty());
      EXPECT_FALSE(e->message.empty());
      ++refused;
      continue;
    }
    ++accepted;
    const auto out = OutputShape(Normalized(c));
    for (int a = 0; a < 3; ++a) ASSERT_GE(out[static_cast<size_t>(a)], 1) << test::Describe(c);
    for (int a = 0; a < c.first_axis(); ++a) ASSERT_EQ(out[static_cast<size_t>(a)], 1) << test::Describe(c);
    if (!c.pooling()) {
      ASSERT_EQ(c.in_channels % c.groups, 0);
      ASSERT_EQ(c.out_channels % c.groups, 0);
    }
  }
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
}

TEST(Validate, TensorSizeLimitsRefuseHugeChannelCounts) {
  // 1025 input channels of 128 x 128: just over kMaxElements (2^24 = 1024 maps of 128 x 128).
  Config c = Make2d(Op::Conv, 128, 1, 1, 0);
  c.in_channels = static_cast<int>(kMaxElements / (128 * 128)) + 1;
  auto e = Validate(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "input_size");
  EXPECT_NE(e->message.find("the input (C_in x spatial) would hold " + std::to_string(1025LL * 128 * 128) + " values"),
            std::string::npos)
      << e->message;
  EXPECT_NE(e->message.find(std::to_string(kMaxElements)), std::string::npos);
  EXPECT_NE(e->message.find("channels"), std::string::npos);
  c.in_channels = 1024;  // exactly at the limit
  EXPECT_FALSE(Validate(c));
  // The output: 1025 output maps of 128 x 128.
  c.in_channels = 1;
  c.out_channels = 1025;
  e = Validate(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "out_channels");
  // The weight: 4096 x 4096 kernels of 2 x 2, but fine when depthwise (groups = channels).
  Config w = Make2d(Op::Conv, 2, 2, 1, 0);
  w.in_channels = w.out_channels = 4096;
  e = Validate(w);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "kernel_size");
  EXPECT_NE(e->message.find("the weight would hold " + std::to_string(4096LL * 4096 * 4) + " values"),
            std::string::npos)
      << e->message;
  w.groups = 4096;
  EXPECT_FALSE(Validate(w));
  // Exactly at the limit is accepted: 4096 x 1024 kernels of 2 x 2.
  w.groups = 1;
  w.in_channels = 1024;
  EXPECT_FALSE(Validate(w));
  // Pooling: channels times spatial counts too.
  Config pool = Make3d(Op::MaxPool, 128, 2, 2, 0);
  pool.in_channels = 9;  // 9 · 128³ > 16 Mi
  e = Validate(pool);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "input_size");
  // One output reading more than kMaxStepTaps values (C_in/groups x kernel) is refused too.
  Config taps = Make2d(Op::Conv, 64, 33, 1, 0);
  taps.in_channels = 1024;
  e = Validate(taps);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("one output would read"), std::string::npos) << e->message;
}

}  // namespace
}  // namespace convarith
