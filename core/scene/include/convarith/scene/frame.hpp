// A backend-free description of what one animation frame shows: cells with role, value and colour, the kernel
// overlay, highlights, labels, legend and caption. The app's canvas and every exporter draw exactly this.
//
// Drawing rules every renderer follows (units are "cell units": multiply by the cell size in pixels):
//  1. Fill the background (width x height); draw each image (pixel (r, c) fills the unit square at (x + c, y + r)).
//  2. Each cell: fill its square (x, y, size) with `fill`; stroke its border with `border` (1 px; dashed when
//     `dashed`); draw `text` centred in `text_color` at height `text_size`; draw `corner_text` right-aligned at the
//     bottom-right corner at height `corner_size` in `corner_color`.
//  3. Each rect, in order: fill with `fill` (skip when alpha 0), stroke with `stroke` at `stroke_width` pixels
//     (skip when alpha 0), dashed when `dashed`.
//  4. Each text at (x, y) = its anchor: left/centre/right per `align`, y is the top of the text line; the layout gave
//     it `width` (FrameOptions::measure: a renderer that passes its font's metrics draws it in exactly that room).
// Pixel details shared by the app canvas and the exporters, so both look the same: cell borders are
// max(1, cell_px / 32) pixels; a dashed border has dashes of side / 8 with a dash at each corner; corner text is
// inset by max(2 px, 8% of the cell) from the bottom-right corner.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convarith/ops/backward.hpp"
#include "convarith/ops/symbols.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
};

// What a cell of the frame is, at a glance and in the legend.
enum class Role : uint8_t {
  Input,          // an input cell the kernel covers at some step
  Padding,        // zero padding (dashed)
  InsertedZero,   // zeros inserted between input cells (stretching)
  ExtraZero,      // the a extra zeros of a transposed convolution (bottom/right)
  Uncovered,      // a cell (input or padding) no kernel position reads (Figure 2.7)
  Kernel,         // a kernel weight (the kernel panel)
  OutputDone,     // an output computed at an earlier step
  OutputCurrent,  // the output being computed at this step
  OutputPending,  // an output still to come
  Overlap,        // overlap map: how many kernel stamps reach this output cell
};
std::string_view RoleName(Role role);

// What a cell's fill says: its role (the paper's colours) or its value on a colour scale (value_colours.hpp).
enum class ColourBy : uint8_t { Role, Value };


struct FrameCell {
  Panel panel = Panel::Input;
  Role role = Role::Input;
  int channel = 0;                 // the map's channel (kernel panel: the weight's first index)
  int kernel_col = 0;              // kernel panel: the weight's second index (input channel within the group)
  int z = 0;                       // the map's depth slice (input panel: canvas slice)
  int row = 0, col = 0;            // position in the map (input panel: canvas coordinates)
  int data_row = -1, data_col = -1;  // the input/output/kernel cell it shows; -1 for padding and zeros
  int data_index = -1;             // flat index into the (canonical) tensor the cell shows, -1 for padding and zeros
  bool dimmed = false;             // a map the current step does not read (another group or channel)
  float x = 0, y = 0, size = 1;    // top-left corner and side, cell units
  double value = 0;
  bool under_kernel = false;       // covered by the kernel window at this step (drawn with the dark shade)
  bool highlighted = false;        // hover/pin: receptive field or fed outputs
  bool winner = false;             // maxpool: the winning cell of this step
  Rgba fill, border, text_color, corner_color;
  bool dashed = false;
  std::string text;                // the value, or empty when numbers are hidden
  float text_size = 0.4f;
  std::string corner_text;         // the kernel weight under the window, e.g. "×2"
  float corner_size = 0.25f;
};

// A map drawn as one picture, one pixel per cell: for grids too large to draw cell by cell. Renderers draw pixel (r, c)
// as the square (x + c, y + r) of side 1, under the frame's cells and rects. In the gather views the pixels are what
// does not change from step to step (each cell's role colour; outputs as computed), and the step (kernel window,
// outputs to come, dimmed maps, hover) is drawn over them as rects, so one picture serves every step: `pixels` is
// shared, and a renderer may keep its texture while the pointer stays the same.
struct FrameImage {
  Panel panel = Panel::Input;
  int channel = 0, z = 0;   // the map (as FrameCell)
  float x = 0, y = 0;       // top-left corner, cell units
  int rows = 0, cols = 0;
  float scale = 1;          // the side of one pixel, cell units (< 1: a thumbnail of a map out of focus)
  std::shared_ptr<const std::vector<Rgba>> pixels;  // rows * cols, row-major
  uint32_t roles = 0;        // bit (1 << Role) for every role among its cells (the legend lists them)
  // The cell (row, col) a point falls on, if it falls on the image.
  bool Contains(float px, float py) const {
    return px >= x && py >= y && px < x + static_cast<float>(cols) * scale && py < y + static_cast<float>(rows) * scale;
  }
  float Width() const { return static_cast<float>(cols) * scale; }
  float Height() const { return static_cast<float>(rows) * scale; }
};

struct FrameRect {
  float x = 0, y = 0, w = 0, h = 0;
  Rgba fill{0, 0, 0, 0};
  Rgba stroke{0, 0, 0, 0};
  float stroke_width = 1;  // pixels at cell size 1 scale: renderers use max(1, stroke_width * cell_px / 32)
  bool dashed = false;
  // > 0: an outline that must stay visible when cells are tiny (the kernel window, the current output over a large
  // map's picture): renderers draw it at least min_px pixels wide and high, centred on the rect.
  float min_px = 0;
};

// A convex quadrilateral (the 3-D tensor view's faces, slices and blocks, ChannelLayout::Depth): corners in order,
// cell units. A degenerate one (two corners equal to the other two) is a line. Drawn in order, after the cells and
// before the rects, so that later ones cover earlier ones (back to front).
struct FramePolygon {
  std::array<float, 8> xy{};  // x0, y0, x1, y1, x2, y2, x3, y3
  Rgba fill{0, 0, 0, 0};
  Rgba stroke{0, 0, 0, 0};
  float stroke_width = 1;  // as FrameRect's
  bool dashed = false;
  // A slice of a tensor (its channel, or -1 for an edge or a block): a click on it brings that channel to the front.
  Panel panel = Panel::Input;
  int channel = -1;
  int row = 0, col = 0;  // the map cell the piece of a face shows (its slice's first row or last column)
  bool Contains(float px, float py) const;
};

enum class Align : uint8_t { Left, Center, Right };

// How wide text is drawn: the width of UTF-8 `text` on a line `size` high (a font's ascent - descent), in the unit of
// `size` (the frame's cell units). The frame builder lays its texts out with it (labels, legend, titles, wrapped lines,
// the frame's width), so a renderer that passes its own font's metrics draws every text in the room the frame gave it:
// the exporters pass the embedded DejaVu Sans (ExportTextMeasure in convarith/export.hpp), the app its canvas font.
// Without one (a caller with no font), the estimate 0.6 x size per code point.
struct TextMeasure {
  std::function<float(std::string_view text, float size)> width;
  float Width(std::string_view text, float size) const;
};
// The estimate TextMeasure falls back on: 0.6 x size per code point (combining marks included).
float EstimatedTextWidth(std::string_view text, float size);

struct FrameText {
  float x = 0, y = 0;
  float size = 0.4f;  // line height, cell units
  std::string text;   // UTF-8 (may contain ·, ', ×, ĩ)
  Rgba color;
  Align align = Align::Left;
  float width = 0;    // cell units: the frame's TextMeasure of `text` at `size`, the room the layout gave it
};

// What a legend entry stands for, for code that looks one up (rather than by its English name).
enum class LegendKind : uint8_t {
  Swatch,  // a kind of cell, a shade or a state (the entry's name says which)
  Link,    // the hovered (or pinned) cell and the cells linked to it, outlined
};

// One legend line: a swatch (or a colour bar) and the name of what it stands for.
struct LegendEntry {
  LegendEntry() = default;
  LegendEntry(std::string name_, Rgba fill_, Rgba stroke_, bool dashed_ = false, bool outline_ = false)
      : name(std::move(name_)), fill(fill_), stroke(stroke_), dashed(dashed_), outline(outline_) {}
  std::string name;
  Rgba fill, stroke;
  bool dashed = false;
  bool outline = false;  // a thick outline (hover, winner) rather than a filled swatch
  LegendKind kind = LegendKind::Swatch;
  // A colour bar (value colours) instead of a swatch: the scale's colours from low to high, and its ends' values.
  std::vector<Rgba> bar;
  std::string low, high;
  bool operator==(const LegendEntry&) const = default;
};

struct Frame {
  float width = 0, height = 0;  // cell units
  Rgba background{255, 255, 255, 255};
  std::vector<FrameImage> images;  // drawn first: maps too large for cells (FrameOptions::detail_limit)
  std::vector<FrameCell> cells;
  std::vector<FramePolygon> polygons;  // drawn after the cells, in order
  std::vector<FrameRect> rects;  // drawn after the cells and polygons
  std::vector<FrameText> texts;  // drawn last
  // The same content as data, for renderers that lay text out themselves (the app's notes strip). They are filled
  // whatever the options; texts/rects hold them only when FrameOptions asks for them.
  float grids_bottom = 0;         // below the grids and their labels; equation, check and legend come after
  std::string equation;           // "step 5/9:  6·1 + 7·1 + ... = 48"
  std::vector<std::string> equation_parts;  // several input channels: each channel's part written out
  std::string check;              // transposed: whether scatter and the equivalent convolution agree; else empty
  bool check_failed = false;
  std::vector<LegendEntry> legend;  // what the frame's colours mean, in a fixed order
};

struct Theme {
  Rgba background, foreground, muted;
  Rgba input, padding, inserted_zero, extra_zero, uncovered;
  Rgba kernel_shade;  // the dark shade over the input under the kernel (alpha blended by the builder)
  Rgba kernel, output_done, output_current, output_pending, overlap_low, overlap_high;
  Rgba highlight, winner, grid_line;
  bool operator==(const Theme&) const = default;
};
Theme LightTheme();  // the paper's colours: inputs blue (38,139,210), outputs cyan (42,161,152)
Theme DarkTheme();
// A role's own fill in a theme (before the kernel's shade).
Rgba RoleFill(const Theme& theme, Role role);
// The legend's entry for the hovered or linked cells ("hovered / linked", outlined in the theme's highlight).
LegendEntry LinkLegendEntry(const Theme& theme);

// A cell the user points at (hover) or pinned: its panel, map (channel, depth slice) and map coordinates.
struct Pointer {
  Panel panel = Panel::Input;
  int row = 0, col = 0;
  int channel = 0, z = 0;
  bool operator==(const Pointer&) const = default;
};

namespace detail {
struct FrameCacheState;
}

// What BuildFrame keeps between the frames of one computation so that a new step costs what changes: each view's
// pictures of large maps (the same at every step of a gather view), keyed on the computation, the view, the theme and
// the options they depend on, and the scatter view's partial sums, advanced from the last step drawn (going back
// starts again from zero). It owns what it holds; one cache has a slot per view. Not for two threads at once.
class FrameCache {
 public:
  FrameCache();
  ~FrameCache();
  FrameCache(FrameCache&&) noexcept;
  FrameCache& operator=(FrameCache&&) noexcept;
  FrameCache(const FrameCache&) = delete;
  FrameCache& operator=(const FrameCache&) = delete;
  void Clear();
  detail::FrameCacheState& state();  // the frame builder's

 private:
  std::unique_ptr<detail::FrameCacheState> state_;
};

// How the maps of many channels are laid out. All: every map at full size (the paper's Figure 1.3). Focus: one map
// of each side large (the input map the step reads that is in focus, the kernel slice joining it to the current
// output, the current output map), every other map as a thumbnail in a strip under it (the ones the step reads
// outlined, "+N more" past two rows). Auto: Focus when a side has more than kFocusAbove channels.
// Depth: the 3-D tensor view, each side's maps as one box of stacked slices seen in an oblique view (channel 0 in
// front, the map in focus as the face cut open, the slices in front of it as a wireframe), the kernel as a block
// spanning the slices it reads (its group's; one slice for depthwise and pooling), marked on the boxes' top and side
// faces; maps with depth (3-D layers) fall back to Focus.
enum class ChannelLayout : uint8_t { Auto, All, Focus, Depth };

// Which pass the computation is drawn as. Backward: it is a convolution's (or transposed convolution's) input gradient
// computed as a forward computation of its own (ops/backward.hpp: Recompute(InputGradConfig(config), grad_output,
// weight)), and the grids are named for it: "output gradient ∂L/∂y" on the left, "input gradient ∂L/∂x" on the right.
enum class Pass : uint8_t { Forward, Backward };
std::string_view PassName(Pass pass);  // forward | backward
std::optional<Pass> ParsePass(std::string_view name);
inline constexpr int kFocusAbove = 4;

struct FrameOptions {
  View view = View::Direct;
  int step = 0;                  // clamped to [0, StepCount)
  bool numbers = true;           // values in the cells
  bool labels = true;            // "input" / "output" / "kernel" labels
  Pass pass = Pass::Forward;     // Backward: the labels name the gradients (the computation is the input gradient's)
  // Backward: which gradient the computation is (ops/backward.hpp: the input's, InputGradConfig; the weight's,
  // WeightGradProblem; the bias's, BiasGradProblem) and the layer it is the gradient of (names the grids and the steps:
  // "∂L/∂w[1, 0, 2, 1] = …").
  GradTarget grad = GradTarget::Input;
  std::optional<Config> layer;
  bool legend = true;
  bool caption = false;          // the parameters and o, above everything
  bool equation = true;          // the current step written out, below the grids
  bool kernel_panel = true;      // the kernel's weights as their own small grid
  bool overlap_panel = false;    // transposed: the overlap map
  // Several maps: the kernel collection and the output maps in a second row under the input maps, rather than to
  // their right (wide stacks, such as 3-D slices, on a canvas that is not as wide). The app chooses it per canvas.
  bool stack_rows = false;
  std::optional<Pointer> pointer;
  Theme theme = LightTheme();
  std::string title;             // with caption: a line above the parameters, e.g. "Figure 2.6: Padding, strides"
  int keep_every = 1;            // > 1: stride as subsampling (the paper's Figure 1.4): outputs off the grid of
                                 // every keep_every-th position are drawn dropped
  bool compact = false;          // slides: no labels, legend, equation or numbers, tight margins
  bool compact_numbers = false;  // with compact: keep the values in the cells (cells large enough to read them)
  // Role: the paper's colours. Value: each cell filled by its value (gray, or diverging for signed maps; one scale per
  // panel, shown as a colour bar in the legend), its role kept as a tint and its border; large maps' pictures too.
  ColourBy colour_by = ColourBy::Role;
  ChannelLayout channel_layout = ChannelLayout::Auto;
  // Symbols instead of numbers, as lecture notes write a convolution: cells named x₁₂, w₁₁, y₁₁ (x⁽²⁾₁₂ with several
  // channels; ∂L/∂y₁₁ and ∂L/∂x₁₁ in the backward pass) and the gather views' step written as the current output's
  // formula (ops/symbols.hpp), under cross-correlation or true convolution (the kernel flipped).
  bool symbols = false;
  KernelConvention convention = KernelConvention::CrossCorrelation;
  // Focus: the channel drawn large on the side the step reads several maps of (gather views: the input; scatter: the
  // output); -1, or a channel the step does not read: the first one it reads.
  int focus_channel = -1;
  // Level of detail for large grids: a map with more than `detail_limit` cells (0: no limit) becomes a FrameImage,
  // and cells (with numbers) are added only where `visible` (x, y, w, h in cell units; none: nowhere) overlaps it,
  // at most `visible_cells` of them per map.
  int detail_limit = 0;
  std::optional<std::array<float, 4>> visible;
  int visible_cells = 6000;
  // The metrics of the font the frame is drawn with; every text width the layout uses comes from it.
  TextMeasure measure{};
  // The least height of every text, cell units (0: the frame's own sizes). The app's labels are never smaller than its
  // UI text: it asks for that size over the cell size it draws at, and draws the texts as laid out. A grown text keeps
  // its baseline and grows upwards (it may reach above y = 0), clears the text under it, and stops short of what is
  // beside it; the frame widens to hold them.
  float min_text = 0;
};

// Whether a frame of several maps (channels, depth slices, kernels) gets larger cells on an area of area_w x area_h
// (any unit) with FrameOptions::stack_rows than with its stacks side by side: estimated from the stacks' sizes with
// the layout's own spacing (the app chooses stack_rows with it, per canvas).
bool StackRowsFit(const Computation& c, View view, bool kernel_panel, float area_w, float area_h);

// Lays out the frame for a computation at a step of a view; with a cache, what earlier frames built is reused.
Frame BuildFrame(const Computation& c, const FrameOptions& options);
Frame BuildFrame(const Computation& c, const FrameOptions& options, FrameCache& cache);

// A transposed convolution's views drawn side by side as one picture (exports, slides): `frames[n]` is view
// `views[n]`, built without caption, legend or equation (BuildFrame's data fields say what they would have been).
// The caption (with the figure's title) once above all of them, each view's title over it, then under the views each
// one's step written out ("Scatter · step 5/9: ..."), the check once and one legend of every colour on screen. A
// picture has the same size at every step of an animation, as BuildFrame's do.
Frame CombineViews(const std::vector<Frame>& frames, const std::vector<View>& views, const Config& config,
                   const FrameOptions& options);

// The lead view's frame at `step` with the `others` beside it, each at the moment linked to it by meaning (LinkStep:
// the stamps that write the output the lead computes, ...), combined by CombineViews; BuildFrame when there are none.
Frame BuildViews(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others,
                 int step);
Frame BuildViews(const Computation& c, const FrameOptions& options, View lead, const std::vector<View>& others,
                 int step, FrameCache& cache);

// Where a view stands among views side by side, left to right, in the app and in exports alike: the direct
// convolution a transposed one is the transpose of (Associated), the equivalent convolution, the scatter view.
int DisplayRank(View view);

// What a view is called over it: short when several are side by side ("Equivalent convolution"), long alone.
// Backward: the titles say what the gradient's views do (the scatter view stamps ∂L/∂y, ...).
std::string ViewTitle(View view, bool short_title, Pass pass = Pass::Forward);

// "Transposed convolution, i'=3, k=3, s=2, p=1, a=1: o'=6"; per-axis values as "HxW" (or "DxHxW") when they
// differ, channels and groups when there are several.
std::string Caption(const Config& config);

// The cell at a point (cell units), if any.
const FrameCell* CellAt(const Frame& frame, float x, float y);
// The map cell at a point, from the frame's cells or its image maps (for hover and pin on large grids).
std::optional<Pointer> PointerAt(const Frame& frame, float x, float y);
// Whether a point falls on a thumbnail (a map out of focus, ChannelLayout::Focus) or on a slice of a 3-D tensor box
// (ChannelLayout::Depth): a click brings its channel into focus.
bool OnThumbnail(const Frame& frame, float x, float y);
// The channel of the map or slice at a point (thumbnails and slices of boxes included), if any.
std::optional<std::pair<Panel, int>> ChannelAt(const Frame& frame, float x, float y);

}  // namespace convarith
