// Where a kernel tap reads: the convolution arithmetic's one formula, x = o·s − p + u·d, its inverse and its walk.
#pragma once

#include <array>

#include "convarith/shape/config.hpp"

namespace convarith {

// Along one axis, the position that tap u of output o reads: o·s − p + u·d, counted from the first input cell
// (negative or past the input: the padding). With p = 0 it counts from the first cell of the padded canvas; with
// s = 1 it is the equivalent convolution's; with o an input cell of a transposed convolution, the output it stamps.
constexpr int TapPosition(int o, int u, int stride, int pad_before, int dilation) {
  return o * stride - pad_before + u * dilation;
}
constexpr int TapPosition(const AxisParams& a, int o, int u) { return TapPosition(o, u, a.stride, a.pad_before, a.dilation); }

// The inverse: the o >= 0 whose tap u reads position x (TapPosition(o, u, ...) == x), or -1 when there is none.
constexpr int TapOutput(int x, int u, int stride, int pad_before, int dilation) {
  const int t = x + pad_before - u * dilation;
  return t >= 0 && t % stride == 0 ? t / stride : -1;
}

namespace detail {

// Calls fn(u, z, row, col) for every kernel tap of kernel position (p0, p1, p2) of the direct convolution or pooling
// described by `config`, where u = (kz, kr, kc) and each coordinate is TapPosition (p·s - p_b + u·d), skipping taps
// outside [0, size) on some axis (zero padding). With p an input cell of a transposed convolution and `size` its
// output, it walks the cells p stamps.
template <class Fn>
void ForEachTap(const Config& config, std::array<int, 3> p, std::array<int, 3> size, Fn&& fn) {
  const AxisParams& A = config.axes[0];
  const AxisParams& B = config.axes[1];
  const AxisParams& C = config.axes[2];
  for (int kz = 0; kz < A.kernel; ++kz) {
    const int z = TapPosition(A, p[0], kz);
    if (z < 0 || z >= size[0]) continue;
    for (int kr = 0; kr < B.kernel; ++kr) {
      const int row = TapPosition(B, p[1], kr);
      if (row < 0 || row >= size[1]) continue;
      for (int kc = 0; kc < C.kernel; ++kc) {
        const int col = TapPosition(C, p[2], kc);
        if (col >= 0 && col < size[2]) fn(std::array<int, 3>{kz, kr, kc}, z, row, col);
      }
    }
  }
}

}  // namespace detail
}  // namespace convarith
