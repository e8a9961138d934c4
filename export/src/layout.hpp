// Frame geometry in pixels, shared by the rasterizer and the SVG writer so both put every box and line of text in the
// same place.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "convarith/export.hpp"
#include "font.hpp"

namespace convarith {

// A box in whole pixels, [x0, x1) x [y0, y1).
struct PixelBox {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Where a line of text goes: its left end (for the rasterizer), its anchor (for SVG's text-anchor) and baseline.
struct TextPlacement {
  float line_px = 0;
  float left = 0;
  float anchor = 0;
  int baseline = 0;
  Align align = Align::Left;
};

// Dashed borders (frame.hpp): dashes of about a side / 8, the gaps spread so that every side starts and ends with a
// dash. Sizes in pixels; `length` is the longer side of the box. Empty when the side is too short to dash.
struct Dashes {
  int dash = 0;
  double gap = 0;
};
inline std::optional<Dashes> DashesFor(const PixelBox& b) {
  const int length = std::max(b.x1 - b.x0, b.y1 - b.y0);
  const int dash = std::max(2, (length + 4) / 8);
  if (length <= 3 * dash) return std::nullopt;
  const int count = std::max(2, (length + dash + dash / 2) / (2 * dash));
  return Dashes{dash, static_cast<double>(length - count * dash) / (count - 1)};
}

class PixelLayout {
 public:
  PixelLayout(const Frame& frame, int cell_px) : cell_px_(cell_px) {
    if (cell_px < 1) throw ExportError("cell size must be at least 1 pixel, got " + std::to_string(cell_px));
    const double w = std::ceil(static_cast<double>(frame.width) * cell_px - 0.01);
    const double h = std::ceil(static_cast<double>(frame.height) * cell_px - 0.01);
    if (!(w >= 1 && h >= 1)) throw ExportError("the frame is empty (nothing to draw)");
    if (w > kMaxImageSide || h > kMaxImageSide) {
      throw ExportError("the image would be " + std::to_string(static_cast<long long>(w)) + "x" +
                        std::to_string(static_cast<long long>(h)) + " pixels, more than " +
                        std::to_string(kMaxImageSide) + " on a side: use a smaller cell size");
    }
    width = static_cast<int>(w);
    height = static_cast<int>(h);
  }

  int width = 0, height = 0;

  // Edges snap to whole pixels, so neighbouring cells share edges exactly and never overlap or gap.
  int Px(float v) const { return static_cast<int>(std::lround(static_cast<double>(v) * cell_px_)); }
  float PxExact(float v) const { return v * static_cast<float>(cell_px_); }
  PixelBox Box(float x, float y, float w, float h) const { return {Px(x), Px(y), Px(x + w), Px(y + h)}; }
  // A rect's box, grown about its centre to FrameRect::min_px on each side (an outline visible on tiny cells).
  PixelBox RectBox(const FrameRect& r) const {
    PixelBox b = Box(r.x, r.y, r.w, r.h);
    const int min = static_cast<int>(std::lround(r.min_px));
    auto grow = [min](int& lo, int& hi) {
      if (hi - lo >= min) return;
      const int mid = lo + hi;  // twice the centre
      lo = (mid - min) / 2;
      hi = lo + min;
    };
    grow(b.x0, b.x1);
    grow(b.y0, b.y1);
    return b;
  }

  // frame.hpp: strokes are max(1, stroke_width * cell_px / 32) pixels; cell borders have stroke_width 1.
  int StrokeWidth(float stroke_width) const {
    return std::max(1, static_cast<int>(std::lround(stroke_width * static_cast<float>(cell_px_) / 32.0f)));
  }

  // The value, centred in its cell (the line box centred vertically, as ImGui centres a line).
  TextPlacement CellText(const Font& font, const FrameCell& cell, std::u32string_view text) const {
    const PixelBox box = Box(cell.x, cell.y, cell.size, cell.size);
    TextPlacement at;
    at.line_px = cell.text_size * static_cast<float>(cell_px_);
    at.align = Align::Center;
    at.anchor = 0.5f * static_cast<float>(box.x0 + box.x1);
    at.left = at.anchor - 0.5f * font.TextWidth(text, at.line_px);
    const float top = 0.5f * static_cast<float>(box.y0 + box.y1) - 0.5f * at.line_px;
    at.baseline = static_cast<int>(std::lround(top + font.Ascent(at.line_px)));
    return at;
  }

  // The kernel weight under the window, right-aligned in the bottom-right corner, sitting on a small inset.
  TextPlacement CornerText(const Font& font, const FrameCell& cell, std::u32string_view text) const {
    const PixelBox box = Box(cell.x, cell.y, cell.size, cell.size);
    const float inset = std::max(2.0f, 0.08f * static_cast<float>(box.x1 - box.x0));
    TextPlacement at;
    at.line_px = cell.corner_size * static_cast<float>(cell_px_);
    at.align = Align::Right;
    at.anchor = static_cast<float>(box.x1) - inset;
    at.left = at.anchor - font.TextWidth(text, at.line_px);
    at.baseline = static_cast<int>(std::lround(static_cast<float>(box.y1) - inset));
    return at;
  }

  // Free text: (x, y) is the anchor; y is the top of the line.
  TextPlacement FreeText(const Font& font, const FrameText& t, std::u32string_view text) const {
    TextPlacement at;
    at.line_px = t.size * static_cast<float>(cell_px_);
    at.align = t.align;
    at.anchor = t.x * static_cast<float>(cell_px_);
    const float text_width = t.align == Align::Left ? 0.0f : font.TextWidth(text, at.line_px);
    at.left = t.align == Align::Left     ? at.anchor
              : t.align == Align::Center ? at.anchor - 0.5f * text_width
                                         : at.anchor - text_width;
    at.baseline = static_cast<int>(std::lround(t.y * static_cast<float>(cell_px_) + font.Ascent(at.line_px)));
    return at;
  }

 private:
  int cell_px_ = 1;
};

}  // namespace convarith
