// The Matrix window's state: the convolution matrix C (or Cᵀ), computed once per recompute while the window is open.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "convarith/ops/compute.hpp"

namespace convarith::app {

// Largest matrix the window draws (rows x columns); above it the window says so instead.
inline constexpr long long kMaxDrawnMatrixCells = 40'000;

struct MatrixPanelState {
  uint64_t generation = 0;  // of the computation the matrix belongs to (0: none yet)
  SparseMatrix matrix;
  std::string refusal;      // why there is no matrix to draw (too large, pooling)
  // The Unfolded (im2col) tab (ops/unfold.hpp), computed once per recompute while it is shown: F.unfold's columns,
  // the flattened kernels and their product, or why not.
  bool unfolded = false;    // the tab shown (remembered)
  int select_tab = 2;       // frames to bring the tab `unfolded` names to the front (ImGui takes a frame to do it)
  uint64_t unfold_generation = 0;
  Tensor columns, kernels, product;
  std::string unfold_refusal;
  int unfold_step = -1;     // the step whose column was last scrolled into view
  bool unfold_drawn = false;  // the tab drew its matrices this frame (reported in the state file)
  std::array<float, 4> unfold_rect{};  // the window's x0, y0, x1, y1 while the tab draws (state file)
};

}  // namespace convarith::app
