// The light (the paper's colours) and dark themes, and the colour helpers of the frame builder.
#include <algorithm>
#include <cmath>

#include "frame_style.hpp"

namespace convarith {

Theme LightTheme() {
  Theme t;
  t.background = {255, 255, 255, 255};
  t.foreground = {33, 37, 41, 255};
  t.muted = {108, 117, 125, 255};
  t.input = {38, 139, 210, 255};  // the paper's input blue
  t.padding = {240, 240, 240, 255};
  t.inserted_zero = {170, 208, 245, 255};  // apart from the outputs to come (214, 238, 236) in the legend
  t.extra_zero = {250, 221, 178, 255};
  t.uncovered = {150, 160, 170, 255};
  t.kernel_shade = {8, 28, 48, 120};
  t.kernel = {88, 110, 117, 255};
  t.output_done = {42, 161, 152, 255};  // the paper's output cyan
  t.output_current = {16, 96, 90, 255};
  t.output_pending = {214, 238, 236, 255};
  t.overlap_low = {255, 247, 236, 255};
  t.overlap_high = {215, 48, 31, 255};
  t.highlight = {255, 176, 0, 255};
  t.winner = {220, 50, 47, 255};
  t.grid_line = {90, 98, 106, 255};
  return t;
}

Theme DarkTheme() {
  Theme t = LightTheme();
  t.background = {24, 26, 30, 255};
  t.foreground = {230, 232, 235, 255};
  t.muted = {150, 156, 165, 255};
  t.padding = {48, 52, 58, 255};
  t.inserted_zero = {40, 70, 96, 255};
  t.extra_zero = {110, 78, 36, 255};
  t.uncovered = {84, 92, 100, 255};
  t.kernel_shade = {0, 0, 0, 130};
  t.kernel = {120, 140, 150, 255};
  t.output_current = {120, 220, 210, 255};
  t.output_pending = {30, 60, 58, 255};
  t.overlap_low = {40, 36, 34, 255};
  t.grid_line = {120, 128, 136, 255};
  return t;
}

LegendEntry LinkLegendEntry(const Theme& theme) {
  LegendEntry entry{"hovered / linked", theme.background, theme.highlight, false, true};
  entry.kind = LegendKind::Link;
  return entry;
}

namespace detail {

Rgba Blend(Rgba under, Rgba over) {
  const float a = over.a / 255.0f;
  auto ch = [a](uint8_t u, uint8_t o) { return static_cast<uint8_t>(std::lround(u * (1 - a) + o * a)); };
  return {ch(under.r, over.r), ch(under.g, over.g), ch(under.b, over.b), 255};
}

Rgba Mix(Rgba a, Rgba b, float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  auto ch = [t](uint8_t x, uint8_t y) { return static_cast<uint8_t>(std::lround(x + (y - x) * t)); };
  return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}

Rgba TextColorOn(Rgba fill) {
  const float luminance = 0.2126f * fill.r + 0.7152f * fill.g + 0.0722f * fill.b;
  return luminance > 150 ? Rgba{20, 24, 28, 255} : Rgba{255, 255, 255, 255};
}

void MeasureTexts(Frame& f, const TextMeasure& m) {
  for (FrameText& t : f.texts) t.width = m.Width(t.text, t.size);
}

}  // namespace detail

float EstimatedTextWidth(std::string_view text, float size) {
  int code_points = 0;
  for (unsigned char ch : text) code_points += (ch & 0xC0) != 0x80;
  return 0.6f * size * static_cast<float>(code_points);
}

float TextMeasure::Width(std::string_view text, float size) const {
  return width ? width(text, size) : EstimatedTextWidth(text, size);
}

}  // namespace convarith
