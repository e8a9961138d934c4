// Operation names, normalisation and the validation of a configuration, with messages in the spirit of PyTorch's.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/shape/config.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {

std::string_view OpName(Op op) {
  switch (op) {
    case Op::Conv: return "conv";
    case Op::MaxPool: return "maxpool";
    case Op::AvgPool: return "avgpool";
    case Op::Transposed: return "transposed";
  }
  return "conv";
}

std::string_view OpTitle(Op op) {
  switch (op) {
    case Op::Conv: return "Convolution";
    case Op::MaxPool: return "Max pooling";
    case Op::AvgPool: return "Average pooling";
    case Op::Transposed: return "Transposed convolution";
  }
  return "Convolution";
}

std::string TorchClassName(const Config& c) {
  const std::string dims = std::to_string(c.rank) + "d";
  switch (c.op) {
    case Op::Conv: return "Conv" + dims;
    case Op::MaxPool: return "MaxPool" + dims;
    case Op::AvgPool: return "AvgPool" + dims;
    case Op::Transposed: return "ConvTranspose" + dims;
  }
  return "Conv" + dims;
}

Param ParamNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Param> kNames[] = {
      {"input_size", Param::Input},         {"input", Param::Input},
      {"kernel_size", Param::Kernel},       {"stride", Param::Stride},
      {"padding", Param::Padding},          {"pad_before", Param::Padding},
      {"pad_after", Param::Padding},        {"dilation", Param::Dilation},
      {"output_padding", Param::OutputPadding}, {"in_channels", Param::InChannels},
      {"out_channels", Param::OutChannels}, {"groups", Param::Groups},
      {"padding_mode", Param::PaddingMode}, {"ceil_mode", Param::CeilMode},
      {"count_include_pad", Param::CountIncludePad}, {"dims", Param::Dims},
      {"op", Param::Op},                    {"output", Param::Output},
  };
  for (const auto& [text, param] : kNames) {
    if (text == name) return param;
  }
  return Param::None;
}

std::optional<Op> ParseOp(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  // A trailing 1d/2d/3d names the rank, which --dims or the sizes give; the operation is the same.
  if (n.size() > 2 && (n.ends_with("1d") || n.ends_with("2d") || n.ends_with("3d"))) n.resize(n.size() - 2);
  if (n == "conv" || n == "convolution") return Op::Conv;
  if (n == "maxpool" || n == "max_pool") return Op::MaxPool;
  if (n == "avgpool" || n == "avg_pool") return Op::AvgPool;
  if (n == "transposed" || n == "convtranspose" || n == "conv_transpose" || n == "deconv") return Op::Transposed;
  return std::nullopt;
}

std::string_view PaddingModeName(PaddingMode mode) {
  switch (mode) {
    case PaddingMode::Zeros: return "zeros";
    case PaddingMode::Reflect: return "reflect";
    case PaddingMode::Replicate: return "replicate";
    case PaddingMode::Circular: return "circular";
  }
  return "zeros";
}

std::optional<PaddingMode> ParsePaddingMode(std::string_view name) {
  for (PaddingMode m : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular}) {
    if (PaddingModeName(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view AxisName(const Config& c, int axis) {
  if (c.rank == 1) return "length";
  switch (axis) {
    case kDepth: return "depth";
    case kHeight: return "height";
    default: return "width";
  }
}

void SetRank(Config& c, int rank) {
  rank = std::clamp(rank, 1, kMaxRank);
  const AxisParams width = c.axes[kWidth];
  const int old_first = c.first_axis();
  c.rank = rank;
  for (int a = 0; a < 3; ++a) {
    if (a < c.first_axis()) {
      c.axes[static_cast<size_t>(a)] = kNeutralAxis;
    } else if (a < old_first) {
      c.axes[static_cast<size_t>(a)] = width;
    }
  }
}

std::optional<ConfigError> CheckParamApplies(Op op, OpOnlyParam param) {
  const bool pooling = op == Op::MaxPool || op == Op::AvgPool;
  switch (param) {
    case OpOnlyParam::OutputPadding:
      if (op != Op::Transposed) return ConfigError{"output_padding", "output_padding applies only to transposed"};
      break;
    case OpOnlyParam::OutChannels:
    case OpOnlyParam::Groups:
      if (pooling) {
        return ConfigError{param == OpOnlyParam::Groups ? "groups" : "out_channels",
                           "out_channels and groups apply to conv and transposed; pooling works on each input channel"};
      }
      break;
    case OpOnlyParam::Bias:
      if (pooling) return ConfigError{"bias", "bias applies to conv and transposed; pooling has no bias"};
      break;
    case OpOnlyParam::PaddingMode:
      if (op != Op::Conv) {
        return ConfigError{"padding_mode", "padding_mode applies only to conv (PyTorch's transposed convolutions and "
                                           "poolings pad with zeros)"};
      }
      break;
    case OpOnlyParam::CeilMode:
      if (!pooling) return ConfigError{"ceil_mode", "ceil_mode applies only to maxpool and avgpool"};
      break;
    case OpOnlyParam::CountIncludePad:
      if (op != Op::AvgPool) return ConfigError{"count_include_pad", "count_include_pad applies only to avgpool"};
      break;
  }
  return std::nullopt;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "True" || text == "1") return true;
  if (text == "false" || text == "False" || text == "0") return false;
  return std::nullopt;
}

Config Normalized(Config c) {
  for (int a = 0; a < c.first_axis(); ++a) c.axes[static_cast<size_t>(a)] = kNeutralAxis;
  if (c.pooling()) {
    c.out_channels = c.in_channels;
    c.groups = 1;
    c.bias = false;
  } else {
    c.ceil_mode = false;
  }
  if (c.op != Op::AvgPool) c.count_include_pad = true;
  if (c.op != Op::Conv) c.padding_mode = PaddingMode::Zeros;
  if (c.op != Op::Transposed)
    for (AxisParams& a : c.axes) a.output_padding = 0;
  return c;
}

namespace {

std::string AxisSuffix(const Config& c, int axis) {
  const auto sp = c.spatial();
  if (std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; })) return "";
  return " on " + std::string(AxisName(c, axis));
}

// PyTorch's floor division for possibly negative numerators (div_rtn).
long long FloorDiv(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::optional<ConfigError> RangeCheck(const char* parameter, const char* symbol, int value, int lo, int hi,
                                      const std::string& where) {
  if (value < lo || value > hi) {
    std::string rule = "between " + std::to_string(lo) + " and " + std::to_string(hi);
    return ConfigError{parameter, std::string(parameter) + " (" + symbol + ") must be " + rule + ", got " +
                                      std::to_string(value) + where};
  }
  return std::nullopt;
}

std::string PaddingText(const AxisParams& a) {
  if (a.symmetric()) return "2·" + std::to_string(a.pad_before);
  return std::to_string(a.pad_before) + " + " + std::to_string(a.pad_after);
}

std::optional<ConfigError> ValidateAxis(const Config& c, int axis) {
  const AxisParams& a = c.axes[static_cast<size_t>(axis)];
  const std::string where = AxisSuffix(c, axis);
  const bool transposed = c.op == Op::Transposed;
  if (auto e = RangeCheck("input_size", transposed ? "i'" : "i", a.input, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("kernel_size", "k", a.kernel, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("stride", "s", a.stride, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("padding", "p", a.pad_before, 0, kMaxSize, where)) return e;
  if (auto e = RangeCheck("padding", "p", a.pad_after, 0, kMaxSize, where)) return e;
  if (auto e = RangeCheck("dilation", "d", a.dilation, 1, kMaxSize, where)) return e;
  if (c.op == Op::AvgPool && a.dilation != 1) {
    return ConfigError{"dilation", "dilation (d) must be 1 for avgpool (AvgPool has no dilation), got " +
                                       std::to_string(a.dilation) + where};
  }
  const long long khat = static_cast<long long>(a.dilation) * (a.kernel - 1) + 1;
  if (khat > kMaxSize) {
    return ConfigError{"dilation", "the dilated kernel d(k - 1) + 1 = " + std::to_string(khat) + " must be at most " +
                                       std::to_string(kMaxSize) + where};
  }
  const std::string i = std::to_string(a.input), k = std::to_string(a.kernel);
  const long long padded = static_cast<long long>(a.input) + a.total_padding();

  switch (c.op) {
    case Op::Conv: {
      if (khat > padded) {
        std::string kernel_text = a.dilation == 1 ? "kernel_size (k = " + k + ")"
                                                  : "dilated kernel_size (d(k - 1) + 1 = " + std::to_string(khat) + ")";
        return ConfigError{"kernel_size", kernel_text + " can't be greater than the padded input (i + p = " + i +
                                              " + " + PaddingText(a) + " = " + std::to_string(padded) + ")" + where};
      }
      const int widest = std::max(a.pad_before, a.pad_after);
      if (c.padding_mode == PaddingMode::Reflect && widest >= a.input) {
        return ConfigError{"padding_mode", "reflect padding must be smaller than the input (p = " +
                                               std::to_string(widest) + " < i = " + i + " fails)" + where};
      }
      if (c.padding_mode == PaddingMode::Circular && widest > a.input) {
        return ConfigError{"padding_mode", "circular padding can wrap around the input only once (p = " +
                                               std::to_string(widest) + " <= i = " + i + " fails)" + where};
      }
      break;
    }
    case Op::MaxPool:
    case Op::AvgPool: {
      if (std::max(a.pad_before, a.pad_after) > a.kernel / 2) {
        return ConfigError{"padding", "pad should be at most half of kernel size (p <= k/2 = " +
                                          std::to_string(a.kernel / 2) + "), but got p = " +
                                          std::to_string(std::max(a.pad_before, a.pad_after)) + where};
      }
      if (c.op == Op::AvgPool && c.rank == 3 && a.input < a.kernel) {
        return ConfigError{"kernel_size", "kernel_size (k = " + k + ") can't be greater than the unpadded input (i = " + i +
                                              ") for a 3-D avgpool (PyTorch's AvgPool3d checks the input without "
                                              "padding)" + where};
      }
      long long num = padded - (khat - 1) - 1 + (c.ceil_mode ? a.stride - 1 : 0);
      long long o = FloorDiv(num, a.stride) + 1;
      if (c.ceil_mode && o > 0 && (o - 1) * a.stride >= a.input + a.pad_before) --o;
      if (o < 1) {
        return ConfigError{"kernel_size", "output size is too small: kernel_size (k = " + k +
                                              (a.dilation > 1 ? ", d = " + std::to_string(a.dilation) : "") +
                                              ") does not fit the padded input (i + p = " + std::to_string(padded) +
                                              ")" + where};
      }
      break;
    }
    case Op::Transposed: {
      if (a.output_padding < 0 || a.output_padding > kMaxSize) {
        return ConfigError{"output_padding", "output_padding (a) must be between 0 and " + std::to_string(kMaxSize) +
                                                 ", got " + std::to_string(a.output_padding) + where};
      }
      if (a.output_padding >= a.stride && a.output_padding >= a.dilation) {
        return ConfigError{"output_padding",
                           "output_padding (a = " + std::to_string(a.output_padding) +
                               ") must be smaller than either stride (s = " + std::to_string(a.stride) +
                               ") or dilation (d = " + std::to_string(a.dilation) + ")" + where};
      }
      long long o = (static_cast<long long>(a.input) - 1) * a.stride - a.total_padding() + (khat - 1) +
                    a.output_padding + 1;
      if (o < 1) {
        return ConfigError{"padding", "padding (p = " + PaddingText(a) +
                                          ") is too large: the output size (i' - 1)s - 2p + d(k - 1) + a + 1 = " +
                                          std::to_string(o) + " is not positive" + where};
      }
      if (o > kMaxSize) {
        return ConfigError{"stride", "the output size (i' - 1)s - 2p + d(k - 1) + a + 1 = " + std::to_string(o) +
                                         " is larger than " + std::to_string(kMaxSize) + where};
      }
      break;
    }
  }
  return std::nullopt;
}

std::optional<ConfigError> ValidateChannels(const Config& c) {
  if (c.rank < 1 || c.rank > kMaxRank) {
    return ConfigError{"dims", "the spatial rank (--dims) must be 1, 2 or 3, got " + std::to_string(c.rank)};
  }
  if (auto e = RangeCheck("in_channels", "C_in", c.in_channels, 1, kMaxChannels, "")) return e;
  if (c.pooling()) return std::nullopt;
  if (auto e = RangeCheck("out_channels", "C_out", c.out_channels, 1, kMaxChannels, "")) return e;
  if (c.groups < 1) return ConfigError{"groups", "groups must be a positive integer, got " + std::to_string(c.groups)};
  if (c.in_channels % c.groups != 0) {
    return ConfigError{"groups", "in_channels must be divisible by groups (in_channels = " +
                                     std::to_string(c.in_channels) + ", groups = " + std::to_string(c.groups) + ")"};
  }
  if (c.out_channels % c.groups != 0) {
    return ConfigError{"groups", "out_channels must be divisible by groups (out_channels = " +
                                     std::to_string(c.out_channels) + ", groups = " + std::to_string(c.groups) + ")"};
  }
  if (c.op == Op::Transposed && c.padding_mode != PaddingMode::Zeros) {
    return ConfigError{"padding_mode", "only 'zeros' padding_mode is supported for " + TorchClassName(c) + ", got '" +
                                           std::string(PaddingModeName(c.padding_mode)) + "'"};
  }
  return std::nullopt;
}

std::optional<ConfigError> ValidateSizes(const Config& c) {
  // No tensor may hold more than kMaxElements values: input, weight, output, and the grid the kernel slides over.
  const Config n = Normalized(c);
  const auto out = OutputShape(n);
  long long in_cells = 1, out_cells = 1, k_cells = 1, canvas_cells = 1;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = n.axes[static_cast<size_t>(a)];
    in_cells *= ax.input;
    out_cells *= out[static_cast<size_t>(a)];
    k_cells *= ax.kernel;
    canvas_cells *= n.op == Op::Transposed ? out[static_cast<size_t>(a)] + DilatedKernel(ax) - 1
                                           : static_cast<long long>(ax.input) + ax.total_padding();
  }
  auto too_big = [&](const char* parameter, const char* what, long long count,
                     long long limit = kMaxElements) -> std::optional<ConfigError> {
    if (count <= limit) return std::nullopt;
    return ConfigError{parameter, std::string(what) + " would hold " + std::to_string(count) +
                                      " values, more than the limit of " + std::to_string(limit) +
                                      "; reduce the sizes or channels"};
  };
  if (auto e = too_big("input_size", "the input (C_in x spatial)", in_cells * n.in_channels)) return e;
  if (auto e = too_big("out_channels", "the output (C_out x spatial)", out_cells * n.out_channels)) return e;
  if (auto e = too_big("kernel_size", "the weight", k_cells * n.in_channels * n.out_per_group())) return e;
  // A step of the animation lists every value one output reads (C_in/groups x kernel): keep a step's list bounded.
  const long long taps = k_cells * (n.pooling() ? 1 : n.in_per_group());
  if (taps > kMaxStepTaps) {
    return ConfigError{"kernel_size", "one output would read " + std::to_string(taps) +
                                          " values (C_in/groups x kernel), more than the limit of " +
                                          std::to_string(kMaxStepTaps) + "; reduce kernel_size or channels per group"};
  }
  // The padded (or stretched) input is materialised once per computation: room for the padding of a full-size input.
  if (auto e = too_big("input_size", "the padded (or stretched) input", canvas_cells * n.in_channels, 2 * kMaxElements)) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ConfigError> Validate(const Config& config) {
  if (auto e = ValidateChannels(config)) return e;
  for (int axis = config.first_axis(); axis < 3; ++axis) {
    if (auto e = ValidateAxis(config, axis)) return e;
  }
  for (int axis = 0; axis < config.first_axis(); ++axis) {
    if (config.axes[static_cast<size_t>(axis)] != kNeutralAxis) {
      return ConfigError{"dims", "a rank-" + std::to_string(config.rank) + " layer has no " +
                                     std::string(AxisName(config, axis)) + " axis; its parameters must stay neutral"};
    }
  }
  return ValidateSizes(config);
}

}  // namespace convarith
