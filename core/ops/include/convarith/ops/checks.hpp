// Internal checks and the kernel-tap walk shared by the core's computing files.
#pragma once

#include <array>

#include "convarith/ops/compute.hpp"

namespace convarith::detail {

// Throws InvalidConfig with the first broken rule.
void RequireValid(const Config& config);
// Throws InvalidConfig when t does not have the canonical shape of `role` for the configuration.
void RequireTensor(const Config& config, const Tensor& t, TensorRole role);
// Throws InvalidConfig when the computation would exceed kMaxWork multiply-adds.
void RequireWork(const Config& config);

// The direct convolution a transposed one is the transpose of: input o', output i', channels swapped, no a.
Config AssociatedConfig(const Config& transposed);

// Calls fn(u, z, row, col) for every kernel tap of kernel position (p0, p1, p2) of the direct convolution or pooling
// described by `config`, where u = (kz, kr, kc) and each coordinate is p·s - p_b + u·d, skipping taps outside
// [0, size) on some axis (zero padding). With p an input cell of a transposed convolution and `size` its output, it
// walks the cells p stamps.
template <class Fn>
void ForEachTap(const Config& config, std::array<int, 3> p, std::array<int, 3> size, Fn&& fn) {
  const AxisParams& A = config.axes[0];
  const AxisParams& B = config.axes[1];
  const AxisParams& C = config.axes[2];
  for (int kz = 0; kz < A.kernel; ++kz) {
    const int z = p[0] * A.stride - A.pad_before + kz * A.dilation;
    if (z < 0 || z >= size[0]) continue;
    for (int kr = 0; kr < B.kernel; ++kr) {
      const int row = p[1] * B.stride - B.pad_before + kr * B.dilation;
      if (row < 0 || row >= size[1]) continue;
      for (int kc = 0; kc < C.kernel; ++kc) {
        const int col = p[2] * C.stride - C.pad_before + kc * C.dilation;
        if (col >= 0 && col < size[2]) fn(std::array<int, 3>{kz, kr, kc}, z, row, col);
      }
    }
  }
}

// Spatial sizes of the canonical tensors.
inline std::array<int, 3> InputDims(const Config& c) { return {c.axes[0].input, c.axes[1].input, c.axes[2].input}; }
inline std::array<int, 3> KernelDims(const Config& c) {
  return {c.axes[0].kernel, c.axes[1].kernel, c.axes[2].kernel};
}
inline long long Volume(const std::array<int, 3>& d) { return static_cast<long long>(d[0]) * d[1] * d[2]; }

}  // namespace convarith::detail
