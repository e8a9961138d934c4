// Lays out one animation frame (cells, kernel overlay, highlights, labels, legend) as backend-free data.
#include "convarith/scene/frame.hpp"

#include <algorithm>
#include <cmath>

#include "frame_build.hpp"
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

using detail::AddText;
using detail::Blocks;
using detail::LabelHeight;
using detail::LabelLine;
using detail::LabelSize;
using detail::kMapLabel;
using detail::kMargin;
using detail::kMinWidth;
using detail::Layout;
using detail::PanelBox;
using detail::Plan;

// What the frame shows besides the input and output maps: the kernel panel (as drawn), the overlap map, the band
// for the caption and the labels.
Blocks BlocksOf(const Plan& p) {
  const Computation& c = p.c;
  const FrameOptions& o = p.o;
  Blocks b;
  b.top = kMargin;
  if (o.caption) b.top += o.caption && !o.title.empty() ? 1.45f : 0.8f;
  b.label_h = o.labels ? LabelHeight(o) : 0.0f;
  b.kernel_panel = o.kernel_panel && p.has_kernel && p.view != View::Associated;
  b.overlap_panel = o.overlap_panel && c.config.op == Op::Transposed && p.view != View::Associated;
  if (p.view == View::Equivalent) {
    b.rotated_kernel = Rotated180(c.weight);
  } else {
    b.weight = &c.weight;
  }
  if (b.kernel_panel) {
    b.K0 = b.shown_kernel().dim(0);
    b.K1 = b.shown_kernel().dim(1);
    b.kD = b.shown_kernel().dim(2);
    b.kH = b.shown_kernel().dim(3);
    b.kW = b.shown_kernel().dim(4);
  }
  return b;
}

// One map's cells, pictures and step rects, built at one cell unit per cell from the box's corner and then scaled
// to its size (focus layout: thumbnails without numbers, an enlarged kernel with larger ones). Hidden maps: none.
template <class Build>
void AddScaled(Frame& f, const PanelBox& box, Build&& build) {
  if (box.hidden) return;
  const size_t cells = f.cells.size(), rects = f.rects.size(), images = f.images.size();
  build();
  const float s = box.scale;
  if (s == 1.0f) return;
  auto at = [&](float v, float origin) { return origin + (v - origin) * s; };
  for (size_t n = cells; n < f.cells.size(); ++n) {
    FrameCell& cell = f.cells[n];
    cell.x = at(cell.x, box.x);
    cell.y = at(cell.y, box.y);
    cell.size *= s;
    cell.text_size *= s;
    cell.corner_size *= s;
    if (s < 1.0f) {  // a thumbnail: its colours alone
      cell.text.clear();
      cell.corner_text.clear();
      cell.border = cell.fill;
      cell.dashed = false;
    }
  }
  for (size_t n = rects; n < f.rects.size(); ++n) {
    FrameRect& r = f.rects[n];
    r.x = at(r.x, box.x);
    r.y = at(r.y, box.y);
    r.w *= s;
    r.h *= s;
  }
  for (size_t n = images; n < f.images.size(); ++n) f.images[n].scale = s;
}

// Every map's cells (or pictures), and the frame's width from them; returns the bottom of the grids.
float AddMaps(Frame& f, const Plan& p, const Layout& L, const Blocks& b) {
  const FrameOptions& o = p.o;
  size_t total = 0;
  for (const auto* boxes : {&L.left, &L.right, &L.kernel, &L.overlap})
    for (const PanelBox& box : *boxes) total += static_cast<size_t>(box.rows) * box.cols;
  f.cells.reserve(total);
  for (const PanelBox& box : L.left) AddScaled(f, box, [&] { detail::AddLeftMap(f, p, box); });
  for (const PanelBox& box : L.right) AddScaled(f, box, [&] { detail::AddRightMap(f, p, box); });
  for (const PanelBox& box : L.kernel) AddScaled(f, box, [&] { detail::AddKernelMap(f, p, box, b.shown_kernel()); });
  for (const PanelBox& box : L.overlap) detail::AddOverlapMap(f, p, box);

  float content_right = 0, content_bottom = 0;
  for (const auto* boxes : {&L.left, &L.right, &L.kernel, &L.overlap})
    for (const PanelBox& box : *boxes) {
      if (box.hidden) continue;
      content_right = std::max(content_right, box.Right());
      content_bottom = std::max(content_bottom, box.Bottom());
    }
  // The 3-D boxes reach past their cut face (which moves from step to step): the frame holds all of each box.
  for (const detail::DepthBox& d : L.depth) {
    content_right = std::max(content_right, d.x + d.Width());
    content_bottom = std::max(content_bottom, d.y + static_cast<float>(d.rows) * d.scale);
  }
  // Room for the step written out and the legend under the grids (a frame without them, or compact, is its grids).
  f.width = o.compact || !(o.equation || o.legend) ? content_right + kMargin : std::max(kMinWidth, content_right + kMargin);
  return content_bottom;
}

// Small names above every map and kernel when there are several.
void AddMapNames(Frame& f, const Plan& p, const Layout& L) {
  const FrameOptions& o = p.o;
  const Rgba muted = o.theme.muted;
  f.texts.insert(f.texts.end(), L.notes.begin(), L.notes.end());
  if (L.map_labels) {
    const bool lch = p.left_channels > 1, lz = L.left_slices > 1, rch = p.right_channels > 1, rz = L.right_slices > 1;
    for (const PanelBox& b : L.left)
      if (lch || lz) AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f, detail::MapName(p, lch, lz, b.channel, b.z), muted);
    for (const PanelBox& b : L.right)
      if (rch || rz) AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f, detail::MapName(p, rch, rz, b.channel, b.z), muted);
    for (const PanelBox& b : L.overlap)
      if (L.overlap.size() > 1) AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f, "z " + std::to_string(b.z), muted);
  }
  if (L.kernel_labels) {
    for (const PanelBox& b : L.kernel) {
      if (b.z != 0) continue;
      AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f,
              "w[" + std::to_string(b.channel) + "," + std::to_string(b.kernel_col) + "]" +
                  (p.view == View::Equivalent ? " rotated" : ""),
              muted);
    }
  } else if (!L.kernel.empty() && p.view == View::Equivalent && !o.labels && !L.focus) {
    // The rotation is what the equivalent convolution is about: name it even without labels.
    const PanelBox& k = L.kernel.front();
    AddText(f, k.Right() + 0.3f, k.y + static_cast<float>(k.rows) / 2.0f - 0.2f, 0.36f, "rotated 180°", muted);
  }
}

// The labels over the blocks, the title and the caption; the frame widens to hold them.
void AddLabels(Frame& f, const Plan& p, const Layout& L, const Blocks& b) {
  const FrameOptions& o = p.o;
  const Theme& t = o.theme;
  const float label_h = b.label_h;
  if (o.labels && !L.left_label.empty()) {
    // Stacks: each label's lines from the top of its band.
    auto lines = [&](const std::vector<std::string>& text, float x, float block_y) {
      for (size_t n = 0; n < text.size(); ++n)
        AddText(f, x, block_y - label_h + 0.12f + static_cast<float>(n) * LabelLine(o), LabelSize(o), text[n], t.foreground);
    };
    lines(L.left_label, L.left_x, L.left_y);
    lines(L.right_label, L.right_x, L.right_y);
    if (!L.kernel.empty()) lines(L.kernel_label, L.kernel_x, L.kernel_y);
    if (!L.overlap.empty()) AddText(f, L.overlap_x, L.overlap_y - label_h + 0.12f, LabelSize(o), "overlap: stamps per cell", t.foreground);
  } else if (o.labels) {
    AddText(f, L.left_x, L.left_y - label_h + 0.12f, LabelSize(o), detail::LeftLabel(p), t.foreground);
    AddText(f, L.right_x, L.right_y - label_h + 0.12f, LabelSize(o), detail::RightLabel(p), t.foreground);
    if (!L.kernel.empty()) {
      AddText(f, L.kernel_x, L.kernel_y - label_h + 0.12f, LabelSize(o), detail::KernelLabel(p, b.shown_kernel()), t.foreground);
    }
    if (!L.overlap.empty()) AddText(f, L.overlap_x, L.overlap_y - label_h + 0.12f, LabelSize(o), "overlap: stamps per cell", t.foreground);
  }
  if (!o.labels && !L.overlap.empty()) {
    // The overlap map is read only with its name: a small title over it even without labels.
    AddText(f, L.overlap_x, L.overlap_y - 0.42f, 0.32f, "overlap: stamps per cell", t.muted);
  }
  const bool title = o.caption && !o.title.empty();
  if (title) AddText(f, kMargin, kMargin, 0.55f, o.title, t.foreground);
  if (o.caption) AddText(f, kMargin, kMargin + (title ? 0.7f : 0.0f), title ? 0.42f : 0.5f, Caption(p.c.config), title ? t.muted : t.foreground);
  // Make room for labels and caption wider than the grids (they do not change between steps).
  for (const FrameText& text : f.texts) f.width = std::max(f.width, text.x + p.o.measure.Width(text.text, text.size) + kMargin);
}

// The step written out (and each input channel's part), and the transposed views' check, as data.
void WriteStep(Frame& f, const Plan& p) {
  const Computation& c = p.c;
  f.equation = "step " + std::to_string(p.step + 1) + "/" + std::to_string(StepCount(c, p.view)) + ":  " + detail::EquationText(p);
  if (p.g && p.g->partials.size() > 1 && !(p.o.symbols && p.o.pass == Pass::Forward)) {
    // Each input channel's part written out, at most four lines (the frame keeps one size through the animation).
    // Focus layout: the channel drawn large first.
    const size_t parts = p.g->partials.size();
    std::vector<int> order(parts);
    for (size_t n = 0; n < parts; ++n) order[n] = static_cast<int>(n);
    const auto focus = std::find(p.g->part_channels.begin(), p.g->part_channels.end(), p.focus_left);
    if (p.focus && focus != p.g->part_channels.end())
      std::rotate(order.begin(), order.begin() + (focus - p.g->part_channels.begin()), order.end());
    // Focus layout: the step line already sums the other channels ("ch 9: 3 + other 15 ch: 16 = 19"); only the
    // focused channel's part is written out, so the grids keep the room (1024x768 at 125 %: 3.8 px cells with four).
    const size_t lines = p.focus ? 1 : 4;
    for (size_t n = 0; n < std::min(parts, lines); ++n) {
      f.equation_parts.push_back(n == 3 && parts > 4 ? "… and " + std::to_string(parts - 3) + " more channels"
                                                     : PartEquation(c, *p.g, order[n]));
    }
  }
  if (c.config.op == Op::Transposed && p.view != View::Associated) {
    f.check_failed = !c.equivalent_check.agree();
    f.check = detail::CheckText(c.equivalent_check);
  }
}

}  // namespace

namespace {

Frame Build(const Computation& c, const FrameOptions& requested, detail::FrameCacheState* cache) {
  FrameOptions o = requested;
  if (o.compact) {
    // Slides: the grids alone, readable when the picture is shrunk to a column's width.
    o.labels = o.legend = o.equation = false;
    o.numbers = o.numbers && o.compact_numbers;
  }
  const Plan p = detail::MakePlan(c, o, cache);
  Frame f;
  f.background = o.theme.background;
  Blocks blocks = BlocksOf(p);
  const Layout L = detail::PlaceMaps(p, blocks);
  const float grids_bottom = AddMaps(f, p, L, blocks);
  if (p.depth) detail::AddDepthFaces(f, p, L, blocks);
  AddMapNames(f, p, L);
  AddLabels(f, p, L, blocks);
  f.grids_bottom = grids_bottom;
  WriteStep(f, p);
  f.legend = detail::LegendFor(f, p);
  float below = grids_bottom + 0.35f;
  if (o.equation) below = detail::AddSteps(f, o.theme, o.measure, below, {{f.equation, f.equation_parts}}, f.check, f.check_failed);
  f.height = below + kMargin;
  if (o.legend) detail::AddLegend(f, o.theme, o.measure, below);
  detail::AddOverlays(f, p, L);
  detail::MeasureTexts(f, o.measure);
  detail::GrowTexts(f, o.min_text);
  return f;
}

}  // namespace

Frame BuildFrame(const Computation& c, const FrameOptions& options) { return Build(c, options, nullptr); }
Frame BuildFrame(const Computation& c, const FrameOptions& options, FrameCache& cache) {
  return Build(c, options, &cache.state());
}

bool FramePolygon::Contains(float px, float py) const {
  // Inside a convex quadrilateral: on the same side of all four edges (either winding).
  bool positive = false, negative = false;
  for (size_t n = 0; n < 4; ++n) {
    const size_t m = (n + 1) % 4;
    const float ex = xy[2 * m] - xy[2 * n], ey = xy[2 * m + 1] - xy[2 * n + 1];
    const float cross = ex * (py - xy[2 * n + 1]) - ey * (px - xy[2 * n]);
    positive = positive || cross > 0;
    negative = negative || cross < 0;
  }
  return !(positive && negative) && (positive || negative);
}

namespace {
// The slice piece of a 3-D box at a point (the last drawn is on top).
const FramePolygon* SliceAt(const Frame& frame, float x, float y) {
  for (auto it = frame.polygons.rbegin(); it != frame.polygons.rend(); ++it)
    if (it->channel >= 0 && it->Contains(x, y)) return &*it;
  return nullptr;
}
}  // namespace

std::optional<std::pair<Panel, int>> ChannelAt(const Frame& frame, float x, float y) {
  if (const std::optional<Pointer> p = PointerAt(frame, x, y)) return std::pair{p->panel, p->channel};
  return std::nullopt;
}

std::optional<Pointer> PointerAt(const Frame& frame, float x, float y) {
  if (const FrameCell* cell = CellAt(frame, x, y)) return Pointer{cell->panel, cell->row, cell->col, cell->channel, cell->z};
  if (const FramePolygon* slice = SliceAt(frame, x, y)) return Pointer{slice->panel, slice->row, slice->col, slice->channel, 0};
  for (const FrameImage& im : frame.images) {
    if (!im.Contains(x, y)) continue;
    return Pointer{im.panel, static_cast<int>((y - im.y) / im.scale), static_cast<int>((x - im.x) / im.scale), im.channel,
                   im.z};
  }
  return std::nullopt;
}

bool OnThumbnail(const Frame& frame, float x, float y) {
  if (const FrameCell* cell = CellAt(frame, x, y)) return cell->size < 1.0f;
  if (SliceAt(frame, x, y) != nullptr) return true;
  for (const FrameImage& im : frame.images)
    if (im.Contains(x, y)) return im.scale < 1.0f;
  return false;
}

const FrameCell* CellAt(const Frame& frame, float x, float y) {
  for (const FrameCell& cell : frame.cells) {
    if (x >= cell.x && y >= cell.y && x < cell.x + cell.size && y < cell.y + cell.size) return &cell;
  }
  return nullptr;
}

}  // namespace convarith
