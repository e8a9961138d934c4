// The canvas's parts (drawing, input, layout, frames) and what they share: internal to app/panels/canvas*.cpp.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/frame.hpp"
#include "panels/canvas.hpp"
#include "panels/canvas_notes.hpp"

namespace convarith::app {

struct App;
struct Fonts;
namespace gl {
class FrameRenderer;
}

namespace canvas_parts {

constexpr float kMinNumberCellPx = 22;  // below this the values are too small to read: hide them
constexpr float kMinTextPx = 5;
constexpr float kMaxCellPx = 400;
constexpr float kMinCellPx = 0.05f;  // a map of 1024 cells in 20 px (the 3-D view of many channels, zoomed out)
constexpr float kViewGapPx = 28;  // at UI scale 1, like every pixel length here
constexpr float kVisibleSnap = 8;  // the visible rectangle, in cells, snapped outwards (fewer rebuilds while panning)

inline size_t Index(View v) { return static_cast<size_t>(v); }

// The part of a frame that holds something (cells, rects, the labels drawn with it), cell units: the fit uses this
// rather than the frame's nominal size, which keeps room for text the notes strip shows instead.
struct Bounds {
  float x0 = 0, y0 = 0, x1 = 1, y1 = 1;
  float w() const { return x1 - x0; }
  float h() const { return y1 - y0; }
};

struct Layout {
  float cell_px = 1;
  float width = 0, height = 0;   // pixels, titles included
  std::vector<ImVec2> slots;     // top-left of each view's title, relative to the block
  std::vector<float> column_px;  // each view's column width (the room its title has)
  bool texts = true;             // room was kept for the frames' texts: draw them (set by the caller)
};

// The canvas's rectangle in window pixels.
struct CanvasRect {
  ImVec2 p0, p1, size;
};

// The visible views' frames (built or kept by BuildViewFrames) and the height of what stays in each frame once its
// step text went to the notes.
struct ViewFrames {
  std::vector<const Frame*> frames;
  std::vector<float> heights;
  CanvasNotes notes;
  bool rebuilt = false;
  // The same views' frames built with their texts sized for cells of the given size (CanvasState::text_cell_px), for
  // asking what another area would give them (the Arithmetic panel folded or docked).
  std::function<std::vector<Frame>(float text_cell_px)> built_for;
};

// Where everything goes this frame: the views' arrangement, each view's bounds, the titles' height and the notes.
struct CanvasArrangement {
  Layout layout;
  std::vector<Bounds> bounds;
  float title_h = 0;
  float gap = 0;
  CanvasNotes notes;
  ImVec2 notes_at;
  float notes_w = 0;
  ImVec2 block_origin;  // top-left of the views' block, panned
  float right = 0;      // the canvas's right edge less its margin (window pixels): no title runs past it
};

ImFont* HeadingFont(const App& app);
// A label's pixel size at `cell_px`: the UI's label size, capped at 0.6 of a cell when the cells come first.
float LabelPx(const Fonts& fonts, float cell_px, bool cells_first);

// Layout (canvas_layout.cpp).
std::optional<std::array<float, 4>> VisibleRect(const ViewPlacement& at, ImVec2 p0, ImVec2 p1);
CanvasArrangement ArrangeCanvas(App& app, const std::vector<View>& views, const ViewFrames& frames,
                                const CanvasRect& rect);

// Input (canvas_input.cpp): hover, tooltips, zoom, pan, pins and the value editor.
void HandleMouse(App& app, bool hovered, const std::vector<View>& views);
void DrawEditPopup(App& app);

// Drawing (canvas_draw.cpp).
void DrawInvalid(const App& app, ImDrawList* list, ImVec2 p0, ImVec2 p1);
void DrawViews(App& app, gl::FrameRenderer& renderer, ImDrawList* list, const std::vector<View>& views,
               const ViewFrames& frames, const CanvasArrangement& at, const Theme& theme);
void DrawComputingNote(const App& app, ImDrawList* list, ImVec2 p0, ImVec2 p1);
void ShowMouseHint(App& app, bool hovered);

}  // namespace canvas_parts
}  // namespace convarith::app
