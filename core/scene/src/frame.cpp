// Lays out one animation frame (cells, kernel overlay, highlights, labels, legend) as backend-free data.
#include "convarith/scene/frame.hpp"

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
using detail::Mix;
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

// "5" when every spatial axis has the same value, else "4x6" (or "3x4x6"), in PyTorch's axis order.
template <class Get>
std::string AxisValues(const Config& cfg, Get get) {
  const auto sp = cfg.spatial();
  bool same = true;
  for (const AxisParams& a : sp) same &= get(a) == get(sp[0]);
  if (same) return std::to_string(get(sp[0]));
  std::string s;
  for (size_t n = 0; n < sp.size(); ++n) s += (n ? "x" : "") + std::to_string(get(sp[n]));
  return s;
}
std::string Dims3(const Config& cfg, const std::array<int, 3>& d) {
  bool same = true;
  for (int a = cfg.first_axis(); a < 3; ++a) same &= d[static_cast<size_t>(a)] == d[2];
  if (same) return std::to_string(d[2]);
  std::string s;
  for (int a = cfg.first_axis(); a < 3; ++a) s += (a > cfg.first_axis() ? "x" : "") + std::to_string(d[static_cast<size_t>(a)]);
  return s;
}
std::string PaddingValues(const Config& cfg) {
  const auto sp = cfg.spatial();
  const bool symmetric = std::all_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.symmetric(); });
  if (symmetric) return AxisValues(cfg, [](const AxisParams& a) { return a.pad_before; });
  return AxisValues(cfg, [](const AxisParams& a) { return a.pad_before; }) + "+" +
         AxisValues(cfg, [](const AxisParams& a) { return a.pad_after; });
}
std::string Channels(int n, const char* name) { return n > 1 ? std::string(name) + " = " + std::to_string(n) + ", " : ""; }

std::string LeftLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  switch (p.view) {
    case View::Direct: {
      std::string mode = cfg.op == Op::Conv && cfg.padding_mode != PaddingMode::Zeros
                             ? " (" + std::string(PaddingModeName(cfg.padding_mode)) + ")"
                             : "";
      return "input  " + Channels(cfg.in_channels, "C_in") + "i = " +
             AxisValues(cfg, [](const AxisParams& a) { return a.input; }) + ", p = " + PaddingValues(cfg) + mode;
    }
    case View::Equivalent: {
      std::array<int, 3> st{}, pp{}, ex{};
      for (int a = 0; a < 3; ++a) {
        st[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].stretched_input;
        pp[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].padding;
        ex[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].extra;
      }
      return "stretched input  " + Channels(cfg.in_channels, "C_in") + "ĩ' = " + Dims3(cfg, st) + ", p' = " +
             Dims3(cfg, pp) + ", a = " + Dims3(cfg, ex);
    }
    case View::Scatter:
      return "input  " + Channels(cfg.in_channels, "C_in") + "i' = " +
             AxisValues(cfg, [](const AxisParams& a) { return a.input; });
    case View::Associated:
      return "direct conv input  i = " + AxisValues(p.c.associated, [](const AxisParams& a) { return a.input; }) +
             ", p = " + PaddingValues(cfg);
  }
  return "";
}

std::string RightLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  const std::string o = Dims3(cfg, p.c.output_shape);
  const std::string ch = Channels(p.c.out_channels(), cfg.pooling() ? "C" : "C_out");
  switch (p.view) {
    case View::Direct: return "output  " + ch + "o = " + o;
    case View::Equivalent:
    case View::Scatter: return "output  " + ch + "o' = " + o;
    case View::Associated:
      return "direct conv output = i' = " + AxisValues(cfg, [](const AxisParams& a) { return a.input; });
  }
  return "";
}

std::string KernelLabel(const Plan& p, const Tensor& k) {
  const bool several = k.dim(0) * k.dim(1) > 1;
  std::string s = several ? "kernels " + ShapeText(TorchShape(p.c.config, TensorRole::Weight)) : "kernel";
  if (p.view == View::Equivalent) s += ", rotated 180°";
  return s;
}

std::string EquationText(const Plan& p) {
  if (p.g) return StepEquation(p.c, *p.g);
  if (p.view == View::Associated) {
    const std::string at = "[" + std::to_string(p.sc->in_row) + "," + std::to_string(p.sc->in_col) + "]";
    return "direct conv output " + at + " reads " + std::to_string(p.sc->stamps.size()) +
           " input cells; the transpose sends x" + at + " back to those same cells";
  }
  return StepEquation(p.c, *p.sc, 6);
}

// Associated view: whether some input cell of the transposed convolution stamps nothing (every tap cropped away by
// the padding on some axis). Its step reads no map of the direct input, so every map is dimmed at that step.
bool SomeStepReadsNothing(const Config& cfg, const std::array<int, 3>& out) {
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    for (int i = 0; i < ax.input; ++i) {
      bool lands = false;
      for (int u = 0; u < ax.kernel && !lands; ++u) {
        const int o = i * ax.stride - ax.pad_before + u * ax.dilation;
        lands = o >= 0 && o < out[static_cast<size_t>(a)];
      }
      if (!lands) return true;
    }
  }
  return false;
}

std::vector<LegendEntry> LegendFor(const Frame& f, const Plan& p) {
  const Theme& t = p.o.theme;
  std::vector<LegendEntry> entries;
  const PaddingMode mode = p.c.config.op == Op::Conv ? p.c.config.padding_mode : PaddingMode::Zeros;
  for (Role r : {Role::Input, Role::Padding, Role::InsertedZero, Role::ExtraZero, Role::Uncovered, Role::Kernel,
                 Role::OutputDone, Role::OutputCurrent, Role::OutputPending, Role::Overlap}) {
    // Output roles are listed at every step so that the legend (and the frame size) never changes in an animation.
    const bool output_role = r == Role::OutputDone || r == Role::OutputCurrent || r == Role::OutputPending;
    const bool in_images = std::any_of(f.images.begin(), f.images.end(), [r](const FrameImage& im) {
      return (im.roles >> static_cast<unsigned>(r)) & 1u;
    });
    if (output_role || in_images ||
        std::any_of(f.cells.begin(), f.cells.end(), [r](const FrameCell& c) { return c.role == r; })) {
      std::string name(RoleName(r));
      if (r == Role::Padding && mode != PaddingMode::Zeros) name = std::string(PaddingModeName(mode)) + " padding";
      entries.push_back({name, RoleFill(t, r), t.grid_line, r == Role::Padding || r == Role::ExtraZero, false});
    }
  }
  entries.push_back({p.gather ? "under the kernel" : "current stamp", Blend(t.input, t.kernel_shade), t.grid_line,
                     false, false});
  // Listed when some step of the animation dims a map, not only this one, so that the legend (and the frame size)
  // stays the same at every step.
  const bool associated_dims = p.view == View::Associated && p.left_channels > 1 &&
                               (p.c.config.groups > 1 || SomeStepReadsNothing(p.c.config, p.c.output_shape));
  if (p.o.keep_every > 1) {
    entries.push_back({"dropped: keep 1 in " + std::to_string(p.o.keep_every) + " (= stride " +
                           std::to_string(p.o.keep_every) + ")",
                       Mix(t.output_done, t.background, 0.6f), t.grid_line, false, false});
  } else if (std::any_of(f.cells.begin(), f.cells.end(), [](const FrameCell& c) { return c.dimmed; }) ||
      (p.c.config.groups > 1 && p.gather) || associated_dims) {
    entries.push_back({"not read at this step", Mix(t.input, t.background, 0.6f), t.grid_line, false, false});
  }
  if (p.c.config.op == Op::MaxPool) entries.push_back({"max (winner)", t.background, t.winner, false, true});
  if (p.o.pointer) entries.push_back(LinkLegendEntry(t));
  return entries;
}

// The legend's swatches and names in rows across the frame's width, from `y0` down (the frame grows to hold them).
void AddLegend(Frame& f, const Theme& t, float y0) {
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

// Under the grids, from `below`: each step written out (a view's line, then its input channels' parts), then the
// check; the y under them. One line keeps the single frame's spacing; several are set closer, with room after them.
// Fixed spacing, so that every step of an animation has the same frame size.
float AddSteps(Frame& f, const Theme& t, float below,
               const std::vector<std::pair<std::string, std::vector<std::string>>>& steps, const std::string& check,
               bool check_failed) {
  const float line_w = f.width - 2 * kMargin;
  for (const auto& [line, parts] : steps) {
    const float size = std::max(0.26f, FitTextSize(line, 0.4f, line_w));
    AddText(f, kMargin, below + (0.4f - size) / 2, size, line, t.foreground);
    below += 0.4f + (steps.size() == 1 ? 0.35f : 0.2f);
    for (const std::string& part : parts) {
      const float psize = std::max(0.24f, FitTextSize(part, 0.34f, line_w - 0.5f));
      AddText(f, kMargin + 0.5f, below, psize, part, t.muted);
      below += 0.34f + 0.15f;
    }
  }
  if (steps.size() > 1) below += 0.15f;
  if (!check.empty()) {
    AddText(f, kMargin, below, 0.32f, check, check_failed ? t.winner : t.muted);
    below += 0.32f + 0.35f;
  }
  return below;
}

// The maps of a frame, each a channel's depth slice, and where the blocks (left, kernels, right, overlap) sit.
struct Layout {
  std::vector<PanelBox> left, right, kernel, overlap;  // left/right: [channel * slices + z]; kernel: [(a*K1+b)*kD+kz]
  int left_slices = 1, right_slices = 1, kernel_k1 = 1, kernel_slices = 1;
  float left_x = 0, left_y = 0, right_x = 0, right_y = 0, kernel_x = 0, kernel_y = 0, overlap_x = 0, overlap_y = 0;
  std::vector<std::string> left_label, kernel_label, right_label;  // stacks: labels wrapped to their block's width
  bool map_labels = false;     // "ch 1 · z 0" above every map
  bool kernel_labels = false;  // "w[2,1]" above every kernel
  float right_edge = 0, bottom_edge = 0;
  const PanelBox* Left(int ch, int z) const { return &left[static_cast<size_t>(ch * left_slices + z)]; }
  const PanelBox* Right(int ch, int z) const { return &right[static_cast<size_t>(ch * right_slices + z)]; }
};

// A grid's label in lines no wider than `width` (cell units), broken after its name and at ", ": a stack of maps is
// often narrower than its label, and a wrapped label keeps the next stack close.
std::vector<std::string> WrapLabel(const std::string& text, float width, float size) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < text.size()) {
    size_t cut = text.find("  ", start);
    size_t comma = text.find(", ", start);
    size_t end = std::min(cut, comma);
    if (end == std::string::npos) {
      tokens.push_back(text.substr(start));
      break;
    }
    tokens.push_back(text.substr(start, end - start + (end == comma ? 1 : 0)));
    start = end + 2;
  }
  std::vector<std::string> lines;
  for (const std::string& token : tokens) {
    if (!lines.empty() && TextWidth(lines.back() + " " + token, size) <= width) {
      lines.back() += " " + token;
    } else {
      lines.push_back(token);
    }
  }
  return lines;
}

float LinesWidth(const std::vector<std::string>& lines, float size) {
  float w = 0;
  for (const std::string& line : lines) w = std::max(w, TextWidth(line, size));
  return w;
}

constexpr float kLabelLine = 0.55f;

constexpr float kSliceGap = 0.5f;
constexpr float kChannelGap = 0.45f;
constexpr float kMapLabel = 0.5f;

// A block of maps: `channels` rows of `slices` maps of rows x cols. Returns its size.
std::array<float, 2> PlaceStack(std::vector<PanelBox>& out, Panel panel, float x, float y, int channels, int slices,
                                int rows, int cols, float label) {
  for (int ch = 0; ch < channels; ++ch)
    for (int z = 0; z < slices; ++z) {
      PanelBox b{panel};
      b.x = x + static_cast<float>(z) * (static_cast<float>(cols) + kSliceGap);
      b.y = y + static_cast<float>(ch) * (label + static_cast<float>(rows) + kChannelGap) + label;
      b.rows = rows;
      b.cols = cols;
      b.channel = ch;
      b.z = z;
      out.push_back(b);
    }
  const float w = static_cast<float>(slices) * static_cast<float>(cols) + static_cast<float>(slices - 1) * kSliceGap;
  const float h = static_cast<float>(channels) * (label + static_cast<float>(rows)) + static_cast<float>(channels - 1) * kChannelGap;
  return {w, h};
}

void Shift(std::vector<PanelBox>& boxes, float dy) {
  for (PanelBox& b : boxes) b.y += dy;
}

std::string MapName(const Plan& p, bool channels, bool slices, int ch, int z) {
  std::string s;
  if (channels) s += "ch " + std::to_string(ch);
  if (slices) s += std::string(channels ? " · " : "") + "z " + std::to_string(z);
  (void)p;
  return s;
}

// The outline of the cells of `boxes[i]` that satisfy a predicate over (row, col), as one rect (their bounding box).
void OutlineOn(Frame& f, const PanelBox& box, int r0, int c0, int r1, int c1, Rgba color, float width) {
  if (r1 < r0 || c1 < c0) return;
  f.rects.push_back({box.x + static_cast<float>(c0), box.y + static_cast<float>(r0), static_cast<float>(c1 - c0 + 1),
                     static_cast<float>(r1 - r0 + 1), {0, 0, 0, 0}, color, width, false});
}

struct Bounds {
  int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1;
  void Add(int r, int c) {
    r0 = std::min(r0, r);
    c0 = std::min(c0, c);
    r1 = std::max(r1, r);
    c1 = std::max(c1, c);
  }
};

void AddOverlays(Frame& f, const Plan& p, const Layout& L) {
  const Theme& t = p.o.theme;
  const Computation& c = p.c;
  if (p.g && !p.g->taps.empty()) {
    // The kernel window's outline on every map it reads (it spans the dilated extent).
    std::vector<Bounds> per_map(L.left.size());
    for (const Tap& tap : p.g->taps)
      per_map[static_cast<size_t>(tap.channel * L.left_slices + tap.canvas_z)].Add(tap.canvas_row, tap.canvas_col);
    for (size_t m = 0; m < per_map.size(); ++m)
      OutlineOn(f, L.left[m], per_map[m].r0, per_map[m].c0, per_map[m].r1, per_map[m].c1, t.foreground, 3.0f);
    OutlineOn(f, *L.Right(p.g->out_channel, p.g->out_z), p.g->out_row, p.g->out_col, p.g->out_row, p.g->out_col,
              t.foreground, 3.0f);
  } else if (p.sc) {
    const bool scatter = p.view == View::Scatter;
    const PanelBox& cur = scatter ? *L.Left(p.sc->in_channel, p.sc->in_z) : *L.Right(p.sc->in_channel, p.sc->in_z);
    OutlineOn(f, cur, p.sc->in_row, p.sc->in_col, p.sc->in_row, p.sc->in_col, t.foreground, 3.0f);
    if (!scatter) {
      std::vector<Bounds> per_map(L.left.size());
      for (const PanelBox& b : L.left)
        for (int r = 0; r < b.rows; ++r)
          for (int col = 0; col < b.cols; ++col)
            if (p.window.Get(b.channel, b.z, r, col)) per_map[static_cast<size_t>(b.channel * L.left_slices + b.z)].Add(r, col);
      for (size_t m = 0; m < per_map.size(); ++m)
        OutlineOn(f, L.left[m], per_map[m].r0, per_map[m].c0, per_map[m].r1, per_map[m].c1, t.foreground, 3.0f);
    } else {
      std::vector<Bounds> per_map(L.right.size());
      for (const Stamp& s : p.sc->stamps)
        per_map[static_cast<size_t>(s.out_channel * L.right_slices + s.out_z)].Add(s.out_row, s.out_col);
      for (size_t m = 0; m < per_map.size(); ++m)
        OutlineOn(f, L.right[m], per_map[m].r0, per_map[m].c0, per_map[m].r1, per_map[m].c1, t.foreground, 3.0f);
    }
  }
  // The kernels in use, when there are several.
  if (L.kernel.size() > 1) {
    for (const PanelBox& b : L.kernel)
      if (detail::KernelActive(p, b)) OutlineOn(f, b, 0, 0, b.rows - 1, b.cols - 1, t.foreground, 3.0f);
  }
  (void)c;
  for (const FrameCell& cell : f.cells) {
    // The hover ring hugs the cell edge so the kernel weight in the corner stays readable; the winner ring (pooling,
    // no corner text) sits inside it.
    if (cell.highlighted) f.rects.push_back({cell.x + 0.03f, cell.y + 0.03f, 0.94f, 0.94f, {0, 0, 0, 0}, t.highlight, 3.0f, false});
    if (cell.winner) f.rects.push_back({cell.x + 0.12f, cell.y + 0.12f, 0.76f, 0.76f, {0, 0, 0, 0}, t.winner, 4.0f, false});
  }
}

}  // namespace

Frame BuildFrame(const Computation& c, const FrameOptions& requested) {
  FrameOptions o = requested;
  if (o.compact) {
    // Slides: the grids alone, readable when the picture is shrunk to a column's width.
    o.labels = o.legend = o.equation = o.numbers = false;
  }
  // Pictures of large maps are kept between the frames of one geometry, theme and view (see FrameCache).
  if (FrameCache* cache = o.cache) {
    const int view = static_cast<int>(o.view) * 16 + o.keep_every;
    if (cache->config != c.config || cache->view != view || cache->detail_limit != o.detail_limit ||
        !(cache->theme == o.theme)) {
      *cache = FrameCache{};
      cache->config = c.config;
      cache->view = view;
      cache->detail_limit = o.detail_limit;
      cache->theme = o.theme;
    }
  }
  Plan p = detail::MakePlan(c, o);
  const Theme& t = o.theme;
  Frame f;
  f.background = t.background;

  float y = kMargin;
  const std::string caption = Caption(c.config);
  const bool title = o.caption && !o.title.empty();
  if (o.caption) y += title ? 1.45f : 0.8f;
  float label_h = o.labels ? kLabelHeight : 0.0f;

  const bool kernel_panel = o.kernel_panel && p.has_kernel && p.view != View::Associated;
  const bool overlap_panel = o.overlap_panel && c.config.op == Op::Transposed && p.view != View::Associated;
  // The kernel as shown: the Equivalent view's rotated copy; every other view reads the weight itself (no copy).
  const Tensor rotated_kernel = p.view == View::Equivalent ? Rotated180(c.weight) : Tensor();
  const Tensor& shown_kernel = p.view == View::Equivalent ? rotated_kernel : c.weight;
  const int K0 = kernel_panel ? shown_kernel.dim(0) : 0, K1 = kernel_panel ? shown_kernel.dim(1) : 0;
  const int kD = kernel_panel ? shown_kernel.dim(2) : 1, kH = kernel_panel ? shown_kernel.dim(3) : 0,
            kW = kernel_panel ? shown_kernel.dim(4) : 0;

  Layout L;
  L.left_slices = p.left_dims[0];
  L.right_slices = p.right_dims[0];
  L.kernel_k1 = std::max(K1, 1);
  L.kernel_slices = kD;
  const bool several_maps = p.left_channels * L.left_slices > 1 || p.right_channels * L.right_slices > 1;
  const bool several_kernels = K0 * K1 * kD > 1;
  const float text_left = o.labels ? TextWidth(LeftLabel(p), kLabelSize) : 0.0f;
  const float text_right = o.labels ? TextWidth(RightLabel(p), kLabelSize) : 0.0f;

  if (!several_maps && !several_kernels) {
    // One map each side: the paper's layout, the kernel under the output, the overlap map to its right.
    PlaceStack(L.left, Panel::Input, kMargin, y + label_h, 1, 1, p.left_dims[1], p.left_dims[2], 0);
    // The output starts after the input or after its label, whichever is wider, so labels never run together.
    const float right_x = std::max(L.left[0].Right(), kMargin + text_left + 0.3f) + kPanelGap;
    PlaceStack(L.right, Panel::Output, right_x, y + label_h, 1, 1, p.right_dims[1], p.right_dims[2], 0);
    PanelBox& left = L.left[0];
    PanelBox& right = L.right[0];
    // Centre the smaller of the two grids vertically against the larger one.
    const float diff = static_cast<float>(left.rows - right.rows) / 2.0f;
    right.y += std::max(0.0f, std::floor(diff));
    left.y += std::max(0.0f, std::floor(-diff));
    if (kernel_panel) {
      PlaceStack(L.kernel, Panel::Kernel, right.x, right.Bottom() + 0.5f + label_h, 1, 1, kH, kW, 0);
      L.kernel_x = right.x;
      L.kernel_y = L.kernel[0].y;
    }
    if (overlap_panel) {
      const float ox = std::max(right.Right(), right.x + text_right + 0.3f) + kPanelGap;
      PlaceStack(L.overlap, Panel::Overlap, ox, right.y, 1, 1, c.overlap.dim(2), c.overlap.dim(3), 0);
      L.overlap_x = ox;
      L.overlap_y = right.y;
    }
    L.left_x = left.x;
    L.left_y = left.y;
    L.right_x = right.x;
    L.right_y = right.y;
  } else {
    // Stacks of maps, left to right: input maps, the kernel collection, output maps (as the paper's Figure 1.3).
    L.map_labels = true;
    if (o.labels) {
      // Each label wrapped to its stack's width (at least a few cells), all of them in one band of lines.
      auto stack_w = [](int slices, int cols, float gap) {
        return static_cast<float>(slices) * static_cast<float>(cols) + static_cast<float>(slices - 1) * gap;
      };
      const float kernel_w = static_cast<float>(K1) * std::max(static_cast<float>(kD) * static_cast<float>(kW) +
                                                                   static_cast<float>(kD - 1) * 0.25f, 1.6f) +
                             static_cast<float>(std::max(K1 - 1, 0)) * 0.5f;
      L.left_label = WrapLabel(LeftLabel(p), std::max(stack_w(L.left_slices, p.left_dims[2], kSliceGap), 4.0f), kLabelSize);
      L.right_label = WrapLabel(RightLabel(p), std::max(stack_w(L.right_slices, p.right_dims[2], kSliceGap), 4.0f), kLabelSize);
      if (kernel_panel) L.kernel_label = WrapLabel(KernelLabel(p, shown_kernel), std::max(kernel_w, 4.0f), kLabelSize);
      const size_t lines = std::max({L.left_label.size(), L.right_label.size(), L.kernel_label.size()});
      label_h = static_cast<float>(lines) * kLabelLine + 0.2f;
    }
    const float text_left_w = o.labels ? LinesWidth(L.left_label, kLabelSize) : 0.0f;
    const float text_right_w = o.labels ? LinesWidth(L.right_label, kLabelSize) : 0.0f;
    const float top = y + label_h;
    const auto left_size = PlaceStack(L.left, Panel::Input, kMargin, top, p.left_channels, L.left_slices,
                                      p.left_dims[1], p.left_dims[2], kMapLabel);
    float x = kMargin + std::max(left_size[0], text_left_w + 0.3f) + kPanelGap;
    std::array<float, 2> kernel_size{0, 0};
    if (kernel_panel) {
      L.kernel_labels = true;
      L.kernel_x = x;
      // Rows: the weight's first index; in a row its second index, each kernel with its depth slices side by side.
      const float kernel_w = static_cast<float>(kD) * static_cast<float>(kW) + static_cast<float>(kD - 1) * 0.25f;
      const float cell_w = std::max(kernel_w, 1.6f);
      for (int a = 0; a < K0; ++a)
        for (int b = 0; b < K1; ++b)
          for (int kz = 0; kz < kD; ++kz) {
            PanelBox box{Panel::Kernel};
            box.x = x + static_cast<float>(b) * (cell_w + 0.5f) + static_cast<float>(kz) * (static_cast<float>(kW) + 0.25f);
            box.y = top + static_cast<float>(a) * (kMapLabel + static_cast<float>(kH) + kChannelGap) + kMapLabel;
            box.rows = kH;
            box.cols = kW;
            box.channel = a;
            box.kernel_col = b;
            box.z = kz;
            L.kernel.push_back(box);
          }
      kernel_size = {static_cast<float>(K1) * cell_w + static_cast<float>(K1 - 1) * 0.5f,
                     static_cast<float>(K0) * (kMapLabel + static_cast<float>(kH)) + static_cast<float>(K0 - 1) * kChannelGap};
      const float kernel_text = o.labels ? LinesWidth(L.kernel_label, kLabelSize) : 0.0f;
      x += std::max(kernel_size[0], kernel_text + 0.3f) + kPanelGap;
    }
    const auto right_size = PlaceStack(L.right, Panel::Output, x, top, p.right_channels, L.right_slices,
                                       p.right_dims[1], p.right_dims[2], kMapLabel);
    L.right_x = x;
    x += std::max(right_size[0], text_right_w + 0.3f) + kPanelGap;
    std::array<float, 2> overlap_size{0, 0};
    if (overlap_panel) {
      overlap_size = PlaceStack(L.overlap, Panel::Overlap, x, top, 1, c.overlap.dim(1), c.overlap.dim(2),
                                c.overlap.dim(3), kMapLabel);
      L.overlap_x = x;
    }
    // Centre every block vertically against the tallest (of its row, when the blocks take two rows).
    const float tallest = std::max({o.stack_rows ? 0.0f : left_size[1], kernel_size[1], right_size[1], overlap_size[1]});
    auto centre = [&](std::vector<PanelBox>& boxes, float h) { Shift(boxes, std::floor((tallest - h) / 2.0f)); };
    if (!o.stack_rows) centre(L.left, left_size[1]);
    centre(L.kernel, kernel_size[1]);
    centre(L.right, right_size[1]);
    centre(L.overlap, overlap_size[1]);
    if (o.stack_rows) {
      // The kernels and the output maps in a second row, under the input maps (wide stacks on a narrow canvas).
      const float dx = (kernel_panel ? L.kernel_x : L.right_x) - kMargin;
      const float dy = left_size[1] + label_h + kPanelGap;
      for (auto* boxes : {&L.kernel, &L.right, &L.overlap})
        for (PanelBox& b : *boxes) {
          b.x -= dx;
          b.y += dy;
        }
      L.kernel_x -= dx;
      L.right_x -= dx;
      L.overlap_x -= dx;
    }
    L.left_x = kMargin;
    L.left_y = L.left.front().y - (L.map_labels ? kMapLabel : 0);
    L.right_y = L.right.front().y - kMapLabel;
    if (!L.kernel.empty()) L.kernel_y = L.kernel.front().y - kMapLabel;
    if (!L.overlap.empty()) L.overlap_y = L.overlap.front().y - kMapLabel;
  }

  size_t total = 0;
  for (const auto* boxes : {&L.left, &L.right, &L.kernel, &L.overlap})
    for (const PanelBox& b : *boxes) total += static_cast<size_t>(b.rows) * b.cols;
  f.cells.reserve(total);
  for (const PanelBox& b : L.left) detail::AddLeftMap(f, p, b);
  for (const PanelBox& b : L.right) detail::AddRightMap(f, p, b);
  for (const PanelBox& b : L.kernel) detail::AddKernelMap(f, p, b, shown_kernel);
  for (const PanelBox& b : L.overlap) detail::AddOverlapMap(f, p, b);

  float content_right = 0, content_bottom = 0;
  for (const auto* boxes : {&L.left, &L.right, &L.kernel, &L.overlap})
    for (const PanelBox& b : *boxes) {
      content_right = std::max(content_right, b.Right());
      content_bottom = std::max(content_bottom, b.Bottom());
    }
  // Room for the step written out and the legend under the grids (a frame without them, or compact, is its grids).
  f.width = o.compact || !(o.equation || o.legend) ? content_right + kMargin : std::max(kMinWidth, content_right + kMargin);

  // Small names above every map and kernel when there are several.
  const Rgba muted = t.muted;
  if (L.map_labels) {
    const bool lch = p.left_channels > 1, lz = L.left_slices > 1, rch = p.right_channels > 1, rz = L.right_slices > 1;
    for (const PanelBox& b : L.left)
      if (lch || lz) AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f, MapName(p, lch, lz, b.channel, b.z), muted);
    for (const PanelBox& b : L.right)
      if (rch || rz) AddText(f, b.x, b.y - kMapLabel + 0.1f, 0.32f, MapName(p, rch, rz, b.channel, b.z), muted);
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
  } else if (!L.kernel.empty() && p.view == View::Equivalent && !o.labels) {
    // The rotation is what the equivalent convolution is about: name it even without labels.
    const PanelBox& k = L.kernel.front();
    AddText(f, k.Right() + 0.3f, k.y + static_cast<float>(k.rows) / 2.0f - 0.2f, 0.36f, "rotated 180°", muted);
  }
  if (o.labels && !L.left_label.empty()) {
    // Stacks: each label's lines from the top of its band.
    auto lines = [&](const std::vector<std::string>& text, float x, float block_y) {
      for (size_t n = 0; n < text.size(); ++n)
        AddText(f, x, block_y - label_h + 0.12f + static_cast<float>(n) * kLabelLine, kLabelSize, text[n], t.foreground);
    };
    lines(L.left_label, L.left_x, L.left_y);
    lines(L.right_label, L.right_x, L.right_y);
    if (!L.kernel.empty()) lines(L.kernel_label, L.kernel_x, L.kernel_y);
    if (!L.overlap.empty()) AddText(f, L.overlap_x, L.overlap_y - label_h + 0.12f, kLabelSize, "overlap (stamps)", t.foreground);
  } else if (o.labels) {
    AddText(f, L.left_x, L.left_y - label_h + 0.12f, kLabelSize, LeftLabel(p), t.foreground);
    AddText(f, L.right_x, L.right_y - label_h + 0.12f, kLabelSize, RightLabel(p), t.foreground);
    if (!L.kernel.empty()) {
      AddText(f, L.kernel_x, L.kernel_y - label_h + 0.12f, kLabelSize, KernelLabel(p, shown_kernel), t.foreground);
    }
    if (!L.overlap.empty()) AddText(f, L.overlap_x, L.overlap_y - label_h + 0.12f, kLabelSize, "overlap (stamps)", t.foreground);
  }
  if (title) AddText(f, kMargin, kMargin, 0.55f, o.title, t.foreground);
  if (o.caption) AddText(f, kMargin, kMargin + (title ? 0.7f : 0.0f), title ? 0.42f : 0.5f, caption, title ? t.muted : t.foreground);
  // Make room for labels and caption wider than the grids (they do not change between steps).
  for (const FrameText& text : f.texts) f.width = std::max(f.width, text.x + TextWidth(text.text, text.size) + kMargin);

  f.grids_bottom = content_bottom;
  f.equation = "step " + std::to_string(p.step + 1) + "/" + std::to_string(StepCount(c, p.view)) + ":  " + EquationText(p);
  if (p.g && p.g->partials.size() > 1) {
    // Each input channel's part written out, at most four lines (the frame keeps one size through the animation).
    const size_t parts = p.g->partials.size();
    for (size_t n = 0; n < std::min<size_t>(parts, 4); ++n) {
      f.equation_parts.push_back(n == 3 && parts > 4 ? "… and " + std::to_string(parts - 3) + " more channels"
                                                     : PartEquation(c, *p.g, static_cast<int>(n)));
    }
  }
  if (c.config.op == Op::Transposed && p.view != View::Associated) {
    f.check_failed = c.output != c.output_equivalent;
    f.check = f.check_failed ? "check FAILED: scatter and equivalent convolution differ"
                             : "check: scatter and equivalent convolution agree on all " +
                                   std::to_string(c.output.size()) + " outputs";
  }
  f.legend = LegendFor(f, p);
  float below = content_bottom + 0.35f;
  if (o.equation) below = AddSteps(f, t, below, {{f.equation, f.equation_parts}}, f.check, f.check_failed);
  f.height = below + kMargin;
  if (o.legend) AddLegend(f, t, below);
  AddOverlays(f, p, L);
  return f;
}

std::string Caption(const Config& cfg) {
  const bool tr = cfg.op == Op::Transposed;
  const auto out = OutputShape(cfg);
  std::string s = std::string(OpTitle(cfg.op));
  if (cfg.rank != 2) s += " " + std::to_string(cfg.rank) + "-D";
  s += ", ";
  if (cfg.in_channels > 1 || (!cfg.pooling() && cfg.out_channels > 1)) {
    s += cfg.pooling() ? "C=" + std::to_string(cfg.in_channels) + ", "
                       : "C_in=" + std::to_string(cfg.in_channels) + ", C_out=" + std::to_string(cfg.out_channels) + ", ";
  }
  if (!cfg.pooling() && cfg.groups > 1) s += "groups=" + std::to_string(cfg.groups) + ", ";
  s += std::string(tr ? "i'=" : "i=") + AxisValues(cfg, [](const AxisParams& a) { return a.input; }) +
       ", k=" + AxisValues(cfg, [](const AxisParams& a) { return a.kernel; }) +
       ", s=" + AxisValues(cfg, [](const AxisParams& a) { return a.stride; }) + ", p=" + PaddingValues(cfg);
  const auto sp = cfg.spatial();
  if (std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.dilation != 1; }))
    s += ", d=" + AxisValues(cfg, [](const AxisParams& a) { return a.dilation; });
  if (tr && std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.output_padding != 0; }))
    s += ", a=" + AxisValues(cfg, [](const AxisParams& a) { return a.output_padding; });
  if (cfg.op == Op::Conv && cfg.padding_mode != PaddingMode::Zeros) s += ", " + std::string(PaddingModeName(cfg.padding_mode));
  if (cfg.pooling() && cfg.ceil_mode) s += ", ceil_mode";
  s += std::string(": ") + (tr ? "o'=" : "o=") + Dims3(cfg, out);
  return s;
}

std::string ViewTitle(View view, bool short_title) {
  switch (view) {
    case View::Direct:
      return "";
    case View::Equivalent:
      return short_title ? "Equivalent convolution" : "Equivalent direct convolution (kernel rotated 180°, stride 1)";
    case View::Scatter:
      return short_title ? "Scatter" : "Scatter: each input cell adds input × kernel into the output";
    case View::Associated:
      return short_title ? "Its direct convolution" : "The direct convolution it is the transpose of";
  }
  return "";
}

Frame CombineViews(const std::vector<Frame>& frames, const std::vector<View>& views, const Config& config,
                   const FrameOptions& requested) {
  FrameOptions o = requested;
  if (o.compact) o.labels = o.legend = o.equation = o.numbers = false;
  const Theme& t = o.theme;
  Frame out;
  out.background = t.background;
  if (frames.empty()) return out;
  const bool several = frames.size() > 1;
  const bool titled = several && !o.compact;
  // The caption band, once.
  float top = 0;
  const bool figure_title = o.caption && !o.title.empty();
  if (o.caption) {
    AddText(out, kMargin, kMargin, 0.55f, figure_title ? o.title : Caption(config), t.foreground);
    if (figure_title) AddText(out, kMargin, kMargin + 0.7f, 0.42f, Caption(config), t.muted);
    top = kMargin + (figure_title ? 1.3f : 0.7f);
  }
  const float title_size = 0.5f, title_h = titled ? 0.8f : 0.0f;
  constexpr float kViewGap = 1.5f;
  float x = 0, grids_bottom = 0;
  for (size_t n = 0; n < frames.size(); ++n) {
    const Frame& f = frames[n];
    if (n) x += kViewGap;
    const float y = top + title_h;
    float width = f.width;
    if (titled) {
      const std::string title = ViewTitle(views[n], true);
      AddText(out, x + kMargin, top + kMargin, title_size, title, t.foreground);
      width = std::max(width, TextWidth(title, title_size) + 2 * kMargin);
    }
    for (FrameImage im : f.images) {
      im.x += x;
      im.y += y;
      out.images.push_back(std::move(im));
    }
    for (FrameCell cell : f.cells) {
      cell.x += x;
      cell.y += y;
      out.cells.push_back(std::move(cell));
    }
    for (FrameRect r : f.rects) {
      r.x += x;
      r.y += y;
      out.rects.push_back(r);
    }
    for (FrameText text : f.texts) {
      text.x += x;
      text.y += y;
      out.texts.push_back(std::move(text));
    }
    grids_bottom = std::max(grids_bottom, y + f.grids_bottom);
    out.height = std::max(out.height, y + f.height);
    for (const LegendEntry& e : f.legend)
      if (std::find(out.legend.begin(), out.legend.end(), e) == out.legend.end()) out.legend.push_back(e);
    if (out.check.empty()) {
      out.check = f.check;
      out.check_failed = f.check_failed;
    }
    out.equation += (n ? "  |  " : "") + (several ? ViewTitle(views[n], true) + "  ·  " : std::string()) + f.equation;
    x += width;
  }
  out.width = x;
  out.grids_bottom = grids_bottom;
  if (!o.equation && !o.legend) return out;
  // Under all the views: each one's step, the check, the legend (the whole picture's width).
  float below = grids_bottom + 0.35f;
  if (o.equation) {
    std::vector<std::pair<std::string, std::vector<std::string>>> steps;
    for (size_t n = 0; n < frames.size(); ++n) {
      steps.push_back({(several ? ViewTitle(views[n], true) + "  ·  " : std::string()) + frames[n].equation,
                       frames[n].equation_parts});
    }
    below = AddSteps(out, t, below, steps, out.check, out.check_failed);
  }
  out.height = std::max(out.height, below + kMargin);
  if (o.legend) AddLegend(out, t, below);
  return out;
}

Frame BuildViews(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others,
                 int step) {
  FrameOptions first = options;
  first.view = lead;
  first.step = step;
  if (others.empty()) return BuildFrame(c, first);
  // Each view alone, without what the picture shows once for all of them (caption, steps, check, legend).
  first.caption = first.legend = first.equation = false;
  std::vector<Frame> frames{BuildFrame(c, first)};
  std::vector<View> views{lead};
  for (View v : others) {
    if (v == lead) continue;
    const LinkedMoment m = LinkStep(c, lead, step, v);
    FrameOptions other = first;
    other.view = v;
    other.step = m.step;
    other.pointer = Pointer{m.panel, m.cell.row, m.cell.col, m.cell.channel, m.cell.z};
    frames.push_back(BuildFrame(c, other));
    views.push_back(v);
  }
  return CombineViews(frames, views, c.config, options);
}

std::optional<Pointer> PointerAt(const Frame& frame, float x, float y) {
  if (const FrameCell* cell = CellAt(frame, x, y)) return Pointer{cell->panel, cell->row, cell->col, cell->channel, cell->z};
  for (const FrameImage& im : frame.images) {
    if (!im.Contains(x, y)) continue;
    return Pointer{im.panel, static_cast<int>(y - im.y), static_cast<int>(x - im.x), im.channel, im.z};
  }
  return std::nullopt;
}

const FrameCell* CellAt(const Frame& frame, float x, float y) {
  for (const FrameCell& cell : frame.cells) {
    if (x >= cell.x && y >= cell.y && x < cell.x + cell.size && y < cell.y + cell.size) return &cell;
  }
  return nullptr;
}

}  // namespace convarith
