// `convarith compute`: the real output for given or generated input and kernel values, as PyTorch computes it.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"
#include "compute_parts.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct ComputeArgs {
  ConfigFlags flags;
  DataFlags data;
  bool json = false, matrix = false, explain = false;
  bool unfold = false;  // also the unfolded (im2col) matrix
  bool symbols = false;  // also every output (and gradient) as a formula in symbols
  std::string convention = "correlation";
  int time_runs = 0;  // time the computation alone (no I/O) this many times, report on stderr
  int explain_limit_mib = 64;  // --explain output above this is refused (0: no limit)
  std::string code;   // pytorch | keras: also write the layer as code
  GradFlags grad;     // --grad: also the backward pass
  std::string mode;   // --op upsample: nearest | bilinear
  bool overlap = false;  // transposed: also the overlap count map per axis
};

// The one --explain budget of a run (the forward steps and, with --grad, the gradient values; once more for the
// formulas of --symbols), or none.
std::optional<ExplainBudget> MakeBudget(const ComputeArgs& a, const Computation& comp, const BackwardPass* pass) {
  if (!a.explain && !a.symbols) return std::nullopt;
  const long long per_pass = StepCount(comp, ViewsOf(comp.config.op).front()) + (pass ? GradExplainSteps(*pass) : 0);
  const long long steps = per_pass * ((a.explain ? 1 : 0) + (a.symbols ? 1 : 0));
  return ExplainBudget{static_cast<long long>(a.explain_limit_mib) << 20, 0, steps};
}

// The median wall time of `runs` backward passes (the three gradients alone, no per-value steps), on stderr.
void TimeBackward(const ResolvedData& d, const Tensor& grad_output, int runs) {
  std::vector<double> ms;
  for (int n = 0; n < runs; ++n) {
    const auto t0 = std::chrono::steady_clock::now();
    const Gradients g = Backward(d.config, d.input, d.weight, grad_output);
    const auto t1 = std::chrono::steady_clock::now();
    if (g.grad_input.empty()) std::cerr << "";
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::cerr << "backward: median " << ms[ms.size() / 2] << " ms over " << runs << " runs\n";
}

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

// Refuses what would print a result and then fail: the matrix of a pooling, explained steps above the cap.
void CheckBeforePrinting(const ComputeArgs& a, const Config& c) {
  if (a.matrix && c.pooling()) {
    throw UsageError("--matrix: pooling has no convolution matrix (it is not linear); drop --matrix");
  }
  if (!ParseConvention(a.convention)) {
    throw UsageError("--convention: expected correlation or convolution, got '" + a.convention + "'");
  }
  if (a.unfold && c.pooling()) {
    throw UsageError("--unfold: the unfolded matrix is for conv and transposed (pooling has no kernel); drop --unfold");
  }
  if (a.explain_limit_mib < 0) throw UsageError("--explain-limit: expected 0 (no limit) or a size in MiB, got " +
                                                std::to_string(a.explain_limit_mib));
}

nlohmann::json ExplainJson(const Computation& comp, View view, ExplainBudget& budget) {
  nlohmann::json steps = nlohmann::json::array();
  for (int n = 0; n < StepCount(comp, view); ++n) {
    const GatherStep s = Gather(comp, view, n);
    const std::string sum = StepEquation(comp, s, 0);
    budget.Add(sum.size() + 8);
    if (s.partials.size() > 1) {
      nlohmann::json parts = nlohmann::json::array();
      for (size_t k = 0; k < s.partials.size(); ++k) {
        parts.push_back(PartEquation(comp, s, static_cast<int>(k), 0));
        budget.Add(parts.back().get_ref<const std::string&>().size() + 8);
      }
      steps.push_back({{"output_channel", s.out_channel}, {"sum", sum}, {"parts", parts}});
    } else {
      steps.push_back(sum);
    }
  }
  return steps;
}

std::string ExplainText(const Computation& comp, View view, bool ch, ExplainBudget& budget) {
  const Config& c = comp.config;
  std::string out;
  for (int n = 0; n < StepCount(comp, view); ++n) {
    const GatherStep s = Gather(comp, view, n);
    std::string at = "[";
    const int coords[3] = {s.out_z, s.out_row, s.out_col};
    for (int k = c.first_axis(); k < 3; ++k) at += (k > c.first_axis() ? "," : "") + std::to_string(coords[k]);
    at += "]";
    std::string line = "step " + std::to_string(n) + " -> y" + (ch ? std::to_string(s.out_channel) : "") + at + ": " +
                       StepEquation(comp, s, 0) + "\n";
    if (s.partials.size() > 1)
      for (size_t k = 0; k < s.partials.size(); ++k) line += "    " + PartEquation(comp, s, static_cast<int>(k), 0) + "\n";
    budget.Add(line.size());
    out += line;
  }
  return out;
}

nlohmann::json MatrixJson(const Config& c, const Tensor& weight) {
  const SparseMatrix m = ConvolutionMatrix(c, weight);
  nlohmann::json entries = nlohmann::json::array();
  for (int r = 0; r < m.rows; ++r)
    for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
      entries.push_back({r, m.col_index[static_cast<size_t>(n)], m.values[static_cast<size_t>(n)]});
  return {{"rows", m.rows}, {"cols", m.cols}, {"transposed", c.op == Op::Transposed}, {"entries", entries}};
}

std::string MatrixText(const Config& c, const Tensor& weight) {
  const SparseMatrix m = ConvolutionMatrix(c, weight);
  std::string out = std::string(c.op == Op::Transposed ? "C^T" : "C") + " (" + std::to_string(m.rows) + "x" +
                    std::to_string(m.cols) + ", " + std::to_string(m.NonZeros()) + " stored entries):\n";
  if (static_cast<long long>(m.rows) * m.cols > 64 * 64) return out + "  too large to print densely; use --json for the entries\n";
  Tensor dense({m.rows, m.cols});
  for (int r = 0; r < m.rows; ++r)
    for (int n = m.row_start[static_cast<size_t>(r)]; n < m.row_start[static_cast<size_t>(r) + 1]; ++n)
      dense.at({r, m.col_index[static_cast<size_t>(n)]}) = m.values[static_cast<size_t>(n)];
  return out + TensorToText(dense);
}

std::string ComputeJson(const ComputeArgs& a, const ResolvedData& d, const Computation& comp, const BackwardPass* pass,
                        const std::string& code) {
  const Config& c = d.config;
  nlohmann::json j = ComputationJson(c, comp, d.channels_in_output);
  if (a.overlap) AddOverlapJson(j, comp);
  if (a.matrix) j["matrix"] = MatrixJson(c, comp.weight);
  if (a.unfold) AddUnfoldJson(j, comp);
  if (!code.empty()) j["code"] = code;
  std::optional<ExplainBudget> budget = MakeBudget(a, comp, pass);
  if (a.explain) j["steps"] = ExplainJson(comp, ViewsOf(c.op).front(), *budget);
  if (pass) AddGradJson(j, d, *pass, a.explain ? &*budget : nullptr);
  if (a.symbols) AddSymbolsJson(j, comp, pass, *ParseConvention(a.convention), &*budget);
  return j.dump(2) + "\n";
}

std::string ComputeText(const ComputeArgs& a, const ResolvedData& d, const Computation& comp, const BackwardPass* pass) {
  const Config& c = d.config;
  const bool ch = d.channels_in_output;
  const auto out_shape = PrintShape(c, TensorRole::Output, ch);
  const auto in_shape = PrintShape(c, TensorRole::Input, ch);
  std::string out = Caption(c) + "\n";
  out += "input (" + ShapeText(in_shape) + "):\n" + TensorToText(Shaped(comp.input, in_shape));
  if (c.has_weight()) {
    const auto wshape = PrintShape(c, TensorRole::Weight, ch);
    out += "kernel (" + ShapeText(wshape) + ", as stored, not flipped):\n" + TensorToText(Shaped(comp.weight, wshape));
  }
  if (c.bias) out += "bias (" + std::to_string(c.out_channels) + "):\n" + TensorToText(comp.bias);
  out += "output (" + ShapeText(out_shape) + "):\n" + TensorToText(Shaped(comp.output, out_shape));
  if (c.op == Op::Transposed) {
    out += std::string("check: scatter and the equivalent direct convolution (rotated kernel) ") +
           (!comp.equivalent_check.agree() ? "DIFFER"
            : comp.equivalent_check.exact()
                ? "agree"
                : "agree to " + std::to_string(comp.equivalent_check.largest_ulps) + " ulp (rounding)") +
           "\n";
  }
  if (a.overlap) out += OverlapText(comp);
  std::optional<ExplainBudget> budget = MakeBudget(a, comp, pass);
  if (a.explain) out += ExplainText(comp, ViewsOf(c.op).front(), ch, *budget);
  if (a.matrix) out += MatrixText(c, comp.weight);
  if (a.unfold) out += UnfoldText(comp);
  if (pass) out += GradText(d, *pass, a.explain ? &*budget : nullptr);
  if (a.symbols) out += SymbolsText(comp, pass, *ParseConvention(a.convention), &*budget);
  return out;
}

// The kernel-less upsamplings (--op upsample, pixel-shuffle, max-unpool): true when `a` asked for one and it ran.
bool RunUpsampling(const ComputeArgs& a) {
  UpsampleOptions o{a.mode, a.overlap, a.json, a.explain, a.explain_limit_mib, {}};
  o.unused = {{"--matrix", a.matrix}, {"--unfold", a.unfold}, {"--symbols", a.symbols},
              {"--convention", a.convention != "correlation"}, {"--time-runs", a.time_runs > 0},
              {"--code", !a.code.empty()},
              {"--grad", a.grad.grad || !a.grad.file.empty() || !a.grad.fill.empty()}};
  return RunUpsampleOp(a.flags, a.data, o);
}

void Run(const ComputeArgs& a) {
  if (RunUpsampling(a)) return;
  const ResolvedData d = ResolveData(a.flags, a.data);
  const Config& c = d.config;
  if (a.overlap && c.op != Op::Transposed) {
    throw UsageError("--overlap: the overlap count map is for --op transposed, not " + std::string(OpName(c.op)));
  }
  CheckBeforePrinting(a, c);
  const std::string code = a.code.empty() ? "" : a.code == "pytorch" ? PyTorchLayerCode(c) : KerasLayerCode(c);
  if (!code.empty() && !a.json) {
    std::cout << code << "\n";
    return;
  }
  if (a.time_runs > 0) TimeRuns(d, a.time_runs);
  const Computation comp = Recompute(c, d.input, d.weight, d.bias);
  CheckFinite(comp);
  std::optional<BackwardPass> pass;
  if (a.grad.grad || !a.grad.file.empty() || !a.grad.fill.empty()) {
    const Tensor grad_output = ResolveGradOutput(d, a.grad);
    if (a.time_runs > 0) TimeBackward(d, grad_output, a.time_runs);
    pass = MakeBackwardPass(c, d.input, d.weight, grad_output);
    CheckFiniteGradients(*pass);
  }
  const BackwardPass* p = pass ? &*pass : nullptr;
  // Built whole before a byte is printed: a refusal (--explain past its cap) leaves stdout empty.
  std::cout << (a.json ? ComputeJson(a, d, comp, p, code) : ComputeText(a, d, comp, p));
}

}  // namespace

void AddComputeCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("compute", "Compute real outputs (PyTorch conventions) for given or generated values");
  auto args = std::make_shared<ComputeArgs>();
  AddConfigFlags(*cmd, args->flags, true);
  AddDataFlags(*cmd, args->data);
  cmd->add_flag("--matrix", args->matrix, "Also print the convolution matrix C (C^T for transposed)");
  cmd->add_flag("--unfold", args->unfold,
                "Also print the unfolded (im2col) matrix: F.unfold's columns ((C_in·k...) x positions) and the "
                "flattened kernels whose product with them is the output");
  cmd->add_flag("--symbols", args->symbols,
                "Also write every output as a formula in symbols (y11 = w11 x11 + ...; with --grad the gradients' too)");
  cmd->add_option("--convention", args->convention,
                  "The symbols' kernel: correlation (default: deep learning's convolution) or convolution (the kernel "
                  "flipped)");
  cmd->add_flag("--explain", args->explain, "Also write out every step (products and sum, max or mean)");
  cmd->add_option("--explain-limit", args->explain_limit_mib,
                  "Refuse --explain (and --symbols) output above this many MiB (default 64; 0: no limit)");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->add_option("--mode", args->mode,
                  "--op upsample: nearest (default) or bilinear (F.interpolate, align_corners=False; linear in 1-D, "
                  "trilinear in 3-D), by the factor -s. Also --op pixel-shuffle (C·s^rank channels -> s times the "
                  "size) and --op max-unpool (max pooling with -k -s -p, then unpooling to the input's size)");
  cmd->add_flag("--overlap", args->overlap,
                "Transposed: also the overlap count map (kernel taps reaching each output cell) and its per-axis "
                "counts (JSON: overlap_per_axis; overlap is always in --json)");
  cmd->add_flag("--grad", args->grad.grad,
                "Also the backward pass: grad_input, grad_weight, grad_bias for an output gradient (with --explain: "
                "every gradient value as its sum)");
  cmd->add_option("--grad-output", args->grad.file,
                  "JSON file with the output gradient dL/dy, in the output's shape (implies --grad)");
  cmd->add_option("--grad-fill", args->grad.fill,
                  "Generated output gradient: ones (default: L = the sum of the outputs), ramp, random (implies --grad)");
  cmd->add_option("--time-runs", args->time_runs,
                  "Also time N runs of the computation alone (no file I/O; with --grad the backward pass too) and print "
                  "the median on stderr")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--code", args->code, "Print the layer as pytorch or keras code instead (with --json: as \"code\")")
      ->check(CLI::IsMember({"pytorch", "keras"}));
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
