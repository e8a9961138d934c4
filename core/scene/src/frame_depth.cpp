// The 3-D tensor view (ChannelLayout::Depth): each side's maps as a box of stacked slices in an oblique view, the map
// in focus its cut face (drawn as cells by the map builders), the slices behind it as the box's top and side faces in
// their own colours, the slices in front of it as a wireframe, and the step's blocks through the slices they span.
#include <algorithm>
#include <cmath>
#include <optional>

#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

// One slice of depth on the page: up and to the right (an oblique, cabinet-like view).
constexpr float kDepthX = 0.62f, kDepthY = -0.45f;
// A face is drawn in at most this many pieces along an axis (large maps: one piece stands for several cells).
constexpr int kMaxPieces = 96;
// Faces with this many pieces or fewer along both axes keep the cells' grid lines.
constexpr int kGridPieces = 24;

using Point = std::array<float, 2>;

void Polygon(Frame& f, std::array<Point, 4> q, Rgba fill, Rgba stroke, float width, bool dashed = false) {
  FramePolygon poly;
  for (size_t n = 0; n < 4; ++n) {
    poly.xy[2 * n] = q[n][0];
    poly.xy[2 * n + 1] = q[n][1];
  }
  poly.fill = fill;
  poly.stroke = stroke;
  poly.stroke_width = width;
  poly.dashed = dashed;
  f.polygons.push_back(poly);
}

void Line(Frame& f, Point a, Point b, Rgba stroke, float width, bool dashed = false) {
  Polygon(f, {a, b, b, a}, {0, 0, 0, 0}, stroke, width, dashed);
}

Rgba WithAlpha(Rgba c, uint8_t a) {
  c.a = a;
  return c;
}

// Pieces of an axis of `n` cells: at most kMaxPieces, each [first, last) cells; its cell shown is the middle one.
std::vector<std::array<int, 2>> Pieces(int first, int n) {
  const int count = std::min(n - first, kMaxPieces);
  std::vector<std::array<int, 2>> out;
  for (int k = 0; k < count; ++k) {
    const int a = first + static_cast<int>(static_cast<long long>(n - first) * k / count);
    const int b = first + static_cast<int>(static_cast<long long>(n - first) * (k + 1) / count);
    out.push_back({a, b});
  }
  return out;
}

// The colours a slice shows on the box's faces, as the map builders draw its cells: its first row (top face) and its
// last column (side face). Only those cells are built.
struct FaceColours {
  std::vector<Rgba> top;   // cols
  std::vector<Rgba> side;  // rows
};

FaceColours SliceFaces(const Plan& p, const Blocks& b, const DepthBox& d, int slice) {
  PanelBox box{d.panel};
  box.rows = d.rows;
  box.cols = d.cols;
  box.channel = d.panel == Panel::Kernel ? d.channel : slice;
  box.kernel_col = d.panel == Panel::Kernel ? slice : 0;
  FaceColours out{std::vector<Rgba>(static_cast<size_t>(d.cols), p.o.theme.muted),
                  std::vector<Rgba>(static_cast<size_t>(d.rows), p.o.theme.muted)};
  const auto build = [&](std::array<int, 4> only) {
    box.only = only;
    Frame scratch;
    if (d.panel == Panel::Input) AddLeftMap(scratch, p, box);
    if (d.panel == Panel::Output) AddRightMap(scratch, p, box);
    if (d.panel == Panel::Kernel) AddKernelMap(scratch, p, box, b.shown_kernel());
    for (const FrameCell& cell : scratch.cells) {
      if (cell.row < 0 || cell.col < 0 || cell.row >= d.rows || cell.col >= d.cols) continue;
      if (cell.row == 0) out.top[static_cast<size_t>(cell.col)] = cell.fill;
      if (cell.col == d.cols - 1) out.side[static_cast<size_t>(cell.row)] = cell.fill;
    }
  };
  build({0, 0, 0, d.cols - 1});
  build({0, d.cols - 1, d.rows - 1, d.cols - 1});
  return out;
}

// The slices from the cut back: the top face shows each slice's first row, the side face its last column; a piece
// names its map cell, so hovering it links as the cell would and a click brings its slice to the front.
void AddSolidFaces(Frame& f, const Plan& p, const Blocks& b, const DepthBox& d) {
  const Theme& t = p.o.theme;
  const auto slices = Pieces(d.cut, d.slices);
  const auto cols = Pieces(0, d.cols), rows = Pieces(0, d.rows);
  const bool grid = slices.size() <= static_cast<size_t>(kGridPieces) && cols.size() <= static_cast<size_t>(kGridPieces) &&
                    rows.size() <= static_cast<size_t>(kGridPieces);
  const Rgba edge = grid ? t.grid_line : Rgba{0, 0, 0, 0};
  const bool clickable = d.panel == Panel::Input && p.gather;
  for (const auto& [s0, s1] : slices) {
    const int slice = (s0 + s1 - 1) / 2;
    FaceColours colours = SliceFaces(p, b, d, slice);
    // Input slices the step does not read (another group's) under a veil: their first row and last column may be
    // padding, which a map does not dim.
    if (d.panel == Panel::Input && !p.left_active[static_cast<size_t>(slice)]) {
      for (Rgba& c : colours.top) c = Mix(c, t.background, 0.55f);
      for (Rgba& c : colours.side) c = Mix(c, t.background, 0.55f);
    }
    const float z0 = static_cast<float>(s0), z1 = static_cast<float>(s1);
    auto name = [&](int row, int col) {
      FramePolygon& poly = f.polygons.back();
      poly.panel = d.panel;
      poly.channel = clickable ? slice : -1;
      poly.row = row;
      poly.col = col;
    };
    for (const auto& [c0, c1] : cols) {
      const int col = (c0 + c1 - 1) / 2;
      const float x0 = static_cast<float>(c0), x1 = static_cast<float>(c1);
      Polygon(f, {d.At(x0, 0, z0), d.At(x1, 0, z0), d.At(x1, 0, z1), d.At(x0, 0, z1)}, colours.top[static_cast<size_t>(col)], edge, 1.0f);
      name(0, col);
    }
    const float w = static_cast<float>(d.cols);
    for (const auto& [r0, r1] : rows) {
      const int row = (r0 + r1 - 1) / 2;
      const float y0 = static_cast<float>(r0), y1 = static_cast<float>(r1);
      const Rgba c = colours.side[static_cast<size_t>(row)];
      // The side face a shade darker, as lit from the front and above.
      Polygon(f, {d.At(w, y0, z0), d.At(w, y0, z1), d.At(w, y1, z1), d.At(w, y1, z0)}, Mix(c, Rgba{0, 0, 0, 255}, 0.12f), edge, 1.0f);
      name(row, d.cols - 1);
    }
  }
  // Where one slice ends and the next begins, when the pieces have no grid of their own.
  if (!grid && d.slices - d.cut <= 64) {
    const float w = static_cast<float>(d.cols), h = static_cast<float>(d.rows);
    for (int s = d.cut + 1; s < d.slices; ++s) {
      const float z = static_cast<float>(s);
      Line(f, d.At(0, 0, z), d.At(w, 0, z), WithAlpha(t.background, 150), 1.0f);
      Line(f, d.At(w, 0, z), d.At(w, h, z), WithAlpha(t.background, 150), 1.0f);
    }
  }
  const float w = static_cast<float>(d.cols), h = static_cast<float>(d.rows);
  const float z0 = static_cast<float>(d.cut), z1 = static_cast<float>(d.slices);
  Polygon(f, {d.At(0, 0, z0), d.At(w, 0, z0), d.At(w, 0, z1), d.At(0, 0, z1)}, {0, 0, 0, 0}, t.muted, 1.5f);
  Polygon(f, {d.At(w, 0, z0), d.At(w, 0, z1), d.At(w, h, z1), d.At(w, h, z0)}, {0, 0, 0, 0}, t.muted, 1.5f);
}

// The slices in front of the cut, as glass: their outline, dashed, and a faint top and side.
void AddGhost(Frame& f, const Theme& t, const DepthBox& d) {
  if (d.cut <= 0) return;
  const float w = static_cast<float>(d.cols), h = static_cast<float>(d.rows), z = static_cast<float>(d.cut);
  const Rgba glass = WithAlpha(t.muted, 40), edge = WithAlpha(t.muted, 200);
  Polygon(f, {d.At(0, 0, 0), d.At(w, 0, 0), d.At(w, 0, z), d.At(0, 0, z)}, glass, edge, 1.5f, true);
  Polygon(f, {d.At(w, 0, 0), d.At(w, 0, z), d.At(w, h, z), d.At(w, h, 0)}, glass, edge, 1.5f, true);
  Polygon(f, {d.At(0, 0, 0), d.At(w, 0, 0), d.At(w, h, 0), d.At(0, h, 0)}, {0, 0, 0, 0}, edge, 1.5f, true);
  Line(f, d.At(0, h, 0), d.At(0, h, z), edge, 1.5f, true);
}

// A block of the box: rows [r0, r1) x cols [c0, c1) through slices [s0, s1). Its marks on the visible top and side
// faces (the slices it spans behind the cut), then its twelve edges, dashed inside the solid part.
void AddBlock(Frame& f, const DepthBox& d, std::array<int, 6> span, Rgba fill, Rgba stroke) {
  const auto [r0i, r1i, c0i, c1i, s0i, s1i] = span;
  const float r0 = static_cast<float>(r0i), r1 = static_cast<float>(r1i), c0 = static_cast<float>(c0i),
              c1 = static_cast<float>(c1i), s0 = static_cast<float>(s0i), s1 = static_cast<float>(s1i);
  const float w = static_cast<float>(d.cols), cut = static_cast<float>(d.cut);
  const float m0 = std::max(s0, cut);
  if (s1 > m0) {
    Polygon(f, {d.At(c0, 0, m0), d.At(c1, 0, m0), d.At(c1, 0, s1), d.At(c0, 0, s1)}, fill, stroke, 1.5f);
    Polygon(f, {d.At(w, r0, m0), d.At(w, r0, s1), d.At(w, r1, s1), d.At(w, r1, m0)}, fill, stroke, 1.5f);
  }
  // Edges inside the solid part are dashed and lighter: seen through the cut face without hiding its numbers.
  const bool front_inside = s0 > cut, back_inside = s1 > cut;
  const Rgba hidden = WithAlpha(stroke, 150);
  auto edge = [&](Point a, Point b, bool inside) { Line(f, a, b, inside ? hidden : stroke, inside ? 1.5f : 2.5f, inside); };
  const std::array<std::array<float, 2>, 4> corners{{{c0, r0}, {c1, r0}, {c1, r1}, {c0, r1}}};
  for (size_t n = 0; n < 4; ++n) {
    const auto& a = corners[n];
    const auto& b = corners[(n + 1) % 4];
    edge(d.At(a[0], a[1], s0), d.At(b[0], b[1], s0), front_inside);
    edge(d.At(a[0], a[1], s1), d.At(b[0], b[1], s1), back_inside);
    edge(d.At(a[0], a[1], s0), d.At(a[0], a[1], s1), back_inside);
  }
}

// The slices [s0, s1) a step reads, as a band across the box's top and side (behind the cut): which maps a kernel
// block spans reads at a glance, whatever the first row and last column hold (padding, often).
void AddSpanBand(Frame& f, const DepthBox& d, int s0, int s1, Rgba fill) {
  const float z0 = std::max(static_cast<float>(s0), static_cast<float>(d.cut)), z1 = static_cast<float>(s1);
  if (z1 <= z0) return;
  const float w = static_cast<float>(d.cols), h = static_cast<float>(d.rows);
  Polygon(f, {d.At(0, 0, z0), d.At(w, 0, z0), d.At(w, 0, z1), d.At(0, 0, z1)}, fill, {0, 0, 0, 0}, 1.0f);
  Polygon(f, {d.At(w, 0, z0), d.At(w, 0, z1), d.At(w, h, z1), d.At(w, h, z0)}, fill, {0, 0, 0, 0}, 1.0f);
}

// The span of a side's active slices: [first, last + 1); the whole side when none is.
std::array<int, 2> ActiveSpan(const std::vector<bool>& active) {
  const auto first = std::find(active.begin(), active.end(), true);
  if (first == active.end()) return {0, static_cast<int>(active.size())};
  const auto last = std::find(active.rbegin(), active.rend(), true);
  return {static_cast<int>(first - active.begin()), static_cast<int>(active.rend() - last)};
}

// The cells of map `ch` a mask marks: [r0, r1) x [c0, c1), or nothing.
std::optional<std::array<int, 4>> MaskBounds(const Mask& m, int ch) {
  int r0 = m.dims[2], r1 = -1, c0 = m.dims[3], c1 = -1;
  for (int r = 0; r < m.dims[2]; ++r)
    for (int c = 0; c < m.dims[3]; ++c)
      if (m.Get(ch, 0, r, c)) {
        r0 = std::min(r0, r);
        r1 = std::max(r1, r);
        c0 = std::min(c0, c);
        c1 = std::max(c1, c);
      }
  if (r1 < 0) return std::nullopt;
  return std::array<int, 4>{r0, r1 + 1, c0, c1 + 1};
}

// The step's blocks: on the left, the kernel window through the slices it reads (the scatter view: the input cell
// being stamped); on the right, the current output (the scatter view: the stamp through the maps it writes).
void AddStepBlocks(Frame& f, const Plan& p, const DepthBox& left, const DepthBox& right) {
  const Rgba stroke = p.o.theme.foreground;
  const Rgba kernel = WithAlpha(KernelOverlay(p), 150), current = WithAlpha(CurrentOverlay(p), 190);
  const bool scatter = p.view == View::Scatter;
  if (const auto w = MaskBounds(p.window, p.focus_left)) {
    const auto span = scatter ? std::array<int, 2>{p.focus_left, p.focus_left + 1} : ActiveSpan(p.left_active);
    AddSpanBand(f, left, span[0], span[1], WithAlpha(p.o.theme.input, 90));
    AddBlock(f, left, {(*w)[0], (*w)[1], (*w)[2], (*w)[3], span[0], span[1]}, scatter ? current : kernel, stroke);
  }
  if (p.g) {
    AddBlock(f, right, {p.g->out_row, p.g->out_row + 1, p.g->out_col, p.g->out_col + 1, p.g->out_channel, p.g->out_channel + 1},
             current, stroke);
  } else if (p.sc && scatter) {
    int r0 = right.rows, r1 = -1, c0 = right.cols, c1 = -1;
    for (const Stamp& s : p.sc->stamps) {
      if (s.out_channel != p.focus_right) continue;
      r0 = std::min(r0, s.out_row), r1 = std::max(r1, s.out_row);
      c0 = std::min(c0, s.out_col), c1 = std::max(c1, s.out_col);
    }
    const auto span = ActiveSpan(p.right_active);
    if (r1 >= 0) AddBlock(f, right, {r0, r1 + 1, c0, c1 + 1, span[0], span[1]}, kernel, stroke);
  } else if (p.sc) {  // Associated: the transposed convolution's input cell on the right
    const int ch = p.sc->in_channel;
    AddBlock(f, right, {p.sc->in_row, p.sc->in_row + 1, p.sc->in_col, p.sc->in_col + 1, ch, ch + 1}, current, stroke);
  }
}

}  // namespace

std::array<float, 2> DepthBox::At(float col, float row, float depth) const {
  return {x + col * scale + depth * thickness * kDepthX, y + row * scale + depth * thickness * kDepthY};
}
float DepthBox::DepthRise() const { return static_cast<float>(slices) * thickness * -kDepthY; }
float DepthBox::Width() const { return static_cast<float>(cols) * scale + static_cast<float>(slices) * thickness * kDepthX; }
float DepthBox::Height() const { return static_cast<float>(rows) * scale + DepthRise(); }

DepthBox MakeDepthBox(Panel panel, float x, float y, std::array<int, 3> dims, float scale, float thickness, int cut) {
  DepthBox d;
  d.panel = panel;
  d.slices = std::max(1, dims[0]);
  d.rows = dims[1];
  d.cols = dims[2];
  d.scale = scale;
  d.thickness = thickness;
  d.cut = std::clamp(cut, 0, d.slices - 1);
  d.x = x;
  d.y = y + d.DepthRise();
  return d;
}

float SliceThickness(int slices, int rows, int cols) {
  const float side = static_cast<float>(std::max(rows, cols));
  return std::min(0.5f * side / static_cast<float>(std::max(1, slices)), std::max(1.0f, 0.15f * side));
}

void AddDepthFaces(Frame& f, const Plan& p, const Layout& L, const Blocks& b) {
  for (const DepthBox& d : L.depth) {
    AddSolidFaces(f, p, b, d);
    AddGhost(f, p.o.theme, d);
  }
  const auto side = [&](Panel panel) {
    return std::find_if(L.depth.begin(), L.depth.end(), [&](const DepthBox& d) { return d.panel == panel; });
  };
  const auto left = side(Panel::Input), right = side(Panel::Output);
  if (left != L.depth.end() && right != L.depth.end()) AddStepBlocks(f, p, *left, *right);
}

}  // namespace convarith::detail
