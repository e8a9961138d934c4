// Values as colours: the colour scales of FrameOptions::colour_by = Value (gray for pictures and non-negative maps, a
// diverging scale centred on 0 for signed maps), the role tints laid over them, and the legend's colour bars.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/scene/frame.hpp"

namespace convarith {

std::string_view ColourByName(ColourBy mode);              // role | value
std::optional<ColourBy> ParseColourBy(std::string_view name);
std::string_view ChannelLayoutName(ChannelLayout layout);        // auto | all | focus | 3d
std::optional<ChannelLayout> ParseChannelLayout(std::string_view name);

// Maps with more cells than this are too large for numbers (the app draws them as pictures): value colours by default.
inline constexpr long long kNumbersCellLimit = 64 * 64;
// The colour mode a computation opens in: value for a picture (`picture`) or when a map of the input or output has
// more than kNumbersCellLimit cells; role (the paper's colours) otherwise.
ColourBy DefaultColourBy(const Computation& c, bool picture);

// One map's values on a colour scale. Non-negative values: gray from black (0) to white (the largest value); signed
// values: blue (negative) through white (0) to red (positive), symmetric about 0. Colours come in kLevels steps.
struct ValueScale {
  static constexpr int kLevels = 256;  // the scale's resolution: distinct colours at most
  double lo = 0, hi = 1;               // the scale's ends (gray: 0 and the largest value; diverging: -m and m)
  double min = 0, max = 0;             // the values it was made from
  bool diverging = false;
  // The level (0 .. kLevels - 1) of a value, clamped to the scale.
  int Level(double v) const;
  Rgba Colour(double v) const;
  Rgba LevelColour(int level) const;
};
// The scale for a map's values (NaN and infinities are left out).
ValueScale ScaleOf(const std::vector<double>& values);

// A cell's fill in value mode: the value's colour, with what the cell is kept visible as a tint (padding and inserted
// or extra zeros lightened towards their role colour, cells no kernel reads grayed, the kernel window green); outputs
// still to come keep their role colour (their values are not known yet).
Rgba ValueFill(const Theme& theme, const ValueScale& scale, Role role, double value, bool under_kernel);
// The tint over the cells under the kernel in value mode (alpha blended).
Rgba ValueKernelTint(const Theme& theme);
// Value mode: the tint of the current output, violet (neither the kernel window's green nor on the value scales), so
// that the legend's two swatches differ.
Rgba ValueCurrentTint(const Theme& theme);

// A legend line that is a colour bar: `name`, the scale's colours from low to high (`steps` of them), its ends' values.
LegendEntry ColourBarEntry(const std::string& name, const ValueScale& scale, int steps = 24);

namespace detail {
// The width (cell units, measured by `m`) of a legend line at text size `size` with a swatch of `swatch`: a colour bar's low value,
// bar and high value, or a swatch and name.
float LegendEntryWidth(const TextMeasure& m, const LegendEntry& e, float size, float swatch);
// Draws a legend line at (x, y) as frame rects and texts (a colour bar: the name, the low value, the bar of rects,
// the high value; otherwise the swatch and the name).
void AddLegendEntry(Frame& f, const TextMeasure& m, const LegendEntry& e, float x, float y, float size, float swatch, Rgba text);
}  // namespace detail

}  // namespace convarith
