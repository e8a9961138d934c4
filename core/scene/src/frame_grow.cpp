// Texts grown to a least height (FrameOptions::min_text): the app's labels never smaller than its UI text, laid out
// here so that the app draws what the frame says.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "frame_style.hpp"

namespace convarith::detail {
namespace {

// A text's box once grown (cell units), and how far it moved up to clear the text under it.
struct GrownBox {
  float x0 = 0, x1 = 0, top = 0, bottom = 0;
  float lift = 0;
};

// Each text grown from its baseline; from the bottom up, a text right above another (no room for a cell between
// them: a wrapped label's lines, a map's name under its stack's label) moves up to clear that one's grown top.
std::vector<GrownBox> GrownBoxes(const Frame& f, float min_text) {
  const size_t n = f.texts.size();
  std::vector<GrownBox> box(n);
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i) {
    const FrameText& t = f.texts[i];
    if (t.text.empty() || t.size <= 0) continue;
    const float grown = std::max(t.size, min_text);
    const float w = t.width * grown / t.size;
    const float x0 = t.align == Align::Left ? t.x : t.align == Align::Center ? t.x - w * 0.5f : t.x - w;
    box[i] = GrownBox{x0, x0 + w, t.y + t.size - grown, t.y + t.size, 0.0f};
    order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return box[a].bottom > box[b].bottom; });
  for (size_t k = 0; k < order.size(); ++k) {
    GrownBox& a = box[order[k]];
    const FrameText& at = f.texts[order[k]];
    for (size_t m = 0; m < k; ++m) {
      const GrownBox& b = box[order[m]];
      const float gap = f.texts[order[m]].y - at.y - at.size;  // nominal: from a's bottom down to b's top
      if (gap < -0.01f || gap > 0.5f || b.x1 <= a.x0 || a.x1 <= b.x0) continue;
      a.lift = std::max(a.lift, at.y + at.size + gap - b.top);  // b.top is already lifted
    }
    a.top -= a.lift;
    a.bottom -= a.lift;
  }
  return box;
}

// The room (cell units) a left-aligned text has to its right on the rows [top, bottom) it takes when grown: up to the
// frame's edge, the next text on its line, or the grid beside it (cells, pictures).
float RoomRight(const Frame& f, const FrameText& text, float top, float bottom) {
  float right = f.width;
  auto beside = [&](float x, float y0, float y1) {
    if (x > text.x && y0 < bottom && y1 > top) right = std::min(right, x);
  };
  for (const FrameText& other : f.texts) {
    if (&other == &text || other.text.empty()) continue;
    if (std::abs(other.y - text.y) < std::max(other.size, text.size)) beside(other.x, top, bottom);
  }
  for (const FrameImage& image : f.images) beside(image.x, image.y, image.y + image.Height());
  for (const FrameCell& cell : f.cells) beside(cell.x, cell.y, cell.y + cell.size);
  return right - text.x;
}

}  // namespace

void GrowTexts(Frame& f, float min_text) {
  if (min_text <= 0) return;
  const std::vector<GrownBox> box = GrownBoxes(f, min_text);
  std::vector<FrameText> grown = f.texts;
  for (size_t i = 0; i < f.texts.size(); ++i) {
    const FrameText& t = f.texts[i];
    if (t.text.empty() || t.size <= 0) continue;
    float size = std::max(t.size, min_text);
    if (size > t.size && t.align == Align::Left && t.width > 0) {
      // Grown past what is beside it (the next grid's label, the next grid): it keeps the room it has, at most.
      const float bottom = t.y + t.size - box[i].lift;
      const float room = RoomRight(f, t, bottom - size, bottom);
      const float wide = t.width * size / t.size;
      if (wide > room * 0.97f) size = std::max(t.size, size * room * 0.97f / wide);
    }
    FrameText& g = grown[i];
    g.y = t.y + t.size - size - box[i].lift;  // the baseline kept (less the lift)
    g.width = t.width * size / t.size;
    g.size = size;
  }
  f.texts = std::move(grown);
  for (const FrameText& t : f.texts) {
    const float right = t.align == Align::Left ? t.x + t.width : t.align == Align::Center ? t.x + t.width / 2 : t.x;
    f.width = std::max(f.width, right);
  }
}

}  // namespace convarith::detail
