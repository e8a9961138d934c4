// The parameters of one operation: what the user sets, per axis, with PyTorch's meaning.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace convarith {

enum class Op { Conv, MaxPool, AvgPool, Transposed };

// Largest input, kernel, padding or output size accepted on any axis.
inline constexpr int kMaxSize = 4096;

// One axis (height or width). For Op::Transposed, `input` is the transposed convolution's own input (i' in the paper).
struct AxisParams {
  int input = 5;           // i
  int kernel = 3;          // k
  int stride = 1;          // s
  int padding = 0;         // p
  int dilation = 1;        // d
  int output_padding = 0;  // a (transposed only)
  bool operator==(const AxisParams&) const = default;
};

inline constexpr int kHeight = 0;
inline constexpr int kWidth = 1;

struct Config {
  Op op = Op::Conv;
  std::array<AxisParams, 2> axes{};  // [kHeight], [kWidth]
  bool ceil_mode = false;            // pooling
  bool count_include_pad = true;     // avgpool
  bool operator==(const Config&) const = default;

  const AxisParams& height() const { return axes[kHeight]; }
  const AxisParams& width() const { return axes[kWidth]; }
};

// A configuration rule that does not hold: which parameter and what it must satisfy.
struct ConfigError {
  std::string parameter;  // "kernel_size", "stride", ... (PyTorch's argument names)
  std::string message;    // one line, e.g. "kernel_size (7) is larger than the padded input (5 + 2*0 = 5) on height"
};

// The operation's short name used on the command line: conv, maxpool, avgpool, transposed.
std::string_view OpName(Op op);
// Parses conv|maxpool|avgpool|transposed (also accepts convtranspose, conv_transpose).
std::optional<Op> ParseOp(std::string_view name);
// A human title: "Convolution", "Max pooling", "Average pooling", "Transposed convolution".
std::string_view OpTitle(Op op);

// Checks every rule of the configuration; the first broken one, or nothing when valid.
std::optional<ConfigError> Validate(const Config& config);

}  // namespace convarith
