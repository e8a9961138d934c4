// `convarith compute --symbols`: every output value (and with --grad every gradient value) as a formula in symbols.
#include "compute_parts.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::cli {

namespace {

constexpr GradTarget kTargets[] = {GradTarget::Input, GradTarget::Weight, GradTarget::Bias};
constexpr const char* kTargetNames[] = {"input", "weight", "bias"};

}  // namespace

void AddSymbolsJson(nlohmann::json& j, const Computation& comp, const BackwardPass* pass, KernelConvention convention,
                    ExplainBudget* budget) {
  nlohmann::json formulas = nlohmann::json::array();
  for (int64_t n = 0; n < static_cast<int64_t>(comp.output.size()); ++n) {
    formulas.push_back(OutputFormula(comp.config, n, convention).text);
    budget->Add(formulas.back().get_ref<const std::string&>().size() + 8);
  }
  j["convention"] = std::string(ConventionName(convention));
  j["formulas"] = std::move(formulas);
  if (!pass) return;
  nlohmann::json grads = nlohmann::json::object();
  for (size_t k = 0; k < 3; ++k) {
    const int64_t count = GradStepCount(*pass, kTargets[k]);
    if (count == 0) continue;
    nlohmann::json list = nlohmann::json::array();
    for (int64_t n = 0; n < count; ++n) {
      list.push_back(GradientFormula(*pass, GradientStep(*pass, kTargets[k], n)));
      budget->Add(list.back().get_ref<const std::string&>().size() + 8);
    }
    grads[kTargetNames[k]] = std::move(list);
  }
  j["grad_formulas"] = std::move(grads);
}

std::string SymbolsText(const Computation& comp, const BackwardPass* pass, KernelConvention convention,
                        ExplainBudget* budget) {
  std::string out = std::string("formulas (") +
                    (convention == KernelConvention::TrueConvolution ? "true convolution: the kernel flipped"
                                                                     : "cross-correlation, as PyTorch") +
                    (comp.config.op == Op::Transposed ? "; as the equivalent direct convolution" : "") + "):\n";
  const auto add = [&](const std::string& line) {
    budget->Add(line.size() + 3);
    out += "  " + line + "\n";
  };
  for (int64_t n = 0; n < static_cast<int64_t>(comp.output.size()); ++n) add(OutputFormula(comp.config, n, convention).text);
  if (!pass) return out;
  for (GradTarget target : kTargets)
    for (int64_t n = 0; n < GradStepCount(*pass, target); ++n) add(GradientFormula(*pass, GradientStep(*pass, target, n)));
  return out;
}

}  // namespace convarith::cli
