// The software rasterizer: draws a Frame into an RGBA image with alpha-blended fills, scaled (dashed) borders and
// antialiased text, following the drawing rules in frame.hpp.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "convarith/export.hpp"
#include "font.hpp"
#include "layout.hpp"

namespace convarith {
namespace {

// Writes into an image; every call clips to it. Colours blend "over" what is there (the background is opaque, so
// straight alpha is exact).
class Painter {
 public:
  explicit Painter(Image& image) : image_(image) {}

  void Fill(int x0, int y0, int x1, int y1, Rgba c) {
    if (c.a == 0) return;
    x0 = std::max(x0, 0), y0 = std::max(y0, 0);
    x1 = std::min(x1, image_.width), y1 = std::min(y1, image_.height);
    if (x0 >= x1 || y0 >= y1) return;
    for (int y = y0; y < y1; ++y) {
      uint8_t* p = Row(y) + static_cast<size_t>(x0) * 4;
      if (c.a == 255) {
        const uint8_t px[4] = {c.r, c.g, c.b, 255};
        for (int x = x0; x < x1; ++x, p += 4) std::memcpy(p, px, 4);
      } else {
        for (int x = x0; x < x1; ++x, p += 4) Blend(p, c, c.a);
      }
    }
  }

  // A border `width` pixels wide inside [x0, x1) x [y0, y1); the four sides never overlap (alpha stays even).
  void Stroke(int x0, int y0, int x1, int y1, int width, Rgba c, bool dashed) {
    if (c.a == 0 || x1 <= x0 || y1 <= y0) return;
    width = std::min({width, (x1 - x0 + 1) / 2, (y1 - y0 + 1) / 2});
    const int dash = dashed ? DashLength(std::max(x1 - x0, y1 - y0)) : 0;
    HorizontalLine(x0, x1, y0, y0 + width, c, dash);
    HorizontalLine(x0, x1, y1 - width, y1, c, dash);
    VerticalLine(x0, x0 + width, y0, y1, y0 + width, y1 - width, c, dash);
    VerticalLine(x1 - width, x1, y0, y1, y0 + width, y1 - width, c, dash);
  }

  // A line of text with its left end at `left` and its baseline at `baseline`.
  void Text(Font& font, std::u32string_view text, float line_px, float left, int baseline, Rgba c) {
    if (c.a == 0 || line_px < 1.0f) return;
    float pen = left;
    int base_x0 = 0, base_x1 = 0, base_top = baseline;  // the ink of the last spacing glyph
    for (char32_t cp : text) {
      const Glyph& g = font.GetGlyph(cp, line_px);
      int gx = static_cast<int>(std::lround(pen)) + g.x_off;
      int gy = baseline + g.y_off;
      if (IsCombiningMark(cp) && base_x1 > base_x0) {
        // A combining mark (k̂) composes with the glyph before it: centred over its ink, above its top (the font
        // places marks for a lowercase letter; k, d, l reach higher).
        gx = (base_x0 + base_x1 - g.width) / 2;
        const int gap = std::max(1, static_cast<int>(line_px / 24));
        gy = std::min(gy, base_top - gap - g.height);
      } else if (g.width > 0) {
        base_x0 = gx;
        base_x1 = gx + g.width;
        base_top = gy;
      }
      for (int row = 0; row < g.height; ++row) {
        const int y = gy + row;
        if (y < 0 || y >= image_.height) continue;
        const uint8_t* cov = &g.coverage[static_cast<size_t>(row) * g.width];
        for (int col = 0; col < g.width; ++col) {
          const int x = gx + col;
          if (cov[col] == 0 || x < 0 || x >= image_.width) continue;
          Blend(Row(y) + static_cast<size_t>(x) * 4, c, (QuantisedCoverage(cov[col]) * c.a + 127) / 255);
        }
      }
      pen += g.advance;
    }
  }

 private:
  uint8_t* Row(int y) { return &image_.rgba[static_cast<size_t>(y) * image_.width * 4]; }

  // Text edges keep kTextLevels coverage levels: antialiasing still looks smooth, and a frame keeps few enough
  // colours for a GIF palette to hold them all, so a GIF frame equals its PNG pixel for pixel.
  static int QuantisedCoverage(uint8_t coverage) {
    constexpr int kTextLevels = 8;
    return (coverage * (kTextLevels - 1) + 127) / 255 * 255 / (kTextLevels - 1);
  }

  static void Blend(uint8_t* p, Rgba c, int alpha) {
    if (alpha >= 255) {
      p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
      return;
    }
    const int keep = 255 - alpha;
    p[0] = static_cast<uint8_t>((c.r * alpha + p[0] * keep + 127) / 255);
    p[1] = static_cast<uint8_t>((c.g * alpha + p[1] * keep + 127) / 255);
    p[2] = static_cast<uint8_t>((c.b * alpha + p[2] * keep + 127) / 255);
    p[3] = static_cast<uint8_t>(alpha + (p[3] * keep + 127) / 255);
  }

  // Dashes scale with the side so that a cell's border reads as dashed at any size (about four dashes a side).
  static int DashLength(int side) { return std::max(2, (side + 4) / 8); }

  // Dashes along [from, to): one at each end (so corners are always drawn), the rest spread evenly between.
  template <typename F>
  static void Dashes(int from, int to, int dash, F&& segment) {
    const int length = to - from;
    if (length <= 3 * dash) return segment(from, to);
    const int count = std::max(2, (length + dash + dash / 2) / (2 * dash));
    for (int i = 0; i < count; ++i) {
      const int start = from + static_cast<int>(static_cast<long long>(i) * (length - dash) / (count - 1));
      segment(start, start + dash);
    }
  }

  void HorizontalLine(int x0, int x1, int y0, int y1, Rgba c, int dash) {
    if (dash == 0) return Fill(x0, y0, x1, y1, c);
    Dashes(x0, x1, dash, [&](int a, int b) { Fill(a, y0, b, y1, c); });
  }
  // The vertical sides skip the rows the horizontal sides already painted (clip0, clip1), so alpha never doubles.
  void VerticalLine(int x0, int x1, int y_start, int y_end, int clip0, int clip1, Rgba c, int dash) {
    if (dash == 0) return Fill(x0, clip0, x1, clip1, c);
    Dashes(y_start, y_end, dash, [&](int a, int b) { Fill(x0, std::max(a, clip0), x1, std::min(b, clip1), c); });
  }

  Image& image_;
};

}  // namespace

Rasterizer::Rasterizer() : font_(std::make_unique<Font>()) {}
Rasterizer::~Rasterizer() = default;
Rasterizer::Rasterizer(Rasterizer&&) noexcept = default;
Rasterizer& Rasterizer::operator=(Rasterizer&&) noexcept = default;

Image Rasterizer::Draw(const Frame& frame, int cell_px) {
  const PixelLayout layout(frame, cell_px);
  Image image;
  image.width = layout.width;
  image.height = layout.height;
  image.rgba.resize(static_cast<size_t>(image.width) * image.height * 4);
  Painter painter(image);
  Font& font = *font_;

  // 1. Background.
  painter.Fill(0, 0, image.width, image.height, Rgba{frame.background.r, frame.background.g, frame.background.b, 255});
  if (frame.background.a != 255) {
    for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = frame.background.a;
  }

  // 2. Pictures of large maps (one pixel of the picture per cell), under the cells.
  for (const FrameImage& im : frame.images) {
    if (!im.pixels) continue;
    for (int r = 0; r < im.rows; ++r)
      for (int c = 0; c < im.cols; ++c) {
        const PixelBox box = layout.Box(im.x + static_cast<float>(c) * im.scale, im.y + static_cast<float>(r) * im.scale,
                                        im.scale, im.scale);
        painter.Fill(box.x0, box.y0, box.x1, box.y1, (*im.pixels)[static_cast<size_t>(r) * im.cols + c]);
      }
  }

  // 3. Cells: fill, border, value, corner text.
  const int cell_border = layout.StrokeWidth(1.0f);
  for (const FrameCell& cell : frame.cells) {
    const PixelBox box = layout.Box(cell.x, cell.y, cell.size, cell.size);
    painter.Fill(box.x0, box.y0, box.x1, box.y1, cell.fill);
    painter.Stroke(box.x0, box.y0, box.x1, box.y1, cell_border, cell.border, cell.dashed);
    if (!cell.text.empty()) {
      const std::u32string text = DecodeUtf8(cell.text);
      const TextPlacement at = layout.CellText(font, cell, text);
      painter.Text(font, text, at.line_px, at.left, at.baseline, cell.text_color);
    }
    if (!cell.corner_text.empty()) {
      const std::u32string text = DecodeUtf8(cell.corner_text);
      const TextPlacement at = layout.CornerText(font, cell, text);
      painter.Text(font, text, at.line_px, at.left, at.baseline, cell.corner_color);
    }
  }

  // 4. Rects (kernel outline, highlights, legend swatches; over pictures: the step).
  for (const FrameRect& rect : frame.rects) {
    const PixelBox box = layout.RectBox(rect);
    painter.Fill(box.x0, box.y0, box.x1, box.y1, rect.fill);
    painter.Stroke(box.x0, box.y0, box.x1, box.y1, layout.StrokeWidth(rect.stroke_width), rect.stroke, rect.dashed);
  }

  // 5. Free text (labels, legend, caption, equation).
  for (const FrameText& t : frame.texts) {
    if (t.text.empty()) continue;
    const std::u32string text = DecodeUtf8(t.text);
    const TextPlacement at = layout.FreeText(font, t, text);
    painter.Text(font, text, at.line_px, at.left, at.baseline, t.color);
  }
  return image;
}

Image Rasterize(const Frame& frame, int cell_px) {
  Rasterizer rasterizer;
  return rasterizer.Draw(frame, cell_px);
}

}  // namespace convarith
