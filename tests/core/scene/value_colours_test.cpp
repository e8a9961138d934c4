// Values as colours: the gray and diverging scales, every cell filled by its value with its role kept visible, the
// legend's colour bars, and large maps' pictures carrying values.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <cmath>
#include <string>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/value_colours.hpp"

namespace convarith {
namespace {

uint32_t Key(Rgba c) { return (uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | c.b; }

// A 1 x `levels` gradient 0, 1, ..., levels - 1 (scaled to 0..255) convolved with a 1x1 kernel of 1.
Computation Gradient(int rows, int cols, double step) {
  Config c;
  c.axes[kHeight] = AxisParams{rows, 1, 1, 0, 0, 1, 0};
  c.axes[kWidth] = AxisParams{cols, 1, 1, 0, 0, 1, 0};
  Tensor input({1, 1, rows, cols});
  for (size_t n = 0; n < input.size(); ++n) input[n] = static_cast<double>(n) * step;
  return Recompute(c, input, Tensor({1, 1, 1, 1, 1}, 1.0), Tensor());
}

// The fills of a panel's cells, leaving out the ones tinted for the step (under the kernel, the current output).
std::set<uint32_t> Fills(const Frame& f, Panel panel) {
  std::set<uint32_t> out;
  for (const FrameCell& cell : f.cells)
    if (cell.panel == panel && !cell.under_kernel && cell.role != Role::OutputCurrent) out.insert(Key(cell.fill));
  return out;
}

TEST(ValueColours, NonNegativeMapsAreGrayFromZeroToTheirLargestValue) {
  const ValueScale s = ScaleOf({3, 10, 255});
  EXPECT_FALSE(s.diverging);
  EXPECT_EQ(s.lo, 0);
  EXPECT_EQ(s.hi, 255);
  EXPECT_EQ(s.Colour(0), (Rgba{0, 0, 0, 255}));
  EXPECT_EQ(s.Colour(255), (Rgba{255, 255, 255, 255}));
  EXPECT_EQ(s.Colour(128), (Rgba{128, 128, 128, 255}));
  std::set<uint32_t> levels;
  for (int v = 0; v <= 255; ++v) levels.insert(Key(s.Colour(v)));
  EXPECT_EQ(levels.size(), 256u);  // the scale's resolution
}

TEST(ValueColours, SignedMapsUseADivergingScaleCentredOnZero) {
  const ValueScale s = ScaleOf({-4, 1, 2});
  EXPECT_TRUE(s.diverging);
  EXPECT_EQ(s.lo, -4);
  EXPECT_EQ(s.hi, 4);
  const Rgba zero = s.Colour(0), neg = s.Colour(-4), pos = s.Colour(4);
  EXPECT_EQ(zero.r, zero.b);  // white-ish, neither side
  EXPECT_GT(zero.g, 240);
  EXPECT_GT(neg.b, neg.r + 80);  // blue
  EXPECT_GT(pos.r, pos.b + 80);  // red
  EXPECT_EQ(s.Colour(-2).b > s.Colour(-2).r, true);
  std::set<uint32_t> levels;
  for (int v = -127; v <= 127; ++v) levels.insert(Key(s.Colour(v * 4.0 / 127)));
  EXPECT_GE(levels.size(), 250u);
}

TEST(ValueColours, AGradientGivesAsManyCellColoursAsLevels) {
  const Computation c = Gradient(4, 16, 255.0 / 63);
  FrameOptions o;
  o.step = 63;  // every output computed
  o.colour_by = ColourBy::Value;
  const Frame value = BuildFrame(c, o);
  EXPECT_EQ(Fills(value, Panel::Input).size(), 64u - 1);  // the one under the kernel is tinted
  EXPECT_EQ(Fills(value, Panel::Output).size(), 64u - 1);  // the current output is tinted
  o.colour_by = ColourBy::Role;
  const Frame role = BuildFrame(c, o);
  EXPECT_EQ(Fills(role, Panel::Input).size(), 1u);  // the paper's blue
}

TEST(ValueColours, RolesStayVisibleAsTints) {
  const Preset* p = FindPreset("fig2.6");
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  FrameOptions o;
  o.step = 4;
  o.colour_by = ColourBy::Value;
  const Frame f = BuildFrame(c, o);
  const ValueScale in = ScaleOf(c.input.values());
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Input) continue;
    if (cell.role == Role::Padding) {
      EXPECT_TRUE(cell.dashed);
      EXPECT_NE(cell.fill, in.Colour(0));  // tinted towards the padding colour
    } else if (!cell.under_kernel) {
      EXPECT_EQ(cell.fill, in.Colour(cell.value));
    } else {
      EXPECT_NE(cell.fill, in.Colour(cell.value));  // the kernel window's tint
    }
  }
  // Outputs still to come keep their role colour: their values are not known yet.
  for (const FrameCell& cell : f.cells) {
    if (cell.role == Role::OutputPending) {
      EXPECT_EQ(cell.fill, LightTheme().output_pending);
    }
  }
}

TEST(ValueColours, LegendHasAColourBarPerMapWithItsEnds) {
  const Preset* p = FindPreset("fig2.6");
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  FrameOptions o;
  o.colour_by = ColourBy::Value;
  const Frame f = BuildFrame(c, o);
  std::vector<std::string> bars;
  for (const LegendEntry& e : f.legend)
    if (!e.bar.empty()) {
      bars.push_back(e.name);
      EXPECT_EQ(e.low, "0");
      EXPECT_GT(e.bar.size(), 8u);
    }
  EXPECT_EQ(bars, (std::vector<std::string>{"input", "kernel", "output"}));
  const auto output = std::find_if(f.legend.begin(), f.legend.end(), [](const LegendEntry& e) { return e.name == "output"; });
  EXPECT_EQ(output->high, FormatValue(*std::max_element(c.output.values().begin(), c.output.values().end())));
  // The bar is drawn in the frame (rects of its colours), with its ends' values as texts.
  size_t bar_rects = 0;
  for (const FrameRect& r : f.rects)
    if (r.fill == output->bar.back()) ++bar_rects;
  EXPECT_GE(bar_rects, 1u);
  EXPECT_TRUE(std::any_of(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == output->high; }));
  // Roles shown by the bars are not listed again; padding and the kernel window are.
  for (const LegendEntry& e : f.legend) {
    EXPECT_NE(e.name, RoleName(Role::Kernel));
    EXPECT_NE(e.name, RoleName(Role::OutputDone));
    if (e.name == "input") {
      EXPECT_FALSE(e.bar.empty());
    }
  }
  EXPECT_TRUE(std::any_of(f.legend.begin(), f.legend.end(), [](const LegendEntry& e) { return e.name == "zero padding"; }));
  EXPECT_TRUE(std::any_of(f.legend.begin(), f.legend.end(), [](const LegendEntry& e) { return e.name == "under the kernel"; }));
}

TEST(ValueColours, SobelOutputIsSignedAndDiverging) {
  Config cfg;
  cfg.axes[kHeight] = cfg.axes[kWidth] = AxisParams{8, 3, 1, 0, 0, 1, 0};
  Tensor input({1, 1, 8, 8});
  for (int r = 0; r < 8; ++r)
    for (int col = 0; col < 8; ++col) input[static_cast<size_t>(r * 8 + col)] = col == 3 || col == 4 ? 200 : 0;  // a bar: two edges
  const Computation c = Recompute(cfg, input, MakeWeight(KernelPreset::SobelX, {1, 1, 1, 3, 3}), Tensor());
  FrameOptions o;
  o.step = 35;
  o.colour_by = ColourBy::Value;
  const Frame f = BuildFrame(c, o);
  const auto output = std::find_if(f.legend.begin(), f.legend.end(), [](const LegendEntry& e) { return e.name == "output"; });
  ASSERT_NE(output, f.legend.end());
  EXPECT_EQ(output->low, "-" + output->high);  // centred on 0
  bool red = false, white = false;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Output || cell.role != Role::OutputDone) continue;
    if (cell.value > 0) red |= cell.fill.r > cell.fill.b + 80;
    if (cell.value == 0) white |= cell.fill.r > 240 && cell.fill.b > 240;
  }
  EXPECT_TRUE(red);
  EXPECT_TRUE(white);
}

TEST(ValueColours, LargeMapsPicturesCarryValues) {
  const Computation c = Gradient(80, 80, 255.0 / 6399);
  FrameOptions o;
  o.detail_limit = 64 * 64;
  o.colour_by = ColourBy::Value;
  const Frame f = BuildFrame(c, o);
  ASSERT_EQ(f.images.size(), 2u);
  const FrameImage& input = f.images[0];
  std::set<uint32_t> levels;
  for (const Rgba& px : *input.pixels) levels.insert(Key(px));
  EXPECT_EQ(levels.size(), 256u);
  const ValueScale s = ScaleOf(c.input.values());
  EXPECT_EQ((*input.pixels)[80 * 40 + 40], s.Colour(c.input[80 * 40 + 40]));
  o.colour_by = ColourBy::Role;
  const Frame role = BuildFrame(c, o);
  std::set<uint32_t> role_levels;
  for (const Rgba& px : *role.images[0].pixels) role_levels.insert(Key(px));
  EXPECT_EQ(role_levels.size(), 1u);
}

TEST(ValueColours, DefaultIsValueForPicturesAndMapsTooLargeForNumbers) {
  EXPECT_EQ(DefaultColourBy(Gradient(5, 5, 1), false), ColourBy::Role);
  EXPECT_EQ(DefaultColourBy(Gradient(5, 5, 1), true), ColourBy::Value);
  EXPECT_EQ(DefaultColourBy(Gradient(65, 64, 1), false), ColourBy::Value);
  EXPECT_EQ(ParseColourBy("value"), ColourBy::Value);
  EXPECT_EQ(ParseColourBy("role"), ColourBy::Role);
  EXPECT_FALSE(ParseColourBy("values"));
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// Two swatches a reader tells apart: another outline or dash, or fills at least 40 apart (RGB distance, alpha-weighted).
void ExpectDistinctSwatches(const Frame& f, const std::string& what) {
  std::vector<const LegendEntry*> swatches;
  for (const LegendEntry& e : f.legend)
    if (e.bar.empty()) swatches.push_back(&e);
  for (size_t a = 0; a < swatches.size(); ++a)
    for (size_t b = a + 1; b < swatches.size(); ++b) {
      const LegendEntry& x = *swatches[a];
      const LegendEntry& y = *swatches[b];
      if (x.dashed != y.dashed || x.outline != y.outline) continue;
      auto d = [](uint8_t p, uint8_t q) { return (static_cast<double>(p) - q) * (static_cast<double>(p) - q); };
      const Rgba& p = x.outline ? x.stroke : x.fill;
      const Rgba& q = y.outline ? y.stroke : y.fill;
      const double distance = std::sqrt(d(p.r, q.r) + d(p.g, q.g) + d(p.b, q.b) + d(p.a, q.a));
      EXPECT_GE(distance, 40.0) << what << ": '" << x.name << "' and '" << y.name << "' look alike";
    }
}

// Every legend swatch means one thing: no two entries of a frame's legend look the same (fill, border, dash), for
// every preset at a middle step, in both colour modes (the current output and the kernel window once shared green).
TEST(Legend, EverySwatchIsDistinct) {
  int legends = 0;
  for (const Preset& preset : Presets()) {
    const Computation c = Recompute(preset.config, preset.input, preset.weight, preset.bias);
    for (ColourBy mode : {ColourBy::Role, ColourBy::Value})
      for (View view : ViewsOf(preset.config.op)) {
        FrameOptions o;
        o.view = view;
        o.colour_by = mode;
        o.step = StepCount(c, view) / 2;
        o.overlap_panel = preset.overlap_panel;
        const std::vector<View> all = ViewsOf(preset.config.op);
        std::vector<View> others;
        for (View v : all)
          if (v != view) others.push_back(v);
        for (const Frame& f : {BuildFrame(c, o), BuildViews(c, o, view, others, o.step)}) {
          ExpectDistinctSwatches(f, preset.name + " " + std::string(ColourByName(mode)) + " view " +
                                        std::string(ViewName(view)));
          ++legends;
        }
      }
  }
  EXPECT_GT(legends, 40);
}

}  // namespace
}  // namespace convarith
