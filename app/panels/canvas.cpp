// The canvas: the frames of the visible views side by side, with zoom, pan, hover, pins and value editing.
#include "panels/canvas.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "app.hpp"
#include "convarith/ops/compute.hpp"
#include "frame_drawing.hpp"
#include "gl/frame_renderer.hpp"
#include "panels/canvas_notes.hpp"

namespace convarith::app {
namespace {

constexpr float kMinNumberCellPx = 22;  // below this the values are too small to read: hide them
constexpr float kMinTextPx = 5;
constexpr float kMaxCellPx = 400;
constexpr float kViewGapPx = 28;  // at UI scale 1, like every pixel length here
// Level of detail: a map of more cells than this is drawn as a picture (one texel per cell), with numbered cells only
// where the canvas shows it zoomed in enough to read them (FrameOptions::detail_limit and visible).
constexpr int kDetailLimit = 64 * 64;
constexpr float kVisibleSnap = 8;  // the visible rectangle, in cells, snapped outwards (fewer rebuilds while panning)

// The part of a frame that holds something (cells, rects, the labels drawn with it), cell units: the fit uses this
// rather than the frame's nominal size, which keeps room for text the notes strip shows instead.
struct Bounds {
  float x0 = 0, y0 = 0, x1 = 1, y1 = 1;
  float w() const { return x1 - x0; }
  float h() const { return y1 - y0; }
};

size_t Index(View v) { return static_cast<size_t>(v); }

struct Layout {
  float cell_px = 1;
  float width = 0, height = 0;   // pixels, titles included
  std::vector<ImVec2> slots;     // top-left of each view's title, relative to the block
  std::vector<float> column_px;  // each view's column width (the room its title has)
  bool cells_first = false;      // labels capped by the cell size (see the canvas): set by the caller
  bool texts = true;             // room was kept for the frames' texts: draw them (set by the caller)
};

// Tries every number of columns and keeps the one with the largest cells. `min_px`: the narrowest each view's column
// may be, in pixels (its title at the smallest size it shrinks to), so that a title is never cut off by the next
// view when the cells are small; when the titles alone do not fit, they are left to clip.
Layout Arrange(const std::vector<Bounds>& bounds, const std::vector<float>& min_px, float avail_w, float avail_h,
               float title_h, float zoom, float gap_px) {
  const size_t n = bounds.size();
  struct Grid {
    std::vector<float> w, min, h;  // per column (cells, pixels), per row (cells)
  };
  auto grid_of = [&](size_t cols) {
    const size_t rows = (n + cols - 1) / cols;
    Grid g{std::vector<float>(cols, 0), std::vector<float>(cols, 0), std::vector<float>(rows, 0)};
    for (size_t k = 0; k < n; ++k) {
      g.w[k % cols] = std::max(g.w[k % cols], bounds[k].w());
      g.min[k % cols] = std::max(g.min[k % cols], k < min_px.size() ? min_px[k] : 0.0f);
      g.h[k / cols] = std::max(g.h[k / cols], bounds[k].h());
    }
    return g;
  };
  auto width_at = [&](const Grid& g, float cell, bool titles) {
    float w = gap_px * static_cast<float>(g.w.size() - 1);
    for (size_t c = 0; c < g.w.size(); ++c) w += titles ? std::max(g.w[c] * cell, g.min[c]) : g.w[c] * cell;
    return w;
  };
  Grid best_grid;
  float best_fit = -1;
  bool best_titles = true;
  for (size_t cols = 1; cols <= n; ++cols) {
    const Grid g = grid_of(cols);
    const auto rows = static_cast<float>(g.h.size());
    float sum_h = 0;
    for (float h : g.h) sum_h += h;
    const float fit_h = (avail_h - (title_h + gap_px) * rows + gap_px) / std::max(sum_h, 1.0f);
    // The largest cell whose columns (each at least its title's width) fit the width: the width grows with it.
    bool titles = width_at(g, 0.0f, true) <= avail_w;
    float lo = 0, hi = std::max(fit_h, 0.0f);
    if (width_at(g, hi, titles) <= avail_w) {
      lo = hi;
    } else {
      for (int it = 0; it < 40; ++it) {
        const float mid = 0.5f * (lo + hi);
        (width_at(g, mid, titles) <= avail_w ? lo : hi) = mid;
      }
    }
    if (lo > best_fit * 1.02f) {
      best_fit = lo;
      best_grid = g;
      best_titles = titles;
    }
  }
  Layout best;
  const size_t cols = best_grid.w.size(), rows = best_grid.h.size();
  best.cell_px = std::clamp(best_fit * zoom, 1.0f, kMaxCellPx);
  std::vector<float> col_x(cols + 1, 0), row_y(rows + 1, 0), col_w(cols, 0);
  for (size_t c = 0; c < cols; ++c) {
    col_w[c] = best_titles ? std::max(best_grid.w[c] * best.cell_px, best_grid.min[c]) : best_grid.w[c] * best.cell_px;
    col_x[c + 1] = col_x[c] + col_w[c] + gap_px;
  }
  for (size_t r = 0; r < rows; ++r) row_y[r + 1] = row_y[r] + title_h + best_grid.h[r] * best.cell_px + gap_px;
  for (size_t k = 0; k < n; ++k) {
    best.slots.push_back({col_x[k % cols], row_y[k / cols]});
    best.column_px.push_back(col_w[k % cols]);
  }
  best.width = col_x[cols] - gap_px;
  best.height = row_y[rows] - gap_px;
  return best;
}

// For a transposed convolution every view shows the same data: which of it a cell is (its input i' or output o').
std::optional<bool> IsTransposedOutput(View view, Panel panel) {
  if (panel != Panel::Input && panel != Panel::Output) return std::nullopt;
  const bool output_panel = panel == Panel::Output;
  return view == View::Associated ? !output_panel : output_panel;
}

// The pointer a view shows: the cell under the mouse (or pinned) in its own view, or the same data cell in another.
std::optional<Pointer> PointerFor(const CanvasState& st, View view, const Frame& frame, bool transposed) {
  const std::optional<CanvasPointer>& active = st.hovered ? st.hovered : st.pinned;
  if (!active) return std::nullopt;
  auto usable = [](const Pointer& p) { return p.panel == Panel::Input || p.panel == Panel::Output; };
  if (active->view == view) return usable(active->pointer) ? std::optional<Pointer>(active->pointer) : std::nullopt;
  if (!transposed || active->data_index < 0) return std::nullopt;
  const std::optional<bool> output = IsTransposedOutput(active->view, active->pointer.panel);
  if (!output) return std::nullopt;
  const Panel want = (view == View::Associated) == *output ? Panel::Input : Panel::Output;
  for (const FrameCell& cell : frame.cells) {
    if (cell.panel == want && cell.data_index == active->data_index) {
      return Pointer{want, cell.row, cell.col, cell.channel, cell.z};
    }
  }
  return std::nullopt;
}

uint32_t Fingerprint(const FrameOptions& o, bool dark) {
  uint32_t bits = 0;
  int bit = 0;
  for (bool b : {o.numbers, o.labels, o.legend, o.caption, o.equation, o.kernel_panel, o.overlap_panel, dark,
                 o.stack_rows}) {
    bits |= (b ? 1u : 0u) << bit++;
  }
  bits |= static_cast<uint32_t>(std::clamp(o.keep_every, 0, 255)) << 16;
  bits |= (o.colour_by == ColourBy::Value ? 1u : 0u) << 24;
  return bits;
}

Bounds ShapeBounds(const Frame& frame) {
  Bounds b{FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX};
  auto add = [&b](float x0, float y0, float x1, float y1) {
    b.x0 = std::min(b.x0, x0);
    b.y0 = std::min(b.y0, y0);
    b.x1 = std::max(b.x1, x1);
    b.y1 = std::max(b.y1, y1);
  };
  for (const FrameImage& im : frame.images) {
    add(im.x, im.y, im.x + static_cast<float>(im.cols), im.y + static_cast<float>(im.rows));
  }
  for (const FrameCell& c : frame.cells) add(c.x, c.y, c.x + c.size, c.y + c.size);
  for (const FrameRect& r : frame.rects) add(r.x, r.y, r.x + r.w, r.y + r.h);
  return b;
}

bool SameRect(const std::optional<std::array<float, 4>>& a, const std::optional<std::array<float, 4>>& b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

// The part of a view the canvas shows (cell units, from where it was drawn last frame), snapped outwards with a
// margin: numbered cells of large maps are made for it alone. None while the cells are too small for numbers.
std::optional<std::array<float, 4>> VisibleRect(const ViewPlacement& at, ImVec2 p0, ImVec2 p1) {
  if (!at.shown || at.cell_px < kMinNumberCellPx) return std::nullopt;
  const float x0 = std::floor((p0.x - at.origin.x) / at.cell_px / kVisibleSnap) * kVisibleSnap - kVisibleSnap;
  const float y0 = std::floor((p0.y - at.origin.y) / at.cell_px / kVisibleSnap) * kVisibleSnap - kVisibleSnap;
  const float x1 = std::ceil((p1.x - at.origin.x) / at.cell_px / kVisibleSnap) * kVisibleSnap + kVisibleSnap;
  const float y1 = std::ceil((p1.y - at.origin.y) / at.cell_px / kVisibleSnap) * kVisibleSnap + kVisibleSnap;
  return std::array<float, 4>{x0, y0, x1 - x0, y1 - y0};
}

// The frame's extent in cell units: cells, rects and the texts drawn with it (those above `max_y`), a text at least
// `min_text` cell units tall (labels grow upwards from their baseline, see DrawFrameTexts).
// `shapes`: the cells' and rects' extent (ShapeBounds), the same whatever the text size.
Bounds ContentBounds(const Frame& frame, const Bounds& shapes, float max_y, float min_text, const Fonts& fonts) {
  Bounds b = shapes;
  auto add = [&b](float x0, float y0, float x1, float y1) {
    b.x0 = std::min(b.x0, x0);
    b.y0 = std::min(b.y0, y0);
    b.x1 = std::max(b.x1, x1);
    b.y1 = std::max(b.y1, y1);
  };
  const std::vector<TextBox> boxes = TextBoxes(frame, min_text, fonts);
  for (size_t i = 0; i < frame.texts.size(); ++i) {
    if (frame.texts[i].text.empty() || frame.texts[i].y >= max_y) continue;
    add(boxes[i].x0, boxes[i].top, boxes[i].x1, boxes[i].bottom);
  }
  if (b.x0 > b.x1) return Bounds{};
  return b;
}

// Presentation mode: the hovered (or pinned) cell and the cells it links to, outlined thick in high contrast, so
// that a room can follow the pointer on a projector.
void EmphasiseLinks(ImDrawList* list, const Frame& frame, const std::optional<Pointer>& pointer, ImVec2 origin,
                    float cell_px, float ui_scale, const Theme& theme) {
  const float outer = std::max(3.0f, 4.0f * ui_scale);
  const float inner = std::max(2.0f, 2.5f * ui_scale);
  const ImU32 dark = ToImColor(theme.foreground);
  const ImU32 bright = ToImColor(theme.highlight);
  auto outline = [&](const FrameCell& c, float grow) {
    const ImVec2 a{origin.x + c.x * cell_px - grow, origin.y + c.y * cell_px - grow};
    const ImVec2 b{origin.x + (c.x + c.size) * cell_px + grow, origin.y + (c.y + c.size) * cell_px + grow};
    list->AddRect(a, b, dark, 0, 0, outer + inner);
    list->AddRect(a, b, bright, 0, 0, inner);
  };
  for (const FrameCell& c : frame.cells) {
    if (c.highlighted) outline(c, 0);
  }
  if (!pointer) return;
  for (const FrameCell& c : frame.cells) {
    if (c.panel == pointer->panel && c.row == pointer->row && c.col == pointer->col) {
      outline(c, outer);  // the pointed cell itself: larger still
      break;
    }
  }
}

// Whether a frame of several maps gets larger cells with its kernels and outputs in a second row under the inputs
// (core's FrameOptions::stack_rows) on an area of `area` pixels: estimated from the sizes of the map stacks.
bool StackRows(const Computation& c, View view, bool kernel_panel, ImVec2 area) {
  std::array<int, 3> left{}, right{};
  int left_ch = 1, right_ch = 1;
  if (view == View::Direct || view == View::Equivalent) {
    left = c.canvas.dims, right = c.output_shape, left_ch = c.in_channels(), right_ch = c.out_channels();
  } else if (view == View::Scatter) {
    left = c.input_dims(), right = c.output_shape, left_ch = c.in_channels(), right_ch = c.out_channels();
  } else {
    left = MakeCanvas(c.associated).dims, right = c.input_dims(), left_ch = c.out_channels();
    right_ch = c.in_channels();
  }
  const bool kernels = kernel_panel && c.weight.rank() == 5 && view != View::Associated;
  const int k0 = kernels ? c.weight.dim(0) : 0, k1 = kernels ? c.weight.dim(1) : 0;
  const int kd = kernels ? c.weight.dim(2) : 1, kh = kernels ? c.weight.dim(3) : 0, kw = kernels ? c.weight.dim(4) : 0;
  if (left_ch * left[0] <= 1 && right_ch * right[0] <= 1 && k0 * k1 * kd <= 1) return false;
  auto f = [](int n) { return static_cast<float>(n); };
  auto stack_w = [&](const std::array<int, 3>& d) { return f(d[0]) * f(d[2]) + f(d[0] - 1) * 0.5f; };
  auto stack_h = [&](const std::array<int, 3>& d, int ch) { return f(ch) * (0.5f + f(d[1])) + f(ch - 1) * 0.45f; };
  const float lw = stack_w(left), lh = stack_h(left, left_ch), rw = stack_w(right), rh = stack_h(right, right_ch);
  const float cell_w = std::max(f(kd) * f(kw) + f(kd - 1) * 0.25f, 1.6f);
  const float kw_all = kernels ? f(k1) * cell_w + f(k1 - 1) * 0.5f + 1.5f : 0.0f;
  const float kh_all = kernels ? f(k0) * (0.5f + f(kh)) + f(k0 - 1) * 0.45f : 0.0f;
  const float side_w = lw + 1.5f + kw_all + rw + 1.0f, side_h = std::max({lh, kh_all, rh}) + 1.75f;
  const float rows_w = std::max(lw, kw_all + rw) + 1.0f, rows_h = lh + 0.75f + 1.5f + std::max(kh_all, rh) + 1.75f;
  const float side = std::min(area.x / side_w, area.y / side_h);
  const float rows = std::min(area.x / rows_w, area.y / rows_h);
  return rows > side * 1.2f;
}

bool SamePointer(const std::optional<Pointer>& a, const std::optional<Pointer>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->panel == b->panel && a->row == b->row && a->col == b->col && a->channel == b->channel &&
                a->z == b->z);
}

// The cell of any visible view under the mouse, from where the views were drawn last frame.
std::optional<CanvasPointer> HitTest(const CanvasState& st, const std::vector<View>& views, ImVec2 mouse,
                                     const FrameCell** hit_cell, View* hit_view) {
  for (View v : views) {
    const ViewPlacement& at = st.placed[Index(v)];
    const ViewCache& cache = st.cache[Index(v)];
    if (!at.shown || !cache.built) continue;
    const float x = (mouse.x - at.origin.x) / at.cell_px;
    const float y = (mouse.y - at.origin.y) / at.cell_px;
    if (const FrameCell* cell = CellAt(cache.frame, x, y)) {
      *hit_cell = cell;
      *hit_view = v;
      return CanvasPointer{v, Pointer{cell->panel, cell->row, cell->col, cell->channel, cell->z}, cell->data_index,
                           cell->kernel_col};
    }
    if (const std::optional<Pointer> p = PointerAt(cache.frame, x, y)) {  // a large map's picture
      *hit_view = v;
      return CanvasPointer{v, *p, -1, 0};
    }
  }
  return std::nullopt;
}

bool Editable(const App& app, const CanvasPointer& p) {
  if (p.data_index < 0) return false;
  if (p.pointer.panel == Panel::Kernel) return app.params.config.op == Op::Conv || app.params.config.op == Op::Transposed;
  return p.pointer.panel == Panel::Input && p.view != View::Associated;
}

// The sum (max, mean) that made an output cell, as the step that computed it writes it (with several input channels,
// its per-channel parts too); "" when not an output.
std::string OutputSum(const Computation& c, View view, const FrameCell& cell) {
  if (cell.panel != Panel::Output || cell.data_row < 0 || cell.role == Role::OutputPending) return "";
  if (view == View::Associated) return "";  // its outputs are the transposed convolution's inputs
  const View gather_view = c.config.op == Op::Transposed ? View::Equivalent : View::Direct;
  try {
    const int n = StepOf(c, gather_view, CellRef{cell.channel, cell.z, cell.data_row, cell.data_col});
    if (n < 0 || n >= StepCount(c, gather_view)) return "";
    const GatherStep step = Gather(c, gather_view, n);
    std::string text = StepEquation(c, step, 25);
    if (step.partials.size() > 1) {
      for (size_t part = 0; part < step.partials.size(); ++part) text += "\n" + PartEquation(c, step, static_cast<int>(part), 25);
    }
    return text;
  } catch (const std::exception&) {
    return "";
  }
}

// The weight's flat index of a kernel cell: the Equivalent view shows every kernel rotated by 180 degrees.
size_t WeightIndex(const Tensor& weight, View view, size_t shown_index) {
  if (view != View::Equivalent || weight.rank() != 5) return shown_index;
  std::vector<int> at = Unflatten(weight.shape, shown_index);
  for (int d = 2; d < 5; ++d) at[static_cast<size_t>(d)] = weight.dim(d) - 1 - at[static_cast<size_t>(d)];
  return weight.Index({at[0], at[1], at[2], at[3], at[4]});
}

// Which data cell a frame cell shows, for people: "ch 1 [2, 3]", "w[2, 1] [0, 1]", "[4]".
std::string CellName(const Computation& c, View view, const FrameCell& cell) {
  const int rank = c.config.rank;
  if (cell.data_index < 0) return "";
  if (cell.panel == Panel::Kernel) {
    const Tensor& w = c.weight;
    if (w.rank() != 5) return "";
    const std::vector<int> at = Unflatten(w.shape, WeightIndex(w, view, static_cast<size_t>(cell.data_index)));
    const bool several = w.dim(0) * w.dim(1) > 1;
    return (several ? "w[" + std::to_string(at[0]) + ", " + std::to_string(at[1]) + "] " : std::string()) +
           PositionText(rank, at[2], at[3], at[4]);
  }
  if (cell.panel == Panel::Overlap) return PositionText(rank, cell.z, cell.row, cell.col);
  // Input and output panels show the input, the output or (Associated's left) the transposed output: all (C, D, H, W).
  const bool shows_output = cell.panel == Panel::Output ? view != View::Associated : view == View::Associated;
  const Tensor& t = shows_output ? c.output : c.input;
  if (t.rank() != 4 || static_cast<size_t>(cell.data_index) >= t.size()) return "";
  const std::vector<int> at = Unflatten(t.shape, static_cast<size_t>(cell.data_index));
  return (t.dim(0) > 1 ? "ch " + std::to_string(at[0]) + " " : std::string()) + PositionText(rank, at[1], at[2], at[3]);
}

void Tooltip(const App& app, View view, const FrameCell& cell) {
  std::string text(RoleName(cell.role));
  if (cell.role == Role::Padding && app.params.config.op == Op::Conv &&
      app.params.config.padding_mode != PaddingMode::Zeros) {
    text = std::string(PaddingModeName(app.params.config.padding_mode)) + " padding (a copy of an input value)";
  }
  if (const Computation* c = app.computation()) {
    const std::string name = CellName(*c, view, cell);
    if (!name.empty()) text += " " + name;
  }
  if (cell.role != Role::OutputPending) text += " = " + FormatValue(cell.value);
  const Computation* c = app.computation();
  const std::string sum = c != nullptr ? OutputSum(*c, view, cell) : std::string();
  if (sum.empty()) {
    ImGui::SetTooltip("%s", text.c_str());
    return;
  }
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(text.c_str());
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
  ImGui::TextUnformatted(sum.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A cell of a large map's picture: its position and, where the map shows the data directly, its value (zoom in for
// the numbered cells and the written-out sum).
void PictureTooltip(const App& app, View view, const Pointer& p) {
  const Computation* c = app.computation();
  if (c == nullptr) return;
  const int rank = c->config.rank;
  const bool several_out = c->out_channels() > 1, several_in = c->in_channels() > 1;
  std::string text;
  try {
    if (p.panel == Panel::Output && (view == View::Direct || view == View::Equivalent || view == View::Scatter)) {
      text = "output " + std::string(several_out ? "ch " + std::to_string(p.channel) + " " : "") +
             PositionText(rank, p.z, p.row, p.col) + " = " + FormatValue(c->OutputAt({p.channel, p.z, p.row, p.col}));
    } else if (p.panel == Panel::Input && view == View::Direct) {
      const AxisParams& h = c->config.axes[kHeight];
      const AxisParams& w = c->config.axes[kWidth];
      const AxisParams& d = c->config.axes[0];
      const int z = p.z - (rank == 3 ? d.pad_before : 0), r = p.row - (rank >= 2 ? h.pad_before : 0),
                col = p.col - w.pad_before;
      const auto dims = c->input_dims();
      const std::string ch = several_in ? "ch " + std::to_string(p.channel) + " " : "";
      if (z >= 0 && r >= 0 && col >= 0 && z < dims[0] && r < dims[1] && col < dims[2]) {
        text = "input " + ch + PositionText(rank, z, r, col) + " = " + FormatValue(c->InputAt({p.channel, z, r, col}));
      } else {
        text = "padding";
      }
    } else {
      text = std::string(p.panel == Panel::Output ? "output " : "input ") + PositionText(rank, p.z, p.row, p.col);
    }
  } catch (const std::exception&) {
    return;
  }
  ImGui::SetTooltip("%s\n(zoom in for the numbers)", text.c_str());
}

void DrawInvalid(const App& app, ImDrawList* list, ImVec2 p0, ImVec2 p1) {
  const Theme theme = app.CurrentTheme();
  const std::string message = app.derived.error ? app.derived.error->message : "nothing to show";
  const float wrap = std::min(720.0f, (p1.x - p0.x) * 0.8f);
  ImFont* heading = app.fonts.heading != nullptr ? app.fonts.heading : ImGui::GetFont();
  const float hsize = heading->FontSize * 1.3f;
  const char* title = "Not a valid configuration";
  const ImVec2 tsize = heading->CalcTextSizeA(hsize, FLT_MAX, 0, title);
  const ImVec2 msize = ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap, message.c_str());
  const float top = (p0.y + p1.y) * 0.5f - (tsize.y + msize.y) * 0.5f - 20;
  list->AddText(heading, hsize, {(p0.x + p1.x - tsize.x) * 0.5f, top}, ToImColor(theme.foreground), title);
  list->AddText(ImGui::GetFont(), ImGui::GetFontSize(), {(p0.x + p1.x - msize.x) * 0.5f, top + tsize.y + 14},
                ToImColor(theme.foreground), message.c_str(), nullptr, wrap);
  const char* hint = "Fix the value marked in the Parameters panel: the drawing comes back as soon as it is valid.";
  const ImVec2 hsz = ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap, hint);
  list->AddText(ImGui::GetFont(), ImGui::GetFontSize(), {(p0.x + p1.x - hsz.x) * 0.5f, top + tsize.y + msize.y + 34},
                ToImColor(theme.muted), hint, nullptr, wrap);
}

void HandleMouse(App& app, bool hovered, const std::vector<View>& views) {
  CanvasState& st = app.canvas;
  ImGuiIO& io = ImGui::GetIO();
  const FrameCell* hit = nullptr;
  st.hovered.reset();
  if (hovered) {
    View hit_view = View::Direct;
    st.hovered = HitTest(st, views, io.MousePos, &hit, &hit_view);
    if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      if (hit != nullptr) {
        Tooltip(app, hit_view, *hit);
      } else if (st.hovered) {
        PictureTooltip(app, hit_view, st.hovered->pointer);
      }
    }
    if (io.MouseWheel != 0) {  // zoom about the mouse
      const float factor = std::pow(1.15f, io.MouseWheel);
      const float old_zoom = st.zoom;
      st.zoom = std::clamp(st.zoom * factor, 0.1f, 40.0f);
      st.auto_fit = false;
      const float k = st.zoom / old_zoom;
      const ImVec2 centre{st.block_centre.x + st.pan.x, st.block_centre.y + st.pan.y};
      st.pan.x += (io.MousePos.x - centre.x) * (1 - k);
      st.pan.y += (io.MousePos.y - centre.y) * (1 - k);
    }
  }
  if (ImGui::IsItemActivated()) st.dragged = false;
  if (ImGui::IsItemActivated() || io.MouseWheel != 0) st.interacted = true;  // the hint has done its job
  const bool left_drag = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  if (left_drag) st.dragged = true;
  const bool middle_drag = hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Middle);
  if ((left_drag || middle_drag) && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
    st.pan.x += io.MouseDelta.x;
    st.pan.y += io.MouseDelta.y;
    st.auto_fit = false;
  }
  if (ImGui::IsItemDeactivated() && !st.dragged) {
    if (st.hovered && st.pinned && *st.hovered == *st.pinned) {
      st.pinned.reset();
    } else {
      st.pinned = st.hovered;  // a click on empty space unpins
    }
  }
  const bool edit = hovered && (ImGui::IsMouseClicked(ImGuiMouseButton_Right) ||
                                ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left));
  if (edit && st.hovered && Editable(app, *st.hovered) && hit != nullptr) {
    const CanvasPointer& p = *st.hovered;
    st.edit_kernel = p.pointer.panel == Panel::Kernel;
    const Tensor& t = st.edit_kernel ? app.params.weight : app.params.input;
    const size_t index = st.edit_kernel ? WeightIndex(t, p.view, static_cast<size_t>(p.data_index))
                                        : static_cast<size_t>(p.data_index);
    if (index < t.size()) {
      st.edit_request = true;
      st.edit_index = index;
      const Computation* c = app.computation();
      st.edit_label = std::string(st.edit_kernel ? "Kernel weight " : "Input value ") +
                      (c != nullptr ? CellName(*c, p.view, *hit) : std::string());
      st.edit_value = t.values[index];
    }
  }
}

void DrawEditPopup(App& app) {
  CanvasState& st = app.canvas;
  if (st.edit_request) {
    ImGui::OpenPopup("edit value");
    st.edit_request = false;
  }
  if (!ImGui::BeginPopup("edit value")) return;
  Tensor& tensor = st.edit_kernel ? app.params.weight : app.params.input;
  if (st.edit_index >= tensor.size()) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::TextUnformatted(st.edit_label.c_str());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const bool enter = ImGui::InputDouble("##value", &st.edit_value, 1.0, 5.0, "%.4g",
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::Button("Set")) {
    tensor.values[st.edit_index] = st.edit_value;
    (st.edit_kernel ? app.params.kernel_custom : app.params.input_custom) = true;
    (st.edit_kernel ? app.params.kernel_edited : app.params.input_edited) = true;
    app.Changed();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void CanvasState::OnRecompute(const Config& config) {
  const bool same_shape = config.op == last_config.op && config.rank == last_config.rank &&
                          config.axes == last_config.axes && config.ceil_mode == last_config.ceil_mode &&
                          config.in_channels == last_config.in_channels &&
                          config.out_channels == last_config.out_channels && config.groups == last_config.groups;
  if (!same_shape) ClearPins();
  last_config = config;
}

void CanvasState::ClearPins() {
  pinned.reset();
  hovered.reset();
}

void CanvasState::ZoomBy(float factor) {
  zoom = std::clamp(zoom * factor, 0.1f, 40.0f);
  auto_fit = false;
}

void DrawCanvas(App& app, gl::FrameRenderer& renderer, float bottom_reserve) {
  CanvasState& st = app.canvas;
  if (st.auto_fit) {  // fitted to the window after every change of configuration, view or size
    st.zoom = 1.0f;
    st.pan = {0, 0};
  }
  const float scale = app.display.ui_scale;
  const bool presenting = app.display.presentation;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 64.0f);
  size.y = std::max(size.y - bottom_reserve, 64.0f);
  const ImVec2 p1{p0.x + size.x, p0.y + size.y};
  ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered() && !app.automation;

  ImDrawList* list = ImGui::GetWindowDrawList();
  list->PushClipRect(p0, p1, true);
  const Theme theme = app.CurrentTheme();
  const Computation* c = app.computation();
  if (c == nullptr) {
    for (ViewPlacement& at : st.placed) at.shown = false;
    DrawInvalid(app, list, p0, p1);
    list->PopClipRect();
    return;
  }

  const std::vector<View> views = app.VisibleViews();
  HandleMouse(app, hovered, views);
  DrawEditPopup(app);

  // Build each view's frame (only when something it shows changed); the step text and legend go to the notes.
  const bool transposed = app.params.config.op == Op::Transposed;
  const bool several = views.size() > 1;
  CanvasNotes notes;
  std::vector<const Frame*> frames;
  std::vector<float> heights;  // of the grids and labels, without the step text the notes show
  bool rebuilt = false;
  for (size_t n = 0; n < views.size(); ++n) {
    const View v = views[n];
    ViewCache& cache = st.cache[Index(v)];
    FrameOptions options = app.BaseFrameOptions();
    options.view = v;
    const App::Moment moment = app.MomentIn(v);
    options.step = moment.step;
    options.numbers = options.numbers && st.cell_px >= kMinNumberCellPx;
    options.labels = options.labels && st.cell_px >= kMinNumberCellPx;
    options.legend = false;    // the notes' legend stays readable at any cell size
    options.equation = false;  // so do the step and the check (Frame::equation, Frame::check)
    options.overlap_panel = options.overlap_panel && n + 1 == views.size();  // once, in the last view
    options.pointer = PointerFor(st, v, cache.frame, transposed);
    // Several transposed views: while the user points at nothing, the other views mark what links them to the lead's
    // step (the inputs that write its output, the outputs its input writes).
    if (!st.hovered && !st.pinned && moment.link) options.pointer = moment.link;
    options.stack_rows = views.size() == 1 && StackRows(*c, v, options.kernel_panel, st.area);
    options.detail_limit = kDetailLimit;
    options.visible = VisibleRect(st.placed[Index(v)], p0, p1);
    options.cache = &cache.pictures;
    const uint32_t fingerprint = Fingerprint(options, app.display.dark);
    if (!SameRect(cache.visible, options.visible)) app.requests.redraw = std::max(app.requests.redraw, 1);
    if (!cache.built || cache.generation != app.derived.generation || cache.step != options.step ||
        cache.options != fingerprint || !SamePointer(cache.pointer, options.pointer) ||
        !SameRect(cache.visible, options.visible)) {
      try {
        cache.frame = BuildFrame(*c, options);
      } catch (const std::exception& e) {
        cache.frame = Frame{};
        app.ShowStatus(std::string("cannot draw this view: ") + e.what(), ImGui::GetTime());
      }
      cache.built = true;
      cache.generation = app.derived.generation;
      cache.step = options.step;
      cache.options = fingerprint;
      cache.pointer = options.pointer;
      cache.visible = options.visible;
      cache.upload = true;
      rebuilt = true;
    }
    frames.push_back(&cache.frame);
    heights.push_back(TakeNotes(cache.frame, several ? ViewTitle(v, true) : std::string(), notes));
  }
  if (rebuilt || st.legend_views != views.size()) {
    st.legend = LegendOf(frames, theme);
    st.legend_views = views.size();
  }
  if (app.display.legend) notes.legend = st.legend;
  notes.large = presenting;

  // Lay the views out in the arrangement (columns x rows) that gives the largest cells.
  ImFont* heading = app.fonts.heading != nullptr ? app.fonts.heading : ImGui::GetFont();
  const float title_h = several || transposed ? heading->FontSize * 1.5f : 0.0f;
  const float margin = 16 * scale;
  const float gap = kViewGapPx * scale;
  // Labels are never smaller than the UI's text (they grow with the UI scale like the rest): fit once with the
  // frames' own text sizes, then again with the labels at the size that cell size gives them.
  const float ui_label_px = 0.8f * app.fonts.ui_size;
  // Cells first (presentation mode, or wherever labels at the UI's size would leave the grids too small to draw any
  // text): a label is never taller than 0.6 of a cell there, so that long labels over small maps (the transposed
  // views side by side, a small canvas at a large UI scale) do not shrink the grids.
  auto label_px = [&](float cell, bool cells_first) {
    return cells_first ? std::min(ui_label_px, 0.6f * cell) : ui_label_px;
  };
  // Each view's title may shrink to 70 % of the heading font, and its column is never narrower than that.
  std::vector<float> title_min(frames.size(), 0.0f);
  if (title_h > 0) {
    for (size_t n = 0; n < frames.size(); ++n) {
      const std::string title = ViewTitle(views[n], several);
      title_min[n] = 0.7f * heading->CalcTextSizeA(heading->FontSize, FLT_MAX, 0, title.c_str()).x;
    }
  }
  std::vector<Bounds> bounds(frames.size()), shapes(frames.size());
  for (size_t n = 0; n < frames.size(); ++n) shapes[n] = ShapeBounds(*frames[n]);
  auto fit_with = [&](float avail_w, float avail_h, std::vector<Bounds>& out, bool cells_first) {
    for (size_t n = 0; n < frames.size(); ++n) out[n] = ContentBounds(*frames[n], shapes[n], heights[n], 0, app.fonts);
    Layout l = Arrange(out, title_min, avail_w, avail_h, title_h, st.zoom, gap);
    for (int pass = 0; app.display.labels && pass < 2; ++pass) {
      for (size_t n = 0; n < frames.size(); ++n) {
        const float min_text = label_px(l.cell_px, cells_first) / l.cell_px;
        out[n] = ContentBounds(*frames[n], shapes[n], heights[n], min_text, app.fonts);
      }
      l = Arrange(out, title_min, avail_w, avail_h, title_h, st.zoom, gap);
    }
    l.cells_first = cells_first;
    return l;
  };
  // Texts too small to draw keep no room: then the grids alone fill the area, without their texts.
  auto fit = [&](float avail_w, float avail_h, std::vector<Bounds>& out) {
    Layout l = fit_with(avail_w, avail_h, out, presenting);
    if (!l.cells_first && l.cell_px * 0.3f < kMinTextPx) l = fit_with(avail_w, avail_h, out, true);
    if (l.cell_px * 0.3f < kMinTextPx) {
      out = shapes;
      l = Arrange(out, title_min, avail_w, avail_h, title_h, st.zoom, gap);
      l.texts = false;
    }
    return l;
  };

  // The notes go under the grids, or beside them when that gives larger cells (a wide canvas, few views).
  // Under them, the grids come first: on a small canvas (or a large UI scale) the notes give up the legend, then all
  // but the lead view's step, rather than squeeze the drawing.
  CanvasNotes below = notes;
  const float below_w = size.x - 2 * margin;
  float below_h = NotesHeight(below, below_w, app.fonts);
  if (below_h > 0.35f * size.y && !below.legend.empty()) {
    below.legend.clear();
    below_h = NotesHeight(below, below_w, app.fonts);
  }
  if (below_h > 0.35f * size.y && below.equations.size() > 1) {
    const auto lead = std::find(views.begin(), views.end(), app.LeadView()) - views.begin();
    below.equations = {below.equations[static_cast<size_t>(lead)]};
    below.parts = {below.parts[static_cast<size_t>(lead)]};
    below.check.clear();
    below_h = NotesHeight(below, below_w, app.fonts);
  }
  if (below_h > 0.35f * size.y) {  // then the per-channel parts (the equation still names every part's sum)
    for (std::vector<std::string>& parts : below.parts) parts.clear();
    below_h = NotesHeight(below, below_w, app.fonts);
  }
  const float below_area_h = size.y - 2 * margin - below_h;
  // The next frame's choice of stack_rows: from the area the grids have with the notes under them (the same whatever
  // that choice, so that the two never chase each other).
  const ImVec2 area(below_w, below_area_h);
  if (std::abs(area.x - st.area.x) > 0.5f || std::abs(area.y - st.area.y) > 0.5f) {
    st.area = area;
    app.requests.redraw = std::max(app.requests.redraw, 1);
  }
  Layout layout = fit(below_w, below_area_h, bounds);
  ImVec2 area0{p0.x + margin, p0.y + margin};
  ImVec2 area1{p1.x - margin, p0.y + margin + below_area_h};
  ImVec2 notes_at{p0.x + margin, p1.y - margin - below_h};
  float notes_w = below_w;
  const float side_w = std::clamp(size.x * 0.32f, app.fonts.ui_size * 12, app.fonts.ui_size * 24);
  const float side_h = NotesHeight(notes, side_w, app.fonts);
  const float side_area_w = size.x - 2 * margin - side_w - gap;
  bool beside = false;
  if (side_h > 0 && side_h <= size.y - 2 * margin && side_area_w > side_w) {
    std::vector<Bounds> side_bounds(frames.size());
    const Layout side = fit(side_area_w, size.y - 2 * margin, side_bounds);
    if (side.cell_px > layout.cell_px * 1.08f) {
      beside = true;
      layout = side;
      bounds = side_bounds;
      area1 = ImVec2{p0.x + margin + side_area_w, p1.y - margin};
    }
  }
  if (!beside) {
    notes = below;
  }
  const float cell_px = layout.cell_px;
  if ((cell_px >= kMinNumberCellPx) != (st.cell_px >= kMinNumberCellPx)) app.requests.redraw = 2;
  st.cell_px = cell_px;

  // Centred in the area left for the grids (zooming keeps the point under the mouse still, see HandleMouse).
  st.block_centre = ImVec2((area0.x + area1.x) * 0.5f, (area0.y + area1.y) * 0.5f);
  if (beside) {  // the notes start right of the (unpanned) drawing, centred on its height
    const float needed = NotesWidth(notes, side_w, app.fonts);
    notes_w = side_w;
    notes_at = ImVec2{std::min(st.block_centre.x + layout.width * 0.5f + 2 * gap, p1.x - margin - needed),
                      std::max(p0.y + margin, st.block_centre.y - side_h * 0.5f)};
  }
  const ImVec2 block_origin{st.block_centre.x - layout.width * 0.5f + st.pan.x,
                            st.block_centre.y - layout.height * 0.5f + st.pan.y};
  for (ViewPlacement& at : st.placed) at.shown = false;
  st.text_rects.clear();
  for (size_t n = 0; n < views.size(); ++n) {
    const View v = views[n];
    ViewCache& cache = st.cache[Index(v)];
    if (cache.cells_layer < 0) {
      cache.cells_layer = renderer.CreateLayer();
      cache.rects_layer = renderer.CreateLayer();
    }
    if (cache.upload) {
      renderer.Upload(cache.cells_layer, CellGeometry(cache.frame));
      renderer.Upload(cache.rects_layer, RectGeometry(cache.frame));
      cache.upload = false;
    }
    const ImVec2 slot{block_origin.x + layout.slots[n].x, block_origin.y + layout.slots[n].y};
    const FramePlacement at{ImVec2{std::round(slot.x - bounds[n].x0 * cell_px),
                                   std::round(slot.y + title_h - bounds[n].y0 * cell_px)},
                            cell_px};
    st.placed[Index(v)] = ViewPlacement{true, at.origin, cell_px};
    if (title_h > 0) {
      const std::string title = ViewTitle(v, several);
      const float w = layout.column_px[n] + gap * 0.5f;  // a title never runs into the next view
      const ImVec4 clip(slot.x, slot.y, slot.x + w, slot.y + title_h);
      // A title wider than its column shrinks to fit it (columns leave room for 70 %; down to 50 % where the titles
      // side by side do not fit even so), and only then is clipped.
      const float natural = heading->CalcTextSizeA(heading->FontSize, FLT_MAX, 0, title.c_str()).x;
      const float px = heading->FontSize * std::clamp(w / std::max(natural, 1.0f), 0.5f, 1.0f);
      const ImVec2 title_at{slot.x, slot.y + (heading->FontSize - px) * 0.5f};
      list->AddText(heading, px, title_at, ToImColor(theme.foreground), title.c_str(), nullptr, 0, &clip);
      const ImVec2 title_size = heading->CalcTextSizeA(px, FLT_MAX, 0, title.c_str());
      st.text_rects.push_back({title_at.x, title_at.y, title_at.x + title_size.x, title_at.y + title_size.y});
    }
    renderer.Draw(list, cache.cells_layer, at.origin, cell_px);
    // Presentation mode: the values larger in their cells (read from the back of the room).
    if (cell_px * 0.25f >= kMinTextPx) DrawCellTexts(list, cache.frame, at, app.fonts, presenting ? 0.5f : 0.0f);
    renderer.Draw(list, cache.rects_layer, at.origin, cell_px);
    DrawMinimumOutlines(list, cache.frame, at, scale);
    if (n == 0) st.input_rect = PanelScreenRect(cache.frame, Panel::Input, at);
    // The emphasis under the labels: a thick outline of a corner cell never hides the label above its grid.
    if (presenting) EmphasiseLinks(list, cache.frame, cache.pointer, at.origin, cell_px, scale, theme);
    if (layout.texts && cell_px * 0.3f >= kMinTextPx) {
      DrawFrameTexts(list, cache.frame, at, app.fonts, heights[n], label_px(cell_px, layout.cells_first),
                     &st.text_rects);
    }
  }
  DrawNotes(list, notes, notes_at, notes_w, app.fonts, theme);
  // Resting the mouse on an empty part of the canvas explains the mouse, until the user has used it once.
  const ImGuiIO& io = ImGui::GetIO();
  const bool resting = hovered && !st.hovered && io.MouseDelta.x == 0 && io.MouseDelta.y == 0;
  st.rest_seconds = resting ? st.rest_seconds + io.DeltaTime : 0.0f;
  if (!st.interacted && st.rest_seconds > 1.0f) {
    ImGui::SetTooltip("Drag: pan    Wheel: zoom    Click a cell: pin its links    Right-click a value: edit it");
  }
  if (!st.interacted && hovered && !st.hovered) app.requests.redraw = std::max(app.requests.redraw, 1);
  list->PopClipRect();
}

}  // namespace convarith::app
