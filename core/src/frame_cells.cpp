// The cell maps of a frame: the padded / stretched input, the output with its progress, the kernels and the overlap
// map, channel by channel and slice by slice, with roles, values, the kernel window and the pointer's links.
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
  if (cell.dimmed) fill = Mix(fill, t.background, 0.6f);
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

bool InOutput(const Computation& c, const Pointer& p) {
  const auto& o = c.output_shape;
  return p.channel >= 0 && p.channel < c.out_channels() && p.z >= 0 && p.row >= 0 && p.col >= 0 && p.z < o[0] &&
         p.row < o[1] && p.col < o[2];
}

bool InInput(const Computation& c, const Pointer& p) {
  const auto in = c.input_dims();
  return p.channel >= 0 && p.channel < c.in_channels() && p.z >= 0 && p.row >= 0 && p.col >= 0 && p.z < in[0] &&
         p.row < in[1] && p.col < in[2];
}

CellRef RefOf(const Pointer& p) { return {p.channel, p.z, p.row, p.col}; }

void ComputeHighlights(Plan& p) {
  if (!p.o.pointer) return;
  const Pointer& ptr = *p.o.pointer;
  const Computation& c = p.c;
  if (p.gather) {
    if (ptr.panel == Panel::Output && InOutput(c, ptr)) {
      p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const Tap& t : Gather(c, p.view, StepOf(c, p.view, RefOf(ptr))).taps)
        p.hl_left.Mark(t.channel, t.canvas_z, t.canvas_row, t.canvas_col);
    } else if (ptr.panel == Panel::Input && p.hl_left.Inside(ptr.channel, ptr.z, ptr.row, ptr.col)) {
      p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : OutputsReading(c, p.view, RefOf(ptr))) p.hl_right.Mark(r.channel, r.z, r.row, r.col);
    }
    return;
  }
  if (p.view == View::Scatter) {
    if (ptr.panel == Panel::Input && InInput(c, ptr)) {
      p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : OutputsReading(c, View::Scatter, RefOf(ptr))) p.hl_right.Mark(r.channel, r.z, r.row, r.col);
    } else if (ptr.panel == Panel::Output && InOutput(c, ptr)) {
      p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : InputsFeeding(c, RefOf(ptr))) p.hl_left.Mark(r.channel, r.z, r.row, r.col);
    }
    return;
  }
  // Associated: left = the direct convolution's padded input (shaped like the transposed output), right = its output
  // (shaped like the transposed input).
  const auto& lead = p.left_canvas.lead;
  if (ptr.panel == Panel::Output && InInput(c, ptr)) {
    p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
    for (const CellRef& r : OutputsReading(c, View::Scatter, RefOf(ptr)))
      p.hl_left.Mark(r.channel, r.z + lead[0], r.row + lead[1], r.col + lead[2]);
  } else if (ptr.panel == Panel::Input) {
    p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
    const auto in = p.left_canvas.InputAt(ptr.z, ptr.row, ptr.col);
    if (in[0] >= 0)
      for (const CellRef& r : InputsFeeding(c, {ptr.channel, in[0], in[1], in[2]}))
        p.hl_right.Mark(r.channel, r.z, r.row, r.col);
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
  Plan p{.c = c, .o = o};
  const auto views = ViewsOf(c.config.op);
  p.view = std::find(views.begin(), views.end(), o.view) == views.end() ? views.front() : o.view;
  p.step = std::clamp(o.step, 0, std::max(0, StepCount(c, p.view) - 1));
  p.gather = p.view == View::Direct || p.view == View::Equivalent;
  p.pooling = c.config.pooling();
  p.has_kernel = !p.pooling;
  const auto in = c.input_dims();
  const auto& out = c.output_shape;
  if (p.gather) {
    p.left_canvas = c.canvas;
    p.left_channels = c.in_channels();
    p.left_dims = p.left_canvas.dims;
    p.right_channels = c.out_channels();
    p.right_dims = out;
    p.g = Gather(c, p.view, p.step);
    for (int a = 0; a < 3; ++a) {
      const AxisParams& ax = c.config.axes[static_cast<size_t>(a)];
      p.reached[static_cast<size_t>(a)] = Reached(p.left_canvas.dims[static_cast<size_t>(a)], out[static_cast<size_t>(a)],
                                                  p.view == View::Equivalent ? 1 : ax.stride, ax);
    }
  } else if (p.view == View::Scatter) {
    p.left_channels = c.in_channels();
    p.left_dims = in;
    p.right_channels = c.out_channels();
    p.right_dims = out;
    p.sc = Scatter(c, p.step);
  } else {  // Associated
    p.left_canvas = MakeCanvas(c.associated);
    p.left_channels = c.out_channels();
    p.left_dims = p.left_canvas.dims;
    p.right_channels = c.in_channels();
    p.right_dims = in;
    p.sc = Scatter(c, p.step);
  }
  p.hl_left.Reset({p.left_channels, p.left_dims[0], p.left_dims[1], p.left_dims[2]});
  p.hl_right.Reset({p.right_channels, p.right_dims[0], p.right_dims[1], p.right_dims[2]});
  p.window.Reset({p.left_channels, p.left_dims[0], p.left_dims[1], p.left_dims[2]});
  p.left_active.assign(static_cast<size_t>(p.left_channels), false);
  if (p.g) {
    for (const Tap& t : p.g->taps) {
      p.window.Set(t.channel, t.canvas_z, t.canvas_row, t.canvas_col);
      p.left_active[static_cast<size_t>(t.channel)] = true;
    }
  } else if (p.view == View::Associated) {
    // The direct convolution's whole kernel window on its padded input (padding included), in every map it reads.
    const Config& cfg = c.config;
    for (const Stamp& s : p.sc->stamps) p.left_active[static_cast<size_t>(s.out_channel)] = true;
    for (int ch = 0; ch < p.left_channels; ++ch) {
      if (!p.left_active[static_cast<size_t>(ch)]) continue;
      for (int u0 = 0; u0 < cfg.axes[0].kernel; ++u0)
        for (int u1 = 0; u1 < cfg.axes[1].kernel; ++u1)
          for (int u2 = 0; u2 < cfg.axes[2].kernel; ++u2)
            p.window.Set(ch, p.sc->in_z * cfg.axes[0].stride + u0 * cfg.axes[0].dilation,
                         p.sc->in_row * cfg.axes[1].stride + u1 * cfg.axes[1].dilation,
                         p.sc->in_col * cfg.axes[2].stride + u2 * cfg.axes[2].dilation);
    }
  } else {
    p.window.Set(p.sc->in_channel, p.sc->in_z, p.sc->in_row, p.sc->in_col);
    std::fill(p.left_active.begin(), p.left_active.end(), true);
    // The output summed over steps 0..n: every stamp of every input value so far.
    p.partial = Tensor(c.output.shape);
    p.output_touched.assign(p.partial.size(), 0);
    for (int n = 0; n <= p.step; ++n) {
      const uint8_t mark = n == p.step ? 2 : 1;
      for (const Stamp& s : (n == p.step ? *p.sc : Scatter(c, n)).stamps) {
        const size_t at = p.partial.Index({s.out_channel, s.out_z, s.out_row, s.out_col});
        p.partial.values[at] += s.product;
        p.output_touched[at] = mark;
      }
    }
    // Bias, once every input has stamped (the output is then complete).
    if (p.step + 1 == StepCount(c, p.view) && c.config.bias && !c.bias.empty()) p.partial = c.output;
  }
  ComputeHighlights(p);
  return p;
}

void AddLeftMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  const int ch = at.channel, z = at.z;
  // A map the step does not read is dimmed (other groups; pooling: other channels).
  const bool dim = !p.left_active[static_cast<size_t>(ch)] && p.left_channels > 1;
  std::array<int, 3> winner{-1, -1, -1};
  int winner_channel = -1;
  if (p.g && p.g->winner >= 0) {
    const Tap& w = p.g->taps[static_cast<size_t>(p.g->winner)];
    winner = {w.canvas_z, w.canvas_row, w.canvas_col};
    winner_channel = w.channel;
  }
  const size_t first = f.cells.size();
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Input;
      cell.channel = ch;
      cell.z = z;
      cell.row = r;
      cell.col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.dimmed = dim;
      if (p.view == View::Scatter) {
        cell.role = Role::Input;
        cell.data_row = r;
        cell.data_col = col;
        cell.data_index = static_cast<int>(c.input.Index({ch, z, r, col}));
        cell.value = c.input.values[static_cast<size_t>(cell.data_index)];
      } else {
        const CellKind kind = p.left_canvas.Kind(z, r, col);
        cell.role = RoleOfKind(kind);
        const auto shown = p.left_canvas.InputAt(z, r, col);
        cell.data_row = shown[1];
        cell.data_col = shown[2];
        if (p.view == View::Associated) {
          if (shown[0] >= 0) {
            cell.data_index = static_cast<int>(c.output.Index({ch, shown[0], shown[1], shown[2]}));
            cell.value = c.output.values[static_cast<size_t>(cell.data_index)];
          }
        } else {
          const auto src = p.left_canvas.SourceAt(z, r, col);
          if (src[0] >= 0) cell.value = c.input.at({ch, src[0], src[1], src[2]});
          if (shown[0] >= 0) cell.data_index = static_cast<int>(c.input.Index({ch, shown[0], shown[1], shown[2]}));
          if (!p.reached[0][static_cast<size_t>(z)] || !p.reached[1][static_cast<size_t>(r)] ||
              !p.reached[2][static_cast<size_t>(col)])
            cell.role = Role::Uncovered;
        }
      }
      const bool zero_cell = cell.role == Role::Padding || cell.role == Role::InsertedZero || cell.role == Role::ExtraZero;
      if (p.view != View::Associated && !(zero_cell && p.pooling)) cell.text = ValueText(p.o, cell.value);
      cell.dashed = cell.role == Role::Padding || cell.role == Role::ExtraZero ||
                    (cell.role == Role::Uncovered && cell.data_row < 0);
      cell.under_kernel = p.window.Get(ch, z, r, col) != 0;
      cell.highlighted = p.hl_left.any && p.hl_left.Get(ch, z, r, col) != 0;
      cell.winner = ch == winner_channel && winner == std::array<int, 3>{z, r, col};
      Rgba fill = RoleFill(t, cell.role);
      if (cell.under_kernel) fill = Blend(fill, t.kernel_shade);
      StyleCell(cell, t, fill);
      f.cells.push_back(std::move(cell));
    }
  }
  // Kernel weights in the corner of the cells under the window (conv and transposed, as in the paper's figures).
  if (p.g && p.has_kernel && p.o.numbers) {
    for (const Tap& tap : p.g->taps) {
      if (tap.channel != ch || tap.canvas_z != z) continue;
      FrameCell& cell = f.cells[first + static_cast<size_t>(tap.canvas_row) * at.cols + tap.canvas_col];
      cell.corner_text = "×" + FormatValue(tap.weight);
      cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.55f));
    }
  }
}

void AddRightMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  const int ch = at.channel, z = at.z;
  const Tensor& values = p.view == View::Equivalent ? c.output_equivalent : c.output;
  const size_t first = f.cells.size();
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Output;
      cell.channel = ch;
      cell.z = z;
      cell.row = r;
      cell.col = col;
      cell.data_row = r;
      cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      if (p.view == View::Scatter) {
        const size_t index = p.partial.Index({ch, z, r, col});
        cell.data_index = static_cast<int>(index);
        const uint8_t touched = p.output_touched[index];
        cell.role = touched == 2 ? Role::OutputCurrent : touched == 1 ? Role::OutputDone : Role::OutputPending;
        cell.value = p.partial.values[index];
        cell.under_kernel = touched == 2;
        if (touched) cell.text = ValueText(p.o, cell.value);
      } else if (p.view == View::Associated) {
        const size_t index = c.input.Index({ch, z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = c.input.values[index];
        cell.under_kernel = static_cast<int>(index) == p.step;
        // The direct convolution's output is the transposed input: known from the start, so always written.
        cell.text = ValueText(p.o, cell.value);
      } else {
        const size_t index = values.Index({ch, z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = values.values[index];
        if (cell.role != Role::OutputPending) cell.text = ValueText(p.o, cell.value);
      }
      cell.highlighted = p.hl_right.any && p.hl_right.Get(ch, z, r, col) != 0;
      StyleCell(cell, t, RoleFill(t, cell.role));
      f.cells.push_back(std::move(cell));
    }
  }
  if (p.sc && p.view == View::Scatter && p.o.numbers) {
    for (const Stamp& s : p.sc->stamps) {
      if (s.out_channel != ch || s.out_z != z) continue;
      FrameCell& cell = f.cells[first + static_cast<size_t>(s.out_row) * at.cols + s.out_col];
      cell.corner_text = "+" + FormatValue(s.product);
      cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.6f));
    }
  }
}

void AddKernelMap(Frame& f, const Plan& p, const PanelBox& at, const Tensor& kernel) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  // The kernels the current step uses: its output channel's row (gather), its input channel's row (scatter).
  bool active = true;
  if (p.g && !p.pooling) {
    active = c.config.op == Op::Transposed
                 ? at.kernel_col == p.g->out_channel % c.config.out_per_group() &&
                       std::find(p.g->part_channels.begin(), p.g->part_channels.end(), at.channel) != p.g->part_channels.end()
                 : at.channel == p.g->out_channel;
  } else if (p.sc) {
    active = at.channel == p.sc->in_channel;
  }
  const bool several = kernel.dim(0) * kernel.dim(1) > 1;
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Kernel;
      cell.role = Role::Kernel;
      cell.channel = at.channel;
      cell.kernel_col = at.kernel_col;
      cell.z = at.z;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.data_index = static_cast<int>(kernel.Index({at.channel, at.kernel_col, at.z, r, col}));
      cell.value = kernel.values[static_cast<size_t>(cell.data_index)];
      cell.text = ValueText(p.o, cell.value);
      cell.dimmed = several && !active;
      StyleCell(cell, t, t.kernel);
      f.cells.push_back(std::move(cell));
    }
  }
}

void AddOverlapMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Tensor& g = p.c.overlap;
  const double max_count = std::max(1.0, *std::max_element(g.values.begin(), g.values.end()));
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Overlap;
      cell.role = Role::Overlap;
      cell.z = at.z;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.data_index = static_cast<int>(g.Index({0, at.z, r, col}));
      cell.value = g.values[static_cast<size_t>(cell.data_index)];
      cell.text = FormatValue(cell.value);
      StyleCell(cell, t, Mix(t.overlap_low, t.overlap_high, static_cast<float>(cell.value / max_count)));
      f.cells.push_back(std::move(cell));
    }
  }
}

}  // namespace convarith::detail
