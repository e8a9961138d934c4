// The frame of "upsampling compared": the input and its source, then per method its output and overlap count map.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "convarith/base/numbers.hpp"
#include "convarith/scene/upsample_compare.hpp"
#include "convarith/scene/value_colours.hpp"
#include "frame_style.hpp"

namespace convarith {

namespace {

constexpr float kMargin = 0.5f;
constexpr float kGap = 0.8f;
constexpr float kTitleSize = 0.34f;
constexpr int kBarSteps = 12;

// How a map is shown: a 1-D map's row repeated so its strip is visible.
int ShownRows(const Tensor& t) { return t.dim(2) == 1 ? std::max(1, t.dim(3) / 8) : t.dim(2); }

// A map as a picture fitted into a panel x panel square at (x, y); returns its height.
float AddPicture(Frame& f, const Tensor& t, Panel panel, float x, float y, float side, auto colour) {
  const int rows = ShownRows(t), cols = t.dim(3);
  auto pixels = std::make_shared<std::vector<Rgba>>(static_cast<size_t>(rows) * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const size_t from = static_cast<size_t>(t.dim(2) == 1 ? 0 : r) * cols + c;
      (*pixels)[static_cast<size_t>(r) * cols + c] = colour(t[from]);
    }
  FrameImage img;
  img.panel = panel;
  img.x = x;
  img.y = y;
  img.rows = rows;
  img.cols = cols;
  img.scale = side / static_cast<float>(std::max(rows, cols));
  img.pixels = std::move(pixels);
  img.roles = panel == Panel::Overlap ? 1u << static_cast<unsigned>(Role::Overlap) : 0u;
  f.images.push_back(img);
  f.rects.push_back({x, y, img.Width(), img.Height(), {0, 0, 0, 0}, f.background == Rgba{255, 255, 255, 255}
                                                                         ? Rgba{160, 160, 160, 255}
                                                                         : Rgba{110, 110, 110, 255}, 1});
  return img.Height();
}

void AddText(Frame& f, const Theme& t, float x, float y, float size, const std::string& text, float width,
             Align align = Align::Left, bool muted = false) {
  // Shrunk to its column when long.
  const float w = detail::TextWidth(text, size);
  const float fitted = w > width && w > 0 ? size * width / w : size;
  f.texts.push_back({align == Align::Center ? x + width / 2 : x, y, fitted, text, muted ? t.muted : t.foreground, align});
}

// The overlap map's colour: none in the background, then from the theme's calm low colour (fewest taps) to its high
// one (most).
Rgba CountColour(const Theme& t, double count, double lo, double hi) {
  if (count <= 0) return t.background;
  const double share = hi > lo ? (count - lo) / (hi - lo) : 0.5;
  return detail::Mix(t.overlap_low, t.overlap_high, static_cast<float>(std::clamp(share, 0.0, 1.0)));
}

// Under an overlap map: the bar from the fewest taps to the most, with its two ends written.
void AddCountBar(Frame& f, const Theme& t, const MethodResult& m, float x, float y, float side) {
  const double lo = std::max(m.overlap_min, m.overlap_max > 0 ? 1.0 : 0.0);
  const float cell = side * 0.6f / kBarSteps, left = x + side * 0.2f;
  for (int n = 0; n < kBarSteps; ++n) {
    const double v = lo + (m.overlap_max - lo) * n / (kBarSteps - 1);
    f.rects.push_back({left + cell * static_cast<float>(n), y, cell, 0.3f, CountColour(t, std::max(v, 1e-9), lo, m.overlap_max),
                       {0, 0, 0, 0}, 1});
  }
  f.texts.push_back({left - 0.15f, y - 0.03f, 0.3f, FormatDouble(lo), t.foreground, Align::Right});
  f.texts.push_back({left + side * 0.6f + 0.15f, y - 0.03f, 0.3f, FormatDouble(m.overlap_max), t.foreground, Align::Left});
}

std::string SizeText(const Tensor& t) {
  return t.dim(2) == 1 ? std::to_string(t.dim(3)) : std::to_string(t.dim(2)) + "×" + std::to_string(t.dim(3));
}

std::string OverlapTitle(const MethodResult& m) {
  const bool even = m.overlap_min == m.overlap_max;
  return "overlap: " + (even ? FormatDouble(m.overlap_max) : FormatDouble(m.overlap_min) + " to " + FormatDouble(m.overlap_max)) +
         " taps per cell";
}

}  // namespace

Frame BuildComparisonFrame(const UpsampleComparison& cmp, const CompareFrameOptions& o) {
  const Theme& t = o.theme;
  const CompareParams& p = cmp.params;
  const float side = o.panel, column = side + kGap;
  Frame f;
  f.background = t.background;
  const std::string layers = p.layers == 1 ? "one layer" : std::to_string(p.layers) + " stacked layers";
  const std::string title = !o.title.empty() ? o.title
                                             : "Upsampling compared: ×" + std::to_string(p.factor) + " per layer, " +
                                                   layers + ", on a " + std::string(CompareSourceName(p.source));
  f.width = kMargin * 2 + column * static_cast<float>(1 + cmp.methods.size()) - kGap;
  AddText(f, t, kMargin, kMargin, 0.5f, title, f.width - 2 * kMargin);
  const float top = kMargin + 1.0f;
  const float picture_y = top + 0.55f;
  // Values on their map's own scale (a constant map in mid gray, so that it shows as a map).
  auto value_colour = [](const Tensor& m) {
    const ValueScale scale = ScaleOf(m.values());
    return [scale](double v) { return scale.min == scale.max ? Rgba{150, 150, 150, 255} : scale.Colour(v); };
  };
  // The top row: the input, then each method's title and output.
  float x = kMargin;
  AddText(f, t, x, top, kTitleSize, "input " + SizeText(cmp.input), side);
  float top_h = AddPicture(f, cmp.input, Panel::Input, x, picture_y, side, value_colour(cmp.input));
  for (const MethodResult& m : cmp.methods) {
    x += column;
    AddText(f, t, x, top - 0.42f, kTitleSize, m.title, side);
    AddText(f, t, x, top, kTitleSize * 0.9f, "output " + SizeText(m.output), side, Align::Left, true);
    top_h = std::max(top_h, AddPicture(f, m.output, Panel::Output, x, picture_y, side, value_colour(m.output)));
  }
  // The lower row: the source the input was max-pooled from, then each method's overlap map and its scale.
  const float lower_title_y = picture_y + top_h + 0.35f;
  const float lower_y = lower_title_y + 0.55f;
  x = kMargin;
  AddText(f, t, x, lower_title_y, kTitleSize * 0.9f,
          "source " + SizeText(cmp.source) + " (max-pooled ×" + std::to_string(p.factor) + ", " +
              std::to_string(p.layers) + "×)",
          side, Align::Left, true);
  float bottom = lower_y + AddPicture(f, cmp.source, Panel::Input, x, lower_y, side, value_colour(cmp.source));
  for (const MethodResult& m : cmp.methods) {
    x += column;
    AddText(f, t, x, lower_title_y, kTitleSize * 0.9f, OverlapTitle(m), side);
    const float h = AddPicture(f, m.overlap, Panel::Overlap, x, lower_y, side, [&](double v) {
      return CountColour(t, v, std::max(m.overlap_min, 1.0), m.overlap_max);
    });
    AddCountBar(f, t, m, x, lower_y + h + 0.3f, side);
    bottom = std::max(bottom, lower_y + h + 0.6f);
  }
  f.grids_bottom = bottom;
  f.height = bottom + kMargin + 0.3f;
  return f;
}

}  // namespace convarith
