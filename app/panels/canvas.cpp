// The canvas: the frames of the visible views side by side, with zoom, pan, hover, pins and value editing.
#include "panels/canvas.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "app.hpp"
#include "convarith/compute.hpp"
#include "frame_drawing.hpp"
#include "gl/frame_renderer.hpp"

namespace convarith::app {
namespace {

constexpr float kMinNumberCellPx = 22;  // below this the values are too small to read: hide them
constexpr float kMinTextPx = 5;
constexpr float kMaxCellPx = 400;
constexpr float kViewGapPx = 28;

size_t Index(View v) { return static_cast<size_t>(v); }

const char* ViewTitle(View view, Op op) {
  switch (view) {
    case View::Direct:
      return op == Op::Conv      ? "Convolution: the kernel slides over the padded input"
             : op == Op::MaxPool ? "Max pooling: each window keeps its largest value"
                                 : "Average pooling: each window keeps its mean";
    case View::Equivalent:
      return "Equivalent direct convolution (kernel rotated 180°, stride 1)";
    case View::Scatter:
      return "Scatter: each input cell adds input × kernel to the output";
    case View::Associated:
      return "The direct convolution it is the transpose of";
  }
  return "";
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
  if (!transposed || active->data_row < 0) return std::nullopt;
  const std::optional<bool> output = IsTransposedOutput(active->view, active->pointer.panel);
  if (!output) return std::nullopt;
  const Panel want = (view == View::Associated) == *output ? Panel::Input : Panel::Output;
  for (const FrameCell& cell : frame.cells) {
    if (cell.panel == want && cell.data_row == active->data_row && cell.data_col == active->data_col) {
      return Pointer{want, cell.row, cell.col};
    }
  }
  return std::nullopt;
}

uint32_t Fingerprint(const FrameOptions& o, bool dark) {
  uint32_t bits = 0;
  int bit = 0;
  for (bool b : {o.numbers, o.labels, o.legend, o.caption, o.equation, o.kernel_panel, o.overlap_panel, dark}) {
    bits |= (b ? 1u : 0u) << bit++;
  }
  return bits;
}

bool SamePointer(const std::optional<Pointer>& a, const std::optional<Pointer>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->panel == b->panel && a->row == b->row && a->col == b->col);
}

// The cell of any visible view under the mouse, from where the views were drawn last frame.
std::optional<CanvasPointer> HitTest(const CanvasState& st, const std::vector<View>& views, ImVec2 mouse,
                                     const FrameCell** hit_cell) {
  for (View v : views) {
    const ViewPlacement& at = st.placed[Index(v)];
    const ViewCache& cache = st.cache[Index(v)];
    if (!at.shown || !cache.built) continue;
    const float x = (mouse.x - at.origin.x) / at.cell_px;
    const float y = (mouse.y - at.origin.y) / at.cell_px;
    if (const FrameCell* cell = CellAt(cache.frame, x, y)) {
      *hit_cell = cell;
      return CanvasPointer{v, Pointer{cell->panel, cell->row, cell->col}, cell->data_row, cell->data_col};
    }
  }
  return std::nullopt;
}

bool Editable(const App& app, const CanvasPointer& p) {
  if (p.data_row < 0) return false;
  if (p.pointer.panel == Panel::Kernel) return app.params.config.op == Op::Conv || app.params.config.op == Op::Transposed;
  return p.pointer.panel == Panel::Input && p.view != View::Associated;
}

void Tooltip(const FrameCell& cell) {
  std::string text(RoleName(cell.role));
  if (cell.data_row >= 0) text += " [" + std::to_string(cell.data_row) + ", " + std::to_string(cell.data_col) + "]";
  if (cell.role != Role::OutputPending) text += " = " + FormatValue(cell.value);
  ImGui::SetTooltip("%s", text.c_str());
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

void HandleMouse(App& app, ImVec2 p0, ImVec2 p1, bool hovered, const std::vector<View>& views) {
  CanvasState& st = app.canvas;
  ImGuiIO& io = ImGui::GetIO();
  const FrameCell* hit = nullptr;
  st.hovered.reset();
  if (hovered) {
    st.hovered = HitTest(st, views, io.MousePos, &hit);
    if (hit != nullptr && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) Tooltip(*hit);
    if (io.MouseWheel != 0) {  // zoom about the mouse
      const float factor = std::pow(1.15f, io.MouseWheel);
      const float old_zoom = st.zoom;
      st.zoom = std::clamp(st.zoom * factor, 0.1f, 40.0f);
      const float k = st.zoom / old_zoom;
      const ImVec2 centre{(p0.x + p1.x) * 0.5f + st.pan.x, (p0.y + p1.y) * 0.5f + st.pan.y};
      st.pan.x += (io.MousePos.x - centre.x) * (1 - k);
      st.pan.y += (io.MousePos.y - centre.y) * (1 - k);
    }
  }
  if (ImGui::IsItemActivated()) st.dragged = false;
  const bool left_drag = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  if (left_drag) st.dragged = true;
  const bool middle_drag = hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Middle);
  if (left_drag || middle_drag) {
    st.pan.x += io.MouseDelta.x;
    st.pan.y += io.MouseDelta.y;
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
  if (edit && st.hovered && Editable(app, *st.hovered)) {
    st.edit_request = true;
    st.edit_kernel = st.hovered->pointer.panel == Panel::Kernel;
    st.edit_row = st.hovered->data_row;
    st.edit_col = st.hovered->data_col;
    const Grid& g = st.edit_kernel ? app.params.kernel : app.params.input;
    st.edit_value = g.contains(st.edit_row, st.edit_col) ? g.at(st.edit_row, st.edit_col) : 0.0;
  }
}

void DrawEditPopup(App& app) {
  CanvasState& st = app.canvas;
  if (st.edit_request) {
    ImGui::OpenPopup("edit value");
    st.edit_request = false;
  }
  if (!ImGui::BeginPopup("edit value")) return;
  Grid& grid = st.edit_kernel ? app.params.kernel : app.params.input;
  if (!grid.contains(st.edit_row, st.edit_col)) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::Text("%s [%d, %d]", st.edit_kernel ? "Kernel weight" : "Input value", st.edit_row, st.edit_col);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const bool enter = ImGui::InputDouble("##value", &st.edit_value, 1.0, 5.0, "%.4g",
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::Button("Set")) {
    grid.at(st.edit_row, st.edit_col) = st.edit_value;
    app.Changed();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void CanvasState::OnRecompute(const Config& config) {
  const bool same_shape = config.op == last_config.op && config.axes == last_config.axes &&
                          config.ceil_mode == last_config.ceil_mode;
  if (!same_shape) ClearPins();
  last_config = config;
}

void CanvasState::ClearPins() {
  pinned.reset();
  hovered.reset();
}

void CanvasState::ZoomBy(float factor) { zoom = std::clamp(zoom * factor, 0.1f, 40.0f); }

void DrawCanvas(App& app, gl::FrameRenderer& renderer, float bottom_reserve) {
  CanvasState& st = app.canvas;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 64.0f);
  size.y = std::max(size.y - bottom_reserve, 64.0f);
  const ImVec2 p1{p0.x + size.x, p0.y + size.y};
  ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();

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
  HandleMouse(app, p0, p1, hovered, views);
  DrawEditPopup(app);

  // Build (only when something it shows changed) and lay out each view's frame.
  const bool transposed = app.params.config.op == Op::Transposed;
  float total_w = 0, max_h = 0;
  for (size_t n = 0; n < views.size(); ++n) {
    const View v = views[n];
    ViewCache& cache = st.cache[Index(v)];
    FrameOptions options = app.BaseFrameOptions();
    options.view = v;
    options.step = app.StepIn(v);
    options.numbers = options.numbers && st.cell_px >= kMinNumberCellPx;
    options.overlap_panel = options.overlap_panel && n + 1 == views.size();  // once, in the rightmost view
    options.pointer = PointerFor(st, v, cache.frame, transposed);
    const uint32_t fingerprint = Fingerprint(options, app.display.dark);
    if (!cache.built || cache.generation != app.derived.generation || cache.step != options.step ||
        cache.options != fingerprint || !SamePointer(cache.pointer, options.pointer)) {
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
      cache.upload = true;
    }
    total_w += cache.frame.width;
    max_h = std::max(max_h, cache.frame.height);
  }

  ImFont* heading = app.fonts.heading != nullptr ? app.fonts.heading : ImGui::GetFont();
  const float title_h = heading->FontSize * 1.6f;
  const float margin = 16;
  const float gaps = kViewGapPx * static_cast<float>(views.size() - 1);
  const float fit_w = (size.x - 2 * margin - gaps) / std::max(total_w, 1.0f);
  const float fit_h = (size.y - 2 * margin - title_h) / std::max(max_h, 1.0f);
  const float cell_px = std::clamp(std::min(fit_w, fit_h) * st.zoom, 1.0f, kMaxCellPx);
  if ((cell_px >= kMinNumberCellPx) != (st.cell_px >= kMinNumberCellPx)) app.requests.redraw = 2;
  st.cell_px = cell_px;

  const float block_w = total_w * cell_px + gaps;
  const float block_h = max_h * cell_px + title_h;
  float x = (p0.x + p1.x - block_w) * 0.5f + st.pan.x;
  const float top = (p0.y + p1.y - block_h) * 0.5f + st.pan.y;
  for (ViewPlacement& at : st.placed) at.shown = false;
  for (View v : views) {
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
    const FramePlacement at{ImVec2{std::round(x), std::round(top + title_h)}, cell_px};
    st.placed[Index(v)] = ViewPlacement{true, at.origin, cell_px};
    if (views.size() > 1 || transposed) {
      const char* title = ViewTitle(v, app.params.config.op);
      list->AddText(heading, heading->FontSize, {at.origin.x, top}, ToImColor(theme.foreground), title);
    }
    renderer.Draw(list, cache.cells_layer, at.origin, cell_px);
    if (cell_px * 0.25f >= kMinTextPx) DrawCellTexts(list, cache.frame, at, app.fonts);
    renderer.Draw(list, cache.rects_layer, at.origin, cell_px);
    if (cell_px * 0.3f >= kMinTextPx) DrawFrameTexts(list, cache.frame, at, app.fonts);
    x += cache.frame.width * cell_px + kViewGapPx;
  }
  if (hovered && !st.hovered) {
    const char* hint = "Drag: pan   Wheel: zoom   Click a cell: pin   Right-click a value: edit";
    list->AddText({p0.x + 10, p1.y - ImGui::GetFontSize() - 8}, ToImColor(theme.muted), hint);
  }
  list->PopClipRect();
}

}  // namespace convarith::app
