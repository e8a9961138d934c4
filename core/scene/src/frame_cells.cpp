// The cell maps of a frame (padded / stretched input, output with its progress, kernels, overlap), cells or pictures.
#include <algorithm>
#include <cmath>
#include <memory>

#include "convarith/ops/checks.hpp"
#include "frame_layout.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

std::string ValueText(const FrameOptions& o, double v) { return o.numbers ? FormatValue(v) : std::string(); }


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

size_t Flat(const Tensor& t, int ch, const std::array<int, 3>& at) {
  return ((static_cast<size_t>(ch) * t.shape[1] + at[0]) * t.shape[2] + at[1]) * t.shape[3] + at[2];
}

// The value a cell of the left grid holds (value colours of a large map's picture): the input value it shows or
// copies (padding modes), or in the Associated view the transposed output it shows; 0 for zeros.
double LeftValue(const Plan& p, int ch, const AxisCell& az, const AxisCell& ar, const AxisCell& ac) {
  const Computation& c = p.c;
  if (p.view == View::Associated) {
    if (az.input < 0 || ar.input < 0 || ac.input < 0) return 0.0;
    return c.output.values[Flat(c.output, ch, {az.input, ar.input, ac.input})];
  }
  if (az.source < 0 || ar.source < 0 || ac.source < 0) return 0.0;
  return c.input.values[Flat(c.input, ch, {az.source, ar.source, ac.source})];
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


namespace {

// Where a map's cells go: all of them as FrameCells, or (a map over FrameOptions::detail_limit) a FrameImage with
// FrameCells only over the visible part, when that part is small enough to read. In the gather views, the scatter
// view's input and every overlap map the picture holds what every step shares; the scatter view's output picture
// holds the outputs as they were at an earlier step (Plan::rebase). Both come from the view's slot of the FrameCache
// while it holds; the step is drawn over them (StepRect), leaving out the cells drawn as FrameCells, which carry it
// themselves. The Associated view's pictures carry the step in their pixels.
class MapSink {
 public:
  MapSink(Frame& f, const Plan& p, const PanelBox& at) : f_(f), p_(p), at_(at), first_(f.cells.size()) {
    const FrameOptions& o = p.o;
    image_ = o.detail_limit > 0 && static_cast<long long>(at.rows) * at.cols > o.detail_limit;
    r0_ = c0_ = 0;
    r1_ = at.rows - 1;
    c1_ = at.cols - 1;
    if (!image_) return;
    shared_ = p.gather || p.view == View::Scatter || at.panel == Panel::Overlap;
    const bool based = p.view == View::Scatter && at.panel == Panel::Output;
    FrameImage img;
    img.panel = at.panel;
    img.channel = at.channel;
    img.z = at.z;
    img.x = at.x;
    img.y = at.y;
    img.rows = at.rows;
    img.cols = at.cols;
    image_index_ = f.images.size();
    PictureSlot* cache = p.pictures;
    if (shared_ && cache && image_index_ < cache->pixels.size() && cache->pixels[image_index_] && !(based && p.rebase)) {
      img.pixels = cache->pixels[image_index_];
      img.roles = cache->roles[image_index_];
      fill_ = false;
    } else {
      pixels_.assign(static_cast<size_t>(at.rows) * at.cols, Rgba{});
    }
    f.images.push_back(std::move(img));
    r1_ = c1_ = -1;
    if (o.visible) {
      const auto& v = *o.visible;
      r0_ = std::max(0, static_cast<int>(std::floor(v[1] - at.y)));
      c0_ = std::max(0, static_cast<int>(std::floor(v[0] - at.x)));
      r1_ = std::min(at.rows - 1, static_cast<int>(std::ceil(v[1] + v[3] - at.y)) - 1);
      c1_ = std::min(at.cols - 1, static_cast<int>(std::ceil(v[0] + v[2] - at.x)) - 1);
      const long long visible = static_cast<long long>(std::max(0, r1_ - r0_ + 1)) * std::max(0, c1_ - c0_ + 1);
      if (visible > o.visible_cells) r1_ = -1;  // too many to read: the picture alone
    }
  }
  ~MapSink() {
    if (!image_ || !fill_) return;
    auto pixels = std::make_shared<const std::vector<Rgba>>(std::move(pixels_));
    f_.images[image_index_].pixels = pixels;
    f_.images[image_index_].roles = roles_;
    PictureSlot* cache = p_.pictures;
    if (shared_ && cache) {
      if (image_index_ >= cache->pixels.size()) {
        cache->pixels.resize(image_index_ + 1);
        cache->roles.resize(image_index_ + 1);
      }
      cache->pixels[image_index_] = pixels;
      cache->roles[image_index_] = roles_;
    }
  }
  MapSink(const MapSink&) = delete;
  MapSink& operator=(const MapSink&) = delete;

  bool image() const { return image_; }
  // The picture does not carry the step (see above): the step goes on top as rects.
  bool shared() const { return shared_; }
  // Every cell has to be visited (cells, or a picture to fill); otherwise only the emitted ones.
  bool visit_all() const { return !image_ || (fill_ && !pixels_done_); }
  // The picture has to be drawn (not taken from the cache).
  bool needs_pixels() const { return image_ && fill_; }
  // Its pixels are all drawn (a pass over the picture): cells are then visited only where they are emitted.
  void PixelsDone() { pixels_done_ = true; }
  Rgba* PixelRow(int r) { return &pixels_[static_cast<size_t>(r) * static_cast<size_t>(at_.cols)]; }
  void AddRoles(uint32_t roles) { roles_ |= roles; }
  int first_row() const { return visit_all() ? 0 : std::max(r0_, 0); }
  int last_row() const { return visit_all() ? at_.rows - 1 : r1_; }
  int first_col() const { return visit_all() ? 0 : std::max(c0_, 0); }
  int last_col() const { return visit_all() ? at_.cols - 1 : c1_; }
  bool Emit(int r, int c) const { return r >= r0_ && r <= r1_ && c >= c0_ && c <= c1_; }
  // Index in f.cells of the emitted cell (r, c), or -1.
  long long CellIndex(int r, int c) const {
    if (!Emit(r, c)) return -1;
    return static_cast<long long>(first_) + static_cast<long long>(r - r0_) * (c1_ - c0_ + 1) + (c - c0_);
  }
  void Pixel(int r, int c, Rgba fill, Role role) {
    if (!fill_) return;
    pixels_[static_cast<size_t>(r) * at_.cols + c] = fill;
    roles_ |= 1u << static_cast<unsigned>(role);
  }
  // The rectangle of cells [r0, r1] x [c0, c1] filled with `fill` (alpha blended), minus the emitted cells.
  void StepRect(int r0, int c0, int r1, int c1, Rgba fill) {
    if (!image_ || r1 < r0 || c1 < c0) return;
    auto add = [&](int a0, int b0, int a1, int b1) {
      if (a1 < a0 || b1 < b0) return;
      f_.rects.push_back({at_.x + static_cast<float>(b0), at_.y + static_cast<float>(a0), static_cast<float>(b1 - b0 + 1),
                          static_cast<float>(a1 - a0 + 1), fill, Rgba{0, 0, 0, 0}, 1.0f, false});
    };
    const int e0 = std::max(r0, r0_), e1 = std::min(r1, r1_), g0 = std::max(c0, c0_), g1 = std::min(c1, c1_);
    if (e1 < e0 || g1 < g0) return add(r0, c0, r1, c1);  // no emitted cell inside
    add(r0, c0, e0 - 1, c1);
    add(e1 + 1, c0, r1, c1);
    add(e0, c0, e1, g0 - 1);
    add(e0, g1 + 1, e1, c1);
  }

 private:
  Frame& f_;
  const Plan& p_;
  const PanelBox& at_;
  size_t first_;
  bool image_ = false, shared_ = false, fill_ = true, pixels_done_ = false;
  size_t image_index_ = 0;
  std::vector<Rgba> pixels_;
  uint32_t roles_ = 0;
  int r0_ = 0, r1_ = -1, c0_ = 0, c1_ = -1;
};

// A picture pixel that carries the step itself (scatter views): the cell's fill, dimmed and hover-tinted.
Rgba StepPixel(const Theme& t, Rgba fill, bool dimmed, bool highlighted) {
  Rgba px = dimmed ? Mix(fill, t.background, 0.6f) : fill;
  return highlighted ? Mix(px, t.highlight, 0.55f) : px;
}

// A cell's place: its panel, map and position in the map, and its square in the frame.
void Place(FrameCell& cell, Panel panel, const PanelBox& at, int r, int col) {
  cell.panel = panel;
  cell.channel = at.channel;
  cell.z = at.z;
  cell.row = r;
  cell.col = col;
  cell.x = at.x + static_cast<float>(col);
  cell.y = at.y + static_cast<float>(r);
}

Rgba WithAlpha(Rgba c, float alpha) {
  c.a = static_cast<uint8_t>(std::lround(std::clamp(alpha, 0.0f, 1.0f) * 255.0f));
  return c;
}

}  // namespace

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
  return p.by_value ? p.c.input.values[Flat(p.c.input, at.channel, {at.z, r, col})] : 0.0;
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
    cell.value = c.input.values[static_cast<size_t>(cell.data_index)];
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
      cell.value = c.output.values[static_cast<size_t>(cell.data_index)];
    }
  } else {
    if (az.source >= 0 && ar.source >= 0 && ac.source >= 0)
      cell.value = c.input.values[Flat(c.input, ch, {az.source, ar.source, ac.source})];
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
    cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.55f));
  }
}

}  // namespace

void AddLeftMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
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
      if (show) cell.text = ValueText(p.o, cell.value);
      cell.dashed = cell.role == Role::Padding || cell.role == Role::ExtraZero ||
                    (cell.role == Role::Uncovered && cell.data_row < 0);
      StyleCell(cell, t, fill);
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
      const Rgba fill = p.by_value ? CellFill(p, Panel::Output, role, shown.values[index], false)
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
    sink.StepRect(r, col, r, col, StepPixel(t, CellFill(p, Panel::Output, role, p.scatter_values->values[*it], false),
                                            dimmed, false));
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
    // The shared picture: every output as computed (dropped ones dimmed for Figure 1.4's subsampling).
    const Rgba done = RoleFill(t, Role::OutputDone);
    const Rgba dropped = Mix(done, t.background, 0.6f);
    for (int r = 0; r < at.rows; ++r)
      for (int col = 0; col < at.cols; ++col) {
        bool drop = false;
        if (p.o.keep_every > 1) {
          const int pos[3] = {z, r, col};
          for (int a = c.config.first_axis(); a < 3; ++a) drop |= pos[a] % p.o.keep_every != 0;
        }
        const Rgba fill =
            p.by_value ? CellFill(p, Panel::Output, Role::OutputDone, values.values[Flat(values, ch, {z, r, col})], false)
                       : done;
        sink.Pixel(r, col, drop ? (p.by_value ? Mix(fill, t.background, 0.6f) : dropped) : fill, Role::OutputDone);
      }
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
        cell.value = p.scatter_values->values[index];
        cell.under_kernel = last == p.step;
        text = last >= 0;
      } else if (p.view == View::Associated) {
        const size_t index = Flat(c.input, ch, {z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = c.input.values[index];
        cell.under_kernel = static_cast<int>(index) == p.step;
        // Positions only: the transposed input sits where the direct convolution's outputs are, but it is not the
        // convolution of the grid beside it (issue 17: Figure 4.6 showed 1…9 there), so it carries no numbers.
        text = false;
      } else {
        const size_t index = Flat(values, ch, {z, r, col});
        cell.data_index = static_cast<int>(index);
        cell.role = OutputRole(static_cast<int>(index), p.step);
        cell.value = values.values[index];
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
      if (text) cell.text = ValueText(p.o, cell.value);
      StyleCell(cell, t, fill);
      f.cells.push_back(std::move(cell));
    }
  }
  if (sink.shared() && !p.gather) ScatterChangesOverPicture(sink, p, at);
  if (sink.shared() && p.gather) {
    // The step's progress over the shared picture: the current output and every one still to come.
    const long long base = static_cast<long long>(Flat(values, ch, {z, 0, 0}));
    const long long cur = static_cast<long long>(p.step) - base;  // the step's index within this map
    const long long count = static_cast<long long>(at.rows) * at.cols;
    const Rgba pending = RoleFill(t, Role::OutputPending);
    if (cur < 0) {
      sink.StepRect(0, 0, at.rows - 1, at.cols - 1, pending);
    } else if (cur < count) {
      const int cr = static_cast<int>(cur / at.cols), cc = static_cast<int>(cur % at.cols);
      sink.StepRect(cr, cc, cr, cc, CurrentOverlay(p));
      sink.StepRect(cr, cc + 1, cr, at.cols - 1, pending);
      sink.StepRect(cr + 1, 0, at.rows - 1, at.cols - 1, pending);
    }
  }
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
      cell.corner_size = std::min(0.26f, FitTextSize(cell.corner_text, 0.26f, 0.6f));
    }
  }
}

bool KernelActive(const Plan& p, const PanelBox& at) {
  const Computation& c = p.c;
  // The kernels the current step uses: its output channel's row (gather), its input channel's row (scatter).
  if (p.g && !p.pooling) {
    if (c.config.op == Op::Transposed) {
      return at.kernel_col == p.g->out_channel % c.config.out_per_group() &&
             std::find(p.g->part_channels.begin(), p.g->part_channels.end(), at.channel) != p.g->part_channels.end();
    }
    return at.channel == p.g->out_channel;
  }
  if (p.sc) return at.channel == p.sc->in_channel;
  return true;
}

void AddKernelMap(Frame& f, const Plan& p, const PanelBox& at, const Tensor& kernel) {
  const Theme& t = p.o.theme;
  const bool active = KernelActive(p, at);
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
      StyleCell(cell, t, CellFill(p, Panel::Kernel, Role::Kernel, cell.value, false));
      f.cells.push_back(std::move(cell));
    }
  }
}

void AddOverlapMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Tensor& g = p.c.overlap;
  const double max_count = std::max(1.0, *std::max_element(g.values.begin(), g.values.end()));
  MapSink sink(f, p, at);
  for (int r = sink.first_row(); r <= sink.last_row(); ++r) {
    for (int col = sink.first_col(); col <= sink.last_col(); ++col) {
      const int index = static_cast<int>(Flat(g, 0, {at.z, r, col}));
      const double value = g.values[static_cast<size_t>(index)];
      const Rgba fill = OverlapFill(t, value, max_count);
      if (sink.image()) sink.Pixel(r, col, fill, Role::Overlap);
      if (!sink.Emit(r, col)) continue;
      FrameCell cell;
      cell.panel = Panel::Overlap;
      cell.role = Role::Overlap;
      cell.z = at.z;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.data_index = index;
      cell.value = value;
      cell.text = FormatValue(cell.value);
      StyleCell(cell, t, fill);
      f.cells.push_back(std::move(cell));
    }
  }
}

}  // namespace convarith::detail

