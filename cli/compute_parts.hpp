// Pieces of `convarith compute` shared by its files (private to the cli library): the printed shapes, the --explain
// budget, and the backward pass (--grad) and unfolded matrix (--unfold) outputs.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/cli/cli.hpp"
#include "convarith/computation_json.hpp"
#include "convarith/ops/backward.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/ops/symbols.hpp"

namespace convarith {
struct Computation;
}  // namespace convarith

namespace convarith::cli {

using convarith::PrintShape;  // the shape a tensor is printed with (convarith/computation_json.hpp)

inline Tensor Shaped(const Tensor& t, std::vector<int> shape) {
  Tensor out = t;
  out.Reshape(std::move(shape));
  return out;
}

// Counts the bytes --explain writes and refuses past the cap, before anything is printed.
struct ExplainBudget {
  long long limit_bytes = 0;  // 0: no limit
  long long used = 0;
  long long steps = 0;
  void Add(size_t bytes) {
    used += static_cast<long long>(bytes);
    if (limit_bytes > 0 && used > limit_bytes) {
      throw UsageError("--explain would write more than " + std::to_string(limit_bytes >> 20) + " MiB (" +
                       std::to_string(steps) + " steps); pass --explain-limit MIB (0: no limit) to allow it, or "
                       "export the steps instead");
    }
  }
};

// --grad: grad_output, grad_input, grad_weight, grad_bias added to the JSON object; with a budget (--explain) also
// "grad_steps": {"input": [...], "weight": [...], "bias": [...]}, every gradient value written as its sum.
void AddGradJson(nlohmann::json& j, const ResolvedData& d, const BackwardPass& pass, ExplainBudget* budget);
// The same as text; with a budget, one line per gradient value ("dL/dx[1,2] = 1·0.5 + 2·(-1) = -1.5").
std::string GradText(const ResolvedData& d, const BackwardPass& pass, ExplainBudget* budget);
// Refuses gradients with a non-finite value (an overflow): UsageError naming the gradient and the place.
void CheckFiniteGradients(const BackwardPass& pass);
// --unfold: "columns" (F.unfold's (C_in·K) x L matrix) and "unfolded_kernels" ((C_out) x (C_in/groups·K)).
void AddUnfoldJson(nlohmann::json& j, const Computation& comp);
// The same as text (too large ones named, not printed).
std::string UnfoldText(const Computation& comp);
// --symbols: "formulas" (one per output value) and with a backward pass "grad_formulas" {"input", "weight", "bias"};
// the text writes one a line. Counted in the --explain budget.
void AddSymbolsJson(nlohmann::json& j, const Computation& comp, const BackwardPass* pass, KernelConvention convention,
                    ExplainBudget* budget);
std::string SymbolsText(const Computation& comp, const BackwardPass* pass, KernelConvention convention,
                        ExplainBudget* budget);
// The steps --explain writes for the backward pass, counted for the budget's message.
long long GradExplainSteps(const BackwardPass& pass);

// A compute flag that only layers take (--matrix, --grad, ...), with whether it was given.
struct UpsampleUnused {
  std::string flag;
  bool given = false;
};
// What `compute` passes to the kernel-less upsamplings.
struct UpsampleOptions {
  std::string mode;  // --mode nearest | bilinear (upsample only)
  bool overlap = false, json = false, explain = false;
  int explain_limit_mib = 64;
  std::vector<UpsampleUnused> unused;  // refused when given
};
// Runs `--op upsample | pixel-shuffle | max-unpool` and prints its result; false (having done nothing) for any other
// --op. Throws UsageError for a bad flag or parameter.
bool RunUpsampleOp(const ConfigFlags& flags, const DataFlags& data, const UpsampleOptions& options);
// --overlap on transposed: "overlap_per_axis", the stamps per output cell along each axis (their product is
// "overlap"); the text prints the map and the per-axis counts.
void AddOverlapJson(nlohmann::json& j, const Computation& comp);
std::string OverlapText(const Computation& comp);

}  // namespace convarith::cli
