// Internal to the frame builder: the plan of one frame (what the step shows, what is highlighted) and the cell
// panels laid out from it. BuildFrame (frame.cpp) places the panels and adds labels, legend and overlays.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "convarith/frame.hpp"

namespace convarith::detail {

// A grid's place in the frame (cell units) and size (cells).
struct PanelBox {
  Panel panel;
  float x = 0, y = 0;
  int rows = 0, cols = 0;
  float Right() const { return x + static_cast<float>(cols); }
  float Bottom() const { return y + static_cast<float>(rows); }
};

// Everything the builder works out before placing cells.
struct Plan {
  const Computation& c;
  const FrameOptions& o;
  View view;
  int step;
  bool gather;           // Direct / Equivalent
  bool pooling;
  bool has_kernel;
  Canvas left_canvas;    // gather views and Associated: the grid on the left
  std::optional<GatherStep> g;
  std::optional<ScatterStep> sc;
  Grid partial;          // Scatter: the output summed over steps 0..n
  std::vector<uint8_t> output_touched;  // Scatter: 0 untouched, 1 earlier steps, 2 this step
  std::set<std::pair<int, int>> hl_left, hl_right;  // highlighted cells (panel coordinates)
  std::vector<bool> reached_rows, reached_cols;      // gather views: canvas rows/columns some kernel tap reads
};

// What the frame shows at this step of this view, and what the pointer links.
Plan MakePlan(const Computation& c, const FrameOptions& o);
// The grid the kernel slides over (gather views, Associated) or the plain input (Scatter).
void AddLeftPanel(Frame& f, const Plan& p, const PanelBox& at);
// The output, with computed / current / pending roles (Scatter: the partial sums so far).
void AddRightPanel(Frame& f, const Plan& p, const PanelBox& at);
// The kernel's weights, or the overlap map of a transposed convolution.
void AddSmallGrid(Frame& f, const Plan& p, const PanelBox& at, Panel panel, const Grid& g, bool overlap);
// `preferred`, or smaller so that `text` fits `width` (cell units).
float FitTextSize(const std::string& text, float preferred, float width);

}  // namespace convarith::detail
