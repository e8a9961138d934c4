// The frame's texts laid out with the renderer's font metrics (FrameOptions::measure): wide text gets its room.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/upsample_compare.hpp"
#include "../../preset_computation.hpp"

namespace convarith {
namespace {

using test::FromPreset;

// A font far wider than the estimate's 0.6 x size per code point, and wider still for 'm' and 'w' (DejaVu Sans's
// widest letters): a layout that used its own estimate would give these texts too little room.
float WideWidth(std::string_view text, float size) {
  float w = 0;
  for (unsigned char ch : text) {
    if ((ch & 0xC0) == 0x80) continue;
    w += ch == 'm' || ch == 'w' ? 1.4f : 0.95f;
  }
  return w * size;
}

TextMeasure Wide() { return TextMeasure{WideWidth}; }

float Left(const FrameText& t) {
  return t.align == Align::Left ? t.x : t.align == Align::Center ? t.x - t.width / 2 : t.x - t.width;
}

// Pairs of texts whose boxes (the measured width, the line height) overlap.
std::vector<std::string> Overlaps(const Frame& f) {
  std::vector<std::string> out;
  for (size_t i = 0; i < f.texts.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const FrameText &a = f.texts[i], &b = f.texts[j];
      const float ix = std::min(Left(a) + a.width, Left(b) + b.width) - std::max(Left(a), Left(b));
      const float iy = std::min(a.y + a.size, b.y + b.size) - std::max(a.y, b.y);
      if (ix > 0.02f && iy > 0.02f) out.push_back("'" + a.text + "' and '" + b.text + "'");
    }
  }
  return out;
}

// Texts (measured) that run past the frame's right edge or into a grid's cells.
void ExpectTextsInTheirRoom(const Frame& f) {
  for (const FrameText& t : f.texts) {
    if (t.text.empty()) continue;
    EXPECT_LE(Left(t) + t.width, f.width + 1e-3f) << t.text << " (size " << t.size << ")";
    EXPECT_GE(Left(t), -1e-3f) << t.text;
    if (t.size < 0.41f) continue;  // the grids' labels: never over a cell
    for (const FrameCell& cell : f.cells) {
      const bool x = cell.x < Left(t) + t.width && cell.x + cell.size > Left(t);
      const bool y = cell.y < t.y + t.size && cell.y + cell.size > t.y;
      EXPECT_FALSE(x && y) << t.text << " over a cell at " << cell.x << ", " << cell.y;
    }
  }
  const std::vector<std::string> overlaps = Overlaps(f);
  EXPECT_TRUE(overlaps.empty()) << overlaps.front();
}

TEST(Measure, TextsCarryTheWidthTheLayoutMeasured) {
  FrameOptions o;
  o.caption = true;
  o.measure = Wide();
  const Frame f = BuildFrame(FromPreset("fig2.6"), o);
  ASSERT_FALSE(f.texts.empty());
  for (const FrameText& t : f.texts) EXPECT_FLOAT_EQ(t.width, WideWidth(t.text, t.size)) << t.text;
  // Without a measure: the estimate, 0.6 x size per code point ("×" is one).
  EXPECT_FLOAT_EQ(TextMeasure{}.Width("a×b", 0.5f), 0.9f);
  const Frame estimated = BuildFrame(FromPreset("fig2.6"), FrameOptions{});
  for (const FrameText& t : estimated.texts) EXPECT_FLOAT_EQ(t.width, EstimatedTextWidth(t.text, t.size)) << t.text;
}

// Every view of every preset, with the wide font's measure (the trace names them).
template <typename Check>
void ForEachPresetView(Check check) {
  for (const Preset& preset : Presets()) {
    const Computation c = Recompute(preset.config, preset.input, preset.weight, preset.bias);
    for (View v : ViewsOf(preset.config.op)) {
      SCOPED_TRACE(std::string(preset.name) + " " + std::string(ViewName(v)));
      FrameOptions o;
      o.view = v;
      o.measure = Wide();
      check(preset, c, o);
    }
  }
}

TEST(Measure, WideTextGetsItsRoomInEveryPresetAndView) {
  ForEachPresetView([](const Preset& preset, const Computation& c, FrameOptions o) {
    o.caption = true;
    o.title = preset.title;
    o.overlap_panel = preset.config.op == Op::Transposed;
    // The step line is left out: it changes length from step to step in a frame of one width, and shrinks to a
    // floor (0.26) rather than wrap, so a long sum may run past a narrow frame at any font.
    o.equation = false;
    ExpectTextsInTheirRoom(BuildFrame(c, o));
  });
}

TEST(Measure, WideLabelsPushTheNextGridAlong) {
  // The output grid starts after the input's label: the wider the font, the further right.
  const Computation c = FromPreset("fig2.6");
  FrameOptions o;
  const Frame estimated = BuildFrame(c, o);
  o.measure = Wide();
  const Frame wide = BuildFrame(c, o);
  auto first_output_x = [](const Frame& f) {
    float x = 1e9f;
    for (const FrameCell& cell : f.cells)
      if (cell.panel == Panel::Output) x = std::min(x, cell.x);
    return x;
  };
  auto label_end = [](const Frame& f, const std::string& prefix) {
    for (const FrameText& t : f.texts)
      if (t.text.rfind(prefix, 0) == 0) return t.x + t.width;
    return -1.0f;
  };
  ASSERT_GT(label_end(wide, "input"), 0);
  EXPECT_GE(first_output_x(wide), label_end(wide, "input"));
  EXPECT_GT(first_output_x(wide), first_output_x(estimated));
  EXPECT_GT(wide.width, estimated.width);
}

TEST(Measure, LegendInValueColoursKeepsItsEntriesApart) {
  const Computation c = FromPreset("fig2.6");
  FrameOptions o;
  o.colour_by = ColourBy::Value;
  o.equation = false;  // see WideTextGetsItsRoomInEveryPresetAndView
  o.measure = Wide();
  const Frame f = BuildFrame(c, o);
  ExpectTextsInTheirRoom(f);
  // The colour bars' rects start after the texts before them on their line.
  for (const FrameRect& r : f.rects) {
    if (r.y < f.grids_bottom) continue;
    for (const FrameText& t : f.texts) {
      const bool same_line = t.y < r.y + r.h && t.y + t.size > r.y;
      const bool x = Left(t) < r.x + r.w - 1e-3f && Left(t) + t.width > r.x + 1e-3f;
      EXPECT_FALSE(same_line && x) << t.text << " over a legend swatch";
    }
  }
}

TEST(Measure, ViewsSideBySideMakeRoomForALongFigureTitle) {
  const Preset* p = FindPreset("fig4.6");
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  FrameOptions o;
  o.caption = true;
  o.compact = true;  // the narrowest views
  o.title = "Figure 4.6: a transposed convolution drawn three ways, with a title longer than the views side by side";
  for (const TextMeasure& m : {TextMeasure{}, Wide()}) {
    o.measure = m;
    const Frame f = BuildViews(c, o, View::Scatter, {View::Equivalent}, 0);
    ExpectTextsInTheirRoom(f);
  }
}

TEST(Measure, ComparisonWrapsItsTitlesWithTheMeasure) {
  CompareParams params;
  const UpsampleComparison cmp = CompareUpsampling(params);
  CompareFrameOptions o;
  o.min_text = 0.5f;
  const Frame estimated = BuildComparisonFrame(cmp, o);
  o.measure = Wide();
  const Frame wide = BuildComparisonFrame(cmp, o);
  // A wider font wraps the titles onto more lines, and each line is no wider than the frame.
  EXPECT_GT(wide.texts.size(), estimated.texts.size());
  for (const FrameText& t : wide.texts) EXPECT_LE(Left(t) + t.width, wide.width + 1e-3f) << t.text;
}

// Texts grown to a least size (FrameOptions::min_text, the app's labels at its UI size): every preset and view, as the
// app builds them (no legend or step line: it writes those itself).
TEST(Measure, TextsGrownToTheLeastSizeKeepApartAndOffTheGrids) {
  ForEachPresetView([](const Preset&, const Computation& c, FrameOptions o) {
    o.legend = o.equation = false;
    const Frame own = BuildFrame(c, o);
    o.min_text = 0.7f;
    const Frame grown = BuildFrame(c, o);
    ASSERT_GE(grown.texts.size(), own.texts.size());  // a label may take two lines
    size_t at_least = 0;
    for (const FrameText& t : grown.texts) {
      EXPECT_GE(t.size, 0.32f - 1e-5f) << t.text;  // never smaller than the frame's smallest own
      EXPECT_NEAR(t.width, WideWidth(t.text, t.size), 1e-3f) << t.text;  // the width the app draws it at
      if (t.size >= 0.7f - 1e-5f) ++at_least;
    }
    // The grids' labels make room for the size (a map's name over a narrow map may stop short of the next one).
    EXPECT_GE(at_least * 2, grown.texts.size()) << at_least << " of " << grown.texts.size();
    ExpectTextsInTheirRoom(grown);  // apart, inside the frame, never over a cell
  });
}

}  // namespace
}  // namespace convarith
