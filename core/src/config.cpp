// Operation names and the validation of a configuration, with messages in the spirit of PyTorch's.
#include <algorithm>
#include <cctype>
#include <string>

#include "convarith/arithmetic.hpp"
#include "convarith/config.hpp"

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

std::optional<Op> ParseOp(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (n == "conv" || n == "conv2d" || n == "convolution") return Op::Conv;
  if (n == "maxpool" || n == "max_pool" || n == "maxpool2d") return Op::MaxPool;
  if (n == "avgpool" || n == "avg_pool" || n == "avgpool2d") return Op::AvgPool;
  if (n == "transposed" || n == "convtranspose" || n == "conv_transpose" || n == "convtranspose2d" ||
      n == "deconv")
    return Op::Transposed;
  return std::nullopt;
}

namespace {

std::string AxisSuffix(const Config& c, int axis) {
  if (c.axes[0] == c.axes[1]) return "";
  return axis == kHeight ? " on height" : " on width";
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

std::optional<ConfigError> ValidateAxis(const Config& c, int axis) {
  const AxisParams& a = c.axes[static_cast<size_t>(axis)];
  const std::string where = AxisSuffix(c, axis);
  const bool transposed = c.op == Op::Transposed;
  if (auto e = RangeCheck("input_size", transposed ? "i'" : "i", a.input, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("kernel_size", "k", a.kernel, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("stride", "s", a.stride, 1, kMaxSize, where)) return e;
  if (auto e = RangeCheck("padding", "p", a.padding, 0, kMaxSize, where)) return e;
  if (auto e = RangeCheck("dilation", "d", a.dilation, 1, kMaxSize, where)) return e;
  if (c.op == Op::AvgPool && a.dilation != 1) {
    return ConfigError{"dilation", "dilation (d) must be 1 for avgpool (AvgPool2d has no dilation), got " +
                                       std::to_string(a.dilation) + where};
  }
  const long long khat = static_cast<long long>(a.dilation) * (a.kernel - 1) + 1;
  if (khat > kMaxSize) {
    return ConfigError{"dilation", "the dilated kernel d(k - 1) + 1 = " + std::to_string(khat) + " must be at most " +
                                       std::to_string(kMaxSize) + where};
  }
  const std::string i = std::to_string(a.input), p = std::to_string(a.padding), k = std::to_string(a.kernel);

  switch (c.op) {
    case Op::Conv: {
      if (khat > a.input + 2LL * a.padding) {
        std::string kernel_text = a.dilation == 1 ? "kernel_size (k = " + k + ")"
                                                  : "dilated kernel_size (d(k - 1) + 1 = " + std::to_string(khat) + ")";
        return ConfigError{"kernel_size", kernel_text + " can't be greater than the padded input (i + 2p = " + i +
                                              " + 2·" + p + " = " + std::to_string(a.input + 2 * a.padding) + ")" +
                                              where};
      }
      break;
    }
    case Op::MaxPool:
    case Op::AvgPool: {
      if (a.padding > a.kernel / 2) {
        return ConfigError{"padding", "pad should be at most half of kernel size (p <= k/2 = " +
                                          std::to_string(a.kernel / 2) + "), but got p = " + p + where};
      }
      long long num = a.input + 2LL * a.padding - (khat - 1) - 1 + (c.ceil_mode ? a.stride - 1 : 0);
      long long o = FloorDiv(num, a.stride) + 1;
      if (c.ceil_mode && o > 0 && (o - 1) * a.stride >= a.input + a.padding) --o;
      if (o < 1) {
        return ConfigError{"kernel_size", "output size is too small: kernel_size (k = " + k + (a.dilation > 1 ? ", d = " + std::to_string(a.dilation) : "") +
                                              ") does not fit the padded input (i + 2p = " +
                                              std::to_string(a.input + 2 * a.padding) + ")" + where};
      }
      break;
    }
    case Op::Transposed: {
      if (a.output_padding < 0 || a.output_padding > kMaxSize) {
        return ConfigError{"output_padding", "output_padding (a) must be between 0 and " +
                                                 std::to_string(kMaxSize) + ", got " +
                                                 std::to_string(a.output_padding) + where};
      }
      if (a.output_padding >= a.stride && a.output_padding >= a.dilation) {
        return ConfigError{"output_padding",
                           "output_padding (a = " + std::to_string(a.output_padding) +
                               ") must be smaller than either stride (s = " + std::to_string(a.stride) +
                               ") or dilation (d = " + std::to_string(a.dilation) + ")" + where};
      }
      long long o = (static_cast<long long>(a.input) - 1) * a.stride - 2LL * a.padding + (khat - 1) +
                    a.output_padding + 1;
      if (o < 1) {
        return ConfigError{"padding", "padding (p = " + p + ") is too large: the output size (i' - 1)s - 2p + d(k - 1) + a + 1 = " +
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

}  // namespace

std::optional<ConfigError> Validate(const Config& config) {
  for (int axis = 0; axis < 2; ++axis) {
    if (auto e = ValidateAxis(config, axis)) return e;
  }
  return std::nullopt;
}

}  // namespace convarith
