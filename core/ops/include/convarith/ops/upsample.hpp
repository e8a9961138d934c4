// Upsampling without a kernel: nearest and (bi/tri)linear resize, pixel shuffle and max unpooling, as PyTorch does them.
//
// Tensors use the canonical layout of compute.hpp: (C, D, H, W) with neutral spatial axes of size 1 (the first
// 3 - rank). Every function throws InvalidConfig (an Error with code InvalidConfig) naming the parameter (PyTorch's
// argument name: scale_factor, upscale_factor, kernel_size, stride, padding, output_size, indices, input) and the rule.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "convarith/ops/compute.hpp"

namespace convarith {

// Linear: linear (1-D), bilinear (2-D) or trilinear (3-D) by the rank, as F.interpolate's modes.
enum class UpsampleMode { Nearest, Linear };
// "nearest", or "linear" / "bilinear" / "trilinear" for the rank.
std::string_view UpsampleModeName(UpsampleMode mode, int rank);
// nearest | bilinear (also linear and trilinear: the rank decides which one runs).
std::optional<UpsampleMode> ParseUpsampleMode(std::string_view name);

// F.interpolate(x, scale_factor=factor, mode=..., align_corners=False) on every spatial axis of the rank.
struct UpsampleParams {
  int rank = 2;     // spatial dimensions: 1, 2 or 3
  int factor = 2;   // s >= 1, the same on every spatial axis
  UpsampleMode mode = UpsampleMode::Nearest;
};

// Along one axis, where output cell o reads: two input cells and their weights (nearest: w0 = 1, w1 = 0, i1 = i0).
// Linear, align_corners=False: x = max(0, (o + 0.5)/s - 0.5), i0 = floor(x), i1 = min(i0 + 1, i - 1),
// w1 = x - i0, w0 = 1 - w1 (PyTorch's area_pixel_compute_source_index). Nearest: i0 = floor(o/s).
struct AxisSample {
  int i0 = 0, i1 = 0;
  double w0 = 1, w1 = 0;
};
AxisSample UpsampleSample(UpsampleMode mode, int factor, int input_size, int out);

// Spatial output sizes {D, H, W}: i·s on the rank's axes, 1 on the neutral ones. Throws InvalidConfig when the
// parameters or the input's shape break a rule (rank, s >= 1, sizes within kMaxSize, elements within kMaxElements).
std::array<int, 3> UpsampleOutputDims(const UpsampleParams& params, const std::vector<int>& input_shape);
Tensor Upsample(const UpsampleParams& params, const Tensor& input);

// One input cell an output value is made of, with its weight: the value is the sum of weight · x[channel, at].
struct UpsampleTap {
  std::array<int, 3> at{};  // input cell {z, row, col}
  double weight = 1;
};
// The taps of output cell `out` {z, row, col} (the product of the per-axis samples; taps of weight 0 left out, so
// nearest gives one and bilinear up to four).
std::vector<UpsampleTap> UpsampleTaps(const UpsampleParams& params, const std::array<int, 3>& input_dims,
                                      const std::array<int, 3>& out);

// F.pixel_shuffle(x, upscale_factor): (C·s^rank, spatial...) -> (C, spatial·s). For rank 2 it is PyTorch's;
// rank 1 and 3 follow the same rule (PyTorch has none): y[c, h·s + a, w·s + b] = x[c·s² + a·s + b, h, w].
struct PixelShuffleParams {
  int rank = 2;
  int factor = 2;  // upscale_factor r >= 1
};
// The output's canonical shape (C / s^rank, D·s, H·s, W·s on the rank's axes). Throws InvalidConfig (channels not
// divisible by s^rank, sizes beyond the limits).
std::vector<int> PixelShuffleShape(const PixelShuffleParams& params, const std::vector<int>& input_shape);
Tensor PixelShuffle(const PixelShuffleParams& params, const Tensor& input);
// The input channel and cell that output cell (channel, {z, row, col}) copies.
struct ShuffleSource {
  int channel = 0;
  std::array<int, 3> at{};
};
ShuffleSource PixelShuffleSource(const PixelShuffleParams& params, int channel, const std::array<int, 3>& out);

// F.max_unpoolNd(y, indices, kernel_size, stride, padding, output_size): every pooled value written back at its flat
// index within its channel's output map; every other cell 0.
struct UnpoolParams {
  int rank = 2;
  std::array<int, 3> kernel{1, 2, 2};   // {D, H, W}; neutral axes 1
  std::array<int, 3> stride{1, 2, 2};
  std::array<int, 3> padding{0, 0, 0};
  std::array<int, 3> output{0, 0, 0};   // output_size; 0 on an axis: PyTorch's default (i - 1)·s - 2p + k
};
// The unpooling of a max pooling's output: its k, s, p; output_size the pooling's input size (so the winners return to
// where they were) when `to_input_size`, else PyTorch's default.
UnpoolParams UnpoolOf(const Config& maxpool, bool to_input_size);
// The spatial output sizes; throws InvalidConfig when a parameter breaks a rule or output_size is outside PyTorch's
// range (default - s, default + s), exclusive.
std::array<int, 3> UnpoolOutputDims(const UnpoolParams& params, const std::array<int, 3>& pooled_dims);
// `indices` holds one flat index (d·H·W + h·W + w of the output map) per pooled value, as MaxPool gives them; an index
// outside the output map throws InvalidConfig naming indices.
Tensor MaxUnpool(const UnpoolParams& params, const Tensor& pooled, const std::vector<int64_t>& indices);

}  // namespace convarith
