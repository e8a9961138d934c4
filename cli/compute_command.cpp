// `convarith compute`: the real output for given or generated input and kernel values, as PyTorch computes it.
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/frame.hpp"
#include "convarith/presets.hpp"
#include "convarith/timeline.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct ComputeArgs {
  ConfigFlags flags;
  std::string input_file, kernel_file;
  std::string fill = "ramp", kernel_fill = "ones";
  uint32_t seed = 0;
  bool json = false, matrix = false, explain = false;
};

Grid MakeInput(const ComputeArgs& a, const Config& c) {
  const auto fill = ParseFill(a.fill);
  if (!fill) throw UsageError("--fill: expected ramp, ones or random, got '" + a.fill + "'");
  return MakeGrid(c.height().input, c.width().input, *fill, a.seed);
}

Grid MakeKernelGrid(const ComputeArgs& a, const Config& c) {
  const int kh = c.height().kernel, kw = c.width().kernel;
  if (const auto preset = ParseKernelPreset(a.kernel_fill)) return MakeKernel(*preset, kh, kw);
  if (const auto fill = ParseFill(a.kernel_fill)) return MakeGrid(kh, kw, *fill, a.seed + 1, -1, 2);
  throw UsageError("--kernel-fill: expected ones, fig1.1, identity, box, sobel_x, sobel_y, ramp or random, got '" +
                   a.kernel_fill + "'");
}

void Run(const ComputeArgs& a) {
  std::optional<Grid> file_input;
  if (!a.input_file.empty()) file_input = ReadGridFile(a.input_file, "--input");
  std::optional<std::array<int, 2>> shape;
  if (file_input) shape = std::array<int, 2>{file_input->rows, file_input->cols};
  const Config c = ResolveConfig(a.flags, shape);
  const bool pooling = c.op == Op::MaxPool || c.op == Op::AvgPool;
  if (pooling && !a.kernel_file.empty()) throw UsageError("--kernel: pooling has no weights; drop --kernel");

  // A preset brings the paper's numbers unless the user asked for other values.
  const Preset* preset = a.flags.preset.empty() ? nullptr : FindPreset(a.flags.preset);
  const bool preset_input = preset && !file_input && a.fill == "ramp" && preset->input.rows == c.height().input &&
                            preset->input.cols == c.width().input;
  const bool preset_kernel = preset && a.kernel_fill == "ones" && preset->kernel.rows == c.height().kernel &&
                             preset->kernel.cols == c.width().kernel;
  const Grid input = file_input ? *file_input : preset_input ? preset->input : MakeInput(a, c);
  Grid kernel;
  if (!pooling) {
    if (!a.kernel_file.empty()) {
      kernel = ReadGridFile(a.kernel_file, "--kernel");
      if (kernel.rows != c.height().kernel || kernel.cols != c.width().kernel) {
        throw UsageError("--kernel: '" + a.kernel_file + "' is " + std::to_string(kernel.rows) + "x" +
                         std::to_string(kernel.cols) + ", but kernel_size (k) is " + std::to_string(c.height().kernel) +
                         "x" + std::to_string(c.width().kernel));
      }
    } else if (preset_kernel) {
      kernel = preset->kernel;
    } else {
      kernel = MakeKernelGrid(a, c);
    }
  }
  const Computation comp = Recompute(c, input, kernel);
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
  cmd->add_option("--input", args->input_file, "JSON file with the input, a 2-D array of numbers (sets i)");
  cmd->add_option("--kernel", args->kernel_file, "JSON file with the kernel as PyTorch stores the weight (not flipped)");
  cmd->add_option("--fill", args->fill, "Generated input: ramp (default), ones, random");
  cmd->add_option("--seed", args->seed, "Seed for --fill random / --kernel-fill random (small integers 0..4)");
  cmd->add_option("--kernel-fill", args->kernel_fill,
                  "Generated kernel: ones (default), fig1.1, identity, box, sobel_x, sobel_y, ramp, random");
  cmd->add_flag("--matrix", args->matrix, "Also print the convolution matrix C (C^T for transposed)");
  cmd->add_flag("--explain", args->explain, "Also write out every step (products and sum, max or mean)");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
