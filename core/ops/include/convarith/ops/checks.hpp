// Internal checks and canonical sizes shared by the core's computing files (the tap walk is in taps.hpp).
#pragma once

#include <array>

#include "convarith/ops/compute.hpp"
#include "convarith/ops/taps.hpp"  // ForEachTap, for the files that walk taps

namespace convarith::detail {

// Throws InvalidConfig with the first broken rule.
void RequireValid(const Config& config);
// Throws InvalidConfig when t does not have the canonical shape of `role` for the configuration.
void RequireTensor(const Config& config, const Tensor& t, TensorRole role);
// Throws InvalidConfig when the computation would exceed kMaxWork multiply-adds.
void RequireWork(const Config& config);

// The direct convolution a transposed one is the transpose of: input o', output i', channels swapped, no a.
Config AssociatedConfig(const Config& transposed);

// Spatial sizes of the canonical tensors.
inline std::array<int, 3> InputDims(const Config& c) { return {c.axes[0].input, c.axes[1].input, c.axes[2].input}; }
inline std::array<int, 3> KernelDims(const Config& c) {
  return {c.axes[0].kernel, c.axes[1].kernel, c.axes[2].kernel};
}
inline long long Volume(const std::array<int, 3>& d) { return static_cast<long long>(d[0]) * d[1] * d[2]; }

}  // namespace convarith::detail
