// Draws a core Frame on the canvas: its cells and rects as GL quads, its text with ImGui (the rules of frame.hpp).
#pragma once

#include <array>
#include <string>
#include <vector>

#include <imgui.h>

#include "convarith/scene/frame.hpp"
#include "gl/frame_renderer.hpp"

namespace convarith::app {

struct Fonts;

// The frame's images (large maps, one texel per cell), then its cells: each panel's regular grid of unit cells as one textured quad, any other cell as its own quad
// (fill, 1 px border, dashed for padding), in cell units.
gl::LayerGeometry CellGeometry(const Frame& frame);
// The frame's rects (kernel window, highlights) as quads with centred strokes.
gl::LayerGeometry RectGeometry(const Frame& frame);

// Where a frame sits on screen.
struct FramePlacement {
  ImVec2 origin;     // pixel position of cell-unit (0, 0)
  float cell_px = 1;  // pixels per cell unit
  ImVec2 ToScreen(float x, float y) const { return {origin.x + x * cell_px, origin.y + y * cell_px}; }
};

// The 3-D tensor view's faces, slices and blocks (FramePolygon), in order, over the cells and under the rects.
void DrawPolygons(ImDrawList* list, const Frame& frame, const FramePlacement& at);
// The cells' values and corner weights, centred / bottom-right, skipping what is outside the clip rectangle.
// `min_text` (cell units) enlarges smaller values (presentation mode); they still shrink to fit their cell.
void DrawCellTexts(ImDrawList* list, const Frame& frame, const FramePlacement& at, const Fonts& fonts,
                   float min_text = 0);
// The frame's labels, legend, equation and caption (those starting above `max_y`, in cell units) as the frame laid
// them out (FrameOptions::min_text grows them there). `drawn`: where each text went (x0 y0 x1 y1), when given. Texts
// under `least_px` pixels are left out.
void DrawFrameTexts(ImDrawList* list, const Frame& frame, const FramePlacement& at, const Fonts& fonts,
                    float max_y = 1e9f, std::vector<std::array<float, 4>>* drawn = nullptr, float least_px = 0);

// The canvas font's metrics for the frame builder (FrameOptions::measure): the frame lays its texts out in the room
// they take when the canvas draws them. Reads `fonts` when it measures (they are rebuilt when the UI scale changes).
TextMeasure CanvasTextMeasure(const Fonts& fonts);

// The outlines that must stay visible on tiny cells (FrameRect::min_px: the kernel window, the current output over a
// large map's picture), drawn again at least min_px * `scale` pixels on screen when the cells make them smaller.
void DrawMinimumOutlines(ImDrawList* list, const Frame& frame, const FramePlacement& at, float scale);
// Where a panel's first map (its picture, or its cells) is on screen: x0 y0 x1 y1 (all 0 when the frame has none).
std::array<float, 4> PanelScreenRect(const Frame& frame, Panel panel, const FramePlacement& at);

ImU32 ToImColor(Rgba c);

// A frame's cells and rects uploaded to two GL layers (created on first use), when `upload` says it changed. Inline:
// the app's unit tests link the drawing helpers without the GL renderer.
inline void UploadFrameLayers(gl::FrameRenderer& renderer, const Frame& frame, int& cells_layer, int& rects_layer,
                              bool& upload) {
  if (cells_layer < 0) {
    cells_layer = renderer.CreateLayer();
    rects_layer = renderer.CreateLayer();
  }
  if (!upload) return;
  renderer.Upload(cells_layer, CellGeometry(frame));
  renderer.Upload(rects_layer, RectGeometry(frame));
  upload = false;
}

}  // namespace convarith::app
