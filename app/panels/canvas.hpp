// The canvas: the frames of the visible views side by side, with zoom, pan, hover, pins and value editing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "convarith/shape/config.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"
#include "panels/canvas_notes.hpp"

namespace convarith::app {

struct App;
namespace gl {
class FrameRenderer;
}

// One view's frame, rebuilt only when what it shows changes, and its GL buffers.
struct ViewCache {
  bool built = false;
  uint64_t generation = 0;
  int step = -1;
  std::optional<Pointer> pointer;
  uint32_t options = 0;  // fingerprint of the display options it was built with
  Frame frame;
  std::optional<std::array<float, 4>> visible;  // the cell-unit rectangle it added numbered cells for (large maps)
  FrameCache pictures;  // large maps' pictures, kept from step to step of one computation (core's FrameCache)
  int cells_layer = -1;
  int rects_layer = -1;
  bool upload = false;  // the frame changed since its quads were uploaded
};

// A cell the mouse is over or the user pinned: the view, the cell's map coordinates (panel, channel, depth slice,
// row, column) and the data cell it shows (flat index into the canonical tensor, -1 for padding and zeros).
struct CanvasPointer {
  View view = View::Direct;
  Pointer pointer;
  int data_index = -1;
  int kernel_col = 0;  // kernel panel: the weight's second index
  bool thumbnail = false;  // on a map's thumbnail (focus layout): a click focuses its channel
  // The same cell of the same view (data_index follows from it).
  bool operator==(const CanvasPointer& o) const {
    return view == o.view && pointer == o.pointer && kernel_col == o.kernel_col;
  }
};

// Where each view sat on screen last frame (for hit-testing this frame).
struct ViewPlacement {
  bool shown = false;
  ImVec2 origin;
  float cell_px = 1;
};

struct CanvasState {
  bool auto_fit = true;  // fit the window after every change, until the user zooms or pans (F fits again)
  float zoom = 1.0f;   // relative to fitting the canvas
  ImVec2 pan{0, 0};    // pixels
  float cell_px = 32;  // last frame's cell size
  // The cell size the frames' texts were sized for (FrameOptions::min_text: the UI's label size, LabelPx, over it; 0:
  // the frames' own sizes, before the first layout) and whether they were capped by the cell (LabelPx's cells_first).
  // Moved after each layout by SettleTextSize; the frames are built again when it moves.
  float text_cell_px = 0;
  bool text_cells_first = false;
  // What the Arithmetic panel's fold was last judged for (FoldForValues): the grids' area, the text size, the
  // computation and the number of views.
  struct FoldCheck {
    float w = 0, h = 0, text_cell_px = 0;
    uint64_t generation = 0;
    size_t views = 0;
    bool operator==(const FoldCheck&) const = default;
  };
  FoldCheck fold_check;
  // What the text size last started from above for (SettleTextSize): the grids' width, the UI font, the computation
  // and the number of views.
  struct SettleKey {
    float width = 0, ui_size = 0;
    uint64_t generation = 0;
    size_t views = 0;
    bool operator==(const SettleKey&) const = default;
  };
  SettleKey settle_key;
  ImVec2 block_centre;  // where the views are centred before panning (last frame)
  ImVec2 area{1000, 600};  // pixels the views had last frame (above the notes)
  std::optional<CanvasPointer> pinned;   // click to pin, click again (or on empty space) to unpin
  std::optional<CanvasPointer> hovered;  // this frame
  std::array<ViewCache, 4> cache;
  std::array<ViewPlacement, 4> placed;
  std::vector<LegendEntry> legend;  // of the frames on screen, rebuilt with them
  size_t legend_views = 0;
  Config last_config;
  bool dragged = false;
  bool interacted = false;
  float rest_seconds = 0;  // the mouse has rested on an empty part of the canvas this long
  // The views' titles and labels as drawn last frame (x0 y0 x1 y1, window pixels, unclipped): tests check that no two
  // overlap ($CONVARITH_STATE_FILE).
  std::vector<std::array<float, 4>> text_rects;
  std::array<float, 4> input_rect{};
  // Presentation mode: what the hovered cell is (and its sum), for the step line rather than a tooltip over the grids.
  std::string hover_text;  // the first view's first input map on screen, x0 y0 x1 y1 (tests)

  // The value being edited (right-click or double-click on an input or kernel cell).
  bool edit_request = false;
  bool edit_kernel = false;
  size_t edit_index = 0;   // flat index into the input or the weight (canonical)
  std::string edit_label;  // "Input value ch 1 [2, 3]"
  double edit_value = 0;

  void OnRecompute(const Config& config);  // drops pins when the shapes changed
  void ClearPins();
  void Fit() {
    auto_fit = true;
    zoom = 1.0f;
    pan = {0, 0};
  }
  void ZoomBy(float factor);
};

// Draws the canvas filling the current window's remaining content region except `bottom_reserve` pixels.
void DrawCanvas(App& app, gl::FrameRenderer& renderer, float bottom_reserve);

}  // namespace convarith::app
