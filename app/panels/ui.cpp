// The layout of one frame: menu bar, Parameters on the left, Arithmetic on the right, the canvas (with its playback
// bar) filling the middle, floating windows on top. Side panel widths are the user's and persist in imgui.ini.
#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "frame_drawing.hpp"
#include "panels/exercise_window.hpp"
#include "panels/open_image.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

// Docked: never brought in front of the floating windows (matrix, export) when clicked.
// Contents taller than the panel scroll (a 1024x768 projector, a large UI scale): every control stays reachable.
constexpr ImGuiWindowFlags kSideFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus;
// The Parameters panel's rows of controls also scroll sideways (the Arithmetic panel's text wraps instead: a
// horizontal scrollbar would widen the width it wraps at).
constexpr ImGuiWindowFlags kControlsFlags = kSideFlags | ImGuiWindowFlags_HorizontalScrollbar;

// A side panel's place: docked to the left (pivot 0) or right (pivot 1) edge of the work area, at most `max_share` of
// the window wide by default.
struct SideSpec {
  const char* title;
  ImGuiWindowFlags flags;
  float pivot_x;
  float max_share;
};

// A side panel is readable docked when its share of the window holds 8.5 of the UI font's ems; narrower (a large UI
// scale on a small window: 1024x768 from 150 %, 1280x720 at 200 %) it becomes a strip at the edge that opens it as a
// drawer over the canvas, so that growing the UI scale never shrinks the grids.
bool AsStrip(const SideSpec& spec) {
  return ImGui::GetMainViewport()->WorkSize.x * spec.max_share < ImGui::GetFontSize() * 8.5f;
}

// A full-height side panel docked to its edge; returns its width.
template <typename DrawFn>
float SidePanel(App& app, const SideSpec& spec, bool* open, float last_width, std::array<float, 4>& rect,
                DrawFn draw) {
  rect = {};
  if (!*open) return 0;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos{vp->WorkPos.x + spec.pivot_x * vp->WorkSize.x, vp->WorkPos.y};
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always, ImVec2(spec.pivot_x, 0));
  // A panel takes at most `max_share` of the window by default or when the UI scale changes (the canvas keeps
  // over 40 % of it at any scale); the user may drag it wider, up to 40 %.
  const float default_width = ImGui::GetFontSize() * 19;
  const float min_width = std::min(ImGui::GetFontSize() * 12, vp->WorkSize.x * 0.18f);
  const float fair = std::floor(std::max(min_width, std::min(default_width, vp->WorkSize.x * spec.max_share)));
  if (app.requests.reset_layout) {
    ImGui::SetNextWindowSize(ImVec2(fair, vp->WorkSize.y), ImGuiCond_Always);
  } else if (app.requests.rescale_panels != 1.0f && last_width > 0) {
    const float rescaled = std::min(last_width * app.requests.rescale_panels, std::max(fair, last_width));
    ImGui::SetNextWindowSize(ImVec2(rescaled, vp->WorkSize.y), ImGuiCond_Always);
  } else {
    ImGui::SetNextWindowSize(ImVec2(fair, vp->WorkSize.y), ImGuiCond_FirstUseEver);
  }
  ImGui::SetNextWindowSizeConstraints(ImVec2(min_width, vp->WorkSize.y),
                                      ImVec2(std::max(min_width, vp->WorkSize.x * 0.4f), vp->WorkSize.y));
  float width = 0;
  if (ImGui::Begin(spec.title, open, spec.flags)) draw();
  width = ImGui::GetWindowWidth();
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  rect = {at.x, at.y, at.x + size.x, at.y + size.y};
  ImGui::End();
  return *open ? width : 0;
}

// The strip a side panel folds into: an arrow and the panel's name, letter under letter; a click anywhere on it opens
// or closes the drawer. Returns its width.
float SideStrip(const SideSpec& spec, bool* drawer, std::array<float, 4>& rect) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->WorkPos.x + spec.pivot_x * vp->WorkSize.x, vp->WorkPos.y}, ImGuiCond_Always,
                          ImVec2(spec.pivot_x, 0));
  ImGui::SetNextWindowSize(ImVec2(StripWidth(), vp->WorkSize.y), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  const std::string id = std::string("##strip ") + spec.title;
  ImGui::Begin(id.c_str(), nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar(2);
  const ImVec2 at = ImGui::GetWindowPos();
  const float width = ImGui::GetWindowWidth();
  rect = {at.x, at.y, at.x + width, at.y + vp->WorkSize.y};
  if (ImGui::InvisibleButton("open", ImVec2(width, vp->WorkSize.y))) *drawer = !*drawer;
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetTooltip("%s (click to %s)", spec.title, *drawer ? "close" : "open");
  ImDrawList* list = ImGui::GetWindowDrawList();
  if (hovered || *drawer) list->AddRectFilled(at, {at.x + width, at.y + vp->WorkSize.y},
                                              ImGui::GetColorU32(ImGuiCol_HeaderHovered));
  const bool points_right = (spec.pivot_x == 0.0f) != *drawer;
  const float font = ImGui::GetFontSize();
  const float cx = at.x + width * 0.5f, cy = at.y + font, r = font * 0.35f, dir = points_right ? 1.0f : -1.0f;
  list->AddTriangleFilled({cx - dir * r * 0.6f, cy - r}, {cx + dir * r * 0.8f, cy}, {cx - dir * r * 0.6f, cy + r},
                          ImGui::GetColorU32(ImGuiCol_Text));
  float y = at.y + font * 2.0f;
  for (const char* c = spec.title; *c != '\0'; ++c) {
    const char letter[2] = {*c, '\0'};
    const float w = ImGui::CalcTextSize(letter).x;
    list->AddText({at.x + (width - w) * 0.5f, y}, ImGui::GetColorU32(ImGuiCol_Text), letter);
    y += font;
  }
  ImGui::End();
  return width;
}

// A folded panel opened: drawn over the canvas next to its strip (the canvas does not move), until its strip or its
// close button is clicked again, or the canvas is.
template <typename DrawFn>
void SideDrawer(const SideSpec& spec, float strip_w, bool* drawer, std::array<float, 4>& rect, DrawFn draw) {
  if (!*drawer) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::floor(std::min(ImGui::GetFontSize() * 19, vp->WorkSize.x * 0.45f));
  const float x = spec.pivot_x == 0.0f ? vp->WorkPos.x + strip_w : vp->WorkPos.x + vp->WorkSize.x - strip_w;
  ImGui::SetNextWindowPos({x, vp->WorkPos.y}, ImGuiCond_Always, ImVec2(spec.pivot_x, 0));
  ImGui::SetNextWindowSize(ImVec2(width, vp->WorkSize.y), ImGuiCond_Always);
  const std::string name = std::string(spec.title) + "##drawer";
  if (ImGui::Begin(name.c_str(), drawer, (spec.flags & ~ImGuiWindowFlags_NoBringToFrontOnFocus) |
                                              ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) {
    draw();
  }
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  rect = {at.x, at.y, at.x + size.x, at.y + size.y};
  ImGui::End();
}

// One side panel as it fits the window: docked, or a strip with its drawer. Returns the width it takes from the canvas.
template <typename DrawFn>
float Side(App& app, const SideSpec& spec, bool* open, float* last_width, SideState& side, DrawFn draw) {
  side.strip = *open && (AsStrip(spec) || side.folded_for_values);
  side.drawer_rect = {};
  if (!side.strip) {
    side.drawer = false;
    const float width = SidePanel(app, spec, open, *last_width, side.rect, draw);
    if (width > 0) *last_width = width;
    return width;
  }
  const float strip_w = SideStrip(spec, &side.drawer, side.rect);
  SideDrawer(spec, strip_w, &side.drawer, side.drawer_rect, draw);
  return strip_w;
}

void DrawStatus(const App& app, ImVec2 p0, ImVec2 p1) {
  if (app.status.empty() || ImGui::GetTime() > app.status_until) return;
  ImDrawList* list = ImGui::GetForegroundDrawList();
  const ImVec2 size = ImGui::CalcTextSize(app.status.c_str());
  const ImVec2 a{(p0.x + p1.x - size.x) * 0.5f - 12, p1.y - size.y - 28};
  const ImVec2 b{a.x + size.x + 24, a.y + size.y + 14};
  list->AddRectFilled(a, b, IM_COL32(30, 30, 34, 225), 6);
  list->AddText({a.x + 12, a.y + 7}, IM_COL32(255, 255, 255, 255), app.status.c_str());
}

}  // namespace

float StripWidth() { return std::floor(ImGui::GetFontSize() * 1.6f); }

void DrawUi(App& app, gl::FrameRenderer& renderer) {
  // Presentation mode: the canvas alone, full screen, played with the keys (P or Esc leaves it).
  const bool presenting = app.display.presentation;
  if (!presenting) DrawMenuBar(app);
  float left = 0, right = 0;
  if (!presenting) {
    left = Side(app, {"Parameters", kControlsFlags, 0.0f, 0.23f}, &app.windows.parameters, &app.layout.left,
                app.layout.parameters, [&] { DrawParameters(app); });
    right = Side(app, {"Arithmetic", kSideFlags, 1.0f, 0.18f}, &app.windows.arithmetic, &app.layout.right,
                 app.layout.arithmetic, [&] { DrawArithmetic(app); });
    app.requests.rescale_panels = 1.0f;
  } else {
    app.layout.parameters = app.layout.arithmetic = {};
  }

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos{vp->WorkPos.x + left, vp->WorkPos.y};
  const ImVec2 size{std::max(vp->WorkSize.x - left - right, 100.0f), vp->WorkSize.y};
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const Rgba bg = app.CurrentTheme().background;
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  const ImGuiWindowFlags canvas_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
  ImGui::Begin("Canvas", nullptr, canvas_flags);
  ImGui::PopStyleVar(2);
  // A click on the canvas folds an open drawer back into its strip.
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows)) {
    app.layout.parameters.drawer = app.layout.arithmetic.drawer = false;
  }
  const float bar_h = presenting ? 0.0f : PlaybackBarHeight(size.x, app.StepCount());
  DrawCanvas(app, renderer, bar_h);
  ImGui::PopStyleColor();
  app.layout.playback_rect = {};
  if (!presenting) {
    // The playback bar sits on the panel colour under the canvas.
    const ImVec2 bar0 = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(bar0, {bar0.x + size.x, pos.y + size.y},
                                              ImGui::GetColorU32(ImGuiCol_MenuBarBg));
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetCursorPosY() + 4));
    DrawPlaybackBar(app);
  }
  ImGui::End();
  DrawStatus(app, pos, {pos.x + size.x, pos.y + size.y - bar_h});

  if (!presenting) {
    if (app.windows.matrix) DrawMatrixWindow(app, &app.windows.matrix);
    if (app.windows.network) DrawNetworkWindow(app, &app.windows.network);
    if (app.windows.exercises) DrawExerciseWindow(app, &app.windows.exercises);
    app.export_window.Draw(app, &app.windows.export_window);
    DrawOpenImageWindow(app);
  }
  // Presentation mode too: the comparison is shown to a room (it then fills the screen).
  if (app.windows.upsampling) DrawUpsampleWindow(app, renderer, &app.windows.upsampling);
  if (app.windows.shortcuts) DrawShortcutsWindow(&app.windows.shortcuts);
  if (app.windows.about) DrawAboutWindow(&app.windows.about);
  app.requests.reset_layout = false;
}

}  // namespace convarith::app
