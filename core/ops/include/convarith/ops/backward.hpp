// The backward pass: given the gradient of a loss with respect to a layer's output, the gradients with respect to its
// input, weight and bias (as torch.autograd computes them), and each gradient value written out as its sum.
//
// The maths the paper points at: the gradient of a convolution with respect to its input IS the transposed
// convolution of the output gradient with the same kernel (Cᵀ), and that of a transposed convolution a direct
// convolution; the weight gradient correlates the input with the output gradient; the bias gradient sums the output
// gradient per channel. Max pooling sends each output's gradient to the input cell that won (PyTorch's first maximum);
// average pooling spreads it over the window, divided by the forward pass's divisor.
//
// Tensors are canonical (see compute.hpp): grad_output has the output's shape (C_out, oD, oH, oW), grad_input the
// input's, grad_weight the weight's (PyTorch's layout), grad_bias (C_out).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "convarith/ops/compute.hpp"

namespace convarith {

struct Gradients {
  Tensor grad_input;
  Tensor grad_weight;  // empty for pooling
  Tensor grad_bias;    // empty without bias
};

// The three gradients for `grad_output`. Throws InvalidConfig when the configuration or a tensor's shape does not fit
// (weight is ignored for pooling).
Gradients Backward(const Config& config, const Tensor& input, const Tensor& weight, const Tensor& grad_output);

// The input gradient as a forward computation of its own (what the app animates with the forward views):
//   conv        -> the transposed convolution of grad_output with the same weight (same k, s, p, d, groups; channels
//                  swapped; output_padding chosen so its output has the input's size). For reflect, replicate and
//                  circular padding it is taken without padding (its output is the padded input's gradient) and
//                  FoldPadding adds the padding's cells back onto the input cells they copy.
//   transposed  -> the direct convolution it is the transpose of (compute.hpp's associated convolution); its output
//                  may have a few more cells at the end (a >= s), which CropTo removes.
// Pooling has none (its gradient is a routing, not a convolution): throws InvalidConfig.
Config InputGradConfig(const Config& config);
// conv with a padding mode other than zeros: the padded input's gradient (C_in, i + p_b + p_a per axis) folded onto
// the input (each padded cell's gradient added to the input cell it copied, PaddedSource). Otherwise a copy.
Tensor FoldPadding(const Config& config, const Tensor& padded_gradient);
// The first size[axis] cells of every spatial axis (the channel dim kept).
Tensor CropTo(const Tensor& t, std::array<int, 3> size);

// Which gradient a step computes.
enum class GradTarget : uint8_t { Input, Weight, Bias };
std::string_view GradTargetName(GradTarget target);  // input | weight | bias
std::optional<GradTarget> ParseGradTarget(std::string_view name);

// The weight and bias gradients as forward computations of their own (what the app and `export --backward --gradient`
// animate, as InputGradConfig does for the input gradient): Recompute(problem.config, problem.input, problem.weight).
//   weight -> a correlation whose "kernel" slides over a signal with stride and dilation swapped (stride d, dilation
//             s: PyTorch's conv weight gradient). Conv: the signal is the input x (its padding and padding mode kept),
//             the kernels are the output gradient's maps. Transposed: the signal is the output gradient (padded by
//             p), the kernels the input's maps. Every signal channel is a group of its own, with one output per kernel
//             of its layer group: output channel s·(K/G) + t is the pair (signal channel s, kernel t of s's group), an
//             output map of the kernel's size (the padding after is trimmed, or the signal cropped, to the cells the
//             forward pass reads; a padding mode whose values would change then is materialised as zero-padded cells).
//   bias   -> every output channel's map of ∂L/∂y summed: a depthwise "convolution" with a kernel of ones as large as
//             the map, one output (one step) per channel.
// Throws InvalidConfig for pooling (and for bias without bias).
struct GradProblem {
  Config config;
  Tensor input, weight;
};
GradProblem WeightGradProblem(const Config& layer, const Tensor& input, const Tensor& grad_output);
GradProblem BiasGradProblem(const Config& layer, const Tensor& grad_output);
// Output value `n` of WeightGradProblem's computation as a flat index into the layer's canonical weight (its channel
// pair reordered to PyTorch's weight layout).
int64_t WeightGradIndex(const Config& layer, int64_t n);
// The problem's output as the gradient: weight in the weight's canonical layout, bias (C_out).
Tensor GradFromProblem(const Config& layer, GradTarget target, const Tensor& output);

// One product of a gradient's sum: a · b. Which tensors a and b come from depends on the target:
//   Input, conv/transposed: a = grad_output, b = weight;  Input, maxpool: a = grad_output, b = 1;
//   Input, avgpool: a = grad_output, b = 1/divisor;       Weight: a = input, b = grad_output;
//   Bias: a = grad_output, b = 1.
// Indices are flat into the canonical tensors (-1 for a constant b).
struct GradTerm {
  int64_t a_index = -1, b_index = -1;
  double a = 0, b = 1;
};

// One gradient value as its sum: grad[index] = Σ a·b over the terms (listed as GradientStep says).
struct GradStep {
  GradTarget target = GradTarget::Input;
  int64_t index = 0;          // flat into the gradient tensor (canonical shape of input, weight or bias)
  std::vector<GradTerm> terms;
  double result = 0;          // the sum, added in the terms' order
};

// Everything a backward pass needs, computed once (what the app keeps next to its Computation): the configuration
// (normalised), the tensors (canonical), the three gradients and, for max pooling, the winners.
struct BackwardPass {
  Config config;
  Tensor input, weight, grad_output;
  Gradients gradients;
  std::vector<int64_t> winners;  // maxpool: per output value, the flat index of its winner in its channel's map
};
// Validates and computes. grad_output may have PyTorch's shape or the canonical one. Throws InvalidConfig.
BackwardPass MakeBackwardPass(const Config& config, const Tensor& input, const Tensor& weight,
                              const Tensor& grad_output);

// How many values the target's gradient has (0 when the layer has no such gradient: pooling's weight, no bias).
int64_t GradStepCount(const BackwardPass& pass, GradTarget target);
// Gradient value `index` (clamped to [0, GradStepCount)) of `target`, with its terms. Terms are listed output
// channel by output channel, then position by position (row-major); padding's zeros are left out.
GradStep GradientStep(const BackwardPass& pass, GradTarget target, int64_t index);

}  // namespace convarith
