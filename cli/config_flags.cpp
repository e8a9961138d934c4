// The operation flags shared by `shape`, `compute`, `export` and the app, and reading grids from JSON files.
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "convarith/cli/cli.hpp"
#include "convarith/presets.hpp"

namespace convarith::cli {

void AddConfigFlags(CLI::App& app, ConfigFlags& f, bool with_preset) {
  if (with_preset) {
    std::string names;
    for (const Preset& p : Presets()) names += (names.empty() ? "" : ", ") + p.name;
    app.add_option("--preset", f.preset, "Start from a figure of the paper: " + names);
  }
  app.add_option("--op", f.op, "Operation: conv (default), maxpool, avgpool, transposed");
  app.add_option("-i,--input-size", f.input, "Input size i, N or HxW (transposed: its own input i')");
  app.add_option("-k,--kernel-size", f.kernel, "Kernel size k, N or HxW");
  app.add_option("-s,--stride", f.stride, "Stride s >= 1, N or HxW (default 1)");
  app.add_option("-p,--padding", f.padding, "Zero padding p >= 0 on each side, N or HxW (default 0)");
  app.add_option("-d,--dilation", f.dilation, "Dilation d >= 1, N or HxW (default 1; conv, maxpool, transposed)");
  app.add_option("-a,--output-padding", f.output_padding,
                 "Output padding a (transposed only; a < s or a < d), N or HxW (default 0)");
  app.add_flag("--ceil-mode", f.ceil_mode, "Pooling: ceil instead of floor in the output size (PyTorch ceil_mode)");
  app.add_option("--count-include-pad", f.count_include_pad,
                 "avgpool: divide by the window including padding (true, default) or by the real cells (false)");
}

std::array<int, 2> ParsePair(const std::string& text, const std::string& parameter) {
  auto parse_int = [&](std::string_view part) {
    int value = 0;
    const char* begin = part.data();
    const char* end = part.data() + part.size();
    if (!part.empty() && *begin == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (part.empty() || ec != std::errc() || ptr != end) {
      throw UsageError(parameter + ": expected a whole number or HxW (like 5 or 4x6), got '" + text + "'");
    }
    return value;
  };
  const auto x = text.find_first_of("xX,");
  if (x == std::string::npos) {
    const int v = parse_int(text);
    return {v, v};
  }
  return {parse_int(std::string_view(text).substr(0, x)), parse_int(std::string_view(text).substr(x + 1))};
}

Config ResolveConfig(const ConfigFlags& f, std::optional<std::array<int, 2>> input_shape) {
  Config c;
  bool has_input = false, has_kernel = false;
  if (!f.preset.empty()) {
    const Preset* p = FindPreset(f.preset);
    if (!p) {
      std::string names;
      for (const Preset& q : Presets()) names += (names.empty() ? "" : ", ") + q.name;
      throw UsageError("--preset: unknown figure '" + f.preset + "' (choose one of " + names + ")");
    }
    c = p->config;
    has_input = has_kernel = true;
  }
  if (!f.op.empty()) {
    const auto op = ParseOp(f.op);
    if (!op) throw UsageError("--op: unknown operation '" + f.op + "' (choose conv, maxpool, avgpool or transposed)");
    c.op = *op;
  }
  auto apply = [&](const std::string& text, const char* parameter, int AxisParams::*field) {
    if (text.empty()) return false;
    const auto v = ParsePair(text, parameter);
    c.axes[0].*field = v[0];
    c.axes[1].*field = v[1];
    return true;
  };
  if (apply(f.input, "input_size (-i)", &AxisParams::input)) {
    if (input_shape && (c.axes[0].input != (*input_shape)[0] || c.axes[1].input != (*input_shape)[1])) {
      throw UsageError("input_size (-i " + f.input + ") disagrees with the --input file, which is " +
                       std::to_string((*input_shape)[0]) + "x" + std::to_string((*input_shape)[1]));
    }
    has_input = true;
  } else if (input_shape) {
    c.axes[0].input = (*input_shape)[0];
    c.axes[1].input = (*input_shape)[1];
    has_input = true;
  }
  has_kernel |= apply(f.kernel, "kernel_size (-k)", &AxisParams::kernel);
  apply(f.stride, "stride (-s)", &AxisParams::stride);
  apply(f.padding, "padding (-p)", &AxisParams::padding);
  apply(f.dilation, "dilation (-d)", &AxisParams::dilation);
  const bool has_a = apply(f.output_padding, "output_padding (-a)", &AxisParams::output_padding);
  if (!has_input) throw UsageError("input_size (-i) is required (or --input FILE, or --preset NAME)");
  if (!has_kernel) throw UsageError("kernel_size (-k) is required (or --preset NAME)");

  const bool pooling = c.op == Op::MaxPool || c.op == Op::AvgPool;
  if (has_a && c.op != Op::Transposed && (c.axes[0].output_padding || c.axes[1].output_padding)) {
    throw UsageError("output_padding (-a) applies only to --op transposed");
  }
  if (c.op != Op::Transposed) c.axes[0].output_padding = c.axes[1].output_padding = 0;
  if (f.ceil_mode && !pooling) throw UsageError("--ceil-mode applies only to maxpool and avgpool");
  c.ceil_mode = pooling && (f.ceil_mode || (f.preset.empty() ? false : c.ceil_mode));
  if (!f.count_include_pad.empty()) {
    if (c.op != Op::AvgPool) throw UsageError("--count-include-pad applies only to avgpool");
    if (f.count_include_pad == "true" || f.count_include_pad == "1") {
      c.count_include_pad = true;
    } else if (f.count_include_pad == "false" || f.count_include_pad == "0") {
      c.count_include_pad = false;
    } else {
      throw UsageError("--count-include-pad: expected true or false, got '" + f.count_include_pad + "'");
    }
  }
  if (auto e = Validate(c)) throw UsageError(e->message);
  return c;
}

Grid ReadGridFile(const std::string& path, const std::string& parameter) {
  std::ifstream in(path);
  if (!in) throw UsageError(parameter + ": cannot open '" + path + "': " + std::strerror(errno));
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(parameter + ": '" + path + "' is not valid JSON (" + e.what() + ")");
  }
  auto bad = [&](const std::string& why) {
    return UsageError(parameter + ": '" + path + "' must hold a 2-D array of numbers with rows of equal length; " + why);
  };
  if (!j.is_array() || j.empty()) throw bad("found no rows");
  Grid g;
  g.rows = static_cast<int>(j.size());
  if (g.rows > kMaxSize) throw bad("it has " + std::to_string(g.rows) + " rows, more than " + std::to_string(kMaxSize));
  for (size_t r = 0; r < j.size(); ++r) {
    const auto& row = j[r];
    if (!row.is_array() || row.empty()) throw bad("row " + std::to_string(r) + " is not a non-empty array");
    if (r == 0) {
      g.cols = static_cast<int>(row.size());
      if (g.cols > kMaxSize) throw bad("it has " + std::to_string(g.cols) + " columns, more than " + std::to_string(kMaxSize));
      g.values.reserve(static_cast<size_t>(g.rows) * g.cols);
    } else if (static_cast<int>(row.size()) != g.cols) {
      throw bad("row " + std::to_string(r) + " has " + std::to_string(row.size()) + " values, row 0 has " +
                std::to_string(g.cols));
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c].is_number()) throw bad("row " + std::to_string(r) + ", column " + std::to_string(c) + " is not a number");
      g.values.push_back(row[c].get<double>());
    }
  }
  return g;
}

}  // namespace convarith::cli
