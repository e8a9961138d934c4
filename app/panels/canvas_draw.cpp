// The canvas's drawing: each view's title, cells, values, rects and labels where the layout put them, the
// presentation mode's emphasis, the message for an invalid configuration and the mouse hint.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "app.hpp"
#include "frame_drawing.hpp"
#include "gl/frame_renderer.hpp"
#include "panels/canvas_parts.hpp"

namespace convarith::app::canvas_parts {
namespace {

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

// A view's frame uploaded to its GL layers (once, when it changed).
void UploadView(gl::FrameRenderer& renderer, ViewCache& cache) {
  UploadFrameLayers(renderer, cache.frame, cache.cells_layer, cache.rects_layer, cache.upload);
}

// A view's title over its column: a title wider than its column shrinks to fit it (columns leave room for 70 %; down
// to 50 % where the titles side by side do not fit even so); one that does not fit the canvas even so gives up its
// parenthesis ("Equivalent direct convolution" without "(kernel rotated 180°, ...)"), and only then is clipped.
void DrawViewTitle(App& app, ImDrawList* list, const std::string& title, ImVec2 slot, float column_px,
                   const CanvasArrangement& at, const Theme& theme) {
  ImFont* heading = HeadingFont(app);
  const float w = std::min(column_px + at.gap * 0.5f, at.right - slot.x);  // never into the next view or off-canvas
  const ImVec4 clip(slot.x, slot.y, slot.x + w, slot.y + at.title_h);
  auto natural_w = [&](const std::string& text) {
    return heading->CalcTextSizeA(heading->FontSize, FLT_MAX, 0, text.c_str()).x;
  };
  std::string shown = title;
  if (const size_t paren = title.find(" ("); paren != std::string::npos && natural_w(title) * 0.5f > w) {
    shown = title.substr(0, paren);
  }
  const float natural = natural_w(shown);
  const float px = heading->FontSize * std::clamp(w / std::max(natural, 1.0f), 0.5f, 1.0f);
  const ImVec2 title_at{slot.x, slot.y + (heading->FontSize - px) * 0.5f};
  list->AddText(heading, px, title_at, ToImColor(theme.foreground), shown.c_str(), nullptr, 0, &clip);
  const ImVec2 title_size = heading->CalcTextSizeA(px, FLT_MAX, 0, shown.c_str());
  app.canvas.text_rects.push_back({title_at.x, title_at.y, title_at.x + title_size.x, title_at.y + title_size.y});
}

// A view's cells, their values, its rects, the presentation emphasis and its labels.
void DrawViewFrame(App& app, gl::FrameRenderer& renderer, ImDrawList* list, const ViewCache& cache,
                   const FramePlacement& at, const CanvasArrangement& arrangement, float height, const Theme& theme) {
  const float cell_px = at.cell_px;
  const bool presenting = app.display.presentation;
  renderer.Draw(list, cache.cells_layer, at.origin, cell_px);
  DrawPolygons(list, cache.frame, at);
  // Presentation mode: the values larger in their cells (read from the back of the room).
  if (cell_px * 0.25f >= kMinTextPx) DrawCellTexts(list, cache.frame, at, app.fonts, presenting ? 0.5f : 0.0f);
  renderer.Draw(list, cache.rects_layer, at.origin, cell_px);
  DrawMinimumOutlines(list, cache.frame, at, app.UiPixels());
  // The emphasis under the labels: a thick outline of a corner cell never hides the label above its grid.
  if (presenting) EmphasiseLinks(list, cache.frame, cache.pointer, at.origin, cell_px, app.UiPixels(), theme);
  // Cells too small for the labels: the texts that are large in cell units still (the focus layout's names over
  // 64-wide maps), at their own size.
  if (arrangement.layout.texts && cell_px * 0.3f >= kMinTextPx) {
    DrawFrameTexts(list, cache.frame, at, app.fonts, height, &app.canvas.text_rects);
  } else if (arrangement.layout.texts) {
    DrawFrameTexts(list, cache.frame, at, app.fonts, height, &app.canvas.text_rects, 2 * kMinTextPx);
  }
}

}  // namespace

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

void DrawViews(App& app, gl::FrameRenderer& renderer, ImDrawList* list, const std::vector<View>& views,
               const ViewFrames& frames, const CanvasArrangement& at, const Theme& theme) {
  CanvasState& st = app.canvas;
  const bool several = views.size() > 1;
  const float cell_px = at.layout.cell_px;
  for (ViewPlacement& placed : st.placed) placed.shown = false;
  st.text_rects.clear();
  for (size_t n = 0; n < views.size(); ++n) {
    const View v = views[n];
    ViewCache& cache = st.cache[Index(v)];
    UploadView(renderer, cache);
    const ImVec2 slot{at.block_origin.x + at.layout.slots[n].x, at.block_origin.y + at.layout.slots[n].y};
    const FramePlacement placement{ImVec2{std::round(slot.x - at.bounds[n].x0 * cell_px),
                                          std::round(slot.y + at.title_h - at.bounds[n].y0 * cell_px)},
                                   cell_px};
    st.placed[Index(v)] = ViewPlacement{true, placement.origin, cell_px};
    if (at.title_h > 0) DrawViewTitle(app, list, ViewTitle(v, several, app.CurrentPass()), slot, at.layout.column_px[n], at, theme);
    DrawViewFrame(app, renderer, list, cache, placement, at, frames.heights[n], theme);
    if (n == 0) st.input_rect = PanelScreenRect(cache.frame, Panel::Input, placement);
  }
}

// While a recompute runs off the UI thread the canvas keeps the previous computation, saying so in its corner.
void DrawComputingNote(const App& app, ImDrawList* list, ImVec2 p0, ImVec2 p1) {
  if (!app.Computing()) return;
  const char* note = "computing\xE2\x80\xA6";
  const ImVec2 size = ImGui::CalcTextSize(note);
  const float margin = 6 * app.UiPixels();
  list->AddText({p1.x - size.x - margin, p0.y + margin}, ToImColor(app.CurrentTheme().muted), note);
}

// Resting the mouse on an empty part of the canvas explains the mouse, until the user has used it once.
void ShowMouseHint(App& app, bool hovered) {
  CanvasState& st = app.canvas;
  const ImGuiIO& io = ImGui::GetIO();
  const bool resting = hovered && !st.hovered && io.MouseDelta.x == 0 && io.MouseDelta.y == 0;
  st.rest_seconds = resting ? st.rest_seconds + io.DeltaTime : 0.0f;
  // In presentation mode no hint covers the canvas (the class sees the teacher's pointer, not its instructions).
  if (!st.interacted && st.rest_seconds > 1.0f && !app.display.presentation) {
    ImGui::SetTooltip("Drag: pan    Wheel: zoom    Click a cell: pin its links    Right-click a value: edit it");
  }
  if (!st.interacted && hovered && !st.hovered) app.requests.redraw = std::max(app.requests.redraw, 1);
}

}  // namespace convarith::app::canvas_parts
