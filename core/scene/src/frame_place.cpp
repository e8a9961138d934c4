// Where the maps of a frame go (one map each side, or stacks of channels and slices), and the outlines over them.
#include <algorithm>
#include <cmath>

#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

// A block of maps: `channels` rows of `slices` maps of rows x cols. Returns its size.
std::array<float, 2> PlaceStack(std::vector<PanelBox>& out, Panel panel, float x, float y, int channels, int slices,
                                int rows, int cols, float label) {
  for (int ch = 0; ch < channels; ++ch)
    for (int z = 0; z < slices; ++z) {
      PanelBox b{panel};
      b.x = x + static_cast<float>(z) * (static_cast<float>(cols) + kSliceGap);
      b.y = y + static_cast<float>(ch) * (label + static_cast<float>(rows) + kChannelGap) + label;
      b.rows = rows;
      b.cols = cols;
      b.channel = ch;
      b.z = z;
      out.push_back(b);
    }
  const float w = static_cast<float>(slices) * static_cast<float>(cols) + static_cast<float>(slices - 1) * kSliceGap;
  const float h = static_cast<float>(channels) * (label + static_cast<float>(rows)) + static_cast<float>(channels - 1) * kChannelGap;
  return {w, h};
}

void Shift(std::vector<PanelBox>& boxes, float dy) {
  for (PanelBox& b : boxes) b.y += dy;
}

// Stacks (and labels grown to the app's UI text): each label wrapped to its stack's width (at least a few cells), all
// of them in one band of lines.
void WrapStackLabels(Layout& L, const Plan& p, Blocks& bl) {
  const int K1 = bl.K1, kD = bl.kD, kW = bl.kW;
  auto stack_w = [](int slices, int cols, float gap) {
    return static_cast<float>(slices) * static_cast<float>(cols) + static_cast<float>(slices - 1) * gap;
  };
  const float kernel_w = static_cast<float>(K1) * std::max(static_cast<float>(kD) * static_cast<float>(kW) +
                                                               static_cast<float>(kD - 1) * kKernelSliceGap, kKernelMinWidth) +
                         static_cast<float>(std::max(K1 - 1, 0)) * kKernelGap;
  const bool grown = p.o.min_text > kLabelSize;
  L.left_label = WrapLabel(p.o.measure, LeftLabel(p), std::max(stack_w(L.left_slices, p.left_dims[2], kSliceGap), 4.0f), LabelSize(p.o), grown);
  L.right_label = WrapLabel(p.o.measure, RightLabel(p), std::max(stack_w(L.right_slices, p.right_dims[2], kSliceGap), 4.0f), LabelSize(p.o), grown);
  if (bl.kernel_panel) L.kernel_label = WrapLabel(p.o.measure, KernelLabel(p, bl.shown_kernel()), std::max(kernel_w, 4.0f), LabelSize(p.o), grown);
  const size_t lines = std::max({L.left_label.size(), L.right_label.size(), L.kernel_label.size()});
  bl.label_h = static_cast<float>(lines) * LabelLine(p.o) + 0.2f;
}

// One map each side: the paper's layout, the kernel under the output, the overlap map to its right.
void PlaceOneEach(Layout& L, const Plan& p, Blocks& bl) {
  const Computation& c = p.c;
  const FrameOptions& o = p.o;
  // Labels grown to the app's UI text (FrameOptions::min_text) go in lines over their grids, as a stack's do, rather
  // than widen the frame by their length.
  if (o.labels && o.min_text > kLabelSize) WrapStackLabels(L, p, bl);
  const float y = bl.top, label_h = bl.label_h;
  auto text_w = [&](const std::vector<std::string>& lines, const std::string& text) {
    if (!o.labels) return 0.0f;
    return lines.empty() ? o.measure.Width(text, LabelSize(o)) : LinesWidth(o.measure, lines, LabelSize(o));
  };
  const float text_left = text_w(L.left_label, LeftLabel(p));
  const float text_right = text_w(L.right_label, RightLabel(p));
  PlaceStack(L.left, Panel::Input, kMargin, y + label_h, 1, 1, p.left_dims[1], p.left_dims[2], 0);
  // The output starts after the input or after its label, whichever is wider, so labels never run together. Large
  // maps (pictures) keep a gap of 3 % of the input's width between them, so that two pictures never touch.
  const float gap = std::max(kPanelGap, 0.03f * static_cast<float>(p.left_dims[2]));
  const float right_x = std::max(L.left[0].Right(), kMargin + text_left + 0.3f) + gap;
  PlaceStack(L.right, Panel::Output, right_x, y + label_h, 1, 1, p.right_dims[1], p.right_dims[2], 0);
  PanelBox& left = L.left[0];
  PanelBox& right = L.right[0];
  // Centre the smaller of the two sides vertically against the larger one: the input, and the output with the kernel
  // under it (so that the kernel does not hang below the input and make the frame taller than its grids).
  const float right_h = static_cast<float>(right.rows) + (bl.kernel_panel ? 0.5f + label_h + static_cast<float>(bl.kH) : 0.0f);
  const float diff = (static_cast<float>(left.rows) - right_h) / 2.0f;
  right.y += std::max(0.0f, std::floor(diff));
  left.y += std::max(0.0f, std::floor(-diff));
  if (bl.kernel_panel) {
    PlaceStack(L.kernel, Panel::Kernel, right.x, right.Bottom() + 0.5f + label_h, 1, 1, bl.kH, bl.kW, 0);
    L.kernel_x = right.x;
    L.kernel_y = L.kernel[0].y;
  }
  if (bl.overlap_panel) {
    const float ox = std::max(right.Right(), right.x + text_right + 0.3f) + kPanelGap;
    PlaceStack(L.overlap, Panel::Overlap, ox, right.y, 1, 1, c.overlap.dim(2), c.overlap.dim(3), 0);
    L.overlap_x = ox;
    L.overlap_y = right.y;
  }
  L.left_x = left.x;
  L.left_y = left.y;
  L.right_x = right.x;
  L.right_y = right.y;
}

// The kernel collection from `x`: rows the weight's first index; in a row its second index, each kernel with its
// depth slices side by side. Returns the block's size.
std::array<float, 2> PlaceKernels(Layout& L, const Blocks& bl, float x, float top) {
  const int K0 = bl.K0, K1 = bl.K1, kD = bl.kD, kH = bl.kH, kW = bl.kW;
  L.kernel_labels = true;
  L.kernel_x = x;
  const float kernel_w = static_cast<float>(kD) * static_cast<float>(kW) + static_cast<float>(kD - 1) * kKernelSliceGap;
  const float cell_w = std::max(kernel_w, kKernelMinWidth);
  for (int a = 0; a < K0; ++a)
    for (int b = 0; b < K1; ++b)
      for (int kz = 0; kz < kD; ++kz) {
        PanelBox box{Panel::Kernel};
        box.x = x + static_cast<float>(b) * (cell_w + kKernelGap) + static_cast<float>(kz) * (static_cast<float>(kW) + kKernelSliceGap);
        box.y = top + static_cast<float>(a) * (kMapLabel + static_cast<float>(kH) + kChannelGap) + kMapLabel;
        box.rows = kH;
        box.cols = kW;
        box.channel = a;
        box.kernel_col = b;
        box.z = kz;
        L.kernel.push_back(box);
      }
  return {static_cast<float>(K1) * cell_w + static_cast<float>(K1 - 1) * kKernelGap,
          static_cast<float>(K0) * (kMapLabel + static_cast<float>(kH)) + static_cast<float>(K0 - 1) * kChannelGap};
}

// Stacks: the kernels and the output maps in a second row, under the input maps (wide stacks on a narrow canvas).
void MoveToSecondRow(Layout& L, bool kernel_panel, float dy) {
  const float dx = (kernel_panel ? L.kernel_x : L.right_x) - kMargin;
  for (auto* boxes : {&L.kernel, &L.right, &L.overlap})
    for (PanelBox& b : *boxes) {
      b.x -= dx;
      b.y += dy;
    }
  L.kernel_x -= dx;
  L.right_x -= dx;
  L.overlap_x -= dx;
}

// Stacks of maps, left to right: input maps, the kernel collection, output maps (as the paper's Figure 1.3).
void PlaceStacks(Layout& L, const Plan& p, Blocks& bl) {
  const Computation& c = p.c;
  const FrameOptions& o = p.o;
  L.map_labels = true;
  if (o.labels) WrapStackLabels(L, p, bl);
  const float text_left_w = o.labels ? LinesWidth(o.measure, L.left_label, LabelSize(p.o)) : 0.0f;
  const float text_right_w = o.labels ? LinesWidth(o.measure, L.right_label, LabelSize(p.o)) : 0.0f;
  const float top = bl.top + bl.label_h;
  const auto left_size = PlaceStack(L.left, Panel::Input, kMargin, top, p.left_channels, L.left_slices,
                                    p.left_dims[1], p.left_dims[2], kMapLabel);
  float x = kMargin + std::max(left_size[0], text_left_w + 0.3f) + kPanelGap;
  std::array<float, 2> kernel_size{0, 0};
  if (bl.kernel_panel) {
    kernel_size = PlaceKernels(L, bl, x, top);
    const float kernel_text = o.labels ? LinesWidth(o.measure, L.kernel_label, LabelSize(p.o)) : 0.0f;
    x += std::max(kernel_size[0], kernel_text + 0.3f) + kPanelGap;
  }
  const auto right_size = PlaceStack(L.right, Panel::Output, x, top, p.right_channels, L.right_slices,
                                     p.right_dims[1], p.right_dims[2], kMapLabel);
  L.right_x = x;
  x += std::max(right_size[0], text_right_w + 0.3f) + kPanelGap;
  std::array<float, 2> overlap_size{0, 0};
  if (bl.overlap_panel) {
    overlap_size = PlaceStack(L.overlap, Panel::Overlap, x, top, 1, c.overlap.dim(1), c.overlap.dim(2),
                              c.overlap.dim(3), kMapLabel);
    L.overlap_x = x;
  }
  // Centre every block vertically against the tallest (of its row, when the blocks take two rows).
  const float tallest = std::max({o.stack_rows ? 0.0f : left_size[1], kernel_size[1], right_size[1], overlap_size[1]});
  auto centre = [&](std::vector<PanelBox>& boxes, float h) { Shift(boxes, std::floor((tallest - h) / 2.0f)); };
  if (!o.stack_rows) centre(L.left, left_size[1]);
  centre(L.kernel, kernel_size[1]);
  centre(L.right, right_size[1]);
  centre(L.overlap, overlap_size[1]);
  if (o.stack_rows) MoveToSecondRow(L, bl.kernel_panel, left_size[1] + bl.label_h + kPanelGap);
  L.left_x = kMargin;
  L.left_y = L.left.front().y - (L.map_labels ? kMapLabel : 0);
  L.right_y = L.right.front().y - kMapLabel;
  if (!L.kernel.empty()) L.kernel_y = L.kernel.front().y - kMapLabel;
  if (!L.overlap.empty()) L.overlap_y = L.overlap.front().y - kMapLabel;
}
// The outline of the cells of `boxes[i]` that satisfy a predicate over (row, col), as one rect (their bounding box).
// `min_px`: the outline stays at least that many pixels on screen (FrameRect::min_px).
void OutlineOn(Frame& f, const PanelBox& box, int r0, int c0, int r1, int c1, Rgba color, float width,
               float min_px = 0) {
  if (r1 < r0 || c1 < c0 || box.hidden) return;
  const float s = box.scale;
  f.rects.push_back({box.x + static_cast<float>(c0) * s, box.y + static_cast<float>(r0) * s,
                     static_cast<float>(c1 - c0 + 1) * s, static_cast<float>(r1 - r0 + 1) * s, {0, 0, 0, 0}, color,
                     width, false, min_px});
}
// The kernel window and the current cell on a map: visible at any zoom.
constexpr float kStepOutlinePx = 12;
constexpr float kThumbOutlinePx = 4;  // on a thumbnail (focus layout): a mark, not a frame over it

struct Bounds {
  int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1;
  void Add(int r, int c) {
    r0 = std::min(r0, r);
    c0 = std::min(c0, c);
    r1 = std::max(r1, r);
    c1 = std::max(c1, c);
  }
};

}  // namespace

Layout PlaceMaps(const Plan& p, Blocks& bl) {
  Layout L;
  L.left_slices = p.left_dims[0];
  L.right_slices = p.right_dims[0];
  L.kernel_k1 = std::max(bl.K1, 1);
  L.kernel_slices = bl.kD;
  const bool several_maps = p.left_channels * L.left_slices > 1 || p.right_channels * L.right_slices > 1;
  const bool several_kernels = bl.K0 * bl.K1 * bl.kD > 1;
  if (p.focus) {
    PlaceFocus(L, p, bl);
  } else if (!several_maps && !several_kernels) {
    PlaceOneEach(L, p, bl);
  } else {
    PlaceStacks(L, p, bl);
  }
  return L;
}

// The step's outline on each map, around the cells `per_map` holds for it (none: no outline).
void OutlineEach(Frame& f, const std::vector<PanelBox>& maps, const std::vector<Bounds>& per_map, const Theme& t) {
  for (size_t m = 0; m < per_map.size(); ++m)
    OutlineOn(f, maps[m], per_map[m].r0, per_map[m].c0, per_map[m].r1, per_map[m].c1, t.foreground,
              maps[m].scale < 1.0f ? 2.0f : 3.0f, maps[m].scale < 1.0f ? kThumbOutlinePx : kStepOutlinePx);
}

void AddOverlays(Frame& f, const Plan& p, const Layout& L) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  if (p.g && !p.g->taps.empty()) {
    // The kernel window's outline on every map it reads (it spans the dilated extent).
    std::vector<Bounds> per_map(L.left.size());
    for (const Tap& tap : p.g->taps)
      per_map[static_cast<size_t>(tap.channel * L.left_slices + tap.canvas_z)].Add(tap.canvas_row, tap.canvas_col);
    OutlineEach(f, L.left, per_map, t);
    OutlineOn(f, *L.Right(p.g->out_channel, p.g->out_z), p.g->out_row, p.g->out_col, p.g->out_row, p.g->out_col,
              t.foreground, 3.0f, kStepOutlinePx);
  } else if (p.sc) {
    const bool scatter = p.view == View::Scatter;
    const PanelBox& cur = scatter ? *L.Left(p.sc->in_channel, p.sc->in_z) : *L.Right(p.sc->in_channel, p.sc->in_z);
    OutlineOn(f, cur, p.sc->in_row, p.sc->in_col, p.sc->in_row, p.sc->in_col, t.foreground, 3.0f, kStepOutlinePx);
    if (!scatter) {
      std::vector<Bounds> per_map(L.left.size());
      for (const PanelBox& b : L.left)
        for (int r = 0; r < b.rows; ++r)
          for (int col = 0; col < b.cols; ++col)
            if (p.window.Get(b.channel, b.z, r, col)) per_map[static_cast<size_t>(b.channel * L.left_slices + b.z)].Add(r, col);
      OutlineEach(f, L.left, per_map, t);
    } else {
      std::vector<Bounds> per_map(L.right.size());
      for (const Stamp& s : p.sc->stamps)
        per_map[static_cast<size_t>(s.out_channel * L.right_slices + s.out_z)].Add(s.out_row, s.out_col);
      OutlineEach(f, L.right, per_map, t);
    }
  }
  // The kernels in use, when there are several.
  if (L.kernel.size() > 1) {
    for (const PanelBox& b : L.kernel)
      if (detail::KernelActive(p, b)) OutlineOn(f, b, 0, 0, b.rows - 1, b.cols - 1, t.foreground, 3.0f);
  }
  // Focus layout: in each strip, the thumbnail of the map drawn large.
  for (const auto* boxes : {&L.left, &L.right, &L.kernel})
    for (const PanelBox& b : *boxes)
      if (b.thumb_of_focus) OutlineOn(f, b, 0, 0, b.rows - 1, b.cols - 1, t.highlight, 4.0f, 6.0f);
  (void)c;
  for (const FrameCell& cell : f.cells) {
    // The hover ring hugs the cell edge so the kernel weight in the corner stays readable; the winner ring (pooling,
    // no corner text) sits inside it.
    const float s = cell.size;
    if (cell.highlighted) f.rects.push_back({cell.x + 0.03f * s, cell.y + 0.03f * s, 0.94f * s, 0.94f * s, {0, 0, 0, 0}, t.highlight, 3.0f, false});
    if (cell.winner) f.rects.push_back({cell.x + 0.12f * s, cell.y + 0.12f * s, 0.76f * s, 0.76f * s, {0, 0, 0, 0}, t.winner, 4.0f, false});
  }
}

}  // namespace convarith::detail
