// The words of the weight and bias gradients' frames: their grids' labels and names, and each step's value named
// (∂L/∂w[1, 0, 2, 1] = …, ∂L/∂b[2] = …), the computation being WeightGradProblem's or BiasGradProblem's.
#include <algorithm>
#include <string>

#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {

std::string Joined(const std::vector<int>& v) {
  std::string s;
  for (size_t n = 0; n < v.size(); ++n) s += (n ? ", " : "") + std::to_string(v[n]);
  return s;
}

std::string Dims(const std::vector<int>& torch_shape) {
  std::string s;
  for (size_t n = 0; n < torch_shape.size(); ++n) s += (n ? "×" : "") + std::to_string(torch_shape[n]);
  return s;
}

// The layer (the options', or the computation's own when none is given).
const Config& LayerOf(const Plan& p) { return p.o.layer ? *p.o.layer : p.c.config; }

}  // namespace

std::vector<int> IndexIn(const std::vector<int>& shape, size_t flat) {
  std::vector<int> at(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    const auto n = static_cast<size_t>(std::max(shape[d], 1));
    at[d] = static_cast<int>(flat % n);
    flat /= n;
  }
  return at;
}

GradNames NamesOf(const FrameOptions& o) {
  if (o.pass != Pass::Backward) return {"x", "w", "y"};
  switch (o.grad) {
    case GradTarget::Input: return {"∂L/∂y", "w", "∂L/∂x"};
    case GradTarget::Weight:
      if (o.layer && o.layer->op == Op::Transposed) return {"∂L/∂y", "x", "∂L/∂w"};
      return {"x", "∂L/∂y", "∂L/∂w"};
    case GradTarget::Bias: return {"∂L/∂y", "1", "∂L/∂b"};
  }
  return {"x", "w", "y"};
}

bool DrawsWeightOrBiasGrad(const Plan& p) { return p.o.pass == Pass::Backward && p.o.grad != GradTarget::Input; }

std::string GradLeftLabel(const Plan& p) {
  const Config& layer = LayerOf(p);
  const std::string dims = Dims(TorchShape(p.c.config, TensorRole::Input));
  if (p.o.grad == GradTarget::Bias) return "output gradient ∂L/∂y  " + dims;
  if (layer.op == Op::Transposed) return "output gradient ∂L/∂y (the signal)  " + dims;
  return "input x  " + dims;
}

std::string GradRightLabel(const Plan& p) {
  const Config& layer = LayerOf(p);
  if (p.o.grad == GradTarget::Bias) return "bias gradient ∂L/∂b  C_out = " + std::to_string(layer.out_channels);
  return "weight gradient ∂L/∂w  " + Dims(TorchShape(layer, TensorRole::Weight));
}

std::string GradKernelLabel(const Plan& p) {
  if (p.o.grad == GradTarget::Bias) return "ones: each map summed";
  const Config& q = p.c.config;
  const std::string maps = LayerOf(p).op == Op::Transposed ? "input x" : "∂L/∂y";
  return maps + " slides, stride d = " + std::to_string(q.width().stride) + ", dilation s = " +
         std::to_string(q.width().dilation);
}

std::string GradStepName(const Plan& p) {
  const Config& layer = LayerOf(p);
  if (p.o.grad == GradTarget::Bias) return "∂L/∂b[" + std::to_string(p.step) + "]";
  if (!layer.has_weight()) return "∂L/∂w";
  const int64_t index = WeightGradIndex(layer, p.step);
  std::vector<int> at = IndexIn(CanonicalShape(Normalized(layer), TensorRole::Weight), static_cast<size_t>(index));
  at.erase(at.begin() + 2, at.begin() + 2 + (3 - layer.rank));  // the neutral axes
  return "∂L/∂w[" + Joined(at) + "]";
}

std::string GradStepEquation(const Plan& p, const GatherStep& g) {
  if (p.o.grad != GradTarget::Bias) return GradStepName(p) + " = " + StepEquation(p.c, g);
  // The bias's "kernel" is ones: its sum written as the map's values alone.
  constexpr size_t kShown = 8;
  std::string s = GradStepName(p) + " = ";
  for (size_t n = 0; n < g.taps.size() && n < kShown; ++n) s += (n ? " + " : "") + FormatValue(g.taps[n].value);
  if (g.taps.size() > kShown) s += " + … (" + std::to_string(g.taps.size() - kShown) + " more)";
  return s + " = " + FormatValue(g.result);
}

std::string_view GradRoleName(const FrameOptions& o, Role role) {
  const bool bias = o.grad == GradTarget::Bias;
  switch (role) {
    case Role::Input: return NamesOf(o).left == "x" ? "input x" : "output gradient ∂L/∂y";
    case Role::OutputDone: return bias ? "∂L/∂b computed" : "∂L/∂w computed";
    case Role::OutputCurrent: return bias ? "current ∂L/∂b" : "current ∂L/∂w";
    case Role::OutputPending: return bias ? "∂L/∂b to come" : "∂L/∂w to come";
    case Role::Kernel: return bias ? "ones (the sum)" : NamesOf(o).kernel == "x" ? "input x, sliding" : "∂L/∂y, sliding";
    default: return RoleName(role);
  }
}

}  // namespace convarith::detail
