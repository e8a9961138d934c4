// The main menu bar: File, Edit, Figures, Playback, View, Help; every item names its keyboard shortcut.
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "convarith/scene/presets.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

constexpr float kScales[] = {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f};

void SetScale(App& app, float scale) { app.SetUiScale(scale); }

void FileMenu(App& app) {
  if (!ImGui::BeginMenu("File")) return;
  if (ImGui::MenuItem("Open image…", "Ctrl+O")) app.windows.open_image = true;
  if (ImGui::MenuItem("Export…", "Ctrl+E")) app.windows.export_window = true;
  if (ImGui::MenuItem("Save screenshot", "F12")) app.requests.screenshot = true;
#ifndef __EMSCRIPTEN__  // a page is closed by its browser
  ImGui::Separator();
  if (ImGui::MenuItem("Quit", "Ctrl+Q")) app.requests.quit = true;
#endif
  ImGui::EndMenu();
}

void FiguresMenu(App& app) {
  if (!ImGui::BeginMenu("Figures")) return;
  char chapter = 0;
  for (const Preset& p : Presets()) {
    const char this_chapter = p.name.size() > 3 ? p.name[3] : 0;
    if (chapter != 0 && this_chapter != chapter) ImGui::Separator();
    chapter = this_chapter;
    const std::string label = p.name + "   " + p.title;
    if (ImGui::MenuItem(label.c_str(), nullptr, app.params.preset == p.name)) app.LoadPreset(p.name);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s   (convarith --preset %s)", Caption(p.config).c_str(), p.name.c_str());
    }
  }
  ImGui::EndMenu();
}

void PlaybackMenu(App& app) {
  if (!ImGui::BeginMenu("Playback")) return;
  if (ImGui::MenuItem(app.playback.playing ? "Pause" : "Play", "Space")) app.TogglePlay();
  if (ImGui::MenuItem("Step forward", "Right")) app.StepBy(1);
  if (ImGui::MenuItem("Step back", "Left")) app.StepBy(-1);
  if (ImGui::MenuItem("First step", "Home")) app.FirstStep();
  if (ImGui::MenuItem("Last step", "End")) app.LastStep();
  ImGui::Separator();
  ImGui::MenuItem("Loop", "L", &app.playback.loop);
  if (ImGui::MenuItem("Faster", "]")) app.playback.speed = std::min(app.playback.speed * 1.5f, 20.0f);
  if (ImGui::MenuItem("Slower", "[")) app.playback.speed = std::max(app.playback.speed / 1.5f, 0.25f);
  ImGui::EndMenu();
}

void EditMenu(App& app) {
  if (!ImGui::BeginMenu("Edit")) return;
  if (ImGui::MenuItem("Copy link", "Ctrl+L")) app.CopyLink();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The configuration as a link (#op=...&step=...): convarith --link opens it, as the web page does");
  }
  ImGui::EndMenu();
}

// Under the Forward / Backward switch: which gradient it draws (G cycles them). Pooling has only ∂L/∂x; ∂L/∂b needs a
// bias.
void GradientItems(App& app) {
  const Config& c = app.params.config;
  const struct {
    GradTarget grad;
    const char* label;
    bool enabled;
  } items[] = {{GradTarget::Input, "    ∂L/∂x: input gradient (Cᵀ ∂L/∂y)", true},
               {GradTarget::Weight, "    ∂L/∂w: weight gradient (x correlated with ∂L/∂y)", c.has_weight()},
               {GradTarget::Bias, "    ∂L/∂b: bias gradient (∂L/∂y summed per map)", c.has_weight() && c.bias}};
  for (const auto& item : items) {
    const bool on = app.params.backward && app.params.grad == item.grad;
    if (ImGui::MenuItem(item.label, item.grad == GradTarget::Weight ? "G" : nullptr, on, item.enabled))
      app.SetGradient(item.grad);
  }
}

void ViewMenu(App& app) {
  if (!ImGui::BeginMenu("View")) return;
  ImGui::MenuItem("Parameters", nullptr, &app.windows.parameters);
  ImGui::MenuItem("Arithmetic", nullptr, &app.windows.arithmetic);
  ImGui::MenuItem("Convolution matrix", "Ctrl+M", &app.windows.matrix);
  ImGui::MenuItem("Pictures", nullptr, &app.windows.pictures);
  ImGui::MenuItem("Network (stack of layers)", "Ctrl+N", &app.windows.network);
  ImGui::MenuItem("Exercises", "X", &app.windows.exercises);
  ImGui::MenuItem("Upsampling compared", "U", &app.windows.upsampling);
  if (ImGui::MenuItem("Canvas only", "Tab", !app.windows.parameters && !app.windows.arithmetic)) {
    app.ToggleSidePanels();
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Zoom in", "+")) app.canvas.ZoomBy(1.25f);
  if (ImGui::MenuItem("Zoom out", "-")) app.canvas.ZoomBy(1 / 1.25f);
  if (ImGui::MenuItem("Fit to window", "F")) app.canvas.Fit();
  ImGui::Separator();
  if (ImGui::MenuItem("Dark theme", "T", app.display.dark)) app.display.dark = !app.display.dark;
  if (ImGui::MenuItem("Colour by value", "V", app.CurrentColourBy() == ColourBy::Value)) app.ToggleColourBy();
  if (ImGui::MenuItem("Channels in focus", "C", app.ChannelsInFocus())) app.ToggleChannelLayout();
  if (ImGui::MenuItem("3-D tensors", "D", app.TensorsIn3d())) app.ToggleTensors3d();
  if (ImGui::MenuItem("Symbols (x₁₂, w₁₁)", "S", app.display.symbols)) app.display.symbols = !app.display.symbols;
  if (ImGui::MenuItem("Backward pass (gradients)", "B", app.params.backward)) app.ToggleBackward();
  GradientItems(app);
  if (ImGui::BeginMenu("Output gradient ∂L/∂y", app.params.backward)) {
    for (Fill f : {Fill::Ones, Fill::Random}) {
      const char* label = f == Fill::Ones ? "ones (L = the sum of the outputs)" : "random -2…2 (the data's seed)";
      if (ImGui::MenuItem(label, nullptr, app.params.grad_fill == f)) {
        app.params.grad_fill = f;
        app.dirty = true;
      }
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("UI scale (projectors)")) {
    for (float s : kScales) {
      const std::string label = std::to_string(static_cast<int>(s * 100 + 0.5f)) + " %";
      if (ImGui::MenuItem(label.c_str(), nullptr, app.display.ui_scale == s)) SetScale(app, s);
    }
    ImGui::Separator();
    ImGui::TextDisabled("Ctrl+= larger, Ctrl+- smaller, Ctrl+0 100 %%");
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Full screen", "F11")) app.requests.toggle_fullscreen = true;
  if (ImGui::MenuItem("Presentation mode", "P", app.display.presentation)) app.TogglePresentation();
  if (ImGui::MenuItem("Reset layout")) app.requests.reset_layout = true;
  ImGui::EndMenu();
}

void HelpMenu(App& app) {
  if (!ImGui::BeginMenu("Help")) return;
  ImGui::MenuItem("Keyboard shortcuts", "F1", &app.windows.shortcuts);
  ImGui::MenuItem("About convarith", nullptr, &app.windows.about);
  ImGui::EndMenu();
}

}  // namespace

void DrawMenuBar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  FileMenu(app);
  EditMenu(app);
  FiguresMenu(app);
  PlaybackMenu(app);
  ViewMenu(app);
  HelpMenu(app);
  // The configuration at a glance, right-aligned: what a projector audience needs to read.
  if (const Computation* c = app.computation()) {
    // Backward: what is drawn is the gradient's computation.
    const GradTarget g = app.DrawnGradient();
    const std::string pass = g == GradTarget::Weight ? "∂L/∂w: " : g == GradTarget::Bias ? "∂L/∂b: " : "∂L/∂x: ";
    const std::string caption = (app.CurrentPass() == Pass::Backward ? pass : "") + Caption(c->config);
    const float w = ImGui::CalcTextSize(caption.c_str()).x;
    const float x = ImGui::GetWindowWidth() - w - ImGui::GetStyle().WindowPadding.x * 2;
    if (x > ImGui::GetCursorPosX()) {
      ImGui::SetCursorPosX(x);
      ImGui::TextUnformatted(caption.c_str());
    }
  }
  ImGui::EndMainMenuBar();
}

float NextUiScale(float scale, int direction) {
  if (direction > 0) {
    for (float s : kScales) {
      if (s > scale + 0.01f) return s;
    }
    return kScales[std::size(kScales) - 1];
  }
  for (int n = static_cast<int>(std::size(kScales)) - 1; n >= 0; --n) {
    if (kScales[n] < scale - 0.01f) return kScales[n];
  }
  return kScales[0];
}

}  // namespace convarith::app
