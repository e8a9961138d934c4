// `convarith compute`: the real output for given or generated input and kernel values, as PyTorch computes it.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct ComputeArgs {
  ConfigFlags flags;
  DataFlags data;
  bool json = false, matrix = false, explain = false;
  int time_runs = 0;  // time the computation alone (no I/O) this many times, report on stderr
  std::string code;   // pytorch | keras: also write the layer as code
};

// The median wall time of `runs` recomputes (the computation alone: no file reading or printing), for comparisons with
// other implementations on the same data (scripts/bench_torch.py).
void TimeRuns(const ResolvedData& d, int runs) {
  std::vector<double> ms;
  for (int n = 0; n < runs; ++n) {
    const auto t0 = std::chrono::steady_clock::now();
    const Computation comp = Recompute(d.config, d.input, d.weight, d.bias);
    const auto t1 = std::chrono::steady_clock::now();
    if (comp.output.empty()) std::cerr << "";
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::cerr << "compute: median " << ms[ms.size() / 2] << " ms over " << runs << " runs (" << Work(d.config)
            << " multiply-adds)\n";
}

// The shape a tensor is printed with: PyTorch's (with channel dims) when channels are in play, else spatial only.
std::vector<int> PrintShape(const Config& c, TensorRole role, bool channels) {
  std::vector<int> s = TorchShape(c, role);
  if (channels || role == TensorRole::Bias) return s;
  const size_t channel_dims = role == TensorRole::Weight ? 2 : 1;
  return std::vector<int>(s.begin() + static_cast<std::ptrdiff_t>(channel_dims), s.end());
}

Tensor Shaped(const Tensor& t, std::vector<int> shape) {
  Tensor out = t;
  out.shape = std::move(shape);
  return out;
}

void Run(const ComputeArgs& a) {
  const ResolvedData d = ResolveData(a.flags, a.data);
  const Config& c = d.config;
  const std::string code = a.code.empty() ? "" : a.code == "pytorch" ? PyTorchLayerCode(c) : KerasLayerCode(c);
  if (!code.empty() && !a.json) {
    std::cout << code << "\n";
    return;
  }
  const bool ch = d.channels_in_output;
  if (a.time_runs > 0) TimeRuns(d, a.time_runs);
  const Computation comp = Recompute(c, d.input, d.weight, d.bias);
  const View view = ViewsOf(c.op).front();
  const auto out_shape = PrintShape(c, TensorRole::Output, ch);
  const auto in_shape = PrintShape(c, TensorRole::Input, ch);
  std::vector<int> spatial_out = OutputSpatial(c);

  if (a.json) {
    nlohmann::json j = ConfigToJson(c);
    j["output_size"] = spatial_out;
    if (c.has_weight()) j["output_channels"] = c.out_channels;
    j["input"] = TensorToJson(comp.input, in_shape);
    if (c.has_weight()) j["kernel"] = TensorToJson(comp.weight, PrintShape(c, TensorRole::Weight, ch));
    if (c.bias) j["bias_values"] = TensorToJson(comp.bias, {c.out_channels});
    j["output"] = TensorToJson(comp.output, out_shape);
    if (c.op == Op::MaxPool) j["indices"] = IndicesToJson(comp.winners, out_shape);  // as PyTorch's return_indices
    if (c.op == Op::Transposed) {
      j["output_equivalent_convolution"] = TensorToJson(comp.output_equivalent, out_shape);
      // Equal up to rounding: the two sums add the same products in different orders.
      j["scatter_equals_equivalent"] = comp.equivalent_check.agree();
      j["scatter_equivalent_largest_ulps"] = comp.equivalent_check.largest_ulps;
      j["overlap"] = TensorToJson(comp.overlap, spatial_out);
    }
    if (a.matrix) {
      const SparseMatrix m = ConvolutionMatrix(c, comp.weight);
      nlohmann::json entries = nlohmann::json::array();
      for (int r = 0; r < m.rows; ++r)
        for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
          entries.push_back({r, m.col_index[static_cast<size_t>(n)], m.values[static_cast<size_t>(n)]});
      j["matrix"] = {{"rows", m.rows}, {"cols", m.cols}, {"transposed", c.op == Op::Transposed}, {"entries", entries}};
    }
    if (!code.empty()) j["code"] = code;
    if (a.explain) {
      nlohmann::json steps = nlohmann::json::array();
      for (int n = 0; n < StepCount(comp, view); ++n) {
        const GatherStep s = Gather(comp, view, n);
        if (s.partials.size() > 1) {
          nlohmann::json parts = nlohmann::json::array();
          for (size_t k = 0; k < s.partials.size(); ++k) parts.push_back(PartEquation(comp, s, static_cast<int>(k), 0));
          steps.push_back({{"output_channel", s.out_channel}, {"sum", StepEquation(comp, s, 0)}, {"parts", parts}});
        } else {
          steps.push_back(StepEquation(comp, s, 0));
        }
      }
      j["steps"] = std::move(steps);
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << Caption(c) << "\n";
  std::cout << "input (" << ShapeText(in_shape) << "):\n" << TensorToText(Shaped(comp.input, in_shape));
  if (c.has_weight()) {
    const auto wshape = PrintShape(c, TensorRole::Weight, ch);
    std::cout << "kernel (" << ShapeText(wshape) << ", as stored, not flipped):\n" << TensorToText(Shaped(comp.weight, wshape));
  }
  if (c.bias) std::cout << "bias (" << c.out_channels << "):\n" << TensorToText(comp.bias);
  std::cout << "output (" << ShapeText(out_shape) << "):\n" << TensorToText(Shaped(comp.output, out_shape));
  if (c.op == Op::Transposed) {
    std::cout << "check: scatter and the equivalent direct convolution (rotated kernel) "
              << (!comp.equivalent_check.agree() ? "DIFFER"
                  : comp.equivalent_check.exact()
                      ? "agree"
                      : "agree to " + std::to_string(comp.equivalent_check.largest_ulps) + " ulp (rounding)")
              << "\n";
  }
  if (a.explain) {
    for (int n = 0; n < StepCount(comp, view); ++n) {
      const GatherStep s = Gather(comp, view, n);
      std::string at = "[";
      const int coords[3] = {s.out_z, s.out_row, s.out_col};
      for (int k = c.first_axis(); k < 3; ++k) at += (k > c.first_axis() ? "," : "") + std::to_string(coords[k]);
      at += "]";
      std::cout << "step " << n << " -> y" << (ch ? std::to_string(s.out_channel) : "") << at << ": "
                << StepEquation(comp, s, 0) << "\n";
      if (s.partials.size() > 1)
        for (size_t k = 0; k < s.partials.size(); ++k) std::cout << "    " << PartEquation(comp, s, static_cast<int>(k), 0) << "\n";
    }
  }
  if (a.matrix) {
    const SparseMatrix m = ConvolutionMatrix(c, comp.weight);
    std::cout << (c.op == Op::Transposed ? "C^T" : "C") << " (" << m.rows << "x" << m.cols << ", " << m.NonZeros()
              << " stored entries):\n";
    if (static_cast<long long>(m.rows) * m.cols > 64 * 64) {
      std::cout << "  too large to print densely; use --json for the entries\n";
    } else {
      Tensor dense({m.rows, m.cols});
      for (int r = 0; r < m.rows; ++r)
        for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
          dense.at({r, m.col_index[static_cast<size_t>(n)]}) = m.values[static_cast<size_t>(n)];
      std::cout << TensorToText(dense);
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
  cmd->add_option("--time-runs", args->time_runs,
                  "Also time N runs of the computation alone (no file I/O) and print the median on stderr")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--code", args->code, "Print the layer as pytorch or keras code instead (with --json: as \"code\")")
      ->check(CLI::IsMember({"pytorch", "keras"}));
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
