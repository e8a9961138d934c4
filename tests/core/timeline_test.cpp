// The animation timeline: taps, products and running sums per step, scatter stamps, and the written-out equation.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "convarith/presets.hpp"
#include "convarith/timeline.hpp"
#include "test_helpers.hpp"

namespace convarith {
namespace {

Computation FromPreset(const char* name) {
  const Preset* p = FindPreset(name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

TEST(Timeline, Figure11FirstStepWrittenOut) {
  const Computation c = FromPreset("fig1.1");
  ASSERT_EQ(StepCount(c, View::Direct), 9);
  const GatherStep s = Gather(c, View::Direct, 0);
  ASSERT_EQ(s.taps.size(), 9u);
  EXPECT_EQ(s.result, 12);
  EXPECT_EQ(s.taps.back().running, 12);
  EXPECT_EQ(s.taps[2].product, 2 * 2);  // x[0][2] = 2 times w[0][2] = 2
  EXPECT_EQ(StepEquation(c, s), "3·0 + 3·1 + 2·2 + 0·2 + 0·2 + 1·0 + 3·0 + 1·1 + 2·2 = 12");
  // Every step's result is the output cell it computes.
  for (int n = 0; n < 9; ++n) {
    const GatherStep g = Gather(c, View::Direct, n);
    EXPECT_EQ(g.result, c.OutputAt(g.out()));
    EXPECT_EQ(StepOf(c, View::Direct, g.out()), n);
  }
}

TEST(Timeline, PaddingTapsOnFigure26) {
  const Computation c = FromPreset("fig2.6");
  const GatherStep s = Gather(c, View::Direct, 0);
  int padding = 0;
  for (const Tap& t : s.taps) {
    padding += t.kind == CellKind::Padding;
    if (t.kind == CellKind::Padding) {
      EXPECT_EQ(t.source_index, -1);
      EXPECT_EQ(t.value, 0);
    }
  }
  EXPECT_EQ(padding, 5);  // the top row and left column of the 3 x 3 window
  const GatherStep last = Gather(c, View::Direct, 8);
  EXPECT_EQ(last.taps.front().canvas_row, 4);
  EXPECT_EQ(last.taps.back().canvas_col, 6);
}

TEST(Timeline, MaxAndAveragePoolingSteps) {
  const Computation mx = FromPreset("fig1.6");
  const GatherStep s = Gather(mx, View::Direct, 0);
  ASSERT_GE(s.winner, 0);
  EXPECT_EQ(s.taps[static_cast<size_t>(s.winner)].value, 3);
  EXPECT_EQ(s.result, 3);
  EXPECT_EQ(StepEquation(mx, s), "max(3, 3, 2, 0, 0, 1, 3, 1, 2) = 3");
  const Computation avg = FromPreset("fig1.5");
  const GatherStep a = Gather(avg, View::Direct, 0);
  EXPECT_EQ(a.divisor, 9);
  EXPECT_DOUBLE_EQ(a.result, 15.0 / 9.0);
  EXPECT_EQ(StepEquation(avg, a), "(3 + 3 + 2 + 0 + 0 + 1 + 3 + 1 + 2)/9 = 1.67");
}

TEST(Timeline, EquivalentViewWalksTheStretchedInputWithTheRotatedKernel) {
  const Preset* p = FindPreset("fig4.6");
  const Tensor kernel = MakeWeight(KernelPreset::Figure11, {1, 1, 1, 3, 3});
  const Computation c = Recompute(p->config, p->input, kernel);
  ASSERT_EQ(StepCount(c, View::Equivalent), 25);
  const GatherStep s = Gather(c, View::Equivalent, 6);  // output (1, 1)
  int inserted = 0, inputs = 0;
  for (const Tap& t : s.taps) {
    inserted += t.kind == CellKind::InsertedZero;
    inputs += t.kind == CellKind::Input;
  }
  EXPECT_GT(inserted, 0);
  EXPECT_GT(inputs, 0);
  EXPECT_EQ(s.taps[0].weight, kernel.at({0, 0, 0, 2, 2}));  // rotated
  EXPECT_EQ(s.result, c.output.at({0, 0, 1, 1}));
  // The preset's own ramp kernel 1..9: the first tap uses its last weight, 9.
  const Computation own = FromPreset("fig4.6");
  EXPECT_EQ(Gather(own, View::Equivalent, 0).taps[0].weight, 9);
  EXPECT_EQ(Gather(own, View::Equivalent, 0).taps[8].weight, 1);
}

TEST(Timeline, ScatterStampsTheScaledKernel) {
  const Computation c = FromPreset("fig4.5");  // i' = 2, k = 3, s = 2: output 5 x 5; ramp input 1 2 / 3 4
  ASSERT_EQ(StepCount(c, View::Scatter), 4);
  const ScatterStep s = Scatter(c, 3);  // x[1][1] = 4 (ramp)
  EXPECT_EQ(s.value, 4);
  ASSERT_EQ(s.stamps.size(), 9u);
  EXPECT_EQ(s.stamps.front().out_row, 2);
  EXPECT_EQ(s.stamps.back().out_col, 4);
  EXPECT_EQ(s.stamps.front().product, 4 * 1);  // times w[0][0] = 1 (ramp kernel)
  EXPECT_EQ(s.stamps.back().product, 4 * 9);    // times w[2][2] = 9
  EXPECT_EQ(OutputsReading(c, View::Scatter, {0, 0, 1, 1}).size(), 9u);
  // The output cell (2, 2) receives all four inputs.
  EXPECT_EQ(InputsFeeding(c, {0, 0, 2, 2}).size(), 4u);
  EXPECT_EQ(StepEquation(c, s, 2), "x[1,1] = 4: y[2,2] += 4·1, ... (8 more)");
}

TEST(Timeline, OutputsReadingAnInputCell) {
  const Computation c = FromPreset("fig2.1");  // i = 4, k = 3: 2 x 2 outputs
  EXPECT_EQ(OutputsReading(c, View::Direct, {0, 0, 0, 0}), (std::vector<CellRef>{{0, 0, 0, 0}}));
  EXPECT_EQ(OutputsReading(c, View::Direct, {0, 0, 1, 1}).size(), 4u);
  const Computation odd = FromPreset("fig2.7");
  // Figure 2.7: i = 6, k = 3, s = 2, p = 1: the last padded row (7) is never read.
  EXPECT_TRUE(OutputsReading(odd, View::Direct, {0, 0, 7, 3}).empty());
  EXPECT_FALSE(OutputsReading(odd, View::Direct, {0, 0, 6, 3}).empty());
  Config no_pad = odd.config;
  no_pad.axes[kHeight].SetPadding(0);  // now input row and column 5 are never read
  no_pad.axes[kWidth].SetPadding(0);
  const Computation c2 = Recompute(no_pad, odd.input, odd.weight);
  EXPECT_FALSE(c2.covered[5 * 6 + 2]);
  EXPECT_TRUE(c2.covered[4 * 6 + 4]);
}

TEST(Timeline, RecomputeRejectsInvalidConfigAndWrongData) {
  Config c;
  c.axes[kHeight].kernel = 9;
  EXPECT_THROW(Recompute(c, Tensor({1, 1, 5, 5}), Tensor({1, 1, 1, 9, 3})), InvalidConfig);
  Config ok;
  EXPECT_THROW(Recompute(ok, Tensor({1, 1, 5, 5}), Tensor({1, 1, 1, 2, 2})), InvalidConfig);
  // PyTorch's shapes are accepted too: input (C, H, W), weight (C_out, C_in, kH, kW).
  const Computation torch = Recompute(ok, MakeTensor({1, 5, 5}, Fill::Ramp), MakeTensor({1, 1, 3, 3}, Fill::Ones));
  EXPECT_EQ(torch.input.shape, (std::vector<int>{1, 1, 5, 5}));
  EXPECT_EQ(torch.weight.shape, (std::vector<int>{1, 1, 1, 3, 3}));
  try {
    Recompute(ok, Tensor({2, 5, 5}), Tensor({1, 1, 3, 3}));
    FAIL() << "no exception";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "input");
  }
}

TEST(FormatValue, IntegersAndShortDecimals) {
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(-0.0), "0");
  EXPECT_EQ(FormatValue(1.0 / 3.0), "0.33");
  EXPECT_EQ(FormatValue(-1.5), "-1.5");
}

}  // namespace
}  // namespace convarith
