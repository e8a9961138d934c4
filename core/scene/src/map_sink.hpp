// Internal to the frame builder: where a map's cells go (MapSink: cells, or a picture with cells over its visible
// part) and the small helpers every map builder shares (a cell's place, fill and text).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "frame_layout.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

// A value's text in a cell, or none when the frame shows no numbers.
inline std::string ValueText(const FrameOptions& o, double v) { return o.numbers ? FormatValue(v) : std::string(); }
// Symbols (FrameOptions::symbols): the name of the value a cell shows ("x₁₂", "w⁽¹,⁰⁾₁₁", "∂L/∂y₂₁"), empty for a
// cell without one (zeros); frame_text.cpp.
std::string SymbolOf(const Plan& p, const FrameCell& cell);
// What a cell says: its symbol in symbol mode (a zero keeps its 0), else its value (or nothing without numbers).
inline std::string CellText(const Plan& p, const FrameCell& cell) {
  if (p.o.symbols) {
    std::string s = SymbolOf(p, cell);
    if (!s.empty()) return s;
  }
  return ValueText(p.o, cell.value);
}

// A cell's colours and text size from its fill (dimmed cells mixed into the background).
inline void StyleCell(FrameCell& cell, const FrameOptions& o, Rgba fill) {
  const Theme& t = o.theme;
  if (cell.dimmed) fill = Mix(fill, t.background, 0.6f);
  cell.fill = fill;
  cell.border = t.grid_line;
  cell.text_color = TextColorOn(fill);
  cell.corner_color = cell.text_color;
  if (!cell.text.empty()) cell.text_size = FitTextSize(o.measure, cell.text, 0.42f, 0.86f);
}

// The flat index of (ch, z, row, col) in a (C, D, H, W) tensor.
inline size_t Flat(const Tensor& t, int ch, const std::array<int, 3>& at) {
  return ((static_cast<size_t>(ch) * t.shape()[1] + at[0]) * t.shape()[2] + at[1]) * t.shape()[3] + at[2];
}

// A gather view's output role at `index` when step `current` is drawn.
inline Role OutputRole(int index, int current) {
  if (index < current) return Role::OutputDone;
  if (index == current) return Role::OutputCurrent;
  return Role::OutputPending;
}

// Where a map's cells go: all of them as FrameCells, or (a map over FrameOptions::detail_limit) a FrameImage with
// FrameCells only over the visible part, when that part is small enough to read. In the gather views, the scatter
// view's input and every overlap map the picture holds what every step shares; the scatter view's output picture
// holds the outputs as they were at an earlier step (Plan::rebase). Both come from the view's slot of the FrameCache
// while it holds; the step is drawn over them (StepRect), leaving out the cells drawn as FrameCells, which carry it
// themselves. The Associated view's pictures carry the step in their pixels.
class MapSink {
 public:
  MapSink(Frame& f, const Plan& p, const PanelBox& at) : f_(f), p_(p), at_(at), first_(f.cells.size()) {
    const FrameOptions& o = p.o;
    if (at.only) {  // a few cells, no picture (and nothing to or from the picture cache)
      restricted_ = true;
      r0_ = std::max(0, (*at.only)[0]);
      c0_ = std::max(0, (*at.only)[1]);
      r1_ = std::min(at.rows - 1, (*at.only)[2]);
      c1_ = std::min(at.cols - 1, (*at.only)[3]);
      return;
    }
    // A thumbnail (focus layout) is always a picture where pictures are drawn: too small for numbers.
    image_ = o.detail_limit > 0 && (static_cast<long long>(at.rows) * at.cols > o.detail_limit || at.scale < 1.0f);
    r0_ = c0_ = 0;
    r1_ = at.rows - 1;
    c1_ = at.cols - 1;
    if (!image_) return;
    shared_ = p.gather || p.view == View::Scatter || at.panel == Panel::Overlap;
    const bool based = p.view == View::Scatter && at.panel == Panel::Output;
    FrameImage img;
    img.panel = at.panel;
    img.channel = at.channel;
    img.z = at.z;
    img.x = at.x;
    img.y = at.y;
    img.rows = at.rows;
    img.cols = at.cols;
    image_index_ = f.images.size();
    PictureSlot* cache = p.pictures;
    if (shared_ && cache && image_index_ < cache->pixels.size() && cache->pixels[image_index_] && !(based && p.rebase)) {
      img.pixels = cache->pixels[image_index_];
      img.roles = cache->roles[image_index_];
      fill_ = false;
    } else {
      pixels_.assign(static_cast<size_t>(at.rows) * at.cols, Rgba{});
    }
    f.images.push_back(std::move(img));
    r1_ = c1_ = -1;
    if (o.visible && at.scale == 1.0f) {
      const auto& v = *o.visible;
      r0_ = std::max(0, static_cast<int>(std::floor(v[1] - at.y)));
      c0_ = std::max(0, static_cast<int>(std::floor(v[0] - at.x)));
      r1_ = std::min(at.rows - 1, static_cast<int>(std::ceil(v[1] + v[3] - at.y)) - 1);
      c1_ = std::min(at.cols - 1, static_cast<int>(std::ceil(v[0] + v[2] - at.x)) - 1);
      const long long visible = static_cast<long long>(std::max(0, r1_ - r0_ + 1)) * std::max(0, c1_ - c0_ + 1);
      if (visible > o.visible_cells) r1_ = -1;  // too many to read: the picture alone
    }
  }
  ~MapSink() {
    if (!image_ || !fill_) return;
    auto pixels = std::make_shared<const std::vector<Rgba>>(std::move(pixels_));
    f_.images[image_index_].pixels = pixels;
    f_.images[image_index_].roles = roles_;
    PictureSlot* cache = p_.pictures;
    if (shared_ && cache) {
      if (image_index_ >= cache->pixels.size()) {
        cache->pixels.resize(image_index_ + 1);
        cache->roles.resize(image_index_ + 1);
      }
      cache->pixels[image_index_] = pixels;
      cache->roles[image_index_] = roles_;
    }
  }
  MapSink(const MapSink&) = delete;
  MapSink& operator=(const MapSink&) = delete;

  bool image() const { return image_; }
  // The picture does not carry the step (see above): the step goes on top as rects.
  bool shared() const { return shared_; }
  // Every cell has to be visited (cells, or a picture to fill); otherwise only the emitted ones.
  bool visit_all() const { return image_ ? fill_ && !pixels_done_ : !restricted_; }
  // The picture has to be drawn (not taken from the cache).
  bool needs_pixels() const { return image_ && fill_; }
  // Its pixels are all drawn (a pass over the picture): cells are then visited only where they are emitted.
  void PixelsDone() { pixels_done_ = true; }
  Rgba* PixelRow(int r) { return &pixels_[static_cast<size_t>(r) * static_cast<size_t>(at_.cols)]; }
  void AddRoles(uint32_t roles) { roles_ |= roles; }
  int first_row() const { return visit_all() ? 0 : std::max(r0_, 0); }
  int last_row() const { return visit_all() ? at_.rows - 1 : r1_; }
  int first_col() const { return visit_all() ? 0 : std::max(c0_, 0); }
  int last_col() const { return visit_all() ? at_.cols - 1 : c1_; }
  bool Emit(int r, int c) const { return r >= r0_ && r <= r1_ && c >= c0_ && c <= c1_; }
  // Index in f.cells of the emitted cell (r, c), or -1.
  long long CellIndex(int r, int c) const {
    if (!Emit(r, c)) return -1;
    return static_cast<long long>(first_) + static_cast<long long>(r - r0_) * (c1_ - c0_ + 1) + (c - c0_);
  }
  void Pixel(int r, int c, Rgba fill, Role role) {
    if (!fill_) return;
    pixels_[static_cast<size_t>(r) * at_.cols + c] = fill;
    roles_ |= 1u << static_cast<unsigned>(role);
  }
  // The rectangle of cells [r0, r1] x [c0, c1] filled with `fill` (alpha blended), minus the emitted cells.
  void StepRect(int r0, int c0, int r1, int c1, Rgba fill) {
    if (!image_ || r1 < r0 || c1 < c0) return;
    auto add = [&](int a0, int b0, int a1, int b1) {
      if (a1 < a0 || b1 < b0) return;
      f_.rects.push_back({at_.x + static_cast<float>(b0), at_.y + static_cast<float>(a0), static_cast<float>(b1 - b0 + 1),
                          static_cast<float>(a1 - a0 + 1), fill, Rgba{0, 0, 0, 0}, 1.0f, false});
    };
    const int e0 = std::max(r0, r0_), e1 = std::min(r1, r1_), g0 = std::max(c0, c0_), g1 = std::min(c1, c1_);
    if (e1 < e0 || g1 < g0) return add(r0, c0, r1, c1);  // no emitted cell inside
    add(r0, c0, e0 - 1, c1);
    add(e1 + 1, c0, r1, c1);
    add(e0, c0, e1, g0 - 1);
    add(e0, g1 + 1, e1, c1);
  }

 private:
  Frame& f_;
  const Plan& p_;
  const PanelBox& at_;
  size_t first_;
  bool image_ = false, shared_ = false, fill_ = true, pixels_done_ = false, restricted_ = false;
  size_t image_index_ = 0;
  std::vector<Rgba> pixels_;
  uint32_t roles_ = 0;
  int r0_ = 0, r1_ = -1, c0_ = 0, c1_ = -1;
};

// A picture pixel that carries the step itself (scatter views): the cell's fill, dimmed and hover-tinted.
inline Rgba StepPixel(const Theme& t, Rgba fill, bool dimmed, bool highlighted) {
  Rgba px = dimmed ? Mix(fill, t.background, 0.6f) : fill;
  return highlighted ? Mix(px, t.highlight, 0.55f) : px;
}

// A cell's place: its panel, map and position in the map, and its square in the frame.
inline void Place(FrameCell& cell, Panel panel, const PanelBox& at, int r, int col) {
  cell.panel = panel;
  cell.channel = at.channel;
  cell.z = at.z;
  cell.row = r;
  cell.col = col;
  cell.x = at.x + static_cast<float>(col);
  cell.y = at.y + static_cast<float>(r);
}

// A colour with its alpha set (0..1).
inline Rgba WithAlpha(Rgba c, float alpha) {
  c.a = static_cast<uint8_t>(std::lround(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
  return c;
}

}  // namespace convarith::detail
