// `convarith compute --grad` and `--unfold`: the backward pass's gradients as JSON or text (with --explain every
// gradient value written out as its sum), and the unfolded (im2col) matrix.
#include <cmath>

#include "compute_parts.hpp"
#include "convarith/base/numbers.hpp"
#include "convarith/ops/unfold.hpp"
#include "convarith/scene/timeline.hpp"  // FormatValue
#include "json_io.hpp"

namespace convarith::cli {

namespace {

std::string Parenthesised(double v) {
  std::string s = FormatValue(v);
  return v < 0 ? "(" + s + ")" : s;
}

// A term as its product: "gy·w", "x·gy"; "gy" for max pooling and bias; "gy/divisor" for average pooling.
std::string TermText(const Config& c, const GradStep& step, const GradTerm& t) {
  if (t.b_index >= 0) return Parenthesised(t.a) + "·" + Parenthesised(t.b);
  if (step.target == GradTarget::Input && c.op == Op::AvgPool) {
    return Parenthesised(t.a) + "/" + FormatValue(std::round(1.0 / t.b));
  }
  return Parenthesised(t.a);
}

std::string SumText(const Config& c, const GradStep& step) {
  if (step.terms.empty()) return c.op == Op::MaxPool ? "0 (the maximum of no window)" : "0 (no output depends on it)";
  std::string out;
  for (size_t n = 0; n < step.terms.size(); ++n) out += (n ? " + " : "") + TermText(c, step, step.terms[n]);
  return out + " = " + FormatValue(step.result);
}

// Where a gradient value sits, as PyTorch indexes the tensor: "x[1,2]", "x0[1,2]", "w[0,1][2,2]", "b[3]".
std::string Place(const BackwardPass& p, GradTarget target, int64_t index, bool channels) {
  const Config& c = p.config;
  const std::vector<int> shape = CanonicalShape(c, target == GradTarget::Input    ? TensorRole::Input
                                                   : target == GradTarget::Weight ? TensorRole::Weight
                                                                                  : TensorRole::Bias);
  std::vector<int> at(shape.size());
  for (size_t k = shape.size(); k-- > 0;) {
    at[k] = static_cast<int>(index % shape[k]);
    index /= shape[k];
  }
  if (target == GradTarget::Bias) return "b[" + std::to_string(at[0]) + "]";
  const size_t channel_dims = target == GradTarget::Weight ? 2 : 1;
  std::string out = target == GradTarget::Weight ? "w" : "x";
  if (channels) {
    out += "[";
    for (size_t k = 0; k < channel_dims; ++k) out += (k ? "," : "") + std::to_string(at[k]);
    out += "]";
  }
  out += "[";
  for (size_t k = channel_dims + static_cast<size_t>(c.first_axis()); k < at.size(); ++k)
    out += (k > channel_dims + static_cast<size_t>(c.first_axis()) ? "," : "") + std::to_string(at[k]);
  return out + "]";
}

constexpr GradTarget kTargets[] = {GradTarget::Input, GradTarget::Weight, GradTarget::Bias};
constexpr const char* kTargetNames[] = {"input", "weight", "bias"};

}  // namespace

void CheckFiniteGradients(const BackwardPass& p) {
  const std::pair<const Tensor*, const char*> grads[] = {{&p.gradients.grad_input, "grad_input"},
                                                         {&p.gradients.grad_weight, "grad_weight"},
                                                         {&p.gradients.grad_bias, "grad_bias"}};
  for (const auto& [t, name] : grads)
    for (size_t n = 0; n < t->values().size(); ++n) {
      if (std::isfinite((*t)[n])) continue;
      throw UsageError(std::string(name) + " overflows: value " + std::to_string(n) + " is " +
                       FormatDouble((*t)[n]) + "; scale the output gradient (--grad-output) or the data down");
    }
}

long long GradExplainSteps(const BackwardPass& p) {
  long long n = 0;
  for (GradTarget t : kTargets) n += GradStepCount(p, t);
  return n;
}

namespace {
// The weight and bias gradients as the app and `export --gradient` animate them (ops/backward.hpp's GradProblems run
// as forward computations), in PyTorch's layouts: the torch check compares them with autograd too. Left out when
// the animation's computation is refused (a step too large to draw).
void AddAnimatedGradients(nlohmann::json& j, const BackwardPass& p, bool ch) {
  const Config& c = p.config;
  if (!c.has_weight()) return;
  try {
    nlohmann::json animated = nlohmann::json::object();
    const GradProblem w = WeightGradProblem(c, p.input, p.grad_output);
    const Tensor gw = GradFromProblem(c, GradTarget::Weight, Recompute(w.config, w.input, w.weight).output);
    animated["grad_weight"] = TensorToJson(gw, PrintShape(c, TensorRole::Weight, ch));
    if (c.bias) {
      const GradProblem b = BiasGradProblem(c, p.grad_output);
      animated["grad_bias"] = TensorToJson(GradFromProblem(c, GradTarget::Bias, Recompute(b.config, b.input, b.weight).output),
                                           {c.out_channels});
    }
    j["animated"] = std::move(animated);
  } catch (const InvalidConfig&) {
  }
}
}  // namespace

void AddGradJson(nlohmann::json& j, const ResolvedData& d, const BackwardPass& p, ExplainBudget* budget) {
  const Config& c = p.config;
  const bool ch = d.channels_in_output;
  j["grad_output"] = TensorToJson(p.grad_output, PrintShape(c, TensorRole::Output, ch));
  j["grad_input"] = TensorToJson(p.gradients.grad_input, PrintShape(c, TensorRole::Input, ch));
  if (c.has_weight()) j["grad_weight"] = TensorToJson(p.gradients.grad_weight, PrintShape(c, TensorRole::Weight, ch));
  if (c.bias) j["grad_bias"] = TensorToJson(p.gradients.grad_bias, {c.out_channels});
  AddAnimatedGradients(j, p, ch);
  if (!budget) return;
  nlohmann::json steps = nlohmann::json::object();
  for (size_t k = 0; k < 3; ++k) {
    const int64_t count = GradStepCount(p, kTargets[k]);
    if (count == 0) continue;
    nlohmann::json sums = nlohmann::json::array();
    for (int64_t n = 0; n < count; ++n) {
      sums.push_back(SumText(c, GradientStep(p, kTargets[k], n)));
      budget->Add(sums.back().get_ref<const std::string&>().size() + 8);
    }
    steps[kTargetNames[k]] = std::move(sums);
  }
  j["grad_steps"] = std::move(steps);
}

std::string GradText(const ResolvedData& d, const BackwardPass& p, ExplainBudget* budget) {
  const Config& c = p.config;
  const bool ch = d.channels_in_output;
  std::string out;
  const auto add = [&](const char* name, const Tensor& t, std::vector<int> shape) {
    out += std::string(name) + " (" + ShapeText(shape) + "):\n" + TensorToText(Shaped(t, shape));
  };
  add("grad_output", p.grad_output, PrintShape(c, TensorRole::Output, ch));
  add("grad_input", p.gradients.grad_input, PrintShape(c, TensorRole::Input, ch));
  if (c.has_weight()) add("grad_weight", p.gradients.grad_weight, PrintShape(c, TensorRole::Weight, ch));
  if (c.bias) add("grad_bias", p.gradients.grad_bias, {c.out_channels});
  if (!budget) return out;
  for (GradTarget target : kTargets) {
    for (int64_t n = 0; n < GradStepCount(p, target); ++n) {
      const std::string line = "dL/d" + Place(p, target, n, ch) + " = " + SumText(c, GradientStep(p, target, n)) + "\n";
      budget->Add(line.size());
      out += line;
    }
  }
  return out;
}

void AddUnfoldJson(nlohmann::json& j, const Computation& comp) {
  const Tensor columns = Unfold(comp.config, comp.input);
  j["columns"] = TensorToJson(columns, columns.shape());
  const Tensor kernels = UnfoldedKernels(comp.config, comp.weight);
  j["unfolded_kernels"] = TensorToJson(kernels, kernels.shape());
}

std::string UnfoldText(const Computation& comp) {
  const Tensor columns = Unfold(comp.config, comp.input);
  const Tensor kernels = UnfoldedKernels(comp.config, comp.weight);
  std::string out;
  const auto add = [&](const std::string& title, const Tensor& t) {
    out += title + " (" + ShapeText(t.shape()) + "):\n";
    out += t.size() > 64 * 64 ? "  too large to print; use --json\n" : TensorToText(t);
  };
  add(std::string("unfolded kernels, one row per output channel") +
          (comp.config.op == Op::Transposed ? " (the equivalent convolution's: rotated 180 degrees)" : ""),
      kernels);
  add("columns (F.unfold: one per output position, rows channel by channel, kernel tap by tap)", columns);
  return out;
}

}  // namespace convarith::cli
