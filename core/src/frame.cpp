// Lays out one animation frame (cells, kernel overlay, highlights, labels, legend) as backend-free data.
#include "convarith/frame.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "detail/checks.hpp"
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
using detail::TextColorOn;
using detail::TextWidth;

constexpr float kMargin = 0.5f;
constexpr float kPanelGap = 1.5f;
constexpr float kLabelHeight = 0.75f;
constexpr float kLabelSize = 0.42f;
constexpr float kMinWidth = 14.0f;

struct Panel2 {
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

// Canvas positions along one axis that some kernel tap reads, for `outputs` positions at `stride`.
std::vector<bool> Reached(int length, int outputs, int stride, const AxisParams& a) {
  std::vector<bool> reached(static_cast<size_t>(std::max(length, 0)), false);
  for (int o = 0; o < outputs; ++o)
    for (int u = 0; u < a.kernel; ++u) {
      const int at = o * stride + u * a.dilation;
      if (at >= 0 && at < length) reached[static_cast<size_t>(at)] = true;
    }
  return reached;
}

std::string ValueText(const FrameOptions& o, double v) { return o.numbers ? FormatValue(v) : std::string(); }

float FitTextSize(const std::string& text, float preferred, float width) {
  const float w = TextWidth(text, preferred);
  return w <= width ? preferred : preferred * width / w;
}

void StyleCell(FrameCell& cell, const Theme& t, Rgba fill) {
  cell.fill = fill;
  cell.border = t.grid_line;
  cell.text_color = TextColorOn(fill);
  cell.corner_color = cell.text_color;
  if (!cell.text.empty()) cell.text_size = FitTextSize(cell.text, 0.42f, 0.86f);
}

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

Role RoleOfKind(CellKind k) {
  switch (k) {
    case CellKind::Input: return Role::Input;
    case CellKind::Padding: return Role::Padding;
    case CellKind::InsertedZero: return Role::InsertedZero;
    case CellKind::ExtraZero: return Role::ExtraZero;
  }
  return Role::Input;
}

void ComputeHighlights(Plan& p) {
  if (!p.o.pointer) return;
  const Pointer& ptr = *p.o.pointer;
  const Computation& c = p.c;
  if (p.gather) {
    if (ptr.panel == Panel::Output && ptr.row >= 0 && ptr.col >= 0 && ptr.row < c.output_shape[0] &&
        ptr.col < c.output_shape[1]) {
      p.hl_right.insert({ptr.row, ptr.col});
      for (const Tap& t : Gather(c, p.view, ptr.row * c.output_shape[1] + ptr.col).taps)
        p.hl_left.insert({t.canvas_row, t.canvas_col});
    } else if (ptr.panel == Panel::Input && ptr.row >= 0 && ptr.col >= 0 && ptr.row < p.left_canvas.rows &&
               ptr.col < p.left_canvas.cols) {
      p.hl_left.insert({ptr.row, ptr.col});
      for (const auto& rc : OutputsReading(c, p.view, ptr.row, ptr.col)) p.hl_right.insert({rc[0], rc[1]});
    }
    return;
  }
  if (p.view == View::Scatter) {
    if (ptr.panel == Panel::Input && c.input.contains(ptr.row, ptr.col)) {
      p.hl_left.insert({ptr.row, ptr.col});
      for (const auto& rc : OutputsReading(c, View::Scatter, ptr.row, ptr.col)) p.hl_right.insert({rc[0], rc[1]});
    } else if (ptr.panel == Panel::Output && ptr.row >= 0 && ptr.col >= 0 && ptr.row < c.output_shape[0] &&
               ptr.col < c.output_shape[1]) {
      p.hl_right.insert({ptr.row, ptr.col});
      for (const auto& rc : InputsFeeding(c, ptr.row, ptr.col)) p.hl_left.insert({rc[0], rc[1]});
    }
    return;
  }
  // Associated: left = the direct convolution's padded input (shaped like the transposed output), right = its output
  // (shaped like the transposed input).
  if (ptr.panel == Panel::Output && c.input.contains(ptr.row, ptr.col)) {
    p.hl_right.insert({ptr.row, ptr.col});
    for (const auto& rc : OutputsReading(c, View::Scatter, ptr.row, ptr.col)) {
      p.hl_left.insert({rc[0] + p.left_canvas.lead[0], rc[1] + p.left_canvas.lead[1]});
    }
  } else if (ptr.panel == Panel::Input) {
    p.hl_left.insert({ptr.row, ptr.col});
    const auto in = p.left_canvas.InputAt(ptr.row, ptr.col);
    if (in[0] >= 0)
      for (const auto& rc : InputsFeeding(c, in[0], in[1])) p.hl_right.insert({rc[0], rc[1]});
  }
}

Plan MakePlan(const Computation& c, const FrameOptions& o) {
  Plan p{c, o, o.view, 0, false, false, false, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  const auto views = ViewsOf(c.config.op);
  if (std::find(views.begin(), views.end(), p.view) == views.end()) p.view = views.front();
  p.step = std::clamp(o.step, 0, std::max(0, StepCount(c, p.view) - 1));
  p.gather = p.view == View::Direct || p.view == View::Equivalent;
  p.pooling = c.config.op == Op::MaxPool || c.config.op == Op::AvgPool;
  p.has_kernel = !p.pooling;
  if (p.gather) {
    p.left_canvas = c.canvas;
    p.g = Gather(c, p.view, p.step);
    const int sh = p.view == View::Equivalent ? 1 : c.config.height().stride;
    const int sw = p.view == View::Equivalent ? 1 : c.config.width().stride;
    p.reached_rows = Reached(p.left_canvas.rows, c.output_shape[0], sh, c.config.height());
    p.reached_cols = Reached(p.left_canvas.cols, c.output_shape[1], sw, c.config.width());
  } else {
    p.left_canvas = p.view == View::Associated ? MakeCanvas(c.associated) : Canvas{};
    p.sc = Scatter(c, p.step);
    if (p.view == View::Scatter) {
      p.partial = Grid(c.output_shape[0], c.output_shape[1]);
      p.output_touched.assign(static_cast<size_t>(p.partial.size()), 0);
      for (int n = 0; n <= p.step; ++n) {
        const double x = c.input.at(n / c.input.cols, n % c.input.cols);
        const uint8_t mark = n == p.step ? 2 : 1;
        detail::ForEachTap(c.config, n / c.input.cols, n % c.input.cols, p.partial.rows, p.partial.cols,
                           [&](int u, int v, int yr, int yc) {
                             p.partial.at(yr, yc) += x * c.kernel.at(u, v);
                             p.output_touched[static_cast<size_t>(yr) * p.partial.cols + yc] = mark;
                           });
      }
    }
  }
  ComputeHighlights(p);
  return p;
}

// Adds the grid the kernel slides over (gather views, Associated) or the plain input (Scatter).
void AddLeftPanel(Frame& f, const Plan& p, const Panel2& at) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  // Cells under the kernel window, as a mask over the panel (a set lookup per cell is too slow at i = 128).
  std::vector<uint8_t> window(static_cast<size_t>(at.rows) * at.cols, 0);
  auto mark = [&](int r, int col) {
    if (r >= 0 && col >= 0 && r < at.rows && col < at.cols) window[static_cast<size_t>(r) * at.cols + col] = 1;
  };
  if (p.g) {
    for (const Tap& tap : p.g->taps) mark(tap.canvas_row, tap.canvas_col);
  } else if (p.view == View::Associated) {
    // The direct convolution's whole kernel window on its padded input (padding included).
    const AxisParams& H = p.c.config.height();
    const AxisParams& W = p.c.config.width();
    for (int u = 0; u < H.kernel; ++u)
      for (int v = 0; v < W.kernel; ++v)
        mark(p.sc->in_row * H.stride + u * H.dilation, p.sc->in_col * W.stride + v * W.dilation);
  } else {
    mark(p.sc->in_row, p.sc->in_col);
  }
  std::pair<int, int> winner{-1, -1};
  if (p.g && p.g->winner >= 0) {
    const Tap& w = p.g->taps[static_cast<size_t>(p.g->winner)];
    winner = {w.canvas_row, w.canvas_col};
  }
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Input;
      cell.row = r;
      cell.col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      if (p.view == View::Scatter) {
        cell.role = Role::Input;
        cell.data_row = r;
        cell.data_col = col;
        cell.value = c.input.at(r, col);
      } else {
        const CellKind kind = p.left_canvas.Kind(r, col);
        cell.role = RoleOfKind(kind);
        const auto in = p.left_canvas.InputAt(r, col);
        cell.data_row = in[0];
        cell.data_col = in[1];
        if (p.view == View::Associated) {
          cell.value = in[0] >= 0 ? c.output.at(in[0], in[1]) : 0.0;
        } else {
          cell.value = in[0] >= 0 ? c.input.at(in[0], in[1]) : 0.0;
          if (!p.reached_rows[static_cast<size_t>(r)] || !p.reached_cols[static_cast<size_t>(col)])
            cell.role = Role::Uncovered;
        }
      }
      const bool zero_cell = cell.role == Role::Padding || cell.role == Role::InsertedZero || cell.role == Role::ExtraZero;
      if (p.view != View::Associated && !(zero_cell && p.pooling)) cell.text = ValueText(p.o, cell.value);
      cell.dashed = cell.role == Role::Padding || cell.role == Role::ExtraZero ||
                    (cell.role == Role::Uncovered && cell.data_row < 0);
      cell.under_kernel = window[static_cast<size_t>(r) * at.cols + col] != 0;
      cell.highlighted = !p.hl_left.empty() && p.hl_left.count({r, col}) > 0;
      cell.winner = winner == std::make_pair(r, col);
      Rgba fill = RoleFill(t, cell.role);
      if (cell.under_kernel) fill = Blend(fill, t.kernel_shade);
      StyleCell(cell, t, fill);
      f.cells.push_back(std::move(cell));
    }
  }
  // Kernel weights in the corner of the cells under the window (conv and transposed, as in the paper's figures).
  if (p.g && p.has_kernel && p.o.numbers) {
    const size_t first = f.cells.size() - static_cast<size_t>(at.rows) * at.cols;
    for (const Tap& tap : p.g->taps) {
      FrameCell& cell = f.cells[first + static_cast<size_t>(tap.canvas_row) * at.cols + tap.canvas_col];
      cell.corner_text = "×" + FormatValue(tap.weight);
      cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.55f));
    }
  }
}

Role OutputRole(int index, int current) {
  if (index < current) return Role::OutputDone;
  if (index == current) return Role::OutputCurrent;
  return Role::OutputPending;
}

void AddRightPanel(Frame& f, const Plan& p, const Panel2& at) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  const Grid& values = p.view == View::Equivalent ? c.output_equivalent : c.output;
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Output;
      cell.row = r;
      cell.col = col;
      cell.data_row = r;
      cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      const int index = r * at.cols + col;
      if (p.view == View::Scatter) {
        const uint8_t touched = p.output_touched[static_cast<size_t>(index)];
        cell.role = touched == 2 ? Role::OutputCurrent : touched == 1 ? Role::OutputDone : Role::OutputPending;
        cell.value = p.partial.at(r, col);
        cell.under_kernel = touched == 2;
        if (touched) cell.text = ValueText(p.o, cell.value);
      } else if (p.view == View::Associated) {
        cell.role = OutputRole(index, p.step);
        cell.value = c.input.at(r, col);
        cell.under_kernel = index == p.step;
      } else {
        cell.role = OutputRole(index, p.step);
        cell.value = values.at(r, col);
        if (cell.role != Role::OutputPending) cell.text = ValueText(p.o, cell.value);
      }
      cell.highlighted = !p.hl_right.empty() && p.hl_right.count({r, col}) > 0;
      StyleCell(cell, t, RoleFill(t, cell.role));
      f.cells.push_back(std::move(cell));
    }
  }
  if (p.sc && p.view == View::Scatter && p.o.numbers) {
    const size_t first = f.cells.size() - static_cast<size_t>(at.rows) * at.cols;
    for (const Stamp& s : p.sc->stamps) {
      FrameCell& cell = f.cells[first + static_cast<size_t>(s.out_row) * at.cols + s.out_col];
      cell.corner_text = "+" + FormatValue(s.product);
      cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.6f));
    }
  }
}

void AddSmallGrid(Frame& f, const Plan& p, const Panel2& at, Panel panel, const Grid& g, bool overlap) {
  const Theme& t = p.o.theme;
  const double max_count = overlap ? std::max(1.0, *std::max_element(g.values.begin(), g.values.end())) : 1.0;
  for (int r = 0; r < g.rows; ++r) {
    for (int col = 0; col < g.cols; ++col) {
      FrameCell cell;
      cell.panel = panel;
      cell.role = overlap ? Role::Overlap : Role::Kernel;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.value = g.at(r, col);
      cell.text = overlap ? FormatValue(cell.value) : ValueText(p.o, cell.value);
      const Rgba fill = overlap ? detail::Mix(t.overlap_low, t.overlap_high, static_cast<float>(cell.value / max_count))
                                : t.kernel;
      StyleCell(cell, t, fill);
      f.cells.push_back(std::move(cell));
    }
  }
}

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

void AddOverlays(Frame& f, const Plan& p, const Panel2& left, const Panel2& right) {
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
  Plan p = MakePlan(c, o);
  const Theme& t = o.theme;
  Frame f;
  f.background = t.background;

  float y = kMargin;
  std::string caption = Caption(c.config);
  if (o.caption) y += 0.8f;
  const float label_h = o.labels ? kLabelHeight : 0.0f;

  Panel2 left{Panel::Input};
  if (p.view == View::Scatter) {
    left.rows = c.input.rows;
    left.cols = c.input.cols;
  } else {
    left.rows = p.left_canvas.rows;
    left.cols = p.left_canvas.cols;
  }
  Panel2 right{Panel::Output};
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

  Panel2 kernel{Panel::Kernel, right.x, right.Bottom() + 0.5f + label_h, shown_kernel.rows, shown_kernel.cols};
  Panel2 overlap{Panel::Overlap, right.Right() + kPanelGap, right.y, c.overlap.rows, c.overlap.cols};

  f.cells.reserve(static_cast<size_t>(left.rows) * left.cols + static_cast<size_t>(right.rows) * right.cols +
                  (kernel_panel ? static_cast<size_t>(kernel.rows) * kernel.cols : 0) +
                  (overlap_panel ? static_cast<size_t>(overlap.rows) * overlap.cols : 0));
  AddLeftPanel(f, p, left);
  AddRightPanel(f, p, right);
  if (kernel_panel) AddSmallGrid(f, p, kernel, Panel::Kernel, shown_kernel, false);
  if (overlap_panel) AddSmallGrid(f, p, overlap, Panel::Overlap, c.overlap, true);

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
