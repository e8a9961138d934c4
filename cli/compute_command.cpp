// `convarith compute`: the real output for given or generated input and kernel values, as PyTorch computes it.
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/frame.hpp"
#include "convarith/timeline.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct ComputeArgs {
  ConfigFlags flags;
  DataFlags data;
  bool json = false, matrix = false, explain = false;
};

void Run(const ComputeArgs& a) {
  const ResolvedData d = ResolveData(a.flags, a.data);
  const Config& c = d.config;
  const bool pooling = c.op == Op::MaxPool || c.op == Op::AvgPool;
  const Computation comp = Recompute(c, d.input, d.kernel);
  const View view = ViewsOf(c.op).front();

  if (a.json) {
    nlohmann::json j = ConfigToJson(c);
    j["output_size"] = PairToJson(comp.output_shape[0], comp.output_shape[1]);
    j["input"] = GridToJson(comp.input);
    if (!pooling) j["kernel"] = GridToJson(comp.kernel);
    j["output"] = GridToJson(comp.output);
    if (c.op == Op::MaxPool) j["indices"] = comp.winners;  // PyTorch's return_indices (flat, per output cell)
    if (c.op == Op::Transposed) {
      j["output_equivalent_convolution"] = GridToJson(comp.output_equivalent);
      j["scatter_equals_equivalent"] = comp.output == comp.output_equivalent;
      j["overlap"] = GridToJson(comp.overlap);
    }
    if (a.matrix) {
      const SparseMatrix m = ConvolutionMatrix(c, comp.kernel);
      nlohmann::json entries = nlohmann::json::array();
      for (int r = 0; r < m.rows; ++r)
        for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
          entries.push_back({r, m.col_index[static_cast<size_t>(n)], m.values[static_cast<size_t>(n)]});
      j["matrix"] = {{"rows", m.rows}, {"cols", m.cols}, {"transposed", c.op == Op::Transposed}, {"entries", entries}};
    }
    if (a.explain) {
      nlohmann::json steps = nlohmann::json::array();
      for (int n = 0; n < StepCount(comp, view); ++n) steps.push_back(StepEquation(comp, Gather(comp, view, n), 0));
      j["steps"] = std::move(steps);
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << Caption(c) << "\n";
  std::cout << "input (" << comp.input.rows << "x" << comp.input.cols << "):\n" << GridToText(comp.input);
  if (!pooling) std::cout << "kernel (" << comp.kernel.rows << "x" << comp.kernel.cols << ", as stored, not flipped):\n" << GridToText(comp.kernel);
  std::cout << "output (" << comp.output.rows << "x" << comp.output.cols << "):\n" << GridToText(comp.output);
  if (c.op == Op::Transposed) {
    std::cout << "check: scatter and the equivalent direct convolution (rotated kernel) "
              << (comp.output == comp.output_equivalent ? "agree" : "DIFFER") << "\n";
  }
  if (a.explain) {
    for (int n = 0; n < StepCount(comp, view); ++n) {
      const GatherStep s = Gather(comp, view, n);
      std::cout << "step " << n << " -> y[" << s.out_row << "," << s.out_col << "]: " << StepEquation(comp, s, 0) << "\n";
    }
  }
  if (a.matrix) {
    const SparseMatrix m = ConvolutionMatrix(c, comp.kernel);
    std::cout << (c.op == Op::Transposed ? "C^T" : "C") << " (" << m.rows << "x" << m.cols << ", " << m.NonZeros()
              << " stored entries):\n";
    if (static_cast<long long>(m.rows) * m.cols > 64 * 64) {
      std::cout << "  too large to print densely; use --json for the entries\n";
    } else {
      Grid dense(m.rows, m.cols);
      for (int r = 0; r < m.rows; ++r)
        for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
          dense.at(r, m.col_index[static_cast<size_t>(n)]) = m.values[static_cast<size_t>(n)];
      std::cout << GridToText(dense);
    }
  }
}

}  // namespace

void AddComputeCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("compute", "Compute real outputs (PyTorch conventions) for given or generated values");
  auto args = std::make_shared<ComputeArgs>();
  AddConfigFlags(*cmd, args->flags, true);
  AddDataFlags(*cmd, args->data);
  cmd->add_flag("--matrix", args->matrix, "Also print the convolution matrix C (C^T for transposed)");
  cmd->add_flag("--explain", args->explain, "Also write out every step (products and sum, max or mean)");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
