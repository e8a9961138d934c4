// The frame of "upsampling compared": the input and its source, then per method its output and overlap count map.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

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

// A text's lines at `size` in `width`: the whole text when it fits or nothing may wrap (min_text 0), else broken at
// spaces (a word wider than the column is a line of its own, shrunk to it).
std::vector<std::string> Lines(const TextMeasure& m, const std::string& text, float size, float width, float min_text) {
  if (min_text <= 0 || m.Width(text, size) <= width) return {text};
  std::vector<std::string> lines;
  std::string line;
  size_t from = 0;
  while (from <= text.size()) {
    const size_t space = std::min(text.find(' ', from), text.size());
    const std::string word = text.substr(from, space - from);
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && m.Width(longer, size) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
    from = space + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// The text at (x, y), at least `min_text` tall, on as many lines as it takes (see Lines); each line shrunk to its
// column when long. Returns the lines' count.
int AddText(Frame& f, const CompareFrameOptions& o, float x, float y, float size, const std::string& text, float width,
            float min_text, Align align = Align::Left, bool muted = false) {
  size = std::max(size, min_text);
  const Theme& t = o.theme;
  const std::vector<std::string> lines = Lines(o.measure, text, size, width, min_text);
  for (size_t n = 0; n < lines.size(); ++n) {
    const float w = o.measure.Width(lines[n], size);
    const float fitted = w > width && w > 0 ? size * width / w : size;
    f.texts.push_back({align == Align::Center ? x + width / 2 : x, y + size * static_cast<float>(n), fitted, lines[n],
                       muted ? t.muted : t.foreground, align});
  }
  return static_cast<int>(lines.size());
}

// The overlap map's colour: none in the background, then from the theme's calm low colour (fewest taps) to its high
// one (most).
Rgba CountColour(const Theme& t, double count, double lo, double hi) {
  if (count <= 0) return t.background;
  const double share = hi > lo ? (count - lo) / (hi - lo) : 0.5;
  return detail::Mix(t.overlap_low, t.overlap_high, static_cast<float>(std::clamp(share, 0.0, 1.0)));
}

// Under an overlap map: the bar from the fewest taps to the most, with its two ends written.
void AddCountBar(Frame& f, const Theme& t, const MethodResult& m, float x, float y, float side, float min_text) {
  const double lo = std::max(m.overlap_min, m.overlap_max > 0 ? 1.0 : 0.0);
  const float cell = side * 0.6f / kBarSteps, left = x + side * 0.2f;
  for (int n = 0; n < kBarSteps; ++n) {
    const double v = lo + (m.overlap_max - lo) * n / (kBarSteps - 1);
    f.rects.push_back({left + cell * static_cast<float>(n), y, cell, 0.3f, CountColour(t, std::max(v, 1e-9), lo, m.overlap_max),
                       {0, 0, 0, 0}, 1});
  }
  if (min_text > 0) {  // large numbers: under the bar, at its column's two ends (the column's whole width)
    const float size = std::max(0.3f, min_text);
    f.texts.push_back({x, y + 0.35f, size, FormatDouble(lo), t.foreground, Align::Left});
    f.texts.push_back({x + side, y + 0.35f, size, FormatDouble(m.overlap_max), t.foreground, Align::Right});
    return;
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

// How much taller the texts make each part of the layout when they are at least min_text tall (wrapped titles).
struct GrownText {
  float title = 0;  // the line above everything
  float head = 0;   // the methods' titles and their "output" line over the top row
  float sub = 0;    // the "output" line alone
  float lower = 0;  // the overlap maps' titles
  float bar = 0;    // the count bars' numbers
};

GrownText Grown(const UpsampleComparison& cmp, const CompareFrameOptions& o, const std::string& title, float width) {
  GrownText g;
  const float min = o.min_text;
  if (min <= 0) return g;
  auto height = [&](const std::string& text, float size, float w) {
    size = std::max(size, min);
    return size * static_cast<float>(Lines(o.measure, text, size, w, min).size());
  };
  g.title = std::max(0.0f, height(title, 0.5f, width) - 0.5f);
  float titles = 0, lower = height("source " + SizeText(cmp.source) + " (max-pooled ×" +
                                       std::to_string(cmp.params.factor) + ", " + std::to_string(cmp.params.layers) + "×)",
                                   kTitleSize * 0.9f, o.panel);
  for (const MethodResult& m : cmp.methods) {
    titles = std::max(titles, height(m.title, kTitleSize, o.panel));
    lower = std::max(lower, height(OverlapTitle(m), kTitleSize * 0.9f, o.panel));
  }
  g.sub = std::max(0.0f, std::max(kTitleSize * 0.9f, min) - kTitleSize * 0.9f);
  g.head = std::max(0.0f, titles - kTitleSize) + g.sub;
  g.lower = std::max(0.0f, lower - kTitleSize * 0.9f);
  g.bar = 0.05f + std::max(min, 0.3f);  // the numbers under the bar
  return g;
}

}  // namespace

Frame BuildComparisonFrame(const UpsampleComparison& cmp, const CompareFrameOptions& o) {
  const Theme& t = o.theme;
  const CompareParams& p = cmp.params;
  const float side = o.panel, column = side + kGap, min = o.min_text;
  Frame f;
  f.background = t.background;
  const std::string layers = p.layers == 1 ? "one layer" : std::to_string(p.layers) + " stacked layers";
  const std::string title = !o.title.empty() ? o.title
                                             : "Upsampling compared: ×" + std::to_string(p.factor) + " per layer, " +
                                                   layers + ", on a " + std::string(CompareSourceName(p.source));
  f.width = kMargin * 2 + column * static_cast<float>(1 + cmp.methods.size()) - kGap;
  // What texts at least `min` tall add to the export's layout (all 0 without min_text: its positions unchanged).
  const GrownText grown = Grown(cmp, o, title, f.width - 2 * kMargin);
  AddText(f, o, kMargin, kMargin, 0.5f, title, f.width - 2 * kMargin, min);
  const float top = kMargin + 1.0f + grown.title;
  const float picture_y = top + 0.55f + grown.head;
  // Values on their map's own scale (a constant map in mid gray, so that it shows as a map).
  auto value_colour = [](const Tensor& m) {
    const ValueScale scale = ScaleOf(m.values());
    return [scale](double v) { return scale.min == scale.max ? Rgba{150, 150, 150, 255} : scale.Colour(v); };
  };
  // The top row: the input, then each method's title and output.
  float x = kMargin;
  AddText(f, o, x, top + grown.head - grown.sub, kTitleSize, "input " + SizeText(cmp.input), side, min);
  float top_h = AddPicture(f, cmp.input, Panel::Input, x, picture_y, side, value_colour(cmp.input));
  for (const MethodResult& m : cmp.methods) {
    x += column;
    AddText(f, o, x, top - 0.42f, kTitleSize, m.title, side, min);
    AddText(f, o, x, top + grown.head - grown.sub, kTitleSize * 0.9f, "output " + SizeText(m.output), side, min,
            Align::Left, true);
    top_h = std::max(top_h, AddPicture(f, m.output, Panel::Output, x, picture_y, side, value_colour(m.output)));
  }
  // The lower row: the source the input was max-pooled from, then each method's overlap map and its scale.
  const float lower_title_y = picture_y + top_h + 0.35f;
  const float lower_y = lower_title_y + 0.55f + grown.lower;
  x = kMargin;
  AddText(f, o, x, lower_title_y, kTitleSize * 0.9f,
          "source " + SizeText(cmp.source) + " (max-pooled ×" + std::to_string(p.factor) + ", " +
              std::to_string(p.layers) + "×)",
          side, min, Align::Left, true);
  float bottom = lower_y + AddPicture(f, cmp.source, Panel::Input, x, lower_y, side, value_colour(cmp.source));
  for (const MethodResult& m : cmp.methods) {
    x += column;
    AddText(f, o, x, lower_title_y, kTitleSize * 0.9f, OverlapTitle(m), side, min);
    const float h = AddPicture(f, m.overlap, Panel::Overlap, x, lower_y, side, [&](double v) {
      return CountColour(t, v, std::max(m.overlap_min, 1.0), m.overlap_max);
    });
    AddCountBar(f, t, m, x, lower_y + h + 0.3f, side, min);
    bottom = std::max(bottom, lower_y + h + 0.6f + grown.bar);
  }
  f.grids_bottom = bottom;
  f.height = bottom + kMargin + 0.3f;
  detail::MeasureTexts(f, o.measure);
  return f;
}

}  // namespace convarith
