// The Network panel's data, GUI-free (the benchmark builds it without a window): the layer spec text of a network
// (what settings remember), the panel's presets, and the stack view model: every layer's output as a row of cells
// along one axis, with the receptive field of a focused cell lit in every layer below down to the input and the number
// of stamp paths from the input to every cell (a transposed stack's checkerboard, compounding across layers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convarith/shape/config.hpp"
#include "convarith/network/network.hpp"

namespace convarith::app {

// One layer as the `--layers` spec writes it: "conv k=3 s=2 p=1 c=16" (sizes as HxW when the axes differ, p=same for
// the 'same' rule, only what differs from the defaults). ParseLayerSpec reads it back.
std::string LayerSpecText(const Layer& layer, int rank);
// Every layer, separated by "; ".
std::string NetworkSpecText(const Network& network);

// The panel's presets: "encoder-decoder" (64 -> 4 -> 64: four k4 s2 p1 convolutions, four transposed ones back),
// "dilated" (k3 with d = 1, 2, 4, 8: the receptive field grows exponentially), "transposed" (three k3 s2 transposed
// convolutions: the checkerboard compounds). Nothing for an unknown name.
std::optional<Network> NetworkPreset(std::string_view name);
std::vector<std::string> NetworkPresetNames();

struct StackRow {
  int size = 0;                // cells along the axis (row 0: the network's input; row L: layer L's output)
  std::vector<double> paths;   // stamp paths from the first transposed layer's input to each cell (1 up to it)
  double max_paths = 0;        // over this row
  std::vector<double> weight;  // paths from each cell up to the focused cell (all 0 without a focus)
};

struct StackView {
  int axis = 0;  // spatial axis, 0-based in PyTorch order
  std::vector<StackRow> rows;
  bool transposed = false;  // some layer is a transposed convolution (the paths colour the cells)
  int first_stamped = 0;    // the first transposed layer's input row: paths count from there (1 in it and below)
  std::optional<std::pair<int, int>> focus;  // (row, cell), when inside the rows
  // The focused cell's receptive field in the network's input per core's FieldOfCell (rows > 0).
  std::optional<std::pair<long long, long long>> field;
};

// The stack view of propagated layers (Propagate's result) along `axis`, focused on (row, cell) if given.
StackView BuildStackView(const std::vector<Config>& layers, int axis, std::optional<std::pair<int, int>> focus);

}  // namespace convarith::app
