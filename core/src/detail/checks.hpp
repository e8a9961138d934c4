// Internal checks and the kernel-tap walk shared by the core's computing files.
#pragma once

#include "convarith/compute.hpp"

namespace convarith::detail {

// Throws InvalidConfig with the first broken rule.
void RequireValid(const Config& config);
// Throws InvalidConfig when g is not rows x cols.
void RequireShape(const Grid& g, int rows, int cols, const char* parameter, const char* what);
// Throws InvalidConfig when the computation would exceed kMaxWork multiply-adds.
void RequireWork(const Config& config);

// Calls fn(u, v, row, col) for every kernel tap (u, v) of kernel position (r, c) of the direct convolution or
// pooling described by `config`: row = r·s - p + u·d (likewise col), skipping taps outside [0, rows) x [0, cols).
// With (r, c) an input cell of a transposed convolution and rows x cols its output, it walks the cells r stamps.
template <class Fn>
void ForEachTap(const Config& config, int r, int c, int rows, int cols, Fn&& fn) {
  const AxisParams& H = config.height();
  const AxisParams& W = config.width();
  for (int u = 0; u < H.kernel; ++u) {
    const int row = r * H.stride - H.padding + u * H.dilation;
    if (row < 0 || row >= rows) continue;
    for (int v = 0; v < W.kernel; ++v) {
      const int col = c * W.stride - W.padding + v * W.dilation;
      if (col >= 0 && col < cols) fn(u, v, row, col);
    }
  }
}

}  // namespace convarith::detail
