// The app's limits on top of the core's validation, and which control an error belongs to.
#include <algorithm>
#include <string>

#include "app.hpp"
#include "convarith/shape/arithmetic.hpp"

namespace convarith::app {
namespace {

// Cells on one axis of the grid the kernel slides over.
long long PaddedExtent(const Config& config, int axis) {
  const AxisParams& a = config.axes[static_cast<size_t>(axis)];
  if (config.op == Op::Transposed) {
    const TransposedAxis t = TransposedAsDirect(a);
    return static_cast<long long>(t.stretched_input) + std::max(0, t.padding) + std::max(0, t.padding_after) + t.extra;
  }
  return static_cast<long long>(a.input) + std::max(0, a.pad_before) + std::max(0, a.pad_after);
}

}  // namespace

std::optional<ConfigError> ValidateForApp(const Config& config) {
  if (auto error = Validate(config)) return error;
  const Config n = Normalized(config);
  for (int axis = n.first_axis(); axis < 3; ++axis) {
    const AxisParams& a = n.axes[static_cast<size_t>(axis)];
    const std::string where = " on " + std::string(AxisName(n, axis));
    if (a.input > kMaxAppCells) {
      return ConfigError{"input", "the app draws inputs up to " + std::to_string(kMaxAppCells) + " (i = " +
                                      std::to_string(a.input) + where + "); `convarith compute` takes larger ones"};
    }
    if (a.kernel > kMaxAppCells) {
      return ConfigError{"kernel_size", "the app draws kernels up to " + std::to_string(kMaxAppCells) + where};
    }
    if (PaddedExtent(n, axis) > 2 * kMaxAppCells) {
      return ConfigError{"padding", "the padded input (" + std::to_string(PaddedExtent(n, axis)) + where +
                                        ") is larger than the app draws (" + std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  const auto shape = OutputShape(n);
  for (int axis = n.first_axis(); axis < 3; ++axis) {
    if (shape[static_cast<size_t>(axis)] > 2 * kMaxAppCells) {
      return ConfigError{n.op == Op::Transposed ? "stride" : "output",
                         "the output (" + std::to_string(shape[static_cast<size_t>(axis)]) + " on " +
                             std::string(AxisName(n, axis)) + ") is larger than the app draws (" +
                             std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  if (n.in_channels > kMaxAppChannels) {
    return ConfigError{"in_channels", "the app draws up to " + std::to_string(kMaxAppChannels) +
                                          " input maps (in_channels = " + std::to_string(n.in_channels) +
                                          "); `convarith compute` takes more"};
  }
  if (n.out_channels > kMaxAppChannels) {
    return ConfigError{"out_channels", "the app draws up to " + std::to_string(kMaxAppChannels) +
                                           " output maps (out_channels = " + std::to_string(n.out_channels) +
                                           "); `convarith compute` takes more"};
  }
  // Every map the canvas draws: the padded (or stretched) input per input channel, the output per output channel,
  // and the kernels.
  long long canvas = 1, output = 1, kernel = 1;
  for (int axis = 0; axis < 3; ++axis) {
    canvas *= PaddedExtent(n, axis);
    output *= shape[static_cast<size_t>(axis)];
    kernel *= n.axes[static_cast<size_t>(axis)].kernel;
  }
  const long long kernels = n.has_weight() ? static_cast<long long>(n.in_channels) * n.out_per_group() : 0;
  const long long drawn = canvas * n.in_channels + output * n.out_channels + kernel * kernels;
  if (drawn > kMaxAppDrawnCells) {
    return ConfigError{"drawn_cells", "the canvas would draw " + std::to_string(drawn) +
                                          " cells (input maps with padding, output maps and kernels); the app draws "
                                          "up to " + std::to_string(kMaxAppDrawnCells) +
                                          ": lower the sizes or channels (`convarith compute` takes larger ones)"};
  }
  return std::nullopt;
}

Param ControlOf(const ConfigError& error) {
  // The output's size and the operation have no control of their own: the message goes under the parameters.
  return error.param == Param::Output || error.param == Param::Op ? Param::None : error.param;
}

}  // namespace convarith::app
