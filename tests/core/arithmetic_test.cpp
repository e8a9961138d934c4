// Output sizes against a brute-force count of kernel positions, the paper's relationships, and validation messages.
#include <gtest/gtest.h>

#include "convarith/arithmetic.hpp"
#include "convarith/presets.hpp"

namespace convarith {
namespace {

// Windows of extent khat at 0, s, 2s, ... (padded coordinates) over a padded input of length L, counted one by one.
int CountFloor(int L, int khat, int s) {
  int n = 0;
  while (n * s + khat <= L) ++n;
  return n;
}

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

Config Make(Op op, int i, int k, int s, int p, int d = 1, int a = 0, bool ceil = false) {
  Config c;
  c.op = op;
  c.axes[0] = c.axes[1] = AxisParams{i, k, s, p, d, a};
  c.ceil_mode = ceil;
  return c;
}

TEST(OutputSize, ConvAndPoolingMatchBruteForceSweep) {
  int checked = 0;
  for (int i = 1; i <= 16; ++i)
    for (int k = 1; k <= 7; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int p = 0; p <= 4; ++p)
          for (int d = 1; d <= 3; ++d) {
            const int khat = d * (k - 1) + 1;
            const Config conv = Make(Op::Conv, i, k, s, p, d);
            const bool conv_fits = khat <= i + 2 * p;
            ASSERT_EQ(!Validate(conv).has_value(), conv_fits) << i << " " << k << " " << s << " " << p << " " << d;
            if (conv_fits) {
              ASSERT_EQ(OutputSize(Op::Conv, conv.axes[0]), CountFloor(i + 2 * p, khat, s));
              ++checked;
            }
            for (bool ceil : {false, true}) {
              const Config pool = Make(Op::MaxPool, i, k, s, p, d, 0, ceil);
              const int expected = ceil ? CountCeil(i, p, khat, s) : CountFloor(i + 2 * p, khat, s);
              const bool valid = p <= k / 2 && expected >= 1;
              ASSERT_EQ(!Validate(pool).has_value(), valid)
                  << "maxpool i=" << i << " k=" << k << " s=" << s << " p=" << p << " d=" << d << " ceil=" << ceil;
              if (valid) {
                ASSERT_EQ(OutputSize(Op::MaxPool, pool.axes[0], ceil), expected)
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
              const Config t = Make(Op::Transposed, ip, k, s, p, d, a);
              ASSERT_EQ(!Validate(t).has_value(), expected >= 1) << ip << " " << k << " " << s << " " << p << " " << d << " " << a;
              if (expected < 1) continue;
              ASSERT_EQ(OutputSize(Op::Transposed, t.axes[0]), expected);
              const TransposedAxis ta = TransposedAsDirect(t.axes[0]);
              EXPECT_EQ(ta.stretched_input, ip + (s - 1) * (ip - 1));
              EXPECT_EQ(ta.padding, d * (k - 1) - p);
              // The equivalent convolution, stride 1 over the stretched, padded input, gives o'.
              EXPECT_EQ(ta.stretched_input + 2 * ta.padding + a - khat + 1, expected);
              ++checked;
            }
  EXPECT_GT(checked, 5000);
}

TEST(OutputSize, OutputPaddingMustBeSmallerThanStrideOrDilation) {
  auto e = Validate(Make(Op::Transposed, 3, 3, 2, 1, 1, 2));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->parameter, "output_padding");
  EXPECT_NE(e->message.find("smaller than either stride"), std::string::npos);
  EXPECT_FALSE(Validate(Make(Op::Transposed, 3, 3, 1, 0, 3, 2)));  // a < d is enough
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
  EXPECT_EQ(Presets().size(), 19u);
}

TEST(Relationship, NamedPaddingAndSubstitutedFormula) {
  const Relationship half = FindRelationship(Make(Op::Conv, 5, 3, 1, 1), kHeight);
  EXPECT_EQ(half.padding, PaddingKind::Half);
  EXPECT_EQ(half.substituted, "o = 5");
  const Relationship general = FindRelationship(Make(Op::Conv, 6, 3, 2, 1), kWidth);
  EXPECT_EQ(general.substituted, "o = ⌊(6 + 2·1 - 3)/2⌋ + 1 = 3");
  EXPECT_NE(general.note.find("never reached"), std::string::npos);  // Figure 2.7's uncovered row and column
  const Relationship full = FindRelationship(Make(Op::Conv, 5, 3, 1, 2), kHeight);
  EXPECT_EQ(full.padding, PaddingKind::Full);
  EXPECT_EQ(full.number, 4);
}

TEST(Relationship, PerAxisWhenAxesDiffer) {
  Config c = Make(Op::Conv, 5, 3, 1, 0);
  c.axes[kWidth].padding = 1;
  EXPECT_EQ(FindRelationship(c, kHeight).number, 1);
  EXPECT_EQ(FindRelationship(c, kWidth).number, 3);
  EXPECT_EQ(OutputShape(c), (std::array<int, 2>{3, 5}));
}

TEST(Transposed, PaperFigures4xStretchAndPad) {
  struct Row {
    const char* name;
    int direct_input, stretched, padding;
  };
  const Row rows[] = {{"fig4.1", 4, 2, 2}, {"fig4.2", 5, 6, 1}, {"fig4.3", 5, 5, 1}, {"fig4.4", 5, 7, 0},
                      {"fig4.5", 5, 3, 2}, {"fig4.6", 5, 5, 1}, {"fig4.7", 6, 5, 1}};
  for (const Row& r : rows) {
    const TransposedAxis t = TransposedAsDirect(FindPreset(r.name)->config.axes[0]);
    EXPECT_EQ(t.direct_input, r.direct_input) << r.name;
    EXPECT_EQ(t.stretched_input, r.stretched) << r.name;
    EXPECT_EQ(t.padding, r.padding) << r.name;
  }
  // Figure 4.6 and 4.7: the direct inputs 5 and 6 both give i' = 3; a picks one.
  EXPECT_EQ(TransposedAsDirect(FindPreset("fig4.6")->config.axes[0]).same_output_inputs, (std::vector<int>{5, 6}));
}

TEST(Transposed, NegativeEquivalentPaddingIsReportedAsCropping) {
  const Config c = Make(Op::Transposed, 4, 3, 2, 3);  // p' = 2 - 3 = -1
  ASSERT_FALSE(Validate(c));
  EXPECT_TRUE(TransposedAsDirect(c.axes[0]).crops());
  EXPECT_NE(FindRelationship(c, kHeight).note.find("crops"), std::string::npos);
}

TEST(SameOutput, StrideMakesSeveralInputsShareAnOutput) {
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{5, 3, 2, 1}, false), (std::vector<int>{5, 6}));
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{5, 3, 1, 0}, false), (std::vector<int>{5}));
  EXPECT_EQ(InputsWithSameOutput(Op::Conv, AxisParams{9, 3, 3, 0}, false), (std::vector<int>{9, 10, 11}));
}

TEST(Validate, EveryRuleNamesItsParameter) {
  struct Case {
    Config config;
    const char* parameter;
    const char* fragment;
  };
  const Case cases[] = {
      {Make(Op::Conv, 5, 7, 1, 0), "kernel_size", "can't be greater than the padded input"},
      {Make(Op::Conv, 5, 3, 0, 0), "stride", "between 1 and"},
      {Make(Op::Conv, 0, 3, 1, 0), "input_size", "got 0"},
      {Make(Op::Conv, 5000, 3, 1, 0), "input_size", "4096"},
      {Make(Op::Conv, 5, 3, 1, -1), "padding", "got -1"},
      {Make(Op::Conv, 5, 3, 1, 0, 0), "dilation", "between 1 and"},
      {Make(Op::MaxPool, 5, 3, 1, 2), "padding", "at most half"},
      {Make(Op::AvgPool, 5, 3, 1, 0, 2), "dilation", "AvgPool2d has no dilation"},
      {Make(Op::MaxPool, 2, 3, 1, 0), "kernel_size", "too small"},
      {Make(Op::Transposed, 3, 3, 2, 1, 1, 3), "output_padding", "smaller than either stride"},
      {Make(Op::Transposed, 1, 1, 1, 1), "padding", "not positive"},
      {Make(Op::Transposed, 4000, 3, 4, 0), "stride", "larger than 4096"},
  };
  for (const Case& c : cases) {
    const auto e = Validate(c.config);
    ASSERT_TRUE(e) << c.parameter << " / " << c.fragment;
    EXPECT_EQ(e->parameter, c.parameter) << e->message;
    EXPECT_NE(e->message.find(c.fragment), std::string::npos) << e->message;
  }
}

TEST(Validate, MessageNamesTheAxisWhenAxesDiffer) {
  Config c = Make(Op::Conv, 5, 3, 1, 0);
  c.axes[kWidth].kernel = 9;
  const auto e = Validate(c);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("on width"), std::string::npos) << e->message;
}

}  // namespace
}  // namespace convarith
