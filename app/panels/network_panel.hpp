// The Network window's state (held by App): a stack of layers over an input, edited row by row, read from pasted
// PyTorch or Keras code, mirrored into its decoder; the stack drawing's axis and pinned cell.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convarith/network/network.hpp"
#include "network_view.hpp"

namespace convarith::cli {
struct AppArgs;
}

namespace convarith::app {

struct App;

struct NetworkPanelState {
  Network network = *NetworkPreset("encoder-decoder");
  std::string preset = "encoder-decoder";  // the panel preset loaded last (cleared by an edit)
  std::vector<char> code = std::vector<char>(1 << 16, '\0');  // the paste box
  std::string import_error;   // "line 4: ..." under the paste box
  std::string import_note;    // what the import passed through or filled in
  int selected = -1;          // the layer animated on the canvas (0-based), -1: none
  std::array<float, 4> window_rect{};  // where the window was drawn last frame, x0 y0 x1 y1 (tests)
  std::map<std::string, std::array<float, 4>> control_rects;  // the paste box and copy buttons last frame (tests)
  float table_scroll_x = 0;            // how far the layer table scrolls sideways (0: every column in view; tests)
  std::string animate_note;   // the app's limits applied to it
  int axis = -1;              // the stack drawing's spatial axis (0-based), -1: the last (width)
  std::optional<std::pair<int, int>> pinned;  // (row, cell): row 0 the input, row L layer L's output
  // Mirror: per layer (0-based) the output sizes its output_padding chose from ("63, 64"), for decoder layers.
  std::vector<std::string> mirror_choices;
  std::string mirror_note;

  // Derived by Update() when `dirty`: the propagated prefix (all layers when valid), the receptive fields, the error.
  bool dirty = true;
  std::vector<Config> configs;
  std::vector<std::vector<FieldAxis>> fields;
  std::optional<NetworkError> error;
  StackView view;
  std::optional<std::pair<int, int>> view_focus;  // the focus `view` was built for
  bool view_built = false;

  void Changed() {
    dirty = true;
    preset.clear();
  }
  void Update();                  // propagates (when dirty) and builds the stack view for `focus`
  void BuildView(std::optional<std::pair<int, int>> focus);
  bool LoadPreset(const std::string& name);
  // Reads PyTorch or Keras code (Keras when it mentions `layers.` or `keras`); sets import_error on failure.
  bool Import(const std::string& code);
  int Axis() const { return axis < 0 || axis >= network.rank ? network.rank - 1 : axis; }
};

// The Network window (network_panel.cpp).
void DrawNetworkWindow(App& app, bool* open);
// Puts a layer on the main canvas with a ramp input and a kernel of ones, step 0, fitted (the layer as given: the
// caller keeps it within the app's limits).
void PutLayerOnCanvas(App& app, const Config& config);
// Puts layer `index` (0-based, propagated) on the main canvas with a ramp input; the app's limits noted in the state.
void AnimateNetworkLayer(App& app, int index);
// For tests: {"layers": N, "valid": ..., "error": "...", "output": "HxW", "pinned": [row, cell], "lit": N}.
std::string NetworkStateJson(const NetworkPanelState& state);
// --network PRESET|open, --network-layers, --network-input, --network-import, --network-pin, --network-layer: opens
// the window with them. Returns an exit code for a bad value in automation runs.
std::optional<int> ApplyNetworkCommandLine(App& app, const cli::AppArgs& args, bool automation);

}  // namespace convarith::app
