// The Matrix window's state: the convolution matrix C (or Cᵀ), computed once per recompute while the window is open.
#pragma once

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
};

}  // namespace convarith::app
