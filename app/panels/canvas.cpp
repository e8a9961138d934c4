// The canvas: the frames of the visible views side by side, with zoom, pan, hover, pins and value editing.
// This file holds the canvas's state (the views' frames, rebuilt when what they show changes) and the frame's summary;
// the layout, the input handling and the drawing are in canvas_layout.cpp, canvas_input.cpp and canvas_draw.cpp.
#include "panels/canvas.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "app.hpp"
#include "convarith/ops/compute.hpp"
#include "panels/canvas_notes.hpp"
#include "panels/canvas_parts.hpp"

namespace convarith::app {
namespace {

using namespace canvas_parts;

// Level of detail: a map of more cells than this is drawn as a picture (one texel per cell), with numbered cells only
// where the canvas shows it zoomed in enough to read them (FrameOptions::detail_limit and visible).
constexpr int kDetailLimit = 64 * 64;

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
  bits |= static_cast<uint32_t>(o.channel_layout) << 25;
  bits |= (o.pass == Pass::Backward ? 1u : 0u) << 27;
  bits |= static_cast<uint32_t>(o.grad) << 10;
  bits |= (o.symbols ? 1u : 0u) << 28;
  bits |= (o.convention == KernelConvention::TrueConvolution ? 1u : 0u) << 29;
  bits ^= static_cast<uint32_t>(o.focus_channel + 1) * 0x9E3779B1u;  // a new focus rebuilds the frame
  uint32_t text_bits = 0;  // so does a new text size
  std::memcpy(&text_bits, &o.min_text, sizeof text_bits);
  bits ^= text_bits * 0x85EBCA6Bu;
  return bits;
}

// The options a view's frame is built with this frame: the display's, at the view's step, with what the canvas draws
// itself (legend, step text) left out and the pointer, the rows and the visible part of large maps.
FrameOptions ViewFrameOptions(const App& app, const Computation& c, const std::vector<View>& views, size_t n,
                              const CanvasRect& rect) {
  const CanvasState& st = app.canvas;
  const View v = views[n];
  FrameOptions options = app.BaseFrameOptions();
  options.view = v;
  const App::Moment moment = app.MomentIn(v);
  options.step = moment.step;
  // The values only where the cells can hold them (they take no room: the layout stays as it was). The labels do take
  // room, so they are never switched by the cell size they lead to (that flickered: Figure 4.6's three views at
  // 1280x720 and 150 % went from 18 px cells with labels to 23 px without and back, every frame): the layout leaves
  // them out when they do not fit (ViewFitter::Fit).
  options.numbers = options.numbers && st.cell_px >= kMinNumberCellPx;
  if (st.text_cell_px > 0) {
    options.min_text = LabelPx(app.fonts, st.text_cell_px, st.text_cells_first) / st.text_cell_px;
  }
  options.legend = false;    // the notes' legend stays readable at any cell size
  options.equation = false;  // so do the step and the check (Frame::equation, Frame::check)
  options.overlap_panel = options.overlap_panel && n + 1 == views.size();  // once, in the last view
  options.pointer = PointerFor(st, v, st.cache[Index(v)].frame, app.DrawnOp() == Op::Transposed);
  // Several transposed views: while the user points at nothing, the other views mark what links them to the lead's
  // step (the inputs that write its output, the outputs its input writes).
  if (!st.hovered && !st.pinned && moment.link) options.pointer = moment.link;
  options.stack_rows = views.size() == 1 && StackRowsFit(c, v, options.kernel_panel, st.area.x, st.area.y);
  options.detail_limit = kDetailLimit;
  options.visible = VisibleRect(st.placed[Index(v)], rect.p0, rect.p1);
  return options;
}

// A view's frame built again; a view that cannot be drawn is left empty with a status line.
void RebuildView(App& app, const Computation& c, ViewCache& cache, FrameOptions options, uint32_t fingerprint) {
  try {
    cache.frame = BuildFrame(c, options, cache.pictures);
  } catch (const Error& e) {
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
}

// Each visible view's frame (built again only when something it shows changed); the step text and legend go to the
// notes.
ViewFrames BuildViewFrames(App& app, const Computation& c, const std::vector<View>& views, const CanvasRect& rect) {
  CanvasState& st = app.canvas;
  ViewFrames out;
  for (size_t n = 0; n < views.size(); ++n) {
    const View v = views[n];
    ViewCache& cache = st.cache[Index(v)];
    const FrameOptions options = ViewFrameOptions(app, c, views, n, rect);
    const uint32_t fingerprint = Fingerprint(options, app.display.dark);
    if (cache.visible != options.visible) app.requests.redraw = std::max(app.requests.redraw, 1);
    if (!cache.built || cache.generation != app.derived.generation || cache.step != options.step ||
        cache.options != fingerprint || cache.pointer != options.pointer ||
        cache.visible != options.visible) {
      RebuildView(app, c, cache, options, fingerprint);
      out.rebuilt = true;
    }
    out.frames.push_back(&cache.frame);
    const std::string title = views.size() > 1 ? ViewTitle(v, true, app.CurrentPass()) : std::string();
    out.heights.push_back(TakeNotes(cache.frame, title, out.notes));
  }
  // Backward on pooling: what the gradient does at this step, under the step's own sum.
  if (std::string text = app.PoolingGradientText(); !text.empty() && !out.notes.parts.empty()) {
    out.notes.parts.front().push_back(std::move(text));
  }
  return out;
}

// The canvas takes the window's remaining content region but `bottom_reserve` pixels, as one invisible button.
CanvasRect ReserveCanvas(float bottom_reserve) {
  CanvasRect rect;
  rect.p0 = ImGui::GetCursorScreenPos();
  rect.size = ImGui::GetContentRegionAvail();
  rect.size.x = std::max(rect.size.x, 64.0f);
  rect.size.y = std::max(rect.size.y - bottom_reserve, 64.0f);
  rect.p1 = ImVec2{rect.p0.x + rect.size.x, rect.p0.y + rect.size.y};
  ImGui::InvisibleButton("canvas", rect.size, ImGuiButtonFlags_MouseButtonLeft);
  return rect;
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
  const CanvasRect rect = ReserveCanvas(bottom_reserve);
  const bool hovered = ImGui::IsItemHovered() && !app.automation;
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->PushClipRect(rect.p0, rect.p1, true);
  const Theme theme = app.CurrentTheme();
  const Computation* c = app.computation();
  if (c == nullptr) {
    for (ViewPlacement& at : st.placed) at.shown = false;
    DrawInvalid(app, list, rect.p0, rect.p1);
    list->PopClipRect();
    return;
  }
  const std::vector<View> views = app.VisibleViews();
  HandleMouse(app, hovered, views);
  DrawEditPopup(app);

  ViewFrames frames = BuildViewFrames(app, *c, views, rect);
  if (frames.rebuilt || st.legend_views != views.size()) {
    st.legend = LegendOf(frames.frames, theme);
    st.legend_views = views.size();
  }
  frames.built_for = [&app, c, &views, &rect](float text_cell_px) {
    std::vector<Frame> built;
    for (size_t n = 0; n < views.size(); ++n) {
      FrameOptions options = ViewFrameOptions(app, *c, views, n, rect);
      options.min_text = LabelPx(app.fonts, text_cell_px, app.canvas.text_cells_first) / text_cell_px;
      options.visible.reset();  // the geometry alone
      built.push_back(BuildFrame(*c, options));
    }
    return built;
  };
  if (app.display.legend) frames.notes.legend = st.legend;
  frames.notes.large = app.display.presentation;
  frames.notes.hover_line = app.display.presentation;
  frames.notes.hover = st.hover_text;
  const CanvasArrangement arrangement = ArrangeCanvas(app, views, frames, rect);
  DrawViews(app, renderer, list, views, frames, arrangement, theme);
  DrawNotes(list, arrangement.notes, arrangement.notes_at, arrangement.notes_w, app.fonts, theme);
  DrawComputingNote(app, list, rect.p0, rect.p1);
  ShowMouseHint(app, hovered);
  list->PopClipRect();
}

}  // namespace convarith::app
