// The backend-free frame description: roles, values and overlays of cells for several presets and steps.
#include <gtest/gtest.h>

#include <algorithm>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "frame_build.hpp"  // CheckText (core/scene/src)
#include "../test_helpers.hpp"
#include "../../preset_computation.hpp"

namespace convarith {
namespace {

using test::FromPreset;

int Count(const Frame& f, Panel panel, Role role) {
  return static_cast<int>(std::count_if(f.cells.begin(), f.cells.end(),
                                        [&](const FrameCell& c) { return c.panel == panel && c.role == role; }));
}

const FrameCell& Find(const Frame& f, Panel panel, int row, int col) {
  auto it = std::find_if(f.cells.begin(), f.cells.end(),
                         [&](const FrameCell& c) { return c.panel == panel && c.row == row && c.col == col; });
  if (it == f.cells.end()) throw std::runtime_error("no such cell");
  return *it;
}

TEST(Frame, Figure26PaddedInputAndOutputProgress) {
  const Computation c = FromPreset("fig2.6");
  FrameOptions o;
  o.step = 4;
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(Count(f, Panel::Input, Role::Input), 25);
  EXPECT_EQ(Count(f, Panel::Input, Role::Padding), 49 - 25);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputDone), 4);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputCurrent), 1);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputPending), 4);
  EXPECT_EQ(Count(f, Panel::Kernel, Role::Kernel), 9);
  // Step 4 = output (1, 1): the window covers padded rows and columns 2..4.
  const FrameCell& under = Find(f, Panel::Input, 3, 3);
  EXPECT_TRUE(under.under_kernel);
  EXPECT_FALSE(Find(f, Panel::Input, 1, 1).under_kernel);
  EXPECT_EQ(under.corner_text, "×1");
  EXPECT_NE(under.fill, LightTheme().input);  // shaded
  EXPECT_EQ(Find(f, Panel::Input, 1, 1).fill, LightTheme().input);
  EXPECT_TRUE(Find(f, Panel::Input, 0, 0).dashed);
  EXPECT_EQ(Find(f, Panel::Output, 1, 1).text, FormatValue(c.output.at({0, 0, 1, 1})));
  EXPECT_EQ(Find(f, Panel::Output, 2, 2).text, "");  // not computed yet
  EXPECT_EQ(Find(f, Panel::Input, 1, 1).text, FormatValue(c.input.at({0, 0, 0, 0})));
  EXPECT_GT(f.width, 0);
  EXPECT_GT(f.height, 7);
}

TEST(Frame, Figure27MarksWhatTheKernelNeverReads) {
  const Frame f = BuildFrame(FromPreset("fig2.7"), FrameOptions{});
  EXPECT_EQ(Count(f, Panel::Input, Role::Uncovered), 8 + 8 - 1);  // last padded row and column
  EXPECT_EQ(Find(f, Panel::Input, 7, 7).role, Role::Uncovered);
  EXPECT_EQ(Find(f, Panel::Input, 6, 6).role, Role::Input);
}

TEST(Frame, TransposedEquivalentViewShowsStretchingAndExtraZeros) {
  const Computation c = FromPreset("fig4.7");
  FrameOptions o;
  o.view = View::Equivalent;
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(Count(f, Panel::Input, Role::Input), 9);
  EXPECT_EQ(Count(f, Panel::Input, Role::InsertedZero), 25 - 9);
  EXPECT_EQ(Count(f, Panel::Input, Role::ExtraZero), 8 + 8 - 1);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputCurrent), 1);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputPending), 35);
  EXPECT_NE(f.check.find("agree on all 36 outputs"), std::string::npos) << f.check;
  EXPECT_FALSE(f.check_failed);
  EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(),
                          [](const FrameText& t) { return t.text.find("agree") != std::string::npos; }));
}

// Issue 21 point 1: `convarith export --op transposed -i 4 -k 5 -s 2 --kernel k.json` with a 3-decimal kernel. The
// scatter and the equivalent convolution add the same products in different orders, so some outputs differ in the
// last place; the check must say they agree (to how many ulps), not "check FAILED".
TEST(Frame, TransposedCheckAgreesUpToRoundingWithARealKernel) {
  const Config cfg = test::Make2d(Op::Transposed, 4, 5, 2, 0);
  const Tensor input = MakeTensor(CanonicalShape(cfg, TensorRole::Input), Fill::Ramp);
  const Computation c = Recompute(cfg, input, test::Real(CanonicalShape(cfg, TensorRole::Weight), 21, -1, 1));
  ASSERT_NE(c.output, c.output_equivalent) << "the case must round differently in the two orders";
  for (View view : {View::Equivalent, View::Scatter}) {
    FrameOptions o;
    o.view = view;
    const Frame f = BuildFrame(c, o);
    EXPECT_FALSE(f.check_failed) << f.check;
    EXPECT_EQ(f.check.rfind("check passed: scatter and equivalent convolution agree on all 121 outputs to ", 0), 0u)
        << f.check;
    EXPECT_NE(f.check.find(" ulp (largest difference "), std::string::npos) << f.check;
    EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == f.check; }));
  }
}

// Real-valued data over random transposed layers: the check never fails on a correct result, and it does fail when
// the equivalent output is really wrong.
TEST(Frame, TransposedCheckOverRandomRealValuedLayers) {
  std::mt19937 rng(21);
  int rounded = 0, layers = 0;
  while (layers < 200) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Config cfg = test::Make2d(Op::Transposed, pick(1, 7), pick(1, 7), pick(1, 3), pick(0, 3), pick(1, 2), pick(0, 1));
    cfg.in_channels = pick(1, 2);
    cfg.out_channels = pick(1, 2);
    cfg.bias = pick(0, 1) == 1;
    if (Validate(cfg)) continue;
    ++layers;
    const test::Data d = test::RandomData(cfg, rng);
    Computation c = Recompute(cfg, d.input, d.weight, d.bias);
    rounded += c.output != c.output_equivalent;
    FrameOptions o;
    o.view = View::Scatter;
    ASSERT_FALSE(BuildFrame(c, o).check_failed) << test::Describe(cfg) << ": " << BuildFrame(c, o).check;
  }
  EXPECT_GT(rounded, 0) << "some layers must round differently, or this test shows nothing";
  const Config cfg = test::Make2d(Op::Transposed, 4, 3, 2, 0);
  const Computation c = Recompute(cfg, MakeTensor(CanonicalShape(cfg, TensorRole::Input), Fill::Ramp),
                                  test::Real(CanonicalShape(cfg, TensorRole::Weight), 3, -1, 1));
  Tensor wrong = c.output_equivalent;
  wrong[4] += 1e-6;
  EXPECT_EQ(detail::CheckText(Compare(c.output, wrong)),
            "check FAILED: scatter and equivalent convolution differ on 1 of 81 outputs (largest difference 1e-06)");
}

TEST(Frame, ScatterViewAccumulatesPartialSums) {
  const Computation c = FromPreset("fig4.5");  // ramp input 1 2 / 3 4, ramp kernel 1 2 3 / 4 5 6 / 7 8 9
  FrameOptions o;
  o.view = View::Scatter;
  o.step = 1;  // x[0][1] = 2 stamps rows 0..2, columns 2..4
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(Find(f, Panel::Output, 0, 2).role, Role::OutputCurrent);
  // Output (0, 2): step 0 added x[0][0]·w[0][2] = 1·3, step 1 adds x[0][1]·w[0][0] = 2·1.
  EXPECT_EQ(Find(f, Panel::Output, 0, 2).text, "5");
  EXPECT_EQ(Find(f, Panel::Output, 0, 2).corner_text, "+2");
  // Output (1, 4), first reached now: x[0][1]·w[1][2] = 2·6.
  EXPECT_EQ(Find(f, Panel::Output, 1, 4).text, "12");
  EXPECT_EQ(Find(f, Panel::Output, 0, 0).role, Role::OutputDone);
  EXPECT_EQ(Find(f, Panel::Output, 4, 4).role, Role::OutputPending);
  EXPECT_TRUE(Find(f, Panel::Input, 0, 1).under_kernel);
}

TEST(Frame, MaxPoolingMarksTheWinner) {
  const Computation c = FromPreset("fig1.6");
  const Frame f = BuildFrame(c, FrameOptions{});
  const auto winners = std::count_if(f.cells.begin(), f.cells.end(), [](const FrameCell& x) { return x.winner; });
  EXPECT_EQ(winners, 1);
  EXPECT_EQ(Find(f, Panel::Input, 0, 0).winner, true);  // the first 3 wins
  EXPECT_EQ(Count(f, Panel::Kernel, Role::Kernel), 0);  // pooling has no weights
}

TEST(Frame, HoverLinksReceptiveFieldAndFedOutputs) {
  const Computation c = FromPreset("fig2.1");
  FrameOptions o;
  o.pointer = Pointer{Panel::Output, 1, 1};
  Frame f = BuildFrame(c, o);
  int lit = 0;
  for (const FrameCell& cell : f.cells) lit += cell.panel == Panel::Input && cell.highlighted;
  EXPECT_EQ(lit, 9);
  o.pointer = Pointer{Panel::Input, 0, 3};
  f = BuildFrame(c, o);
  EXPECT_TRUE(Find(f, Panel::Output, 0, 1).highlighted);
  EXPECT_FALSE(Find(f, Panel::Output, 0, 0).highlighted);
}

TEST(Frame, OptionsHideNumbersAndAddCaption) {
  const Computation c = FromPreset("fig4.6");
  FrameOptions o;
  o.view = View::Equivalent;
  o.numbers = false;
  o.caption = true;
  const Frame f = BuildFrame(c, o);
  EXPECT_TRUE(std::all_of(f.cells.begin(), f.cells.end(),
                          [](const FrameCell& x) { return x.text.empty() || x.panel == Panel::Overlap; }));
  EXPECT_EQ(Caption(c.config), "Transposed convolution, i'=3, k=3, s=2, p=1: o'=5");
  EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(), [](const FrameText& t) { return t.text.rfind("Transposed", 0) == 0; }));
  EXPECT_EQ(Caption(FindPreset("fig4.7")->config), "Transposed convolution, i'=3, k=3, s=2, p=1, a=1: o'=6");
}

TEST(Frame, CellAtFindsTheCellUnderAPoint) {
  const Frame f = BuildFrame(FromPreset("fig2.1"), FrameOptions{});
  const FrameCell& target = Find(f, Panel::Output, 1, 0);
  const FrameCell* hit = CellAt(f, target.x + 0.5f, target.y + 0.5f);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->panel, Panel::Output);
  EXPECT_EQ(hit->row, 1);
  EXPECT_EQ(CellAt(f, -1, -1), nullptr);
}

TEST(Frame, EveryPresetAndViewBuildsAtEveryStep) {
  for (const Preset& p : Presets()) {
    const Computation c = Recompute(p.config, p.input, p.weight, p.bias);
    for (View v : ViewsOf(p.config.op)) {
      FrameOptions o;
      o.view = v;
      o.overlap_panel = true;
      for (int n = 0; n < StepCount(c, v); ++n) {
        o.step = n;
        const Frame f = BuildFrame(c, o);
        ASSERT_FALSE(f.cells.empty()) << p.name;
        for (const FrameCell& cell : f.cells) {
          ASSERT_GE(cell.x, 0) << p.name;
          ASSERT_LE(cell.x + cell.size, f.width) << p.name;
          ASSERT_LE(cell.y + cell.size, f.height) << p.name;
        }
      }
    }
  }
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

TEST(Frame, SizeIsTheSameAtEveryStep) {
  for (const char* name : {"fig1.1", "fig2.6", "fig4.7", "fig5.1"}) {
    const Preset* p = FindPreset(name);
    const Computation c =
        Recompute(p->config, p->input, MakeWeight(KernelPreset::Figure11, CanonicalShape(p->config, TensorRole::Weight)));
    for (View v : ViewsOf(c.config.op)) {
      FrameOptions o;
      o.view = v;
      o.caption = true;
      const Frame first = BuildFrame(c, o);
      for (int n = 1; n < StepCount(c, v); ++n) {
        o.step = n;
        const Frame f = BuildFrame(c, o);
        EXPECT_EQ(f.width, first.width) << name << " step " << n;
        EXPECT_EQ(f.height, first.height) << name << " step " << n;
      }
    }
  }
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

TEST(Frame, AssociatedViewShowsTheDirectConvolutionsWholeWindow) {
  // Figure 4.6 is the transpose of Figure 2.6 (i = 5, k = 3, s = 2, p = 1): its step 2 is the direct conv's output
  // (0, 2), whose window covers padded rows 0..2 and columns 4..6, padding included.
  const Preset* p = FindPreset("fig4.6");
  const Computation c = Recompute(p->config, p->input, p->weight);
  FrameOptions o;
  o.view = View::Associated;
  o.step = 2;
  const Frame f = BuildFrame(c, o);
  int under = 0, padding_under = 0;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Input || !cell.under_kernel) continue;
    ++under;
    padding_under += cell.role == Role::Padding;
    EXPECT_GE(cell.col, 4);
    EXPECT_LE(cell.row, 2);
  }
  EXPECT_EQ(under, 9);
  EXPECT_EQ(padding_under, 5);
  EXPECT_EQ(Count(f, Panel::Output, Role::OutputCurrent), 1);
  EXPECT_EQ(Count(f, Panel::Input, Role::Input), 25);  // the direct conv's input has the transposed output's shape
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

int CountIn(const Frame& f, Panel panel, int channel, int kernel_col = -1) {
  return static_cast<int>(std::count_if(f.cells.begin(), f.cells.end(), [&](const FrameCell& c) {
    return c.panel == panel && c.channel == channel && (kernel_col < 0 || c.kernel_col == kernel_col);
  }));
}

int CountPanel(const Frame& f, Panel panel) {
  return static_cast<int>(
      std::count_if(f.cells.begin(), f.cells.end(), [&](const FrameCell& c) { return c.panel == panel; }));
}

TEST(Frame, Figure13ShowsTwoInputMapsThreeOutputMapsSixKernels) {
  const Computation c = FromPreset("fig1.3");
  FrameOptions o;
  o.step = 5;  // output channel 1
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(CountPanel(f, Panel::Input), 2 * 16);
  EXPECT_EQ(CountPanel(f, Panel::Output), 3 * 4);
  EXPECT_EQ(CountPanel(f, Panel::Kernel), 6 * 9);
  for (int ch = 0; ch < 2; ++ch) EXPECT_EQ(CountIn(f, Panel::Input, ch), 16) << ch;
  for (int ch = 0; ch < 3; ++ch) EXPECT_EQ(CountIn(f, Panel::Output, ch), 4) << ch;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b) EXPECT_EQ(CountIn(f, Panel::Kernel, a, b), 9) << a << " " << b;
  // The step reads both maps with output channel 1's kernels; the other kernels are dimmed.
  for (const FrameCell& cell : f.cells) {
    if (cell.panel == Panel::Input) {
      EXPECT_FALSE(cell.dimmed);
    }
    if (cell.panel == Panel::Kernel) {
      EXPECT_EQ(cell.dimmed, cell.channel != 1);
    }
  }
  int under = 0;
  for (const FrameCell& cell : f.cells) under += cell.panel == Panel::Input && cell.under_kernel;
  EXPECT_EQ(under, 2 * 9);  // the window on both maps
  ASSERT_EQ(f.equation_parts.size(), 2u);
  EXPECT_EQ(f.equation_parts[0].rfind("ch 0: ", 0), 0u);
  EXPECT_NE(f.equation.find("ch 0: "), std::string::npos);
  // The maps do not overlap one another.
  for (size_t a = 0; a < f.cells.size(); ++a)
    for (size_t b = a + 1; b < f.cells.size(); ++b) {
      const FrameCell &p = f.cells[a], &q = f.cells[b];
      const bool apart = p.x + p.size <= q.x || q.x + q.size <= p.x || p.y + p.size <= q.y || q.y + q.size <= p.y;
      ASSERT_TRUE(apart) << "cells " << a << " and " << b << " overlap";
    }
}

TEST(Frame, GroupsDimTheMapsAStepDoesNotRead) {
  Config c = test::Make2d(Op::Conv, 4, 3, 1, 1);
  c.in_channels = c.out_channels = 4;
  c.groups = 2;
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                                     MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ramp));
  for (int oc = 0; oc < 4; ++oc) {
    FrameOptions o;
    o.step = StepOf(comp, View::Direct, {oc, 0, 1, 2});
    const Frame f = BuildFrame(comp, o);
    const int group = oc / 2;
    for (const FrameCell& cell : f.cells) {
      if (cell.panel == Panel::Input) {
        ASSERT_EQ(cell.dimmed, cell.channel / 2 != group) << oc << " ch " << cell.channel;
      }
      if (cell.panel == Panel::Kernel) {
        ASSERT_EQ(cell.dimmed, cell.channel != oc);
      }
      if (cell.panel == Panel::Input && cell.dimmed) {
        ASSERT_FALSE(cell.under_kernel);
      }
    }
    EXPECT_TRUE(std::any_of(f.legend.begin(), f.legend.end(),
                            [](const LegendEntry& e) { return e.name == "not read at this step"; }));
  }
}

// Every input and output cell with a data_index shows the value stored there; kernel cells the weight as shown.
void CheckDataIndex(const Computation& c, View view, int step, const Frame& f) {
  const Tensor kernel = view == View::Equivalent ? Rotated180(c.weight) : c.weight;
  const bool last = step + 1 == StepCount(c, view);
  for (const FrameCell& cell : f.cells) {
    if (cell.data_index < 0) continue;
    const size_t at = static_cast<size_t>(cell.data_index);
    switch (cell.panel) {
      case Panel::Input:
        if (view == View::Associated) break;  // the direct convolution's input: the transposed output
        ASSERT_LT(at, c.input.size());
        ASSERT_EQ(cell.value, c.input[at]) << test::Describe(c.config);
        ASSERT_EQ(cell.data_index, static_cast<int>(c.input.Index({cell.channel, static_cast<int>(at / static_cast<size_t>(c.input.dim(2) * c.input.dim(3))) % c.input.dim(1), cell.data_row, cell.data_col})));
        break;
      case Panel::Output:
        if (view == View::Associated) {
          ASSERT_EQ(cell.value, c.input[at]);
        } else if (view != View::Scatter || last) {
          ASSERT_EQ(cell.value, c.output[at]) << test::Describe(c.config);
        }
        ASSERT_EQ(cell.data_index, static_cast<int>(c.output.shape().empty() ? 0 : (view == View::Associated ? c.input : c.output).Index({cell.channel, cell.z, cell.data_row, cell.data_col})));
        break;
      case Panel::Kernel: ASSERT_EQ(cell.value, kernel[at]); break;
      case Panel::Overlap: ASSERT_EQ(cell.value, c.overlap[at]); break;
    }
  }
}

Computation RandomComputation(Op op, std::mt19937& rng) {
  const Config c = test::RandomConfig(op, rng);
  const test::Data d = test::RandomData(c, rng);
  return Recompute(c, d.input, d.weight, d.bias);
}

TEST(Frame, DataIndexPointsAtTheShownValue) {
  std::mt19937 rng(31);
  for (int n = 0; n < 40; ++n) {
    const Computation c = RandomComputation(static_cast<Op>(n % 4), rng);
    for (View v : ViewsOf(c.config.op)) {
      FrameOptions o;
      o.view = v;
      o.overlap_panel = true;
      const int steps = StepCount(c, v);
      for (int step : {0, steps / 2, steps - 1}) {
        o.step = step;
        CheckDataIndex(c, v, step, BuildFrame(c, o));
      }
    }
  }
}

// The frame keeps one size through an animation (the app and the exporters rely on it).
void CheckConstantSize(const Computation& c, const std::string& name) {
  for (View v : ViewsOf(c.config.op)) {
    FrameOptions o;
    o.view = v;
    o.caption = true;
    o.overlap_panel = true;
    const Frame first = BuildFrame(c, o);
    for (int n = 1; n < StepCount(c, v); ++n) {
      o.step = n;
      const Frame f = BuildFrame(c, o);
      ASSERT_EQ(f.width, first.width) << name << " " << ViewName(v) << " step " << n;
      ASSERT_EQ(f.height, first.height) << name << " " << ViewName(v) << " step " << n;
      ASSERT_EQ(f.cells.size(), first.cells.size()) << name << " " << ViewName(v) << " step " << n;
      ASSERT_EQ(f.legend, first.legend) << name << " " << ViewName(v) << " step " << n;
    }
  }
}

TEST(Frame, SizeIsTheSameAtEveryStepWithChannels) {
  for (const char* name : {"fig1.3", "depthwise", "pointwise", "causal1d"}) CheckConstantSize(FromPreset(name), name);
  std::mt19937 rng(32);
  for (int n = 0; n < 28; ++n) {
    const Computation c = RandomComputation(static_cast<Op>(n % 4), rng);
    CheckConstantSize(c, test::Describe(c.config));
  }
}

TEST(Frame, CroppedTransposedWithChannelsKeepsItsSize) {
  // i' = 4, k = 3, s = 2, p = 3: input cell 0 stamps nothing (all its taps are cropped away), so the Associated
  // view's step 0 reads no map of the direct input; the frame must still keep one size and one legend.
  Config t = test::Make2d(Op::Transposed, 4, 3, 2, 3);
  t.in_channels = 1;
  t.out_channels = 2;
  const Computation c = Recompute(t, MakeTensor(CanonicalShape(t, TensorRole::Input), Fill::Ramp),
                                  MakeTensor(CanonicalShape(t, TensorRole::Weight), Fill::Ramp));
  ASSERT_TRUE(Scatter(c, 0).stamps.empty());
  CheckConstantSize(c, "cropped");
}

TEST(Frame, Rank3And1Maps) {
  // 3-D: one map per depth slice: 2 channels x 3 slices of 3 x 3 input, 1 channel x 2 slices of 2 x 2 output.
  Config c = test::Make3d(Op::Conv, 3, 2, 1, 0);
  c.in_channels = 2;
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                                     MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ones));
  FrameOptions o;
  o.step = 5;  // output slice 1, (0, 1)
  const Frame f = BuildFrame(comp, o);
  EXPECT_EQ(CountPanel(f, Panel::Input), 2 * 27);
  EXPECT_EQ(CountPanel(f, Panel::Output), 8);
  EXPECT_EQ(CountPanel(f, Panel::Kernel), 2 * 8);
  int under = 0;
  for (const FrameCell& cell : f.cells)
    if (cell.panel == Panel::Input && cell.under_kernel) {
      ++under;
      EXPECT_GE(cell.z, 1);  // slices 1 and 2
      EXPECT_GE(cell.col, 1);
    }
  EXPECT_EQ(under, 2 * 8);
  CheckDataIndex(comp, View::Direct, 5, f);
  // 1-D: a strip of one row.
  const Computation strip = FromPreset("causal1d");
  const Frame s = BuildFrame(strip, FrameOptions{});
  for (const FrameCell& cell : s.cells)
    if (cell.panel != Panel::Kernel) {
      EXPECT_EQ(cell.row, 0);
    }
  EXPECT_EQ(CountPanel(s, Panel::Input), 4 + 12);  // 4 cells of left padding, the 12 inputs
  EXPECT_EQ(Count(s, Panel::Input, Role::Padding), 4);
}

// Issue 17, point 5: numbers that are true. The direct convolution's output grid in the Associated view holds the
// transposed input's positions, not the convolution of the grid beside it: no numbers there (Figure 4.6 showed 1…9).
TEST(Frame, AssociatedOutputHoldsPositionsNotNumbers) {
  const Preset* p = FindPreset("fig4.6");
  const Computation c = Recompute(p->config, p->input, p->weight);
  FrameOptions o;
  o.view = View::Associated;
  o.step = 4;
  o.labels = true;
  const Frame f = BuildFrame(c, o);
  int outputs = 0;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Output) continue;
    ++outputs;
    EXPECT_EQ(cell.text, "") << cell.row << "," << cell.col;
  }
  EXPECT_EQ(outputs, 9);
  EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(),
                          [](const FrameText& t) { return t.text.find("output positions") == 0; }));
}

// The overlap map: titled even without labels, its counts in the cells, a calm colour where every cell has one stamp
// (k2s2 tiles), and a colour bar of the counts in the legend.
TEST(Frame, OverlapMapIsTitledCountedAndCalmWhereStampsTile) {
  for (const char* name : {"k2s2", "checkerboard"}) {
    const Preset* p = FindPreset(name);
    const Computation c = Recompute(p->config, p->input, p->weight);
    FrameOptions o;
    o.overlap_panel = true;
    o.labels = false;
    const Frame f = BuildFrame(c, o);
    const double most = *std::max_element(c.overlap.values().begin(), c.overlap.values().end());
    int cells = 0;
    for (const FrameCell& cell : f.cells) {
      if (cell.panel != Panel::Overlap) continue;
      ++cells;
      EXPECT_EQ(cell.text, FormatValue(cell.value));
      if (cell.value == 1) {
        EXPECT_EQ(cell.fill, LightTheme().overlap_low) << name;
      }
    }
    EXPECT_GT(cells, 0) << name;
    EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(),
                            [](const FrameText& t) { return t.text == "overlap: stamps per cell"; })) << name;
    const auto bar = std::find_if(f.legend.begin(), f.legend.end(),
                                  [](const LegendEntry& e) { return e.name == RoleName(Role::Overlap); });
    ASSERT_NE(bar, f.legend.end()) << name;
    EXPECT_EQ(bar->low, "1");
    EXPECT_EQ(bar->high, FormatValue(most));
    if (std::string(name) == "k2s2") {
      EXPECT_EQ(most, 1);  // the stamps tile: one each, nothing alarming
    } else {
      EXPECT_GT(most, 1);
    }
  }
}

}  // namespace
}  // namespace convarith
