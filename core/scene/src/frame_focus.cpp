// The focus layout for many channels: the maps the step joins drawn large (the input map in focus, the kernel slice,
// the current output map), every other map of a side as a thumbnail in a strip under its large map.
#include <algorithm>
#include <cmath>

#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

constexpr int kPerColumn = 16;    // thumbnails in a strip's column
constexpr int kStripColumns = 2;  // columns before "+N more"
constexpr int kSmallColumns = 4;  // columns of a small map's strip (its thumbnails keep kMinThumb)
constexpr int kKernelRows = 4;    // rows of kernel thumbnails before "+N more"
constexpr float kMinThumb = 1.5f;  // a thumbnail's least side, cell units
constexpr float kThumbGap = 0.5f;

// Thumbnails of maps (each `slices` slices side by side, rows x cols) in a grid of `per_line` along one direction.
struct Strip {
  int items = 0, slices = 1, rows = 0, cols = 0;
  bool down = true;  // thumbnails go down a column first (a map's strip), else across a row (the kernels')
  int per_line = 1, lines = 1;
  float scale = 1;
  float ThumbW() const { return StackWidth(slices, cols, scale); }
  float ThumbH() const { return static_cast<float>(rows) * scale; }
  int Across() const { return down ? lines : per_line; }
  int Along() const { return down ? per_line : lines; }
  float Width() const { return static_cast<float>(Across()) * (ThumbW() + kThumbGap) - kThumbGap; }
  float Height() const { return static_cast<float>(Along()) * (ThumbH() + kThumbGap) - kThumbGap; }
  static float StackWidth(int slices, int cols, float scale) {
    return (static_cast<float>(slices * cols) + static_cast<float>(slices - 1) * kSliceGap) * scale;
  }
};

// A map's strip: columns of thumbnails as tall as the large map beside it: one column of up to kPerColumn (a second
// past it), each thumbnail at most a quarter of the map; a small map's thumbnails keep kMinThumb and take more
// columns, up to kSmallColumns, so that the strip is never much taller than its map.
Strip ColumnStrip(int items, int slices, int rows, int cols) {
  Strip s{items, slices, rows, cols, true};
  const float height = static_cast<float>(rows);
  s.per_line = std::min(items, kPerColumn);
  float side = (height - static_cast<float>(s.per_line - 1) * kThumbGap) / static_cast<float>(s.per_line);
  if (side < kMinThumb) {
    side = kMinThumb;
    s.per_line = std::max(1, static_cast<int>((height + kThumbGap) / (side + kThumbGap)));
  }
  side = std::min(side, height / 4.0f);
  s.lines = (items + s.per_line - 1) / s.per_line;
  s.scale = std::min(1.0f, std::max(side, kMinThumb) / static_cast<float>(std::max(rows, cols)));
  return s;
}

// How many of `count` maps a side's strip shows: two columns of kPerColumn, or a small map's kSmallColumns columns.
int StripCapacity(int rows) {
  const Strip probe = ColumnStrip(kPerColumn * kStripColumns, 1, rows, rows);
  if (probe.per_line >= kPerColumn) return kPerColumn * kStripColumns;
  // Tiny maps (a few thumbnails to a column): at least 16 of them, in up to 8 columns.
  const int columns = std::clamp((kPerColumn + probe.per_line - 1) / probe.per_line, kSmallColumns, 8);
  return probe.per_line * columns;
}

// The kernels' strip: rows of thumbnails under the large kernel, as many across as fit its width.
Strip RowStrip(int items, int slices, int rows, int cols, float width) {
  Strip s{items, slices, rows, cols, false};
  s.scale = std::min(1.0f, kMinThumb / static_cast<float>(std::max(rows, cols)));
  const int fit = static_cast<int>((width + kThumbGap) / (s.ThumbW() + kThumbGap));
  s.per_line = std::clamp(fit, 1, std::max(items, 1));
  s.lines = (items + s.per_line - 1) / s.per_line;
  return s;
}

// The box of thumbnail `k` of a strip from (x, y), slice z.
PanelBox ThumbBox(const Strip& s, Panel panel, float x, float y, int k, int z) {
  PanelBox b{panel};
  const int along = k % s.per_line, across = k / s.per_line;
  const int col = s.down ? across : along, row = s.down ? along : across;
  b.x = x + static_cast<float>(col) * (s.ThumbW() + kThumbGap) +
        static_cast<float>(z) * (static_cast<float>(s.cols) + kSliceGap) * s.scale;
  b.y = y + static_cast<float>(row) * (s.ThumbH() + kThumbGap);
  b.rows = s.rows;
  b.cols = s.cols;
  b.z = z;
  b.scale = s.scale;
  return b;
}

// The `shown` items of `count` around `focus` (all of them when they fit).
std::pair<int, int> Window(int count, int focus, int shown) {
  shown = std::min(count, shown);
  const int first = std::clamp(focus - shown / 2, 0, count - shown);
  return {first, first + shown};
}

// "+48 more (24-39 shown)" under a strip that does not show them all.
std::string MoreNote(int first, int last, int count) {
  return "+" + std::to_string(count - (last - first)) + " more (" + std::to_string(first) + "-" +
         std::to_string(last - 1) + " shown)";
}

// The names over the large maps and the notes under the strips grow with the maps (readable when 64-wide maps
// leave a few pixels per cell): `size` in cell units, in a band of Band(size).
float NoteSize(int rows) { return std::clamp(0.025f * static_cast<float>(rows), 0.32f, 1.6f); }
float Band(float size) { return size + 0.2f; }

void Note(Layout& L, float x, float y, float size, std::string text, Rgba color) {
  L.notes.push_back({x, y + 0.1f, size, std::move(text), color, Align::Left});
}

// Every map of a side, hidden until placed; each keeps its index (channel * slices + z).
void HideAll(std::vector<PanelBox>& boxes, Panel panel, std::array<int, 4> dims) {
  const auto [channels, slices, rows, cols] = dims;
  boxes.assign(static_cast<size_t>(channels * slices), PanelBox{panel});
  for (int ch = 0; ch < channels; ++ch)
    for (int z = 0; z < slices; ++z) {
      PanelBox& b = boxes[static_cast<size_t>(ch * slices + z)];
      b.channel = ch;
      b.z = z;
      b.rows = rows;
      b.cols = cols;
      b.hidden = true;
    }
}

// One side's maps: channel `focus` large under its name, its strip of every channel (a window of them past
// kStripColumns columns) beside it, on the left of the input and the right of the output (`strip_first`). Every map
// keeps its index (channel * slices + z); the focus channel's thumbnail is added after them. From (x, y); returns the
// column's size.
std::array<float, 2> PlaceSide(Layout& L, std::vector<PanelBox>& boxes, const Plan& p, Panel panel, float x, float y,
                               std::array<int, 4> dims, int focus, bool strip_first, float note) {
  const auto [channels, slices, rows, cols] = dims;
  HideAll(boxes, panel, dims);
  const auto [first, last] = Window(channels, focus, StripCapacity(rows));
  const Strip s = ColumnStrip(last - first, slices, rows, cols);
  const bool strip = channels > 1;
  const float strip_w = strip ? s.Width() + 1.0f : 0.0f;
  const float large_x = strip_first ? x + strip_w : x;
  const float top = y + Band(note);
  for (int z = 0; z < slices; ++z) {
    PanelBox& b = boxes[static_cast<size_t>(focus * slices + z)];
    b.x = large_x + static_cast<float>(z) * (static_cast<float>(cols) + kSliceGap);
    b.y = top;
    b.hidden = false;
  }
  const Theme& t = p.o.theme;
  Note(L, large_x, y, note, MapName(p, channels > 1, false, focus, 0) + (channels > 1 ? " of " + std::to_string(channels) : ""),
       t.muted);
  const float large_w = Strip::StackWidth(slices, cols, 1.0f);
  if (!strip) return {large_w, Band(note) + static_cast<float>(rows)};
  const float strip_x = strip_first ? x : x + large_w + 1.0f;
  for (int k = 0; k < last - first; ++k) {
    const int ch = first + k;
    for (int z = 0; z < slices; ++z) {
      PanelBox b = ThumbBox(s, panel, strip_x, top, k, z);
      b.channel = ch;
      if (ch == focus) {
        b.thumb_of_focus = true;
        boxes.push_back(b);
      } else {
        boxes[static_cast<size_t>(ch * slices + z)] = b;
      }
    }
  }
  float height = Band(note) + std::max(static_cast<float>(rows), s.Height());
  if (last - first < channels) {
    Note(L, strip_x, top + s.Height(), note, MoreNote(first, last, channels), t.muted);
    height = std::max(height, Band(note) + s.Height() + Band(note));
  }
  return {large_w + strip_w, height};
}

// The kernel slice joining the large maps, enlarged next to 64-wide maps (up to 4x), and the kernels the step uses
// as a strip under it. Returns the column's size.
// Depth: the kernel slices of the weight's first index `focus[0]` as a box (its slices the second index, as deep as
// the input's slices), slice `focus[1]` its cut face. Returns the box's size.
std::array<float, 2> PlaceKernelBox(Layout& L, const Blocks& bl, float x, float y, float ks, std::array<int, 2> focus) {
  const float thickness = L.depth.empty() ? 1.0f : L.depth.front().thickness;
  const DepthBox d = MakeDepthBox(Panel::Kernel, x, y, {bl.K1, bl.kH, bl.kW}, ks, thickness, focus[1]);
  L.depth.push_back(d);
  L.depth.back().channel = focus[0];
  PanelBox& box = L.kernel[static_cast<size_t>(focus[0] * bl.K1 + focus[1])];
  box.hidden = false;
  box.scale = ks;
  const auto corner = d.At(0, 0, static_cast<float>(focus[1]));
  box.x = corner[0];
  box.y = corner[1];
  return {d.Width(), d.Height()};
}

std::array<float, 2> PlaceKernelColumn(Layout& L, const Plan& p, const Blocks& bl, float x, float y, int map_rows,
                                       float note) {
  const int kD = bl.kD, kH = bl.kH, kW = bl.kW;
  const float ks = std::clamp(std::floor(static_cast<float>(map_rows) / (3.0f * static_cast<float>(std::max(kH, kW)))), 1.0f, 4.0f);
  std::vector<std::array<int, 2>> active;  // (a, b) of the kernels the step uses
  std::array<int, 2> focus{-1, -1};
  for (int a = 0; a < bl.K0; ++a)
    for (int b = 0; b < bl.K1; ++b) {
      PanelBox box{Panel::Kernel};
      box.channel = a;
      box.kernel_col = b;
      if (KernelInFocus(p, box)) focus = {a, b};
      if (KernelActive(p, box)) active.push_back({a, b});
    }
  if (focus[0] < 0) focus = active.empty() ? std::array<int, 2>{0, 0} : active.front();
  L.kernel.assign(static_cast<size_t>(bl.K0 * bl.K1 * kD), PanelBox{Panel::Kernel});
  for (int a = 0; a < bl.K0; ++a)
    for (int b = 0; b < bl.K1; ++b)
      for (int kz = 0; kz < kD; ++kz) {
        PanelBox& box = L.kernel[static_cast<size_t>((a * bl.K1 + b) * kD + kz)];
        box.channel = a;
        box.kernel_col = b;
        box.z = kz;
        box.rows = kH;
        box.cols = kW;
        box.hidden = true;
        if (std::array<int, 2>{a, b} != focus || p.depth) continue;
        box.hidden = false;
        box.scale = ks;
        box.x = x + static_cast<float>(kz) * (static_cast<float>(kW) + 0.25f) * ks;
        box.y = y + Band(note);
      }
  const std::string rotated = p.view == View::Equivalent ? " rotated" : "";
  Note(L, x, y, note, "w[" + std::to_string(focus[0]) + "," + std::to_string(focus[1]) + "]" + rotated, p.o.theme.muted);
  if (p.depth) {
    const auto size = PlaceKernelBox(L, bl, x, y + Band(note), ks, focus);
    return {size[0], Band(note) + size[1]};
  }
  const float large_w = (static_cast<float>(kD * kW) + static_cast<float>(kD - 1) * 0.25f) * ks;
  const float large_h = Band(note) + static_cast<float>(kH) * ks;
  const int count = static_cast<int>(active.size());
  if (count <= 1) return {large_w, large_h};
  const Strip probe = RowStrip(count, kD, kH, kW, std::max(large_w, 6.0f));
  const int at = static_cast<int>(std::find(active.begin(), active.end(), focus) - active.begin());
  const auto [first, last] = Window(count, std::min(at, count - 1), probe.per_line * kKernelRows);
  const Strip s = RowStrip(last - first, kD, kH, kW, std::max(large_w, 6.0f));
  const float strip_y = y + large_h + 1.0f;
  for (int k = 0; k < last - first; ++k) {
    const auto [a, b] = active[static_cast<size_t>(first + k)];
    for (int kz = 0; kz < kD; ++kz) {
      PanelBox box = ThumbBox(s, Panel::Kernel, x, strip_y, k, kz);
      box.channel = a;
      box.kernel_col = b;
      if (std::array<int, 2>{a, b} == focus) {
        box.thumb_of_focus = true;
        L.kernel.push_back(box);
      } else {
        L.kernel[static_cast<size_t>((a * bl.K1 + b) * kD + kz)] = box;
      }
    }
  }
  float height = strip_y + s.Height() - y;
  if (last - first < count) {
    Note(L, x, strip_y + s.Height(), note, MoreNote(first, last, count), p.o.theme.muted);
    height += Band(note);
  }
  return {std::max(large_w, s.Width()), height};
}

}  // namespace

bool KernelInFocus(const Plan& p, const PanelBox& box) {
  const Config& cfg = p.c.config;
  if (p.g && !p.pooling) {
    if (cfg.op == Op::Transposed)
      return box.channel == p.focus_left && box.kernel_col == p.g->out_channel % cfg.out_per_group();
    return box.channel == p.g->out_channel && box.kernel_col == p.focus_left % cfg.in_per_group();
  }
  if (p.sc) return box.channel == p.sc->in_channel && box.kernel_col == p.focus_right % cfg.out_per_group();
  return false;
}

std::array<float, 2> PlaceDepthSide(Layout& L, std::vector<PanelBox>& boxes, const Plan& p, Panel panel, float x,
                                    float y, std::array<int, 3> dims, int focus, float note) {
  const auto [channels, rows, cols] = dims;
  HideAll(boxes, panel, {channels, 1, rows, cols});
  // One slice depth for both boxes (and the kernel's), so that a block of slices is as deep on each side.
  const float thickness = std::min(SliceThickness(p.left_channels, p.left_dims[1], p.left_dims[2]),
                                   SliceThickness(p.right_channels, p.right_dims[1], p.right_dims[2]));
  const DepthBox d = MakeDepthBox(panel, x, y + Band(note), dims, 1.0f, thickness, focus);
  L.depth.push_back(d);
  PanelBox& b = boxes[static_cast<size_t>(focus)];
  const auto corner = d.At(0, 0, static_cast<float>(focus));
  b.x = corner[0];
  b.y = corner[1];
  b.hidden = false;
  Note(L, x, y, note,
       MapName(p, channels > 1, false, focus, 0) + (channels > 1 ? " in front, of " + std::to_string(channels) : ""),
       p.o.theme.muted);
  return {d.Width(), Band(note) + d.Height()};
}

void PlaceFocus(Layout& L, const Plan& p, Blocks& bl) {
  const FrameOptions& o = p.o;
  L.focus = true;
  L.left_slices = p.left_dims[0];
  L.right_slices = p.right_dims[0];
  // The columns' widths first (the labels wrap to them), then the band of labels, then the maps under it.
  const float left_w = std::max(Strip::StackWidth(L.left_slices, p.left_dims[2], 1.0f), 4.0f);
  const float right_w = std::max(Strip::StackWidth(L.right_slices, p.right_dims[2], 1.0f), 4.0f);
  if (o.labels) {
    L.left_label = WrapLabel(p.o.measure, LeftLabel(p), left_w, LabelSize(p.o));
    L.right_label = WrapLabel(p.o.measure, RightLabel(p), right_w, LabelSize(p.o));
    if (bl.kernel_panel) L.kernel_label = WrapLabel(p.o.measure, KernelLabel(p, bl.shown_kernel()), 6.0f, LabelSize(p.o));
    const size_t lines = std::max({L.left_label.size(), L.right_label.size(), L.kernel_label.size()});
    bl.label_h = static_cast<float>(lines) * LabelLine(p.o) + 0.2f;
  }
  const float top = bl.top + bl.label_h;
  const float note = NoteSize(std::max(p.left_dims[1], p.right_dims[1]));
  auto column_x = [&](float x, float block_w, const std::vector<std::string>& label) {
    return x + std::max(block_w, o.labels ? LinesWidth(p.o.measure, label, LabelSize(p.o)) + 0.3f : 0.0f) + kPanelGap;
  };
  float x = kMargin;
  const auto left = p.depth ? PlaceDepthSide(L, L.left, p, Panel::Input, x, top,
                                             {p.left_channels, p.left_dims[1], p.left_dims[2]}, p.focus_left, note)
                            : PlaceSide(L, L.left, p, Panel::Input, x, top,
                                        {p.left_channels, L.left_slices, p.left_dims[1], p.left_dims[2]}, p.focus_left,
                                        true, note);
  L.left_x = x;
  x = column_x(x, left[0], L.left_label);
  if (bl.kernel_panel) {
    const auto kernel = PlaceKernelColumn(L, p, bl, x, top, std::min(p.left_dims[1], p.right_dims[1]), note);
    L.kernel_x = x;
    L.kernel_y = top;
    x = column_x(x, kernel[0], L.kernel_label);
  }
  const auto right = p.depth ? PlaceDepthSide(L, L.right, p, Panel::Output, x, top,
                                              {p.right_channels, p.right_dims[1], p.right_dims[2]}, p.focus_right, note)
                             : PlaceSide(L, L.right, p, Panel::Output, x, top,
                                         {p.right_channels, L.right_slices, p.right_dims[1], p.right_dims[2]},
                                         p.focus_right, false, note);
  L.right_x = x;
  x = column_x(x, right[0], L.right_label);
  if (bl.overlap_panel) {
    PanelBox b{Panel::Overlap};
    b.x = x;
    b.y = top + Band(note);
    b.rows = p.c.overlap.dim(2);
    b.cols = p.c.overlap.dim(3);
    L.overlap.push_back(b);
    L.overlap_x = x;
    L.overlap_y = top;
  }
  L.left_y = L.right_y = top;
}

}  // namespace convarith::detail
