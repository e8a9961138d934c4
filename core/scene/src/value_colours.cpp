// Values as colours: the gray and diverging scales, the role tints of value mode and the legend's colour bars.
#include "convarith/scene/value_colours.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "frame_build.hpp"
#include "frame_layout.hpp"
#include "frame_style.hpp"

namespace convarith {

std::string_view ColourByName(ColourBy mode) { return mode == ColourBy::Value ? "value" : "role"; }

std::optional<ColourBy> ParseColourBy(std::string_view name) {
  if (name == "role") return ColourBy::Role;
  if (name == "value") return ColourBy::Value;
  return std::nullopt;
}

std::string_view ChannelLayoutName(ChannelLayout layout) {
  switch (layout) {
    case ChannelLayout::All: return "all";
    case ChannelLayout::Focus: return "focus";
    case ChannelLayout::Depth: return "3d";
    case ChannelLayout::Auto: break;
  }
  return "auto";
}

std::optional<ChannelLayout> ParseChannelLayout(std::string_view name) {
  if (name == "auto") return ChannelLayout::Auto;
  if (name == "all") return ChannelLayout::All;
  if (name == "focus") return ChannelLayout::Focus;
  if (name == "3d") return ChannelLayout::Depth;
  return std::nullopt;
}

ColourBy DefaultColourBy(const Computation& c, bool picture) {
  if (picture) return ColourBy::Value;
  const auto in = c.canvas.dims;
  const auto& out = c.output_shape;
  const long long largest = std::max(static_cast<long long>(in[1]) * in[2], static_cast<long long>(out[1]) * out[2]);
  return largest > kNumbersCellLimit ? ColourBy::Value : ColourBy::Role;
}

namespace {

// The diverging scale (ColorBrewer's RdBu, reversed): blue for negative, white at 0, red for positive.
constexpr std::array<Rgba, 5> kDiverging{{{33, 102, 172, 255},
                                          {146, 197, 222, 255},
                                          {247, 247, 247, 255},
                                          {244, 165, 130, 255},
                                          {178, 24, 43, 255}}};
constexpr int kHalf = (ValueScale::kLevels - 1) / 2;  // diverging: levels 0 .. 2 * kHalf, 0 at kHalf

}  // namespace

int ValueScale::Level(double v) const {
  if (!std::isfinite(v)) return diverging ? kHalf : 0;
  if (diverging) {
    const double t = std::clamp(v / hi, -1.0, 1.0);
    return kHalf + static_cast<int>(std::lround(t * kHalf));
  }
  const double t = std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
  return static_cast<int>(std::lround(t * (kLevels - 1)));
}

Rgba ValueScale::LevelColour(int level) const {
  if (!diverging) {
    const auto g = static_cast<uint8_t>(std::clamp(level, 0, kLevels - 1));
    return {g, g, g, 255};
  }
  const float t = static_cast<float>(std::clamp(level, 0, 2 * kHalf)) / static_cast<float>(kHalf) * 2.0f;  // 0 .. 4
  const int segment = std::min(3, static_cast<int>(t));
  return detail::Mix(kDiverging[static_cast<size_t>(segment)], kDiverging[static_cast<size_t>(segment + 1)],
                     t - static_cast<float>(segment));
}

Rgba ValueScale::Colour(double v) const { return LevelColour(Level(v)); }

ValueScale ScaleOf(const std::vector<double>& values) {
  ValueScale s;
  bool any = false;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    s.min = any ? std::min(s.min, v) : v;
    s.max = any ? std::max(s.max, v) : v;
    any = true;
  }
  s.diverging = any && s.min < 0;
  if (s.diverging) {
    const double m = std::max(std::abs(s.min), std::abs(s.max));
    s.lo = -m;
    s.hi = m;
  } else {
    s.lo = 0;
    s.hi = any && s.max > 0 ? s.max : 1;
  }
  return s;
}

Rgba ValueKernelTint(const Theme& theme) {
  (void)theme;
  return {30, 200, 90, 115};
}

Rgba ValueCurrentTint(const Theme& theme) {
  (void)theme;
  return {150, 60, 230, 130};
}

Rgba ValueFill(const Theme& t, const ValueScale& scale, Role role, double value, bool under_kernel) {
  Rgba fill = scale.Colour(value);
  switch (role) {
    case Role::OutputPending: fill = t.output_pending; break;
    case Role::Padding: fill = detail::Mix(fill, t.padding, 0.35f); break;
    case Role::InsertedZero: fill = detail::Mix(fill, t.inserted_zero, 0.45f); break;
    case Role::ExtraZero: fill = detail::Mix(fill, t.extra_zero, 0.6f); break;  // apart from padding
    case Role::Uncovered: fill = detail::Mix(fill, t.uncovered, 0.5f); break;
    default: break;
  }
  if (role == Role::OutputCurrent) {
    fill = detail::Blend(fill, ValueCurrentTint(t));
  } else if (under_kernel) {
    fill = detail::Blend(fill, ValueKernelTint(t));
  }
  return fill;
}

LegendEntry ColourBarEntry(const std::string& name, const ValueScale& scale, int steps) {
  LegendEntry e;
  e.name = name;
  steps = std::max(steps, 2);
  const int top = scale.diverging ? 2 * kHalf : ValueScale::kLevels - 1;
  for (int n = 0; n < steps; ++n) e.bar.push_back(scale.LevelColour(static_cast<int>(std::lround(1.0 * n * top / (steps - 1)))));
  e.low = FormatValue(scale.lo);
  e.high = FormatValue(scale.hi);
  e.stroke = {90, 98, 106, 255};
  return e;
}

namespace detail {

namespace {
constexpr float kBarWidth = 2.4f;
constexpr float kGap = 0.18f;
}  // namespace

float LegendEntryWidth(const TextMeasure& m, const LegendEntry& e, float size, float swatch) {
  if (e.bar.empty()) return swatch + kGap + m.Width(e.name, size) + 0.6f;
  return m.Width(e.name, size) + kGap + m.Width(e.low, size) + kGap / 2 + kBarWidth + kGap / 2 +
         m.Width(e.high, size) + 0.6f;
}

void SetScales(Plan& p) {
  p.by_value = p.o.colour_by == ColourBy::Value;
  if (!p.by_value) return;
  const Computation& c = p.c;
  const bool associated = p.view == View::Associated;
  const Tensor& out = p.view == View::Equivalent ? c.output_equivalent : c.output;
  p.left_scale = ScaleOf(associated ? out.values() : c.input.values());
  p.right_scale = ScaleOf(associated ? c.input.values() : out.values());
  const bool backward = p.o.pass == Pass::Backward;
  const GradNames names = NamesOf(p.o);
  const std::string x = backward ? std::string(names.left) : "input", y = backward ? std::string(names.right) : "output";
  p.left_values = associated ? y : x;
  p.right_values = associated ? x : y;
  if (p.has_kernel) p.kernel_scale = ScaleOf(c.weight.values());
}

Rgba CellFill(const Plan& p, Panel panel, Role role, double value, bool under_kernel) {
  const Theme& t = p.o.theme;
  // The Associated view's right grid holds positions, not values (see AddRightMap): its role colours.
  if (!p.by_value || role == Role::Overlap || (p.view == View::Associated && panel == Panel::Output)) {
    const Rgba own = RoleFill(t, role);
    return under_kernel ? Blend(own, t.kernel_shade) : own;
  }
  const ValueScale& scale = panel == Panel::Kernel ? p.kernel_scale : panel == Panel::Output ? p.right_scale : p.left_scale;
  return ValueFill(t, scale, role, value, under_kernel);
}

Rgba OverlapFill(const Theme& t, double count, double max_count) {
  const double share = max_count > 1 ? (count - 1) / (max_count - 1) : 0.0;
  return Mix(t.overlap_low, t.overlap_high, static_cast<float>(std::clamp(share, 0.0, 1.0)));
}

LegendEntry OverlapBar(const Plan& p) {
  const Tensor& g = p.c.overlap;
  const double max_count = g.empty() ? 1.0 : std::max(1.0, *std::max_element(g.values().begin(), g.values().end()));
  LegendEntry e;
  e.name = std::string(RoleName(Role::Overlap));
  const int steps = max_count > 1 ? std::min(24, static_cast<int>(max_count)) : 1;
  for (int n = 0; n < steps; ++n) {
    e.bar.push_back(OverlapFill(p.o.theme, steps > 1 ? 1 + (max_count - 1) * n / (steps - 1) : 1.0, max_count));
  }
  e.low = "1";
  e.high = FormatValue(max_count);
  e.stroke = p.o.theme.grid_line;
  return e;
}

Rgba KernelOverlay(const Plan& p) { return p.by_value ? ValueKernelTint(p.o.theme) : p.o.theme.kernel_shade; }

Rgba CurrentOverlay(const Plan& p) {
  return p.by_value ? ValueCurrentTint(p.o.theme) : RoleFill(p.o.theme, Role::OutputCurrent);
}

void AddColourBars(std::vector<LegendEntry>& entries, const Plan& p, bool kernel_panel) {
  if (!p.by_value) return;
  const size_t first = entries.size();
  entries.push_back(ColourBarEntry(p.left_values, p.left_scale));
  if (kernel_panel) entries.push_back(ColourBarEntry("kernel", p.kernel_scale));
  if (p.view != View::Associated) entries.push_back(ColourBarEntry(p.right_values, p.right_scale));
  for (size_t n = first; n < entries.size(); ++n) entries[n].stroke = p.o.theme.grid_line;
}

bool RoleShownByBar(const Plan& p, Role role) {
  if (p.view == View::Associated && role != Role::Input) return false;
  return p.by_value && (role == Role::Input || role == Role::Kernel || role == Role::OutputDone);
}

Rgba LegendFill(const Plan& p, Role role) {
  const bool output = role == Role::OutputDone || role == Role::OutputCurrent || role == Role::OutputPending;
  if (!p.by_value || (p.view == View::Associated && output)) return RoleFill(p.o.theme, role);
  // A role's tint over the middle of a gray scale (padding and zeros: over 0, the value they hold).
  ValueScale mid;
  const bool zero = role == Role::Padding || role == Role::InsertedZero || role == Role::ExtraZero;
  return ValueFill(p.o.theme, mid, role, zero ? 0.0 : 0.5, false);
}

Rgba KernelSwatch(const Plan& p) {
  if (!p.by_value) return Blend(p.o.theme.input, p.o.theme.kernel_shade);
  ValueScale mid;
  return ValueFill(p.o.theme, mid, Role::Input, 0.5, true);
}

void AddLegendEntry(Frame& f, const TextMeasure& m, const LegendEntry& e, float x, float y, float size, float swatch, Rgba text) {
  if (e.bar.empty()) {
    f.rects.push_back({x, y + 0.04f, swatch, swatch, e.fill, e.stroke, e.outline ? 3.0f : 1.0f, e.dashed});
    f.texts.push_back({x + swatch + kGap, y, size, e.name, text, Align::Left});
    return;
  }
  f.texts.push_back({x, y, size, e.name, text, Align::Left});
  x += m.Width(e.name, size) + kGap;
  f.texts.push_back({x, y, size, e.low, text, Align::Left});
  x += m.Width(e.low, size) + kGap / 2;
  const float step = kBarWidth / static_cast<float>(e.bar.size());
  for (size_t n = 0; n < e.bar.size(); ++n) {
    f.rects.push_back({x + step * static_cast<float>(n), y + 0.04f, step, swatch, e.bar[n], Rgba{0, 0, 0, 0}, 1.0f, false});
  }
  f.rects.push_back({x, y + 0.04f, kBarWidth, swatch, Rgba{0, 0, 0, 0}, e.stroke, 1.0f, false});
  x += kBarWidth + kGap / 2;
  f.texts.push_back({x, y, size, e.high, text, Align::Left});
}

}  // namespace detail
}  // namespace convarith
