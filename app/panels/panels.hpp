// The panels: one function per window, each in its own file, all drawing from and editing the one App.
#pragma once

#include <string>
#include <vector>

#include "convarith/shape/config.hpp"

namespace convarith::app {

struct App;
struct KeyPress;
namespace gl {
class FrameRenderer;
}

// The whole UI for one frame: menu bar, side panels, canvas with its playback bar, floating windows.
void DrawUi(App& app, gl::FrameRenderer& renderer);
// The width of a side panel folded to its strip at the edge (ui.cpp).
float StripWidth();

void DrawMenuBar(App& app);
void DrawParameters(App& app);
void DrawParamTable(App& app);      // param_table.cpp: i k s p d a, linked or per axis, errors under their row
// The current configuration error's message when it belongs to `control`, else "" (param_table.cpp).
std::string ErrorFor(const App& app, Param control);      // controls.cpp: operation, i k s p d a, padding, pooling, fills, display
void DrawArithmetic(App& app);      // arithmetic_panel.cpp: the paper's relationships, transposed equivalents
void DrawPlaybackBar(App& app);     // playback_bar.cpp: play, step, scrub, speed, loop, zoom
float PlaybackBarHeight(float width, int step_count);  // one row, or more on a narrow canvas
void DrawMatrixWindow(App& app, bool* open);  // matrix_panel.cpp: two tabs,
void DrawMatrixTab(App& app);                  // the convolution matrix C
void DrawUnfoldTab(App& app);                  // unfold_panel.cpp: the unfolded (im2col) product
void DrawShortcutsWindow(bool* open);         // help_windows.cpp
void DrawAboutWindow(bool* open);

// The next UI scale up (direction > 0) or down from `scale` (menu_bar.cpp).
float NextUiScale(float scale, int direction);

// Keyboard shortcuts, handled once per frame before the panels (help_windows.cpp lists them).
void HandleShortcuts(App& app, const std::vector<KeyPress>& keys);

}  // namespace convarith::app
