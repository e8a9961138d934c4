// The rasterizer on hand-made frames: sizes, fills, alpha blending, scaled and dashed borders, antialiased UTF-8 text.
#include <gtest/gtest.h>

#include <algorithm>

#include "convarith/export.hpp"
#include "font.hpp"

namespace convarith {
namespace {

constexpr Rgba kWhite{255, 255, 255, 255};
constexpr Rgba kBlue{38, 139, 210, 255};
constexpr Rgba kGrey{90, 98, 106, 255};
constexpr Rgba kBlack{0, 0, 0, 255};

Frame OneCell(float size = 1.0f) {
  Frame f;
  f.width = 3, f.height = 3;
  f.background = kWhite;
  FrameCell cell;
  cell.x = 1, cell.y = 1, cell.size = size;
  cell.fill = kBlue;
  cell.border = kGrey;
  f.cells.push_back(cell);
  return f;
}

// The box around every pixel that is not `background`, as {x0, y0, x1, y1} (x1, y1 exclusive); all -1 when none.
std::array<int, 4> InkBox(const Image& im, Rgba background, int x0 = 0, int y0 = 0, int x1 = -1, int y1 = -1) {
  if (x1 < 0) x1 = im.width;
  if (y1 < 0) y1 = im.height;
  std::array<int, 4> box{-1, -1, -1, -1};
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (im.At(x, y) == background) continue;
      if (box[0] < 0) box = {x, y, x + 1, y + 1};
      box = {std::min(box[0], x), std::min(box[1], y), std::max(box[2], x + 1), std::max(box[3], y + 1)};
    }
  }
  return box;
}

TEST(Raster, ImageSizeIsFrameSizeTimesCellSize) {
  Frame f;
  f.width = 2.5f, f.height = 1.25f;
  const Image im = Rasterize(f, 40);
  EXPECT_EQ(im.width, 100);
  EXPECT_EQ(im.height, 50);
  EXPECT_EQ(im.rgba.size(), 100u * 50u * 4u);
}

TEST(Raster, BackgroundFillsEveryPixel) {
  Frame f;
  f.width = 2, f.height = 2;
  f.background = {24, 26, 30, 255};
  const Image im = Rasterize(f, 16);
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x) ASSERT_EQ(im.At(x, y), f.background);
}

TEST(Raster, CellFillAndOneScaledPixelBorder) {
  const Image im = Rasterize(OneCell(), 32);
  // The cell covers pixels [32, 64) on both axes.
  EXPECT_EQ(im.At(48, 48), kBlue);
  EXPECT_EQ(im.At(32, 48), kGrey);  // left border
  EXPECT_EQ(im.At(63, 48), kGrey);  // right border
  EXPECT_EQ(im.At(48, 32), kGrey);  // top
  EXPECT_EQ(im.At(48, 63), kGrey);  // bottom
  EXPECT_EQ(im.At(33, 48), kBlue);  // 1 px at cell size 32
  EXPECT_EQ(im.At(31, 48), kWhite);
  EXPECT_EQ(im.At(64, 48), kWhite);

  // At 64 px per cell the border is 2 px: max(1, 64 / 32).
  const Image big = Rasterize(OneCell(), 64);
  EXPECT_EQ(big.At(64, 96), kGrey);
  EXPECT_EQ(big.At(65, 96), kGrey);
  EXPECT_EQ(big.At(66, 96), kBlue);
}

TEST(Raster, DashedBorderHasGapsAndSolidBorderHasNone) {
  Frame dashed = OneCell();
  dashed.cells[0].dashed = true;
  const Image solid_im = Rasterize(OneCell(), 32);
  const Image dashed_im = Rasterize(dashed, 32);
  int solid_grey = 0, dashed_grey = 0, dashed_gaps = 0;
  for (int x = 32; x < 64; ++x) {
    solid_grey += solid_im.At(x, 32) == kGrey;
    dashed_grey += dashed_im.At(x, 32) == kGrey;
    dashed_gaps += dashed_im.At(x, 32) == kBlue;
  }
  EXPECT_EQ(solid_grey, 32);
  EXPECT_GT(dashed_grey, 8);
  EXPECT_GT(dashed_gaps, 8);
  EXPECT_EQ(dashed_grey + dashed_gaps, 32);
  // Corners are drawn, so a dashed square still reads as a square.
  EXPECT_EQ(dashed_im.At(32, 32), kGrey);
  EXPECT_EQ(dashed_im.At(63, 63), kGrey);
}

TEST(Raster, TranslucentRectBlendsOverWhatIsBelow) {
  Frame f = OneCell();
  f.rects.push_back({0, 0, 3, 3, Rgba{0, 0, 0, 128}, Rgba{0, 0, 0, 0}, 1, false});
  const Image im = Rasterize(f, 10);
  // white * (1 - 128/255) rounds to 127; blue channels scale the same way.
  EXPECT_EQ(im.At(2, 2), (Rgba{127, 127, 127, 255}));
  const Rgba blended = im.At(15, 15);
  EXPECT_EQ(blended.r, (38 * 127 + 127) / 255);
  EXPECT_EQ(blended.g, (139 * 127 + 127) / 255);
  EXPECT_EQ(blended.b, (210 * 127 + 127) / 255);
  EXPECT_EQ(blended.a, 255);
}

TEST(Raster, RectStrokeWidthScalesWithCellSize) {
  Frame f;
  f.width = 4, f.height = 4;
  f.rects.push_back({1, 1, 2, 2, Rgba{0, 0, 0, 0}, kBlack, 3.0f, false});
  const Image im = Rasterize(f, 64);  // 3 * 64 / 32 = 6 px
  for (int d = 0; d < 6; ++d) EXPECT_EQ(im.At(64 + d, 128), kBlack) << d;
  EXPECT_EQ(im.At(70, 128), kWhite);  // inside is not filled (fill alpha 0)
  EXPECT_EQ(im.At(63, 128), kWhite);  // the stroke stays inside the rect
}

TEST(Raster, CellTextIsCentredAndAntialiased) {
  Frame f = OneCell(2.0f);
  f.cells[0].text = "8";
  f.cells[0].text_size = 0.8f;
  f.cells[0].text_color = kWhite;
  const Image im = Rasterize(f, 40);  // cell [40, 120)
  const auto box = InkBox(im, kBlue, 42, 42, 118, 118);
  ASSERT_GE(box[0], 0) << "no text drawn";
  const double cx = (box[0] + box[2]) / 2.0, cy = (box[1] + box[3]) / 2.0;
  EXPECT_NEAR(cx, 80.0, 2.0);
  EXPECT_NEAR(cy, 80.0, 5.0);  // a digit sits a little above the line box's centre
  EXPECT_GT(box[3] - box[1], 15);  // the digit is about 0.7 of 32 px tall
  bool white = false, partial = false;
  for (int y = box[1]; y < box[3]; ++y) {
    for (int x = box[0]; x < box[2]; ++x) {
      const Rgba p = im.At(x, y);
      white = white || p == kWhite;
      partial = partial || (p != kWhite && p != kBlue);
    }
  }
  EXPECT_TRUE(white);
  EXPECT_TRUE(partial) << "edges should be antialiased";
}

TEST(Raster, CornerTextSitsBottomRight) {
  Frame f = OneCell(2.0f);
  f.cells[0].corner_text = "×2";
  f.cells[0].corner_size = 0.4f;
  f.cells[0].corner_color = kBlack;
  const Image im = Rasterize(f, 40);
  const auto box = InkBox(im, kBlue, 42, 42, 118, 118);
  ASSERT_GE(box[0], 0);
  EXPECT_GT(box[0], 80);  // right half
  EXPECT_GT(box[1], 80);  // bottom half
  EXPECT_LE(box[2], 118);
}

TEST(Raster, FreeTextAlignment) {
  for (Align align : {Align::Left, Align::Center, Align::Right}) {
    Frame f;
    f.width = 10, f.height = 2;
    f.texts.push_back({5, 0.5f, 0.6f, "output", kBlack, align});
    const Image im = Rasterize(f, 20);  // anchor at x = 100
    const auto box = InkBox(im, kWhite);
    ASSERT_GE(box[0], 0);
    const double measured = align == Align::Left ? box[0] : align == Align::Right ? box[2] : (box[0] + box[2]) / 2.0;
    EXPECT_NEAR(measured, 100, 2) << static_cast<int>(align);
    EXPECT_GE(box[1], 10);  // y is the top of the line
  }
}

TEST(Raster, PaperSymbolsRenderWithRealGlyphs) {
  Font font;
  for (char32_t cp : {U'·', U'\'', U'×', U'ĩ', U'°', U'0', U'9'}) EXPECT_TRUE(font.HasGlyph(cp)) << int(cp);
  EXPECT_FALSE(font.HasGlyph(U'\u4E00'));  // sanity: the check can fail (DejaVu Sans has no CJK)

  // "×" and "x" differ, and "ĩ" differs from "i": the UTF-8 is decoded, not drawn as bytes or boxes.
  auto draw = [](const std::string& text) {
    Frame f;
    f.width = 3, f.height = 2;
    f.texts.push_back({0.2f, 0.2f, 1.2f, text, kBlack, Align::Left});
    return Rasterize(f, 32);
  };
  EXPECT_NE(draw("×").rgba, draw("x").rgba);
  EXPECT_NE(draw("ĩ").rgba, draw("i").rgba);
  EXPECT_NE(draw("·").rgba, draw(".").rgba);
  EXPECT_NE(InkBox(draw("·"), kWhite)[0], -1);
  EXPECT_NE(InkBox(draw("'"), kWhite)[0], -1);
}

TEST(Raster, CombiningMarkComposesAboveTheLetterBefore) {
  // k̂ (k, U+0302): the circumflex is drawn over the k, wholly above its ascender, and adds no width.
  auto draw = [](const std::string& text) {
    Frame f;
    f.width = 4, f.height = 3;
    f.texts.push_back({1.0f, 1.0f, 1.5f, text, kBlack, Align::Left});
    return Rasterize(f, 32);
  };
  const Image k = draw("k");
  const Image hat = draw("k\u0302");
  const auto k_box = InkBox(k, kWhite);
  const auto hat_box = InkBox(hat, kWhite);
  ASSERT_GE(k_box[0], 0);
  EXPECT_LT(hat_box[1], k_box[1] - 2);  // ink above the k
  EXPECT_GE(hat_box[0], k_box[0] - 1);  // within the k's width: centred over it, not beside it
  EXPECT_LE(hat_box[2], k_box[2] + 1);
  // The mark's own pixels (where the two images differ) lie above the k: they do not touch it.
  int lowest_mark_row = -1;
  for (int y = 0; y < hat.height; ++y) {
    for (int x = 0; x < hat.width; ++x) {
      if (!(hat.At(x, y) == k.At(x, y))) lowest_mark_row = y;
    }
  }
  ASSERT_GE(lowest_mark_row, 0);
  EXPECT_LT(lowest_mark_row, k_box[1]);
  const Image hat_x = draw("k\u0302x");
  const Image kx = draw("kx");
  EXPECT_EQ(InkBox(hat_x, kWhite)[2], InkBox(kx, kWhite)[2]);  // no advance of its own
}

TEST(Raster, Utf8Decoding) {
  EXPECT_EQ(DecodeUtf8("a·×ĩ'"), U"a·×ĩ'");
  EXPECT_EQ(DecodeUtf8("\xE2\x82"), U"\uFFFD\uFFFD");  // truncated sequence
  EXPECT_EQ(DecodeUtf8("\xFFz"), U"\uFFFDz");
}

TEST(Raster, GlyphsAreCachedPerSizeAndCodepoint) {
  Font font;
  const Glyph* a = &font.GetGlyph(U'7', 20.0f);
  const Glyph* b = &font.GetGlyph(U'7', 20.0f);
  const Glyph* c = &font.GetGlyph(U'7', 30.0f);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_GT(c->height, a->height);
  EXPECT_NEAR(font.TextWidth(U"77", 20.0f), 2 * a->advance, 1e-3);
}

TEST(Raster, RefusesImagesTooLargeOrEmpty) {
  Frame f;
  f.width = 1000, f.height = 10;
  EXPECT_THROW(Rasterize(f, 100), ExportError);
  EXPECT_THROW(Rasterize(Frame{}, 32), ExportError);
  EXPECT_THROW(Rasterize(OneCell(), 0), ExportError);
}

}  // namespace
}  // namespace convarith
