// The data: the tensors at the configuration's shapes, a recompute's request, and their names for people (fills,
// kernel presets, what the input and the kernels hold, positions).
#include <algorithm>
#include <exception>
#include <string>
#include <variant>
#include <vector>

#include "app.hpp"
#include "convarith/ops/compute.hpp"

namespace convarith::app {

// The tensors follow the configuration's shapes; values the user set stay where both shapes have them.
void SyncTensors(Params& params) {
  const TensorShapes shapes = ShapesFor(params.config);
  if (params.input.shape() != shapes.input) {
    const Tensor fresh = MakeTensor(shapes.input, params.fill, params.seed);
    // A plain fill is made again at the new size (a ramp stays a ramp); chosen values stay where they still fit.
    params.input_resized = params.input_custom && !params.input.empty();
    params.input = params.input_resized ? Resized(params.input, fresh) : fresh;
    if (!params.input_resized) params.input_custom = false;
  }
  if (!shapes.weight.empty() && params.weight.shape() != shapes.weight) {
    const Tensor fresh = MakeWeight(params.kernel_preset, shapes.weight);
    params.kernel_resized = params.kernel_custom && !params.weight.empty();
    params.weight = params.kernel_resized ? Resized(params.weight, fresh) : fresh;
    if (!params.kernel_resized) params.kernel_custom = false;
  }
  if (!shapes.bias.empty() && params.bias.shape() != shapes.bias) {
    params.bias = Resized(params.bias, Tensor(shapes.bias, 0.0));  // a bias starts at 0 and keeps what was set
  }
}

std::variant<RecomputeRequest, RecomputeResult> PrepareRequest(Params& params, uint64_t generation) {
  RecomputeResult refused;
  refused.generation = generation;
  refused.config = params.config;
  refused.error = ValidateForApp(params.config);
  if (!refused.error) {
    SyncTensors(params);
    const Tensor none;
    return RecomputeRequest{generation,       params.config,    params.input, params.weight,
                            params.config.bias ? params.bias : none, params.backward, params.grad_fill, params.seed,
                            params.grad};
  }
  return refused;
}

std::string FillText(Fill fill, uint32_t seed) {
  if (fill == Fill::Ramp) return "ramp 1…9";
  if (fill == Fill::Ones) return "ones";
  if (fill == Fill::Random) return "random 0…4, seed " + std::to_string(seed);
  return std::string(FillName(fill));
}

std::string KernelPresetTitle(KernelPreset preset) {
  switch (preset) {
    case KernelPreset::Ones:
      return "ones";
    case KernelPreset::Figure11:
      return "Figure 1.1";
    case KernelPreset::Identity:
      return "identity";
    case KernelPreset::BoxBlur:
      return "box blur";
    case KernelPreset::SobelX:
      return "Sobel x";
    case KernelPreset::SobelY:
      return "Sobel y";
    case KernelPreset::Sharpen:
      return "sharpen";
  }
  return std::string(KernelPresetName(preset));
}

namespace {
// What a tensor holds: its source (or the plain fill it was made from), then what happened to it since.
std::string Describe(std::string base, bool custom, bool edited, bool resized, const std::string& fill) {
  if (!custom) return base;
  if (resized) base += ", resized (new cells: " + fill + ")";
  if (edited) base += ", edited";
  return base;
}
}  // namespace

std::string InputDescription(const Params& p) {
  const std::string fill = FillText(p.fill, p.seed);
  return Describe(p.input_custom && !p.input_source.empty() ? p.input_source : fill, p.input_custom, p.input_edited,
                  p.input_resized, fill);
}

std::string KernelDescription(const Params& p) {
  const std::string kernel = KernelPresetTitle(p.kernel_preset);
  return Describe(p.kernel_custom && !p.kernel_source.empty() ? p.kernel_source : kernel, p.kernel_custom,
                  p.kernel_edited, p.kernel_resized, kernel);
}

TensorShapes ShapesFor(const Config& config) {
  const Config n = Normalized(config);
  TensorShapes s;
  s.input = CanonicalShape(n, TensorRole::Input);
  if (n.has_weight()) s.weight = CanonicalShape(n, TensorRole::Weight);
  if (n.has_weight() && n.bias) s.bias = CanonicalShape(n, TensorRole::Bias);
  return s;
}

std::vector<int> Unflatten(const std::vector<int>& shape, size_t index) {
  std::vector<int> out(shape.size(), 0);
  for (size_t n = shape.size(); n-- > 0;) {
    const auto dim = static_cast<size_t>(std::max(shape[n], 1));
    out[n] = static_cast<int>(index % dim);
    index /= dim;
  }
  return out;
}

std::string PositionText(int rank, int z, int row, int col) {
  if (rank == 1) return "[" + std::to_string(col) + "]";
  if (rank == 2) return "[" + std::to_string(row) + ", " + std::to_string(col) + "]";
  return "[" + std::to_string(z) + ", " + std::to_string(row) + ", " + std::to_string(col) + "]";
}

}  // namespace convarith::app
