// Exports lay their frames out with the embedded font's real widths (ExportTextMeasure): each text drawn where the
// frame gave it room, not where a 0.6 x size per character estimate would have.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "font.hpp"
#include "test_util.hpp"
#include "../preset_computation.hpp"

namespace convarith {
namespace {

using test::FromPreset;

TEST(ExportMeasure, IsTheEmbeddedFontsAdvances) {
  const TextMeasure m = ExportTextMeasure();
  const Font font;
  // DejaVu Sans on a line 1 high (ascent - descent = 1.164 em): digits 0.546, 'm' 0.837, 'i' 0.239; not 0.6 each.
  EXPECT_NEAR(m.Width("0", 1.0f), 0.546f, 0.002f);
  EXPECT_NEAR(m.Width("m", 1.0f), 0.837f, 0.002f);
  EXPECT_NEAR(m.Width("i", 1.0f), 0.239f, 0.002f);
  for (const char* text : {"input 5×5 (padded to 7×7)", "max (winner)", "∂L/∂x₁₂", "step 5/9:  6·1 + 7·1 = 13"}) {
    EXPECT_NEAR(m.Width(text, 20.0f), font.TextWidth(DecodeUtf8(text), 20.0f), 0.02f) << text;
    EXPECT_NEAR(m.Width(text, 0.5f) * 40.0f, m.Width(text, 20.0f), 1e-3f) << text;  // linear in the size
  }
}

// The rightmost column with ink (not the background) in rows [y0, y1) of an image.
int RightmostInk(const Image& image, int y0, int y1) {
  int right = -1;
  for (int y = std::max(y0, 0); y < std::min(y1, image.height); ++y)
    for (int x = 0; x < image.width; ++x) {
      const uint8_t* px = &image.rgba[(static_cast<size_t>(y) * image.width + x) * 4];
      if (px[0] < 200 || px[1] < 200 || px[2] < 200) right = std::max(right, x);
    }
  return right;
}

TEST(ExportMeasure, AWideTitleEndsInsideThePicture) {
  // 'm' and 'w' are far wider than the estimate's 0.6 of the line: laid out with it, this title ran off the picture.
  test::TempDir dir;
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.current_only = true;
  o.out = dir / "title.png";
  o.frame.caption = true;
  o.frame.title = "Figure mmm: wmmw mmmmmmm wwwwmmmmww mmmmmmmmmm wwwwwwww mmmmm";
  Export(FromPreset("fig2.6"), o);
  const Image image = test::DecodePng(o.out);
  const int cell = o.cell_px;
  // The title's line: from the top margin (half a cell), 0.55 of a cell high. Its ink stops before the right margin.
  const int right = RightmostInk(image, cell / 2, cell / 2 + cell * 55 / 100);
  ASSERT_GT(right, 0);
  EXPECT_LE(right, image.width - cell / 4) << "title ink reaches x = " << right << " of " << image.width;
}

TEST(ExportMeasure, EveryTextDrawnInItsRoom) {
  // With the exporters' measure, each text's drawn width (the font at the export's pixel size) is the one the frame
  // measured, so texts stay inside the picture and off each other.
  const Font font;
  const int cell_px = 32;
  for (const char* name : {"fig2.6", "fig4.6", "depthwise", "fig1.3"}) {
    SCOPED_TRACE(name);
    FrameOptions o;
    o.caption = true;
    o.equation = false;  // the step line changes from step to step in a frame of one width (core's Measure tests)
    o.colour_by = ColourBy::Value;
    o.title = "Figure: maximum window, wmmw";
    o.measure = ExportTextMeasure();
    const Frame f = BuildFrame(FromPreset(name), o);
    for (const FrameText& t : f.texts) {
      if (t.text.empty()) continue;
      const float drawn = font.TextWidth(DecodeUtf8(t.text), t.size * cell_px) / cell_px;
      EXPECT_NEAR(drawn, t.width, 0.01f * std::max(1.0f, t.width)) << t.text;
      const float left = t.align == Align::Left ? t.x : t.align == Align::Center ? t.x - drawn / 2 : t.x - drawn;
      EXPECT_LE(left + drawn, f.width + 0.01f) << t.text;
      for (const FrameText& u : f.texts) {
        if (&u == &t || u.text.empty() || u.x <= t.x || u.align != Align::Left || t.align != Align::Left) continue;
        const bool same_line = std::min(t.y + t.size, u.y + u.size) - std::max(t.y, u.y) > 0.02f;
        if (!same_line) continue;
        EXPECT_LE(t.x + drawn, u.x + 0.02f) << "'" << t.text << "' runs into '" << u.text << "'";
      }
    }
  }
}

}  // namespace
}  // namespace convarith
