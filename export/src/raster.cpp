// The software rasterizer: draws a Frame into an RGBA image with alpha-blended fills, scaled (dashed) borders and
// antialiased text, following the drawing rules in frame.hpp.
#include <algorithm>
#include <array>
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

  // A convex polygon (pixel coordinates, either winding): every pixel whose centre is inside.
  void FillConvex(const std::array<float, 8>& q, Rgba c) {
    if (c.a == 0) return;
    const float lo_x = std::min({q[0], q[2], q[4], q[6]}), hi_x = std::max({q[0], q[2], q[4], q[6]});
    const float lo_y = std::min({q[1], q[3], q[5], q[7]}), hi_y = std::max({q[1], q[3], q[5], q[7]});
    const int x0 = std::max(0, static_cast<int>(std::floor(lo_x))), x1 = std::min(image_.width, static_cast<int>(std::ceil(hi_x)));
    const int y0 = std::max(0, static_cast<int>(std::floor(lo_y))), y1 = std::min(image_.height, static_cast<int>(std::ceil(hi_y)));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
        bool pos = false, neg = false;
        for (size_t n = 0; n < 4; ++n) {
          const size_t m = (n + 1) % 4;
          const float cross = (q[2 * m] - q[2 * n]) * (py - q[2 * n + 1]) - (q[2 * m + 1] - q[2 * n + 1]) * (px - q[2 * n]);
          pos = pos || cross > 0;
          neg = neg || cross < 0;
        }
        if (!(pos && neg)) Blend(Row(y) + static_cast<size_t>(x) * 4, c, c.a);
      }
  }

  // A straight line `width` pixels wide between two points (pixel coordinates), dashed or not.
  void Segment(float ax, float ay, float bx, float by, float width, Rgba c, bool dashed) {
    if (c.a == 0) return;
    const float half = std::max(0.5f, width * 0.5f);
    const float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const float len = std::sqrt(len2), dash = std::max(3.0f, 3.0f * width);
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(ax, bx) - half)));
    const int x1 = std::min(image_.width, static_cast<int>(std::ceil(std::max(ax, bx) + half)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(ay, by) - half)));
    const int y1 = std::min(image_.height, static_cast<int>(std::ceil(std::max(ay, by) + half)));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const float px = static_cast<float>(x) + 0.5f - ax, py = static_cast<float>(y) + 0.5f - ay;
        const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
        const float ex = px - t * dx, ey = py - t * dy;
        if (ex * ex + ey * ey > half * half) continue;
        if (dashed && static_cast<int>(t * len / dash) % 2 == 1) continue;
        Blend(Row(y) + static_cast<size_t>(x) * 4, c, c.a);
      }
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

  // 4. Polygons (the 3-D tensor view's faces and blocks), in order; a degenerate one is a single line.
  for (const FramePolygon& poly : frame.polygons) {
    std::array<float, 8> q{};
    for (size_t n = 0; n < 8; ++n) q[n] = layout.PxExact(poly.xy[n]);
    painter.FillConvex(q, poly.fill);
    const float width = static_cast<float>(layout.StrokeWidth(poly.stroke_width));
    const bool line = q[0] == q[6] && q[1] == q[7] && q[2] == q[4] && q[3] == q[5];
    for (size_t n = 0; n < (line ? 1u : 4u); ++n) {
      const size_t m = (n + 1) % 4;
      painter.Segment(q[2 * n], q[2 * n + 1], q[2 * m], q[2 * m + 1], width, poly.stroke, poly.dashed);
    }
  }

  // 5. Rects (kernel outline, highlights, legend swatches; over pictures: the step).
  for (const FrameRect& rect : frame.rects) {
    const PixelBox box = layout.RectBox(rect);
    painter.Fill(box.x0, box.y0, box.x1, box.y1, rect.fill);
    painter.Stroke(box.x0, box.y0, box.x1, box.y1, layout.StrokeWidth(rect.stroke_width), rect.stroke, rect.dashed);
  }

  // 6. Free text (labels, legend, caption, equation).
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
