// Keyboard shortcuts (handled here, listed in the Shortcuts window) and the About window.
#include <algorithm>
#include <iterator>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

struct Shortcut {
  const char* keys;
  const char* action;
};

constexpr Shortcut kShortcuts[] = {
    {"Space", "Play / pause"},
    {"Right / Left", "Step forward / back"},
    {"Home / End", "First / last step"},
    {"L", "Loop on / off"},
    {"] / [", "Faster / slower"},
    {"+ / -", "Zoom in / out (also the mouse wheel)"},
    {"F", "Fit the drawing to the canvas"},
    {"Drag", "Pan the canvas"},
    {"Click a cell", "Pin its receptive field (click again to unpin)"},
    {"Right-click a cell", "Edit an input value or a kernel weight"},
    {"Esc", "Unpin; leave full screen or presentation mode"},
    {"P", "Presentation mode (full screen, canvas only, large step text)"},
    {"T", "Dark / light theme"},
    {"V", "Colours: cell roles (the paper's) / values (gray, blue-white-red for signed maps)"},
    {"B", "Forward / backward pass (the input gradient: ∂L/∂y through the same kernel)"},
    {"G", "Which gradient the backward pass draws: ∂L/∂x, ∂L/∂w (the input correlated with ∂L/∂y), ∂L/∂b"},
    {"C", "Many channels: focus (one map large, the others as thumbnails) / all maps full size"},
    {"S", "Symbols: x₁₂, w₁₁, y₁₁ in the cells and the current output's formula instead of numbers"},
    {"D", "3-D tensors: each side's channels as a box of slices, the kernel a block through the slices it reads"},
    {"Click a thumbnail", "Bring that channel into focus (drawn large; in 3-D, a slice to the front)"},
    {"Ctrl+= / Ctrl+- / Ctrl+0", "Larger / smaller / 100 % UI (projectors)"},
    {"Tab", "Hide / show the side panels (canvas only)"},
    {"F11", "Full screen"},
    {"Ctrl+E", "Export…"},
    {"Ctrl+M", "Convolution matrix"},
    {"Ctrl+I", "Unfolded (im2col): F.unfold's columns times the flattened kernels"},
    {"Ctrl+O", "Open an image as the input (or drop one on the window)"},
    {"Ctrl+N", "Network: a stack of layers, shapes and receptive fields"},
    {"Ctrl+L", "Copy a link to what is on screen (convarith --link and the web page open it)"},
    {"X", "Exercises: questions with checked answers, a score, and Show me"},
    {"U", "Upsampling compared: transposed conv, resize-conv, pixel shuffle, unpooling for the layer's k, s, p"},
    {"F12", "Save a screenshot (PNG)"},
    {"F1", "This list"},
    {"Ctrl+Q", "Quit"},
};

void SetScale(App& app, float scale) { app.SetUiScale(scale); }

}  // namespace

void HandleShortcuts(App& app, const std::vector<KeyPress>& keys) {
  if (ImGui::GetIO().WantTextInput) return;  // typing a value: the keys belong to the field
  for (const KeyPress& k : keys) {
    const bool ctrl = (k.mods & GLFW_MOD_CONTROL) != 0;
    if (k.repeat) {  // held keys repeat stepping and zooming only
      if (ctrl) continue;
      if (k.key == GLFW_KEY_RIGHT) app.StepBy(1);
      if (k.key == GLFW_KEY_LEFT) app.StepBy(-1);
      if (k.key == GLFW_KEY_EQUAL || k.key == GLFW_KEY_KP_ADD) app.canvas.ZoomBy(1.25f);
      if (k.key == GLFW_KEY_MINUS || k.key == GLFW_KEY_KP_SUBTRACT) app.canvas.ZoomBy(1 / 1.25f);
      continue;
    }
    if (ctrl) {
      switch (k.key) {
        case GLFW_KEY_Q: app.requests.quit = true; break;
        case GLFW_KEY_E: app.windows.export_window = true; break;
        case GLFW_KEY_M: app.windows.matrix = !app.windows.matrix; break;
        case GLFW_KEY_I:  // the matrix window on its Unfolded tab (again: closed)
          app.windows.matrix = !(app.windows.matrix && app.matrix.unfolded);
          app.matrix.unfolded = true;
          app.matrix.select_tab = 2;
          break;
        case GLFW_KEY_O: app.windows.open_image = true; break;
        case GLFW_KEY_N: app.windows.network = !app.windows.network; break;
        case GLFW_KEY_L: app.CopyLink(); break;
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_ADD: SetScale(app, NextUiScale(app.display.ui_scale, +1)); break;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT: SetScale(app, NextUiScale(app.display.ui_scale, -1)); break;
        case GLFW_KEY_0: SetScale(app, 1.0f); break;
        default: break;
      }
      continue;
    }
    switch (k.key) {
      case GLFW_KEY_SPACE: app.TogglePlay(); break;
      case GLFW_KEY_RIGHT: app.StepBy(1); break;
      case GLFW_KEY_LEFT: app.StepBy(-1); break;
      case GLFW_KEY_HOME: app.FirstStep(); break;
      case GLFW_KEY_END: app.LastStep(); break;
      case GLFW_KEY_L: app.playback.loop = !app.playback.loop; break;
      case GLFW_KEY_RIGHT_BRACKET: app.playback.speed = std::min(app.playback.speed * 1.5f, 20.0f); break;
      case GLFW_KEY_LEFT_BRACKET: app.playback.speed = std::max(app.playback.speed / 1.5f, 0.25f); break;
      case GLFW_KEY_EQUAL:
      case GLFW_KEY_KP_ADD: app.canvas.ZoomBy(1.25f); break;
      case GLFW_KEY_MINUS:
      case GLFW_KEY_KP_SUBTRACT: app.canvas.ZoomBy(1 / 1.25f); break;
      case GLFW_KEY_F: app.canvas.Fit(); break;
      case GLFW_KEY_P: app.TogglePresentation(); break;
      case GLFW_KEY_T: app.display.dark = !app.display.dark; break;
      case GLFW_KEY_V: app.ToggleColourBy(); break;
      case GLFW_KEY_B: app.ToggleBackward(); break;
      case GLFW_KEY_G: app.NextGradient(); break;
      case GLFW_KEY_C: app.ToggleChannelLayout(); break;
      case GLFW_KEY_D: app.ToggleTensors3d(); break;
      case GLFW_KEY_S: app.display.symbols = !app.display.symbols; break;
      case GLFW_KEY_X: app.windows.exercises = !app.windows.exercises; break;
      case GLFW_KEY_U: app.windows.upsampling = !app.windows.upsampling; break;
      case GLFW_KEY_TAB: app.ToggleSidePanels(); break;
      case GLFW_KEY_F11: app.requests.toggle_fullscreen = true; break;
      case GLFW_KEY_F12: app.requests.screenshot = true; break;
      case GLFW_KEY_F1: app.windows.shortcuts = !app.windows.shortcuts; break;
      case GLFW_KEY_ESCAPE:
        if (app.display.presentation) {
          app.TogglePresentation();
        } else if (app.fullscreen) {
          app.requests.toggle_fullscreen = true;
        } else {
          app.canvas.ClearPins();
        }
        break;
      default: break;
    }
  }
}

void DrawShortcutsWindow(bool* open) {
  ImGui::SetNextWindowSize(ImVec2(520, 0), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Keyboard shortcuts", open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const Shortcut& s : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(s.keys);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(s.action);
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

void DrawAboutWindow(bool* open) {
  if (!ImGui::Begin("About convarith", open, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::TextUnformatted("convarith " CONVARITH_VERSION);
  ImGui::TextUnformatted("See and check the arithmetic of");
  ImGui::TextUnformatted("\"A guide to convolution arithmetic for deep learning\"");
  ImGui::TextUnformatted("(Vincent Dumoulin & Francesco Visin, 2016, arXiv:1603.07285).");
  ImGui::Spacing();
  ImGui::TextDisabled("Numbers follow PyTorch's conv2d, max_pool2d, avg_pool2d and conv_transpose2d.");
  ImGui::TextDisabled("Headless: convarith shape | compute | export --help");
  ImGui::End();
}

}  // namespace convarith::app
