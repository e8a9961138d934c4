// Internal to the frame builder: the plan of one frame (what the step shows and highlights) and its map builders.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "convarith/scene/frame.hpp"
#include "frame_cache.hpp"
#include "convarith/scene/value_colours.hpp"

namespace convarith::detail {

// One 2-D map of a panel (a channel's depth slice) placed in the frame (cell units), size in cells.
struct PanelBox {
  Panel panel;
  float x = 0, y = 0;
  int rows = 0, cols = 0;
  int channel = 0, z = 0;
  int kernel_col = 0;  // kernel panel: the weight's second index
  float scale = 1;     // the side of one cell, cell units (< 1: a thumbnail, drawn without numbers; > 1: enlarged)
  bool hidden = false;  // focus layout: a map neither large nor in its strip (past "+N more"): not drawn
  bool thumb_of_focus = false;  // focus layout: the thumbnail of the map drawn large (outlined in its strip)
  // Only these cells (r0, c0, r1, c1), as cells, never a picture (the 3-D view reads a slice's first row and last
  // column: building the whole map for them cost 9x the focus layout's frame at 16 maps of 64x64).
  std::optional<std::array<int, 4>> only = std::nullopt;
  float Width() const { return static_cast<float>(cols) * scale; }
  float Height() const { return static_cast<float>(rows) * scale; }
  float Right() const { return x + Width(); }
  float Bottom() const { return y + Height(); }
};

// A per-cell flag over a whole stack of maps: channels x slices x rows x cols.
struct Mask {
  std::array<int, 4> dims{};  // channels, slices, rows, cols
  std::vector<uint8_t> bits;
  void Reset(std::array<int, 4> d) {
    dims = d;
    bits.assign(static_cast<size_t>(d[0]) * d[1] * d[2] * d[3], 0);
  }
  bool Inside(int ch, int z, int r, int c) const {
    return ch >= 0 && z >= 0 && r >= 0 && c >= 0 && ch < dims[0] && z < dims[1] && r < dims[2] && c < dims[3];
  }
  size_t At(int ch, int z, int r, int c) const {
    return ((static_cast<size_t>(ch) * dims[1] + z) * dims[2] + r) * dims[3] + c;
  }
  void Set(int ch, int z, int r, int c, uint8_t v = 1) {
    if (Inside(ch, z, r, c)) bits[At(ch, z, r, c)] = v;
  }
  uint8_t Get(int ch, int z, int r, int c) const { return Inside(ch, z, r, c) ? bits[At(ch, z, r, c)] : 0; }
  bool any = false;  // something was set through Mark
  void Mark(int ch, int z, int r, int c) {
    if (Inside(ch, z, r, c)) {
      bits[At(ch, z, r, c)] = 1;
      any = true;
    }
  }
};

// Everything the builder works out before placing cells.
struct Plan {
  const Computation& c;
  const FrameOptions& o;
  View view = View::Direct;
  int step = 0;
  bool gather = false;  // Direct / Equivalent
  bool pooling = false;
  bool has_kernel = false;
  Canvas left_canvas{};   // gather views and Associated: the grid on the left
  int left_channels = 1, right_channels = 1;
  std::array<int, 3> left_dims{}, right_dims{};  // spatial size of each map stack {slices, rows, cols}
  std::optional<GatherStep> g{};
  std::optional<ScatterStep> sc{};
  PictureSlot* pictures = nullptr;  // the view's cached pictures of large maps (none: drawn for this frame only)
  std::unique_ptr<ScatterProgress> own_progress{};  // Scatter without a cache
  const ScatterProgress* progress = nullptr;  // Scatter: the output summed over steps 0..n, and the last step per value
  const Tensor* scatter_values = nullptr;     // Scatter: progress's sums, or the output (bias added) at the last step
  // Scatter: whether the output pictures are drawn at this step; else the cached ones show an earlier step and
  // `changed` lists the outputs written since then (flat, sorted), drawn over them.
  bool rebase = true;
  std::vector<size_t> changed{};
  Mask hl_left{}, hl_right{};  // highlighted cells
  Mask window{};             // left cells under the kernel window at this step
  std::vector<bool> left_active{};  // per left channel: read by this step (others are dimmed)
  std::vector<bool> right_active{};  // per right channel: written by this step
  // Focus layout (ChannelLayout): whether it is used, and the channel drawn large on each side.
  bool focus = false;
  bool depth = false;  // ChannelLayout::Depth: the focus maps as the cut faces of 3-D boxes (frame_depth.cpp)
  int focus_left = 0, focus_right = 0;
  std::array<std::vector<bool>, 3> reached{};  // gather views: canvas positions per axis some kernel tap reads
  // Value colours (FrameOptions::colour_by): each panel's scale and what it is called in the legend's colour bars.
  bool by_value = false;
  ValueScale left_scale{}, right_scale{}, kernel_scale{};
  std::string left_values{}, right_values{};  // "input" / "output": the tensor each side shows
};

// What the frame shows at this step of this view, and what the pointer links.
Plan MakePlan(const Computation& c, const FrameOptions& o, FrameCacheState* cache);
// One map of the grid the kernel slides over (gather views, Associated) or of the plain input (Scatter).
void AddLeftMap(Frame& f, const Plan& p, const PanelBox& at);
// One map of the output, with computed / current / pending roles (Scatter: the partial sums so far).
void AddRightMap(Frame& f, const Plan& p, const PanelBox& at);
// One kernel slice of the weight (`kernel` holds the weight as shown: rotated for Equivalent), or the overlap map.
void AddKernelMap(Frame& f, const Plan& p, const PanelBox& at, const Tensor& kernel);
// Whether the current step uses the kernel at `at` (its output channel's kernels, its input channel's stamps).
bool KernelActive(const Plan& p, const PanelBox& at);
void AddOverlapMap(Frame& f, const Plan& p, const PanelBox& at);
// Value colours (value_colours.cpp). The scales of the panels, when the frame colours by value.
void SetScales(Plan& p);
// A cell's fill: its role's colour (the kernel's shade over the window), or in value mode its value's colour with
// the role as a tint (ValueFill).
Rgba CellFill(const Plan& p, Panel panel, Role role, double value, bool under_kernel);
// What the step lays over a large map's shared picture: the kernel window, the current output.
Rgba KernelOverlay(const Plan& p);
Rgba CurrentOverlay(const Plan& p);
// Value mode: the legend's colour bars (one per panel shown), and whether a role's swatch is left to them.
void AddColourBars(std::vector<LegendEntry>& entries, const Plan& p, bool kernel_panel);
bool RoleShownByBar(const Plan& p, Role role);
// The overlap map's colours: 1 stamp (or none) in the calm low colour, the most stamps in the high one; its legend's
// colour bar, "stamps per output cell 1 … max".
Rgba OverlapFill(const Theme& t, double count, double max_count);
LegendEntry OverlapBar(const Plan& p);
// A role's legend swatch (value mode: the tint on a mid value) and the swatch of the cells under the kernel.
Rgba LegendFill(const Plan& p, Role role);
Rgba KernelSwatch(const Plan& p);
// `preferred`, or smaller so that `text` fits `width` (cell units).
float FitTextSize(const TextMeasure& m, const std::string& text, float preferred, float width);

}  // namespace convarith::detail
