// The cell maps of a frame (padded / stretched input, output with its progress, kernels, overlap), cells or pictures.
#include <algorithm>
#include <cmath>
#include <memory>

#include "convarith/ops/checks.hpp"
#include "frame_layout.hpp"
#include "frame_style.hpp"
#include "map_sink.hpp"

namespace convarith::detail {

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

// One canvas position along one axis: what it is and which input cell it shows or copies.
struct AxisCell {
  bool in_range = true;  // inside the (stretched) input's extent
  bool on_stride = true;  // not an inserted zero
  bool extra = false;     // the a extra zeros of a transposed convolution
  int input = 0;          // the input index shown, or -1
  int source = 0;         // the input index whose value it holds (padding modes), or -1
};

AxisCell AxisOf(const Canvas& cv, int a, int pos) {
  const size_t i = static_cast<size_t>(a);
  AxisCell x;
  const int z = pos - cv.lead[i];
  x.in_range = z >= 0 && z < cv.input_extent[i];
  x.on_stride = x.in_range && z % cv.stretch[i] == 0;
  x.extra = !x.in_range && z >= cv.input_extent[i] && pos >= cv.extra_from[i];
  x.input = x.in_range && x.on_stride ? z / cv.stretch[i] : -1;
  x.source = cv.mode == PaddingMode::Zeros || x.in_range ? x.input : PaddedSource(cv.mode, z, cv.input_size[i]);
  return x;
}

// The same rule as Canvas::Kind, from the three axes.
CellKind Combine(const AxisCell& a, const AxisCell& b, const AxisCell& c) {
  if (a.extra || b.extra || c.extra) return CellKind::ExtraZero;
  if (!a.in_range || !b.in_range || !c.in_range) return CellKind::Padding;
  if (!a.on_stride || !b.on_stride || !c.on_stride) return CellKind::InsertedZero;
  return CellKind::Input;
}

// The value a cell of the left grid holds (value colours of a large map's picture): the input value it shows or
// copies (padding modes), or in the Associated view the transposed output it shows; 0 for zeros.
double LeftValue(const Plan& p, int ch, const AxisCell& az, const AxisCell& ar, const AxisCell& ac) {
  const Computation& c = p.c;
  if (p.view == View::Associated) {
    if (az.input < 0 || ar.input < 0 || ac.input < 0) return 0.0;
    return c.output[Flat(c.output, ch, {az.input, ar.input, ac.input})];
  }
  if (az.source < 0 || ar.source < 0 || ac.source < 0) return 0.0;
  return c.input[Flat(c.input, ch, {az.source, ar.source, ac.source})];
}

}  // namespace

float FitTextSize(const TextMeasure& m, const std::string& text, float preferred, float width) {
  const float w = m.Width(text, preferred);
  return w <= width ? preferred : preferred * width / w;
}

namespace {

// What each canvas position of the left grid holds, per axis, worked out once per map (a per-cell lookup is too slow
// at i = 128). Empty for Scatter (the plain input).
std::array<std::vector<AxisCell>, 3> AxesOf(const Plan& p, const PanelBox& at) {
  std::array<std::vector<AxisCell>, 3> axes;
  if (p.view != View::Scatter) {
    const int extent[3] = {p.left_dims[0], at.rows, at.cols};
    for (int a = 0; a < 3; ++a)
      for (int pos = 0; pos < extent[a]; ++pos) axes[static_cast<size_t>(a)].push_back(AxisOf(p.left_canvas, a, pos));
  }
  return axes;
}

// The plain input's value at (r, col) of the map (the scatter view's left grid is the input itself).
double ScatterInputValue(const Plan& p, const PanelBox& at, int r, int col) {
  return p.by_value ? p.c.input[Flat(p.c.input, at.channel, {at.z, r, col})] : 0.0;
}

// The shared picture: each cell's own colour, worked out without building cells (large maps: millions of them).
void FillLeftPicture(MapSink& sink, const Plan& p, const PanelBox& at, const std::array<std::vector<AxisCell>, 3>& axes,
                     const AxisCell& az) {
  const int z = at.z;
  if (p.view == View::Scatter) {  // the plain input
    for (int r = 0; r < at.rows; ++r)
      for (int col = 0; col < at.cols; ++col)
        sink.Pixel(r, col, CellFill(p, Panel::Input, Role::Input, ScatterInputValue(p, at, r, col), false), Role::Input);
    return;
  }
  for (int r = 0; r < at.rows; ++r) {
    const AxisCell& ar = axes[1][static_cast<size_t>(r)];
    const bool row_reached = p.reached[0][static_cast<size_t>(z)] && p.reached[1][static_cast<size_t>(r)];
    for (int col = 0; col < at.cols; ++col) {
      const AxisCell& ac = axes[2][static_cast<size_t>(col)];
      Role role = RoleOfKind(Combine(az, ar, ac));
      if (p.view != View::Associated && !(row_reached && p.reached[2][static_cast<size_t>(col)])) role = Role::Uncovered;
      const double value = p.by_value ? LeftValue(p, at.channel, az, ar, ac) : 0.0;
      sink.Pixel(r, col, CellFill(p, Panel::Input, role, value, false), role);
    }
  }
}

// A left cell's role alone, as DescribeLeftCell works it out.
Role LeftRoleOf(const Plan& p, const std::array<std::vector<AxisCell>, 3>& axes, const AxisCell& az, int z, int r,
                int col) {
  if (p.view == View::Scatter) return Role::Input;
  const Role role = RoleOfKind(Combine(az, axes[1][static_cast<size_t>(r)], axes[2][static_cast<size_t>(col)]));
  if (p.view != View::Associated &&
      (!p.reached[0][static_cast<size_t>(z)] || !p.reached[1][static_cast<size_t>(r)] ||
       !p.reached[2][static_cast<size_t>(col)]))
    return Role::Uncovered;
  return role;
}

// A picture that carries the step (scatter views): each cell's colour with the window's shade, the dimming and the
// hover tint, as its cell would have, without building cells (a million of them at i' = 512).
void FillLeftStepPicture(MapSink& sink, const Plan& p, const PanelBox& at,
                         const std::array<std::vector<AxisCell>, 3>& axes, const AxisCell& az, bool dim) {
  const Theme& t = p.o.theme;
  const int ch = at.channel, z = at.z;
  uint32_t roles = 0;
  for (int r = 0; r < at.rows; ++r) {
    Rgba* px = sink.PixelRow(r);
    for (int col = 0; col < at.cols; ++col) {
      const Role role = LeftRoleOf(p, axes, az, z, r, col);
      double value = 0.0;
      if (p.by_value) {
        value = p.view == View::Scatter ? ScatterInputValue(p, at, r, col)
                                        : LeftValue(p, ch, az, axes[1][static_cast<size_t>(r)], axes[2][static_cast<size_t>(col)]);
      }
      const Rgba fill = CellFill(p, Panel::Input, role, value, p.window.Get(ch, z, r, col) != 0);
      px[col] = StepPixel(t, fill, dim, p.hl_left.any && p.hl_left.Get(ch, z, r, col) != 0);
      roles |= 1u << static_cast<unsigned>(role);
    }
  }
  sink.AddRoles(roles);
}

// A left cell's role, the data it shows and its value (before placing and styling).
void DescribeLeftCell(FrameCell& cell, const Plan& p, const PanelBox& at, const std::array<std::vector<AxisCell>, 3>& axes,
                      const AxisCell& az, int r, int col) {
  const Computation& c = p.c;
  const int ch = at.channel, z = at.z;
  if (p.view == View::Scatter) {
    cell.role = Role::Input;
    cell.data_row = r;
    cell.data_col = col;
    cell.data_index = static_cast<int>(Flat(c.input, ch, {z, r, col}));
    cell.value = c.input[static_cast<size_t>(cell.data_index)];
    return;
  }
  const AxisCell& ar = axes[1][static_cast<size_t>(r)];
  const AxisCell& ac = axes[2][static_cast<size_t>(col)];
  cell.role = RoleOfKind(Combine(az, ar, ac));
  const std::array<int, 3> shown{az.input, ar.input, ac.input};
  const bool is_shown = shown[0] >= 0 && shown[1] >= 0 && shown[2] >= 0;
  cell.data_row = is_shown ? shown[1] : -1;
  cell.data_col = is_shown ? shown[2] : -1;
  if (p.view == View::Associated) {
    if (is_shown) {
      cell.data_index = static_cast<int>(Flat(c.output, ch, shown));
      cell.value = c.output[static_cast<size_t>(cell.data_index)];
    }
  } else {
    if (az.source >= 0 && ar.source >= 0 && ac.source >= 0)
      cell.value = c.input[Flat(c.input, ch, {az.source, ar.source, ac.source})];
    if (is_shown) cell.data_index = static_cast<int>(Flat(c.input, ch, shown));
    if (!p.reached[0][static_cast<size_t>(z)] || !p.reached[1][static_cast<size_t>(r)] ||
        !p.reached[2][static_cast<size_t>(col)])
      cell.role = Role::Uncovered;
  }
}

// The step over the shared picture: the kernel window's shade, a dimmed map, the hovered links, the winner.
void LeftStepOverPicture(MapSink& sink, const Plan& p, const PanelBox& at, bool dim, const std::array<int, 3>& winner,
                         int winner_channel) {
  const Theme& t = p.o.theme;
  const int ch = at.channel, z = at.z;
  if (dim) sink.StepRect(0, 0, at.rows - 1, at.cols - 1, WithAlpha(t.background, 0.6f));
  if (p.g)
    for (const Tap& tap : p.g->taps)
      if (tap.channel == ch && tap.canvas_z == z)
        sink.StepRect(tap.canvas_row, tap.canvas_col, tap.canvas_row, tap.canvas_col, KernelOverlay(p));
  if (p.view == View::Scatter && p.sc->in_channel == ch && p.sc->in_z == z)
    sink.StepRect(p.sc->in_row, p.sc->in_col, p.sc->in_row, p.sc->in_col, KernelOverlay(p));
  if (p.hl_left.any)
    for (int r = 0; r < at.rows; ++r)
      for (int col = 0; col < at.cols; ++col)
        if (p.hl_left.Get(ch, z, r, col)) sink.StepRect(r, col, r, col, WithAlpha(t.highlight, 0.55f));
  if (ch == winner_channel && winner[0] == z) sink.StepRect(winner[1], winner[2], winner[1], winner[2], WithAlpha(t.winner, 0.6f));
}

// Kernel weights in the corner of the cells under the window (conv and transposed, as in the paper's figures).
void AddCornerWeights(Frame& f, const Plan& p, const PanelBox& at, const MapSink& sink) {
  if (!(p.g && p.has_kernel && p.o.numbers)) return;
  for (const Tap& tap : p.g->taps) {
    if (tap.channel != at.channel || tap.canvas_z != at.z) continue;
    const long long at_index = sink.CellIndex(tap.canvas_row, tap.canvas_col);
    if (at_index < 0) continue;
    FrameCell& cell = f.cells[static_cast<size_t>(at_index)];
    cell.corner_text = "×" + FormatValue(tap.weight);
    cell.corner_size = std::min(0.26f, FitTextSize(p.o.measure, cell.corner_text, 0.26f, 0.55f));
  }
}

}  // namespace

void AddLeftMap(Frame& f, const Plan& p, const PanelBox& at) {
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
  MapSink sink(f, p, at);
  const std::array<std::vector<AxisCell>, 3> axes = AxesOf(p, at);
  const AxisCell az = p.view != View::Scatter ? axes[0][static_cast<size_t>(z)] : AxisCell{};
  if (sink.needs_pixels()) {
    if (sink.shared()) {
      FillLeftPicture(sink, p, at, axes, az);
    } else {
      FillLeftStepPicture(sink, p, at, axes, az, dim);
    }
    sink.PixelsDone();
  }
  for (int r = sink.first_row(); r <= sink.last_row(); ++r) {
    for (int col = sink.first_col(); col <= sink.last_col(); ++col) {
      if (!sink.Emit(r, col)) continue;  // in the picture only
      FrameCell cell;
      cell.dimmed = dim;
      DescribeLeftCell(cell, p, at, axes, az, r, col);
      cell.under_kernel = p.window.Get(ch, z, r, col) != 0;
      cell.highlighted = p.hl_left.any && p.hl_left.Get(ch, z, r, col) != 0;
      cell.winner = ch == winner_channel && winner == std::array<int, 3>{z, r, col};
      const Rgba fill = CellFill(p, Panel::Input, cell.role, cell.value, cell.under_kernel);
      Place(cell, Panel::Input, at, r, col);
      const bool zero_cell = cell.role == Role::Padding || cell.role == Role::InsertedZero || cell.role == Role::ExtraZero;
      // Associated: the direct convolution's input cells show what the transpose writes there (the transposed output).
      const bool show = p.view == View::Associated ? cell.role == Role::Input : !(zero_cell && p.pooling);
      if (show) cell.text = CellText(p, cell);
      cell.dashed = cell.role == Role::Padding || cell.role == Role::ExtraZero ||
                    (cell.role == Role::Uncovered && cell.data_row < 0);
      StyleCell(cell, p.o, fill);
      f.cells.push_back(std::move(cell));
    }
  }
  if (sink.shared()) LeftStepOverPicture(sink, p, at, dim, winner, winner_channel);
  AddCornerWeights(f, p, at, sink);
}

namespace {

// A picture that carries the step (scatter views): each output's colour as its cell would have, without cells.
void FillRightStepPicture(MapSink& sink, const Plan& p, const PanelBox& at, const Tensor& values, bool hover) {
  const Theme& t = p.o.theme;
  const int ch = at.channel, z = at.z;
  const Rgba pending = RoleFill(t, Role::OutputPending), done = RoleFill(t, Role::OutputDone),
             current = RoleFill(t, Role::OutputCurrent);
  const bool scatter = p.view == View::Scatter;
  const Tensor& shown = scatter ? *p.scatter_values : p.view == View::Associated ? p.c.input : values;
  const int* last = scatter ? p.progress->last.data() : nullptr;
  uint32_t roles = 0;
  for (int r = 0; r < at.rows; ++r) {
    Rgba* px = sink.PixelRow(r);
    const size_t base = Flat(shown, ch, {z, r, 0});
    for (int col = 0; col < at.cols; ++col) {
      const size_t index = base + static_cast<size_t>(col);
      Role role;
      if (scatter) {
        const int step = last[index];
        role = step == p.step ? Role::OutputCurrent : step >= 0 ? Role::OutputDone : Role::OutputPending;
      } else {
        role = OutputRole(static_cast<int>(index), p.step);
      }
      bool dimmed = false;
      if (p.o.keep_every > 1) {
        const int pos[3] = {z, r, col};
        for (int a = p.c.config.first_axis(); a < 3; ++a) dimmed |= pos[a] % p.o.keep_every != 0;
      }
      const bool highlighted = hover && p.hl_right.any && p.hl_right.Get(ch, z, r, col) != 0;
      const Rgba fill = p.by_value ? CellFill(p, Panel::Output, role, shown[index], false)
                        : role == Role::OutputCurrent ? current : role == Role::OutputDone ? done : pending;
      px[col] = dimmed || highlighted ? StepPixel(t, fill, dimmed, highlighted) : fill;
      roles |= 1u << static_cast<unsigned>(role);
    }
  }
  // A picture kept for later steps (Scatter) stands for every output role (the legend lists them all anyway).
  if (!hover) roles |= 1u << static_cast<unsigned>(Role::OutputDone) | 1u << static_cast<unsigned>(Role::OutputCurrent) |
                       1u << static_cast<unsigned>(Role::OutputPending);
  sink.AddRoles(roles);
}

// The scatter view's output picture shows the outputs as they were at an earlier step: the outputs written since
// (Plan::changed) go on top in their colour at this step, as opaque rects.
void ScatterChangesOverPicture(MapSink& sink, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const size_t first = Flat(*p.scatter_values, at.channel, {at.z, 0, 0});
  const size_t count = static_cast<size_t>(at.rows) * static_cast<size_t>(at.cols);
  auto it = std::lower_bound(p.changed.begin(), p.changed.end(), first);
  for (; it != p.changed.end() && *it < first + count; ++it) {
    const int r = static_cast<int>((*it - first) / static_cast<size_t>(at.cols));
    const int col = static_cast<int>((*it - first) % static_cast<size_t>(at.cols));
    const int last = p.progress->last[*it];
    const Role role = last == p.step ? Role::OutputCurrent : last >= 0 ? Role::OutputDone : Role::OutputPending;
    bool dimmed = false;
    if (p.o.keep_every > 1) {
      const int pos[3] = {at.z, r, col};
      for (int a = p.c.config.first_axis(); a < 3; ++a) dimmed |= pos[a] % p.o.keep_every != 0;
    }
    sink.StepRect(r, col, r, col, StepPixel(t, CellFill(p, Panel::Output, role, (*p.scatter_values)[*it], false),
                                            dimmed, false));
  }
}

// The gather views' shared picture: every output as computed (dropped ones dimmed for Figure 1.4's subsampling).
void FillRightSharedPicture(MapSink& sink, const Plan& p, const PanelBox& at, const Tensor& values) {
  const Theme& t = p.o.theme;
  const int ch = at.channel, z = at.z;
  const Rgba done = RoleFill(t, Role::OutputDone);
  const Rgba dropped = Mix(done, t.background, 0.6f);
  for (int r = 0; r < at.rows; ++r)
    for (int col = 0; col < at.cols; ++col) {
      bool drop = false;
      if (p.o.keep_every > 1) {
        const int pos[3] = {z, r, col};
        for (int a = p.c.config.first_axis(); a < 3; ++a) drop |= pos[a] % p.o.keep_every != 0;
      }
      const Rgba fill =
          p.by_value ? CellFill(p, Panel::Output, Role::OutputDone, values[Flat(values, ch, {z, r, col})], false)
                     : done;
      sink.Pixel(r, col, drop ? (p.by_value ? Mix(fill, t.background, 0.6f) : dropped) : fill, Role::OutputDone);
    }
}

// The step's progress over the gather views' shared picture: the current output and every one still to come.
void GatherProgressOverPicture(MapSink& sink, const Plan& p, const PanelBox& at, const Tensor& values) {
  const long long base = static_cast<long long>(Flat(values, at.channel, {at.z, 0, 0}));
  const long long cur = static_cast<long long>(p.step) - base;  // the step's index within this map
  const long long count = static_cast<long long>(at.rows) * at.cols;
  const Rgba pending = RoleFill(p.o.theme, Role::OutputPending);
  if (cur < 0) {
    sink.StepRect(0, 0, at.rows - 1, at.cols - 1, pending);
  } else if (cur < count) {
    const int cr = static_cast<int>(cur / at.cols), cc = static_cast<int>(cur % at.cols);
    sink.StepRect(cr, cc, cr, cc, CurrentOverlay(p));
    sink.StepRect(cr, cc + 1, cr, at.cols - 1, pending);
    sink.StepRect(cr + 1, 0, at.rows - 1, at.cols - 1, pending);
  }
}

}  // namespace

void AddRightMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  const int ch = at.channel, z = at.z;
  const Tensor& values = p.view == View::Equivalent ? c.output_equivalent : c.output;
  MapSink sink(f, p, at);
  if (sink.needs_pixels() && !p.gather) {
    FillRightStepPicture(sink, p, at, values, !sink.shared());  // Scatter: hover goes on top
    sink.PixelsDone();
  }
  if (sink.needs_pixels() && p.gather) {
    FillRightSharedPicture(sink, p, at, values);
    sink.PixelsDone();
  }
  for (int r = sink.first_row(); r <= sink.last_row(); ++r) {
    for (int col = sink.first_col(); col <= sink.last_col(); ++col) {
      if (!sink.Emit(r, col)) continue;  // in the picture only
      FrameCell cell;
      bool text = false;
      if (p.view == View::Scatter) {
        const size_t index = Flat(*p.scatter_values, ch, {z, r, col});
        cell.data_index = static_cast<int>(index);
        const int last = p.progress->last[index];  // the last step that wrote it (this one at most)
        cell.role = last == p.step ? Role::OutputCurrent : last >= 0 ? Role::OutputDone : Role::OutputPending;
        cell.value = (*p.scatter_values)[index];
        cell.under_kernel = last == p.step;
        text = last >= 0;
      } else if (p.view == View::Associated) {
        const size_t index = Flat(c.input, ch, {z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = c.input[index];
        cell.under_kernel = static_cast<int>(index) == p.step;
        // Positions only: the transposed input sits where the direct convolution's outputs are, but it is not the
        // convolution of the grid beside it (issue 17: Figure 4.6 showed 1…9 there), so it carries no numbers.
        text = false;
      } else {
        const size_t index = Flat(values, ch, {z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = values[index];
        text = cell.role != Role::OutputPending;
      }
      cell.highlighted = p.hl_right.any && p.hl_right.Get(ch, z, r, col) != 0;
      // Stride as subsampling: an output off the grid of every keep_every-th position is one the stride skips.
      if (p.o.keep_every > 1) {
        const int pos[3] = {z, r, col};
        for (int a = c.config.first_axis(); a < 3; ++a) cell.dimmed |= pos[a] % p.o.keep_every != 0;
      }
      const Rgba fill = CellFill(p, Panel::Output, cell.role, cell.value, false);
      Place(cell, Panel::Output, at, r, col);
      cell.data_row = r;
      cell.data_col = col;
      if (text) cell.text = CellText(p, cell);
      StyleCell(cell, p.o, fill);
      f.cells.push_back(std::move(cell));
    }
  }
  if (sink.shared() && !p.gather) ScatterChangesOverPicture(sink, p, at);
  if (sink.shared() && p.gather) GatherProgressOverPicture(sink, p, at, values);
  if (sink.shared()) {
    if (p.hl_right.any)
      for (int r = 0; r < at.rows; ++r)
        for (int col = 0; col < at.cols; ++col)
          if (p.hl_right.Get(ch, z, r, col)) sink.StepRect(r, col, r, col, WithAlpha(t.highlight, 0.55f));
  }
  if (p.sc && p.view == View::Scatter && p.o.numbers) {
    for (const Stamp& st : p.sc->stamps) {
      if (st.out_channel != ch || st.out_z != z) continue;
      const long long at_index = sink.CellIndex(st.out_row, st.out_col);
      if (at_index < 0) continue;
      FrameCell& cell = f.cells[static_cast<size_t>(at_index)];
      cell.corner_text = "+" + FormatValue(st.product);
      cell.corner_size = std::min(0.26f, FitTextSize(p.o.measure, cell.corner_text, 0.26f, 0.6f));
    }
  }
}

}  // namespace convarith::detail

