// The "Upsampling compared" window's state: the comparison of the ways to upsample (core's CompareUpsampling) for the
// current layer's k, s, p (or the window's own), drawn as its frame with the canvas's drawing code.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/upsample_compare.hpp"

namespace convarith::cli {
struct AppArgs;
}  // namespace convarith::cli

namespace convarith::app {

struct App;
namespace gl {
class FrameRenderer;
}

// The largest output side (input · s^layers) the window computes and draws; above it the window says so.
inline constexpr int kMaxUpsampleWindowSide = 512;

struct UpsampleWindowState {
  // The controls.
  CompareSource source = CompareSource::Ramp;
  int rank = 2;
  int layers = 1;
  int input = 8;        // the input's side (H = W; 1-D: W)
  bool own_ksp = false;  // k, s, p set here rather than taken from the current layer
  int kernel = 3, factor = 2, padding = 1;

  // What was computed last (rebuilt when the parameters, the picture or the theme change).
  CompareParams params;       // the comparison's parameters
  std::string ksp_origin;     // "layer", "defaults" or "own"
  std::string ksp_note;       // why the defaults (the layer does not upsample), or empty
  std::string error;          // the parameters' error (one line), or empty
  std::string key;            // of what was computed
  UpsampleComparison comparison;
  float min_text = -1;        // the frame's smallest text (cell units) it was built with, for the window's width
  Frame frame;
  bool built = false;
  bool upload = false;
  int cells_layer = -1, rects_layer = -1;
  // Drawn last frame (tests): the window x0 y0 x1 y1 and the frame's pixels per cell unit.
  std::array<float, 4> rect{};
  float cell_px = 0;
  bool was_presenting = false;  // presentation mode fills the screen; leaving it gives the window its size back
};

// The window (View › Upsampling compared, U). `open`: its close button.
void DrawUpsampleWindow(App& app, gl::FrameRenderer& renderer, bool* open);
// --upsampling, --upsampling-source, --upsampling-dims, --upsampling-layers: opens the window so set; an exit code
// for a bad value under automation.
std::optional<int> ApplyUpsampleCommandLine(App& app, const cli::AppArgs& args, bool automation);
// The window's state as JSON for $CONVARITH_STATE_FILE.
std::string UpsampleStateJson(const App& app);

}  // namespace convarith::app
