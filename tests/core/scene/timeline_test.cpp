// The animation timeline: taps, products and running sums per step, scatter stamps, and the written-out equation.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"
#include "../test_helpers.hpp"
#include "../../preset_computation.hpp"

namespace convarith {
namespace {

using test::FromPreset;

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

// Issue 17: Figure 2.2's step 6 has 16 terms, of which 12 read padding; written out in full it showed eight 0·1 terms
// and hid the four products that make its result. A long sum shows the non-zero products first, then the zeros'
// count.
TEST(Timeline, LongSumsShowTheNonZeroProductsFirst) {
  const Computation c = FromPreset("fig2.2");
  const GatherStep s = Gather(c, View::Direct, 5);
  std::vector<std::string> nonzero;
  int zeros = 0;
  for (const Tap& t : s.taps) {
    if (t.value == 0 || t.weight == 0) {
      ++zeros;
    } else {
      nonzero.push_back(FormatValue(t.value) + "·" + FormatValue(t.weight));
    }
  }
  ASSERT_EQ(s.taps.size(), 16u);
  ASSERT_GT(zeros, 8);
  std::string expected;
  for (const std::string& term : nonzero) expected += term + " + ";
  expected += std::to_string(zeros) + " zero terms = " + FormatValue(s.result);
  EXPECT_EQ(StepEquation(c, s), expected);
  // Short sums stay whole and in order (Figure 1.1 above); so do sums with too many non-zero products, cut with a
  // count of the rest.
  const Computation ones = FromPreset("fig2.1");
  const GatherStep all = Gather(ones, View::Direct, 0);
  const std::string cut = StepEquation(ones, all, 4);
  EXPECT_EQ(cut.find("0·"), std::string::npos) << cut;
  EXPECT_NE(cut.find(" more terms"), std::string::npos) << cut;
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
  EXPECT_EQ(torch.input.shape(), (std::vector<int>{1, 1, 5, 5}));
  EXPECT_EQ(torch.weight.shape(), (std::vector<int>{1, 1, 1, 3, 3}));
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

namespace convarith {
namespace {

Computation RandomComputation(Op op, std::mt19937& rng) {
  const Config c = test::RandomConfig(op, rng);
  const test::Data d = test::RandomData(c, rng);
  return Recompute(c, d.input, d.weight, d.bias);
}

TEST(Timeline, Figure13StepsWrittenOutPerChannel) {
  const Preset* p = FindPreset("fig1.3");
  const Computation c = Recompute(p->config, p->input, p->weight);
  ASSERT_EQ(StepCount(c, View::Direct), 3 * 2 * 2);
  // Step 0: output channel 0 at (0, 0). Map 0's window 1 0 2 / 0 1 1 / 2 1 0 times the diagonal kernel gives 1 + 1 + 0;
  // map 1's window 0 2 1 / 1 2 0 / 1 1 2 times the centre kernel gives 2.
  const GatherStep s0 = Gather(c, View::Direct, 0);
  EXPECT_EQ(s0.part_channels, (std::vector<int>{0, 1}));
  EXPECT_EQ(s0.partials, (std::vector<double>{2, 2}));
  EXPECT_EQ(PartEquation(c, s0, 0), "ch 0: 1·1 + 0·0 + 2·0 + 0·0 + 1·1 + 1·0 + 2·0 + 1·0 + 0·1 = 2");
  EXPECT_EQ(PartEquation(c, s0, 1), "ch 1: 0·0 + 2·0 + 1·0 + 1·0 + 2·1 + 0·0 + 1·0 + 1·0 + 2·0 = 2");
  EXPECT_EQ(PartEquation(c, s0, 2), "");
  EXPECT_EQ(StepEquation(c, s0), "ch 0: 2 + ch 1: 2 = 4");
  // Step 7: output channel 1 at (1, 1): neighbours of map 0's centre 1 + 1 + 1 + 1, corners of map 1's window
  // 2 + 1 + 1 + 1 (see Channels.Figure13ByHand).
  const GatherStep s7 = Gather(c, View::Direct, 7);
  EXPECT_EQ(s7.out(), (CellRef{1, 0, 1, 1}));
  EXPECT_EQ(StepEquation(c, s7), "ch 0: 4 + ch 1: 5 = 9");
  // With a bias (1, -2, 0.5) the bias is added and written out.
  Config biased = p->config;
  biased.bias = true;
  Tensor bias({3});
  bias.Assign({1, -2, 0.5});
  const Computation cb = Recompute(biased, p->input, p->weight, bias);
  const GatherStep b7 = Gather(cb, View::Direct, 7);
  EXPECT_EQ(b7.bias, -2);
  EXPECT_EQ(b7.result, 7);
  EXPECT_EQ(StepEquation(cb, b7), "ch 0: 4 + ch 1: 5 + bias -2 = 7");
  EXPECT_EQ(StepEquation(cb, Gather(cb, View::Direct, 11)), "ch 0: 2 + ch 1: 4 + bias 0.5 = 6.5");
}

TEST(Timeline, GatherPartialsAndBiasSumToTheOutput) {
  std::mt19937 rng(21);
  for (int n = 0; n < 150; ++n) {
    const Op op = n % 2 ? Op::Conv : Op::Transposed;
    const Computation c = RandomComputation(op, rng);
    const View view = op == Op::Conv ? View::Direct : View::Equivalent;
    ASSERT_EQ(StepCount(c, view), static_cast<int>(c.output.size()));
    for (int k = 0; k < StepCount(c, view); ++k) {
      const GatherStep g = Gather(c, view, k);
      ASSERT_EQ(StepOf(c, view, g.out()), k);
      // The group's input channels, in order, each with the sum of its own taps' products.
      const int first = g.out_channel / c.config.out_per_group() * c.config.in_per_group();
      ASSERT_EQ(static_cast<int>(g.part_channels.size()), c.config.in_per_group());
      double total = g.bias;
      for (size_t part = 0; part < g.part_channels.size(); ++part) {
        ASSERT_EQ(g.part_channels[part], first + static_cast<int>(part));
        double sum = 0, last_running = 0;
        for (const Tap& t : g.taps)
          if (t.channel == g.part_channels[part]) {
            ASSERT_EQ(t.product, t.value * t.weight);
            sum += t.product;
            last_running = t.running;
          }
        ASSERT_EQ(g.partials[part], sum);
        ASSERT_EQ(last_running, sum);  // the running sum restarts with each channel
        total += g.partials[part];
      }
      ASSERT_EQ(g.bias, c.config.bias ? c.bias[static_cast<size_t>(g.out_channel)] : 0.0);
      ASSERT_EQ(g.result, total) << test::Describe(c.config);
      ASSERT_NEAR(g.result, c.OutputAt(g.out()), 1e-12) << test::Describe(c.config) << " step " << k;
    }
  }
}

TEST(Timeline, PoolingStepsAreTheOutput) {
  std::mt19937 rng(22);
  for (int n = 0; n < 100; ++n) {
    const Computation c = RandomComputation(n % 2 ? Op::MaxPool : Op::AvgPool, rng);
    for (int k = 0; k < StepCount(c, View::Direct); ++k) {
      const GatherStep g = Gather(c, View::Direct, k);
      ASSERT_DOUBLE_EQ(g.result, c.OutputAt(g.out())) << test::Describe(c.config);
      for (const Tap& t : g.taps) ASSERT_EQ(t.channel, g.out_channel);  // pooling stays in its channel
      if (c.config.op == Op::MaxPool) {
        ASSERT_GE(g.winner, 0);
        const Tap& w = g.taps[static_cast<size_t>(g.winner)];
        // The winner is the cell MaxPool's indices name, within the channel's map.
        const auto in = c.input_dims();
        ASSERT_EQ((static_cast<int64_t>(w.input_z) * in[1] + w.input_row) * in[2] + w.input_col,
                  c.winners[static_cast<size_t>(k)]);
      }
    }
  }
}

TEST(Timeline, ScatterStampsAcrossOutputChannelsSumToTheOutput) {
  std::mt19937 rng(23);
  for (int n = 0; n < 150; ++n) {
    const Computation c = RandomComputation(Op::Transposed, rng);
    Tensor sum(c.output.shape());
    const size_t block = sum.size() / static_cast<size_t>(c.out_channels());
    if (c.config.bias)
      for (size_t k = 0; k < sum.size(); ++k) sum[k] = c.bias[k / block];
    for (int k = 0; k < StepCount(c, View::Scatter); ++k) {
      const ScatterStep s = Scatter(c, k);
      ASSERT_EQ(StepOf(c, View::Scatter, s.in()), k);
      ASSERT_EQ(s.value, c.InputAt(s.in()));
      const int g = s.in_channel / c.config.in_per_group();
      std::set<int> channels;
      for (const Stamp& st : s.stamps) {
        ASSERT_EQ(st.out_channel / c.config.out_per_group(), g);  // the input's group only
        ASSERT_EQ(st.product, s.value * st.weight);
        ASSERT_EQ(st.weight, c.weight.at({s.in_channel, st.out_channel % c.config.out_per_group(), st.kernel_z,
                                          st.kernel_row, st.kernel_col}));
        channels.insert(st.out_channel);
        sum.at({st.out_channel, st.out_z, st.out_row, st.out_col}) += st.product;
      }
      // Every output channel of the group receives the same taps.
      if (!s.stamps.empty()) {
        ASSERT_EQ(static_cast<int>(channels.size()), c.config.out_per_group());
      }
      ASSERT_EQ(s.stamps.size() % static_cast<size_t>(c.config.out_per_group()), 0u);
    }
    ASSERT_EQ(sum, c.output) << test::Describe(c.config);
  }
}

TEST(Timeline, ScatterEquationNamesChannels) {
  Config t = test::Make2d(Op::Transposed, 2, 2, 1, 0);
  t.in_channels = 1;
  t.out_channels = 2;
  const Tensor w = MakeTensor({1, 2, 1, 2, 2}, Fill::Ramp);  // kernels 1 2 / 3 4 and 5 6 / 7 8
  const Computation c = Recompute(t, MakeTensor({1, 1, 2, 2}, Fill::Ramp), w);
  const ScatterStep s = Scatter(c, 0);  // x0[0,0] = 1
  ASSERT_EQ(s.stamps.size(), 8u);
  EXPECT_EQ(s.stamps[4].out_channel, 1);
  EXPECT_EQ(s.stamps[4].weight, 5);
  EXPECT_EQ(StepEquation(c, s, 3), "x0[0,0] = 1: y0[0,0] += 1·1, y0[0,1] += 1·2, ... (6 more)");
}

// Gather views: every tap's canvas cell lists the output it feeds, and nothing else (same pairs both ways).
void CheckGatherLinks(const Computation& c, View view) {
  long long pairs = 0;
  for (int k = 0; k < StepCount(c, view); ++k) {
    const GatherStep g = Gather(c, view, k);
    for (const Tap& t : g.taps) {
      const auto outs = OutputsReading(c, view, {t.channel, t.canvas_z, t.canvas_row, t.canvas_col});
      ASSERT_NE(std::find(outs.begin(), outs.end(), g.out()), outs.end()) << test::Describe(c.config) << " step " << k;
      ++pairs;
    }
  }
  long long listed = 0;
  const Canvas& cv = c.canvas;
  for (int ch = 0; ch < c.in_channels(); ++ch)
    for (int z = 0; z < cv.dims[0]; ++z)
      for (int r = 0; r < cv.dims[1]; ++r)
        for (int col = 0; col < cv.dims[2]; ++col)
          for (const CellRef& o : OutputsReading(c, view, {ch, z, r, col})) {
            const GatherStep g = Gather(c, view, StepOf(c, view, o));
            ASSERT_TRUE(std::any_of(g.taps.begin(), g.taps.end(), [&](const Tap& t) {
              return t.channel == ch && t.canvas_z == z && t.canvas_row == r && t.canvas_col == col;
            })) << test::Describe(c.config);
            ++listed;
          }
  ASSERT_EQ(listed, pairs) << test::Describe(c.config);
}

TEST(Timeline, OutputsReadingMatchesGather) {
  std::mt19937 rng(24);
  for (int n = 0; n < 60; ++n) {
    const Op op = static_cast<Op>(n % 4);
    const Computation c = RandomComputation(op, rng);
    CheckGatherLinks(c, op == Op::Transposed ? View::Equivalent : View::Direct);
  }
}

TEST(Timeline, OutputsReadingAndInputsFeedingRoundTrip) {
  std::mt19937 rng(25);
  for (int n = 0; n < 60; ++n) {
    const Computation c = RandomComputation(Op::Transposed, rng);
    std::set<std::pair<CellRef, CellRef>> forward;
    for (int k = 0; k < StepCount(c, View::Scatter); ++k) {
      const ScatterStep s = Scatter(c, k);
      std::vector<CellRef> stamped;
      for (const Stamp& st : s.stamps) stamped.push_back(st.out());
      std::sort(stamped.begin(), stamped.end());
      ASSERT_EQ(OutputsReading(c, View::Scatter, s.in()), stamped) << test::Describe(c.config);
      ASSERT_EQ(OutputsReading(c, View::Associated, s.in()), stamped);
      for (const CellRef& o : stamped) forward.insert({o, s.in()});
    }
    std::set<std::pair<CellRef, CellRef>> backward;
    for (int k = 0; k < static_cast<int>(c.output.size()); ++k) {
      const GatherStep g = Gather(c, View::Equivalent, k);  // just for the output cell of index k
      for (const CellRef& in : InputsFeeding(c, g.out())) backward.insert({g.out(), in});
    }
    ASSERT_EQ(forward, backward) << test::Describe(c.config);
  }
}

}  // namespace
}  // namespace convarith
