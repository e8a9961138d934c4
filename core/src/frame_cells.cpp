// The cell panels of a frame: the padded / stretched input, the output with its progress, the kernel and the
// overlap map, with roles, values, the kernel window and the pointer's links.
#include <algorithm>

#include "detail/checks.hpp"
#include "frame_layout.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

std::string ValueText(const FrameOptions& o, double v) { return o.numbers ? FormatValue(v) : std::string(); }

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


void StyleCell(FrameCell& cell, const Theme& t, Rgba fill) {
  cell.fill = fill;
  cell.border = t.grid_line;
  cell.text_color = TextColorOn(fill);
  cell.corner_color = cell.text_color;
  if (!cell.text.empty()) cell.text_size = FitTextSize(cell.text, 0.42f, 0.86f);
}

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

Role OutputRole(int index, int current) {
  if (index < current) return Role::OutputDone;
  if (index == current) return Role::OutputCurrent;
  return Role::OutputPending;
}

}  // namespace

float FitTextSize(const std::string& text, float preferred, float width) {
  const float w = TextWidth(text, preferred);
  return w <= width ? preferred : preferred * width / w;
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
void AddLeftPanel(Frame& f, const Plan& p, const PanelBox& at) {
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

void AddRightPanel(Frame& f, const Plan& p, const PanelBox& at) {
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

void AddSmallGrid(Frame& f, const Plan& p, const PanelBox& at, Panel panel, const Grid& g, bool overlap) {
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

}  // namespace convarith::detail
