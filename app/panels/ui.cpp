// The layout of one frame: menu bar, Parameters on the left, Arithmetic on the right, the canvas (with its playback
// bar) filling the middle, floating windows on top. Side panel widths are the user's and persist in imgui.ini.
#include <algorithm>
#include <cmath>

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

// A full-height side panel docked to the left (pivot 0) or right (pivot 1) edge of the work area; returns its width.
template <typename DrawFn>
float SidePanel(App& app, const char* title, ImGuiWindowFlags flags, bool* open, float pivot_x, float default_width,
                float max_share,
                float last_width, std::array<float, 4>& rect, DrawFn draw) {
  rect = {};
  if (!*open) return 0;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 pos{vp->WorkPos.x + pivot_x * vp->WorkSize.x, vp->WorkPos.y};
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always, ImVec2(pivot_x, 0));
  // A panel takes at most `max_share` of the window by default or when the UI scale changes (the canvas keeps
  // over 40 % of it at any scale); the user may drag it wider, up to 40 %.
  const float min_width = std::min(ImGui::GetFontSize() * 12, vp->WorkSize.x * 0.18f);
  const float fair = std::floor(std::max(min_width, std::min(default_width, vp->WorkSize.x * max_share)));
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
  if (ImGui::Begin(title, open, flags)) draw();
  width = ImGui::GetWindowWidth();
  const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  rect = {at.x, at.y, at.x + size.x, at.y + size.y};
  ImGui::End();
  return *open ? width : 0;
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

void DrawUi(App& app, gl::FrameRenderer& renderer) {
  // Presentation mode: the canvas alone, full screen, played with the keys (P or Esc leaves it).
  const bool presenting = app.display.presentation;
  if (!presenting) DrawMenuBar(app);
  const float font = ImGui::GetFontSize();
  float left = 0, right = 0;
  if (!presenting) {
    left = SidePanel(app, "Parameters", kControlsFlags, &app.windows.parameters, 0.0f, font * 19, 0.23f, app.layout.left,
                     app.layout.parameters_rect, [&] { DrawParameters(app); });
    right = SidePanel(app, "Arithmetic", kSideFlags, &app.windows.arithmetic, 1.0f, font * 19, 0.18f, app.layout.right,
                      app.layout.arithmetic_rect, [&] { DrawArithmetic(app); });
    if (left > 0) app.layout.left = left;
    if (right > 0) app.layout.right = right;
    app.requests.rescale_panels = 1.0f;
  } else {
    app.layout.parameters_rect = app.layout.arithmetic_rect = {};
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
