// Internal to the frame builder: the steps BuildFrame runs, each in its own file, and the measures they share.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "frame_layout.hpp"

namespace convarith::detail {

inline constexpr float kMargin = 0.5f;
inline constexpr float kPanelGap = 1.5f;
inline constexpr float kLabelHeight = 0.75f;
inline constexpr float kLabelSize = 0.42f;
inline constexpr float kMinWidth = 14.0f;
inline constexpr float kLabelLine = 0.55f;
inline constexpr float kSliceGap = 0.5f;
inline constexpr float kChannelGap = 0.45f;
inline constexpr float kMapLabel = 0.5f;
// The kernel collection: the gap between a kernel's depth slices, between two kernels of a row, and a kernel's
// least width (room for its name).
inline constexpr float kKernelSliceGap = 0.25f;
inline constexpr float kKernelGap = 0.5f;
inline constexpr float kKernelMinWidth = 1.6f;

// The grids' labels: the frame's own size, or the least size the options ask for (FrameOptions::min_text: the app's
// UI text), their lines and band growing with them, so that grids make room for them as for any label.
inline float LabelSize(const FrameOptions& o) { return std::max(kLabelSize, o.min_text); }
inline float LabelLine(const FrameOptions& o) { return kLabelLine + LabelSize(o) - kLabelSize; }
inline float LabelHeight(const FrameOptions& o) { return kLabelHeight + LabelSize(o) - kLabelSize; }

inline void AddText(Frame& f, float x, float y, float size, std::string text, Rgba color, Align align = Align::Left) {
  f.texts.push_back({x, y, size, std::move(text), color, align});
}

// --- frame_text.cpp: the words ---
std::string LeftLabel(const Plan& p);
std::string RightLabel(const Plan& p);
std::string KernelLabel(const Plan& p, const Tensor& k);
// The step written out (gather: the sum of products; scatter: the stamps).
std::string EquationText(const Plan& p);
// A grid's label in lines no wider than `width` (cell units), broken after its name and at ", "; with `split_name`,
// a name wider than that between its words too.
std::vector<std::string> WrapLabel(const TextMeasure& m, const std::string& text, float width, float size,
                                   bool split_name = false);
float LinesWidth(const TextMeasure& m, const std::vector<std::string>& lines, float size);
// The transposed views' check: "check: scatter and equivalent convolution agree on all 36 outputs", with the ulps
// and the largest difference when they agree up to rounding, or "check FAILED: ..." with where they differ.
std::string CheckText(const Agreement& a);
// "ch 1 · z 0": the name above one map of a stack.
std::string MapName(const Plan& p, bool channels, bool slices, int ch, int z);

// --- frame_grad_text.cpp: the weight and bias gradients' words ---
struct GradNames {
  std::string_view left, kernel, right;  // x, w, y; ∂L/∂y, w, ∂L/∂x; x, ∂L/∂y, ∂L/∂w; ...
};
GradNames NamesOf(const FrameOptions& o);
std::vector<int> IndexIn(const std::vector<int>& shape, size_t flat);  // a flat index as one per dim (row-major)
bool DrawsWeightOrBiasGrad(const Plan& p);  // Backward with the weight or bias gradient
std::string GradLeftLabel(const Plan& p);
std::string GradRightLabel(const Plan& p);
std::string GradKernelLabel(const Plan& p);
std::string GradStepName(const Plan& p);  // "∂L/∂w[1, 0, 2, 1]" for the current step
std::string GradStepEquation(const Plan& p, const GatherStep& g);  // its sum: "∂L/∂b[1] = 1 + 2 + … = 25"
std::string_view GradRoleName(const FrameOptions& o, Role role);

// --- frame_legend.cpp: the key and the notes under the grids ---
std::vector<LegendEntry> LegendFor(const Frame& f, const Plan& p);
// The legend's swatches and names in rows across the frame's width, from `y0` down (the frame grows to hold them).
void AddLegend(Frame& f, const Theme& t, const TextMeasure& m, float y0);
// Under the grids, from `below`: each step written out, then the check; returns the y under them.
float AddSteps(Frame& f, const Theme& t, const TextMeasure& m, float below,
               const std::vector<std::pair<std::string, std::vector<std::string>>>& steps, const std::string& check,
               bool check_failed);

// --- frame_depth.cpp: the 3-D tensor view (ChannelLayout::Depth) ---
// One side's maps (or the kernel's slices) as a box seen in an oblique view: slice 0's face at (x, y), each slice
// `thickness` deep along the page's depth direction (up and to the right), slice `cut` the face drawn as a map.
struct DepthBox {
  Panel panel = Panel::Input;
  float x = 0, y = 0;  // slice 0's face, top-left, cell units
  int slices = 1, rows = 0, cols = 0;
  float scale = 1;      // a cell's side (the kernel may be enlarged)
  float thickness = 1;  // a slice's depth, cell units
  int cut = 0;
  int channel = 0;  // the kernel's box: the weight's first index (its slices are the second)
  // Where a point of the box falls on the page: (col, row) on a slice's face, `depth` in slices from the front.
  std::array<float, 2> At(float col, float row, float depth) const;
  float Width() const;   // the box's extent on the page, depth included
  float Height() const;
  float DepthRise() const;  // how far the back rises above the front face
};
// A box for `slices` maps of rows x cols (cell side `scale`), its front face's top-left at (x, y + DepthRise()).
DepthBox MakeDepthBox(Panel panel, float x, float y, std::array<int, 3> dims, float scale, float thickness, int cut);
// How deep a slice is drawn: the box at most about half as deep as it is wide.
float SliceThickness(int slices, int rows, int cols);

// --- frame_place.cpp: where the maps go ---
// The maps of a frame, each a channel's depth slice, and where the blocks (left, kernels, right, overlap) sit.
struct Layout {
  std::vector<PanelBox> left, right, kernel, overlap;  // left/right: [channel * slices + z]; kernel: [(a*K1+b)*kD+kz]
  int left_slices = 1, right_slices = 1, kernel_k1 = 1, kernel_slices = 1;
  float left_x = 0, left_y = 0, right_x = 0, right_y = 0, kernel_x = 0, kernel_y = 0, overlap_x = 0, overlap_y = 0;
  std::vector<std::string> left_label, kernel_label, right_label;  // stacks: labels wrapped to their block's width
  bool map_labels = false;     // "ch 1 · z 0" above every map
  bool focus = false;          // the focus layout (frame_focus.cpp): names above the large maps and over the strips
  std::vector<FrameText> notes;  // focus layout: the large maps' names and the strips' captions
  bool kernel_labels = false;  // "w[2,1]" above every kernel
  std::vector<DepthBox> depth;  // the 3-D tensor view's boxes: input, kernel (when shown), output
  float right_edge = 0, bottom_edge = 0;
  const PanelBox* Left(int ch, int z) const { return &left[static_cast<size_t>(ch * left_slices + z)]; }
  const PanelBox* Right(int ch, int z) const { return &right[static_cast<size_t>(ch * right_slices + z)]; }
};

// What the frame shows besides the input and output maps, worked out before placing them.
struct Blocks {
  bool kernel_panel = false, overlap_panel = false;
  // The weight as drawn: the Equivalent view's rotated copy, every other view the computation's weight (no copy).
  const Tensor* weight = nullptr;
  Tensor rotated_kernel;
  const Tensor& shown_kernel() const { return weight != nullptr ? *weight : rotated_kernel; }
  int K0 = 0, K1 = 0, kD = 1, kH = 0, kW = 0;  // its dims when the kernel panel is shown
  float top = 0;                         // where the labels' band starts
  float label_h = 0;                     // the labels' band (grows when stack labels wrap)
};

// Places every map of the frame (one map each side as the paper draws it, or stacks of maps left to right).
Layout PlaceMaps(const Plan& p, Blocks& b);
// --- frame_focus.cpp: many channels, one large map each side and strips of thumbnails (Plan::focus) ---
void PlaceFocus(Layout& L, const Plan& p, Blocks& b);
// Whether a kernel box joins the large maps (the focused input map to the current output map).
bool KernelInFocus(const Plan& p, const PanelBox& box);
// Depth (frame_focus.cpp): a side's maps as a box, its map in focus the cut face; returns the column's size.
std::array<float, 2> PlaceDepthSide(Layout& L, std::vector<PanelBox>& boxes, const Plan& p, Panel panel, float x,
                                    float y, std::array<int, 3> dims, int focus, float note);
// Depth (frame_depth.cpp): the boxes' top and side faces (each slice's first row and last column in its colours), the
// slices in front of the cut as a wireframe, and the blocks the step spans (the kernel's window through the slices it
// reads, the current output).
void AddDepthFaces(Frame& f, const Plan& p, const Layout& L, const Blocks& b);
// The kernel window's and the step's outlines, the kernels in use, hover and winner rings.
void AddOverlays(Frame& f, const Plan& p, const Layout& L);

}  // namespace convarith::detail
