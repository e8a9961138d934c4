// The parameters of one layer, with PyTorch's meaning: Conv1d/2d/3d, ConvTranspose1d/2d/3d, MaxPool and AvgPool of
// spatial rank 1, 2 or 3, with channels, groups, bias, padding mode and per-side padding.
//
// One model for every rank: a configuration always holds three spatial axes (depth, height, width). A rank-2 layer
// has a neutral depth axis (size 1, kernel 1, stride 1, no padding), a rank-1 layer neutral depth and height axes,
// so every computation is written once and a 1-D signal is a 1 x W strip, a 2-D map one depth slice.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "convarith/tensor/limits.hpp"

namespace convarith {

enum class Op { Conv, MaxPool, AvgPool, Transposed };

// How a convolution fills its padding (PyTorch's padding_mode): zeros, or values taken from the input.
enum class PaddingMode { Zeros, Reflect, Replicate, Circular };

// Most values one output may read (C_in/groups x kernel volume): the size of one step of the animation.
inline constexpr long long kMaxStepTaps = 1LL << 20;

// One spatial axis. For Op::Transposed, `input` is the transposed convolution's own input (i' in the paper) and the
// paddings are those of the direct convolution it is the transpose of (they crop the output).
struct AxisParams {
  int input = 5;           // i
  int kernel = 3;          // k
  int stride = 1;          // s
  int pad_before = 0;      // p on the top / left / front side
  int pad_after = 0;       // p on the bottom / right / back side
  int dilation = 1;        // d
  int output_padding = 0;  // a (transposed only)
  bool operator==(const AxisParams&) const = default;

  // Both sides padded by p.
  void SetPadding(int p) { pad_before = pad_after = p; }
  bool symmetric() const { return pad_before == pad_after; }
  int total_padding() const { return pad_before + pad_after; }
};

// The axis every unused spatial dimension takes: one cell, one tap.
inline constexpr AxisParams kNeutralAxis{1, 1, 1, 0, 0, 1, 0};

inline constexpr int kDepth = 0;
inline constexpr int kHeight = 1;
inline constexpr int kWidth = 2;

struct Config {
  Op op = Op::Conv;
  int rank = 2;  // spatial dimensions: 1, 2 or 3
  // [kDepth], [kHeight], [kWidth]; the first 3 - rank are kNeutralAxis.
  std::array<AxisParams, 3> axes{kNeutralAxis, AxisParams{}, AxisParams{}};
  int in_channels = 1;
  int out_channels = 1;  // pooling: equals in_channels (pooling works per channel)
  int groups = 1;        // conv and transposed
  bool bias = false;     // conv and transposed
  PaddingMode padding_mode = PaddingMode::Zeros;  // conv only (PyTorch refuses other modes for ConvTranspose)
  bool ceil_mode = false;                         // pooling
  bool count_include_pad = true;                  // avgpool
  bool operator==(const Config&) const = default;

  int first_axis() const { return 3 - rank; }
  // The rank's own axes in PyTorch order: (W), (H, W) or (D, H, W).
  std::span<const AxisParams> spatial() const { return {axes.data() + first_axis(), static_cast<size_t>(rank)}; }
  std::span<AxisParams> spatial() { return {axes.data() + first_axis(), static_cast<size_t>(rank)}; }
  const AxisParams& depth() const { return axes[kDepth]; }
  const AxisParams& height() const { return axes[kHeight]; }
  const AxisParams& width() const { return axes[kWidth]; }
  bool pooling() const { return op == Op::MaxPool || op == Op::AvgPool; }
  bool has_weight() const { return !pooling(); }
  // Channels per group on the input and output side.
  int in_per_group() const { return in_channels / groups; }
  int out_per_group() const { return out_channels / groups; }
};

// The parameter a rule is about, for code that answers an error (the app marks the control to fix) rather than
// reading names. None: no single parameter (a tensor's shape, a limit on the whole).
enum class Param : uint8_t {
  None, Input, Kernel, Stride, Padding, Dilation, OutputPadding, InChannels, OutChannels, Groups, PaddingMode,
  CeilMode, CountIncludePad, Dims, Op, Output
};

// The Param of a PyTorch argument name as errors write it: "input_size" (or "input") -> Input, "kernel_size" ->
// Kernel, "padding", "pad_before" and "pad_after" -> Padding, ...; None for any other name ("weight", "").
Param ParamNamed(std::string_view name);

// A configuration rule that does not hold: which parameter and what it must satisfy.
struct ConfigError {
  std::string parameter;  // "kernel_size", "groups", ... (PyTorch's argument names)
  std::string message;    // one line, e.g. "kernel_size (7) is larger than the padded input (5 + 2*0 = 5) on height"
  Param param = ParamNamed(parameter);  // the parameter as an enum (from the name unless given)
};

// The operation's short name used on the command line: conv, maxpool, avgpool, transposed.
std::string_view OpName(Op op);
// Parses conv|maxpool|avgpool|transposed (also conv2d, convtranspose3d, maxpool1d, ...).
std::optional<Op> ParseOp(std::string_view name);
// A human title: "Convolution", "Max pooling", "Average pooling", "Transposed convolution".
std::string_view OpTitle(Op op);
// PyTorch's class name for the layer: "Conv2d", "ConvTranspose1d", "MaxPool3d", ...
std::string TorchClassName(const Config& config);

std::string_view PaddingModeName(PaddingMode mode);  // zeros | reflect | replicate | circular
std::optional<PaddingMode> ParsePaddingMode(std::string_view name);

// The name of spatial axis `axis` (kDepth...kWidth) as messages use it: "depth", "height", "width" ("length" for 1-D).
std::string_view AxisName(const Config& config, int axis);

// Sets the rank, keeping the last min(old, new) axes and making the others neutral (new ones copy the width axis).
void SetRank(Config& config, int rank);

// The configuration as computed: pooling takes out_channels = in_channels, groups = 1 and no bias; only conv keeps a
// padding mode other than zeros; only transposed keeps output_padding; only pooling keeps ceil_mode.
Config Normalized(Config config);

// The parameters only some operations take. The command line's flags and the network --layers spec check them with
// CheckParamApplies, so both refuse the same things with the same words.
enum class OpOnlyParam { OutputPadding, OutChannels, Groups, Bias, PaddingMode, CeilMode, CountIncludePad };
// Why `op` does not take `param` ("ceil_mode applies only to maxpool and avgpool"), or nothing when it does.
std::optional<ConfigError> CheckParamApplies(Op op, OpOnlyParam param);
// A boolean as the flags and the --layers spec write it: true or false (also True/False, 1 or 0).
std::optional<bool> ParseBool(std::string_view text);

// Checks every rule of the configuration; the first broken one, or nothing when valid.
std::optional<ConfigError> Validate(const Config& config);

}  // namespace convarith
