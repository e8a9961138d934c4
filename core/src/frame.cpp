// Lays out one animation frame (cells, kernel overlay, highlights, labels, legend) as backend-free data.
#include "convarith/frame.hpp"

#include <algorithm>
#include <cmath>

#include "frame_layout.hpp"
#include "frame_style.hpp"

namespace convarith {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::Input: return "input";
    case Role::Padding: return "zero padding";
    case Role::InsertedZero: return "inserted zeros (stretching)";
    case Role::ExtraZero: return "extra zeros a (bottom/right)";
    case Role::Uncovered: return "never under the kernel";
    case Role::Kernel: return "kernel weights";
    case Role::OutputDone: return "output computed";
    case Role::OutputCurrent: return "current output";
    case Role::OutputPending: return "output to come";
    case Role::Overlap: return "stamps per output cell";
  }
  return "";
}

namespace {

using detail::Blend;
using detail::FitTextSize;
using detail::PanelBox;
using detail::Plan;
using detail::TextWidth;

constexpr float kMargin = 0.5f;
constexpr float kPanelGap = 1.5f;
constexpr float kLabelHeight = 0.75f;
constexpr float kLabelSize = 0.42f;
constexpr float kMinWidth = 14.0f;

}  // namespace

Rgba RoleFill(const Theme& t, Role r) {
  switch (r) {
    case Role::Input: return t.input;
    case Role::Padding: return t.padding;
    case Role::InsertedZero: return t.inserted_zero;
    case Role::ExtraZero: return t.extra_zero;
    case Role::Uncovered: return t.uncovered;
    case Role::Kernel: return t.kernel;
    case Role::OutputDone: return t.output_done;
    case Role::OutputCurrent: return t.output_current;
    case Role::OutputPending: return t.output_pending;
    case Role::Overlap: return t.overlap_low;
  }
  return t.input;
}

namespace {

void AddText(Frame& f, float x, float y, float size, std::string text, Rgba color, Align align = Align::Left) {
  f.texts.push_back({x, y, size, std::move(text), color, align});
}

std::string AxisPair(int h, int w) { return h == w ? std::to_string(h) : std::to_string(h) + "x" + std::to_string(w); }

std::string LeftLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  const auto& H = cfg.height();
  const auto& W = cfg.width();
  switch (p.view) {
    case View::Direct:
      return "input  i = " + AxisPair(H.input, W.input) + ", p = " + AxisPair(H.padding, W.padding);
    case View::Equivalent: {
      const auto& th = p.c.transposed[0];
      const auto& tw = p.c.transposed[1];
      return "stretched input  ĩ' = " + AxisPair(th.stretched_input, tw.stretched_input) +
             ", p' = " + AxisPair(th.padding, tw.padding) + ", a = " + AxisPair(th.extra, tw.extra);
    }
    case View::Scatter:
      return "input  i' = " + AxisPair(H.input, W.input);
    case View::Associated:
      return "direct conv input  i = " + AxisPair(p.c.associated.height().input, p.c.associated.width().input) +
             ", p = " + AxisPair(H.padding, W.padding);
  }
  return "";
}

std::string RightLabel(const Plan& p) {
  const auto& o = p.c.output_shape;
  switch (p.view) {
    case View::Direct: return "output  o = " + AxisPair(o[0], o[1]);
    case View::Equivalent:
    case View::Scatter: return "output  o' = " + AxisPair(o[0], o[1]);
    case View::Associated: return "direct conv output = i' = " + AxisPair(p.c.input.rows, p.c.input.cols);
  }
  return "";
}

std::string EquationText(const Plan& p) {
  if (p.g) return StepEquation(p.c, *p.g);
  if (p.view == View::Associated) {
    return "direct conv output [" + std::to_string(p.sc->in_row) + "," + std::to_string(p.sc->in_col) + "] reads " +
           std::to_string(p.sc->stamps.size()) + " input cells; the transpose sends x[" + std::to_string(p.sc->in_row) +
           "," + std::to_string(p.sc->in_col) + "] back to those same cells";
  }
  return StepEquation(p.c, *p.sc, 6);
}

std::vector<LegendEntry> LegendFor(const Frame& f, const Plan& p) {
  const Theme& t = p.o.theme;
  std::vector<LegendEntry> entries;
  for (Role r : {Role::Input, Role::Padding, Role::InsertedZero, Role::ExtraZero, Role::Uncovered, Role::Kernel,
                 Role::OutputDone, Role::OutputCurrent, Role::OutputPending, Role::Overlap}) {
    // Output roles are listed at every step so that the legend (and the frame size) never changes in an animation.
    const bool output_role = r == Role::OutputDone || r == Role::OutputCurrent || r == Role::OutputPending;
    if (output_role || std::any_of(f.cells.begin(), f.cells.end(), [r](const FrameCell& c) { return c.role == r; })) {
      entries.push_back({std::string(RoleName(r)), RoleFill(t, r), t.grid_line,
                         r == Role::Padding || r == Role::ExtraZero, false});
    }
  }
  entries.push_back({p.gather ? "under the kernel" : "current stamp", Blend(t.input, t.kernel_shade), t.grid_line,
                     false, false});
  if (p.c.config.op == Op::MaxPool) entries.push_back({"max (winner)", t.background, t.winner, false, true});
  if (p.o.pointer) entries.push_back({"hovered / linked", t.background, t.highlight, false, true});
  return entries;
}

void AddLegend(Frame& f, const Plan& p, float y0) {
  const Theme& t = p.o.theme;
  const float size = 0.36f, swatch = 0.42f;
  float x = kMargin, y = y0;
  for (const LegendEntry& e : f.legend) {
    const float w = swatch + 0.18f + TextWidth(e.name, size) + 0.6f;
    if (x > kMargin && x + w > f.width - kMargin) {
      x = kMargin;
      y += 0.6f;
    }
    f.rects.push_back({x, y + 0.04f, swatch, swatch, e.fill, e.stroke, e.outline ? 3.0f : 1.0f, e.dashed});
    AddText(f, x + swatch + 0.18f, y, size, e.name, t.foreground);
    x += w;
  }
  f.height = std::max(f.height, y + 0.6f + kMargin);
}

void AddOverlays(Frame& f, const Plan& p, const PanelBox& left, const PanelBox& right) {
  const Theme& t = p.o.theme;
  // The kernel window's outline (it spans the dilated extent).
  if (p.g && !p.g->taps.empty()) {
    const Tap& a = p.g->taps.front();
    const Tap& b = p.g->taps.back();
    f.rects.push_back({left.x + static_cast<float>(a.canvas_col), left.y + static_cast<float>(a.canvas_row),
                       static_cast<float>(b.canvas_col - a.canvas_col + 1),
                       static_cast<float>(b.canvas_row - a.canvas_row + 1), {0, 0, 0, 0}, t.foreground, 3.0f, false});
    const int oc = p.g->out_col, orow = p.g->out_row;
    f.rects.push_back({right.x + static_cast<float>(oc), right.y + static_cast<float>(orow), 1, 1, {0, 0, 0, 0},
                       t.foreground, 3.0f, false});
  } else if (p.sc) {
    const float lx = p.view == View::Scatter ? left.x : right.x;
    const float ly = p.view == View::Scatter ? left.y : right.y;
    f.rects.push_back({lx + static_cast<float>(p.sc->in_col), ly + static_cast<float>(p.sc->in_row), 1, 1,
                       {0, 0, 0, 0}, t.foreground, 3.0f, false});
    if (p.view == View::Associated) {
      const AxisParams& H = p.c.config.height();
      const AxisParams& W = p.c.config.width();
      f.rects.push_back({left.x + static_cast<float>(p.sc->in_col * W.stride),
                         left.y + static_cast<float>(p.sc->in_row * H.stride), static_cast<float>(DilatedKernel(W)),
                         static_cast<float>(DilatedKernel(H)), {0, 0, 0, 0}, t.foreground, 3.0f, false});
    } else if (!p.sc->stamps.empty()) {
      int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1;
      for (const Stamp& s : p.sc->stamps) {
        r0 = std::min(r0, s.out_row);
        c0 = std::min(c0, s.out_col);
        r1 = std::max(r1, s.out_row);
        c1 = std::max(c1, s.out_col);
      }
      f.rects.push_back({right.x + static_cast<float>(c0), right.y + static_cast<float>(r0),
                         static_cast<float>(c1 - c0 + 1), static_cast<float>(r1 - r0 + 1), {0, 0, 0, 0},
                         t.foreground, 3.0f, false});
    }
  }
  for (const FrameCell& cell : f.cells) {
    // The hover ring hugs the cell edge so the kernel weight in the corner stays readable; the winner ring (pooling,
    // no corner text) sits inside it.
    if (cell.highlighted) f.rects.push_back({cell.x + 0.03f, cell.y + 0.03f, 0.94f, 0.94f, {0, 0, 0, 0}, t.highlight, 3.0f, false});
    if (cell.winner) f.rects.push_back({cell.x + 0.12f, cell.y + 0.12f, 0.76f, 0.76f, {0, 0, 0, 0}, t.winner, 4.0f, false});
  }
}

}  // namespace

Frame BuildFrame(const Computation& c, const FrameOptions& o) {
  Plan p = detail::MakePlan(c, o);
  const Theme& t = o.theme;
  Frame f;
  f.background = t.background;

  float y = kMargin;
  std::string caption = Caption(c.config);
  if (o.caption) y += 0.8f;
  const float label_h = o.labels ? kLabelHeight : 0.0f;

  PanelBox left{Panel::Input};
  if (p.view == View::Scatter) {
    left.rows = c.input.rows;
    left.cols = c.input.cols;
  } else {
    left.rows = p.left_canvas.rows;
    left.cols = p.left_canvas.cols;
  }
  PanelBox right{Panel::Output};
  if (p.view == View::Associated) {
    right.rows = c.input.rows;
    right.cols = c.input.cols;
  } else {
    right.rows = c.output_shape[0];
    right.cols = c.output_shape[1];
  }
  const bool kernel_panel = o.kernel_panel && p.has_kernel && p.view != View::Associated;
  const bool overlap_panel = o.overlap_panel && c.config.op == Op::Transposed && p.view != View::Associated;
  const Grid shown_kernel = p.view == View::Equivalent ? Rotated180(c.kernel) : c.kernel;

  left.x = kMargin;
  left.y = y + label_h;
  right.x = left.Right() + kPanelGap;
  // Centre the smaller of the two grids vertically against the larger one.
  const float diff = static_cast<float>(left.rows - right.rows) / 2.0f;
  right.y = left.y + std::max(0.0f, std::floor(diff));
  left.y += std::max(0.0f, std::floor(-diff));

  PanelBox kernel{Panel::Kernel, right.x, right.Bottom() + 0.5f + label_h, shown_kernel.rows, shown_kernel.cols};
  PanelBox overlap{Panel::Overlap, right.Right() + kPanelGap, right.y, c.overlap.rows, c.overlap.cols};

  f.cells.reserve(static_cast<size_t>(left.rows) * left.cols + static_cast<size_t>(right.rows) * right.cols +
                  (kernel_panel ? static_cast<size_t>(kernel.rows) * kernel.cols : 0) +
                  (overlap_panel ? static_cast<size_t>(overlap.rows) * overlap.cols : 0));
  detail::AddLeftPanel(f, p, left);
  detail::AddRightPanel(f, p, right);
  if (kernel_panel) detail::AddSmallGrid(f, p, kernel, Panel::Kernel, shown_kernel, false);
  if (overlap_panel) detail::AddSmallGrid(f, p, overlap, Panel::Overlap, c.overlap, true);

  float content_right = std::max(right.Right(), kernel_panel ? kernel.Right() : 0.0f);
  if (overlap_panel) content_right = std::max(content_right, overlap.Right());
  float content_bottom = std::max(left.Bottom(), right.Bottom());
  if (kernel_panel) content_bottom = std::max(content_bottom, kernel.Bottom());
  if (overlap_panel) content_bottom = std::max(content_bottom, overlap.Bottom());

  f.width = std::max(kMinWidth, content_right + kMargin);

  if (o.labels) {
    AddText(f, left.x, left.y - label_h + 0.12f, kLabelSize, LeftLabel(p), t.foreground);
    AddText(f, right.x, right.y - label_h + 0.12f, kLabelSize, RightLabel(p), t.foreground);
    if (kernel_panel) {
      AddText(f, kernel.x, kernel.y - label_h + 0.12f, kLabelSize,
              p.view == View::Equivalent ? "kernel rotated 180°" : "kernel", t.foreground);
    }
    if (overlap_panel) AddText(f, overlap.x, overlap.y - label_h + 0.12f, kLabelSize, "overlap (stamps)", t.foreground);
  }
  if (o.caption) AddText(f, kMargin, kMargin, 0.5f, caption, t.foreground);
  // Make room for labels and caption wider than the grids (they do not change between steps).
  for (const FrameText& text : f.texts) f.width = std::max(f.width, text.x + TextWidth(text.text, text.size) + kMargin);

  f.grids_bottom = content_bottom;
  f.equation = "step " + std::to_string(p.step + 1) + "/" + std::to_string(StepCount(c, p.view)) + ":  " + EquationText(p);
  if (c.config.op == Op::Transposed && p.view != View::Associated) {
    f.check_failed = c.output != c.output_equivalent;
    f.check = f.check_failed ? "check FAILED: scatter and equivalent convolution differ"
                             : "check: scatter and equivalent convolution agree on all " +
                                   std::to_string(c.output.size()) + " outputs";
  }
  f.legend = LegendFor(f, p);
  float below = content_bottom + 0.35f;
  if (o.equation) {
    const float size = std::max(0.26f, FitTextSize(f.equation, 0.4f, f.width - 2 * kMargin));
    AddText(f, kMargin, below + (0.4f - size) / 2, size, f.equation, t.foreground);
    below += 0.4f + 0.35f;  // fixed, so every step of an animation has the same frame size
    if (!f.check.empty()) {
      AddText(f, kMargin, below, 0.32f, f.check, f.check_failed ? t.winner : t.muted);
      below += 0.32f + 0.35f;
    }
  }
  f.height = below + kMargin;
  if (o.legend) AddLegend(f, p, below);
  AddOverlays(f, p, left, right);
  return f;
}

std::string Caption(const Config& cfg) {
  const auto& H = cfg.height();
  const auto& W = cfg.width();
  const bool tr = cfg.op == Op::Transposed;
  const auto out = OutputShape(cfg);
  std::string s = std::string(OpTitle(cfg.op)) + ", " + (tr ? "i'=" : "i=") + AxisPair(H.input, W.input) +
                  ", k=" + AxisPair(H.kernel, W.kernel) + ", s=" + AxisPair(H.stride, W.stride) +
                  ", p=" + AxisPair(H.padding, W.padding);
  if (H.dilation != 1 || W.dilation != 1) s += ", d=" + AxisPair(H.dilation, W.dilation);
  if (tr && (H.output_padding != 0 || W.output_padding != 0)) s += ", a=" + AxisPair(H.output_padding, W.output_padding);
  if ((cfg.op == Op::MaxPool || cfg.op == Op::AvgPool) && cfg.ceil_mode) s += ", ceil_mode";
  s += std::string(": ") + (tr ? "o'=" : "o=") + AxisPair(out[0], out[1]);
  return s;
}

const FrameCell* CellAt(const Frame& frame, float x, float y) {
  for (const FrameCell& cell : frame.cells) {
    if (x >= cell.x && y >= cell.y && x < cell.x + cell.size && y < cell.y + cell.size) return &cell;
  }
  return nullptr;
}

}  // namespace convarith
