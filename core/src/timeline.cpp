// The recompute step and the animation timeline: what each step covers, multiplies and adds.
#include "convarith/timeline.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "detail/checks.hpp"

namespace convarith {

std::string_view ViewName(View view) {
  switch (view) {
    case View::Direct: return "direct";
    case View::Equivalent: return "equivalent";
    case View::Scatter: return "scatter";
    case View::Associated: return "associated";
  }
  return "direct";
}

std::optional<View> ParseView(std::string_view name) {
  for (View v : {View::Direct, View::Equivalent, View::Scatter, View::Associated}) {
    if (ViewName(v) == name) return v;
  }
  return std::nullopt;
}

std::vector<View> ViewsOf(Op op) {
  if (op == Op::Transposed) return {View::Equivalent, View::Scatter, View::Associated};
  return {View::Direct};
}

namespace {

// Per axis, which input positions some kernel position covers.
std::vector<bool> CoveredAlong(const AxisParams& a, int outputs) {
  std::vector<bool> covered(static_cast<size_t>(a.input), false);
  for (int o = 0; o < outputs; ++o)
    for (int u = 0; u < a.kernel; ++u) {
      const int x = o * a.stride - a.padding + u * a.dilation;
      if (x >= 0 && x < a.input) covered[static_cast<size_t>(x)] = true;
    }
  return covered;
}

}  // namespace

Computation Recompute(const Config& config, const Grid& input, const Grid& kernel) {
  detail::RequireValid(config);
  Computation c;
  c.config = config;
  if (config.op != Op::MaxPool && config.op != Op::AvgPool) c.config.ceil_mode = false;
  c.input = input;
  const bool pooling = config.op == Op::MaxPool || config.op == Op::AvgPool;
  if (!pooling) c.kernel = kernel;
  c.output_shape = OutputShape(c.config);
  c.canvas = MakeCanvas(c.config);
  for (int a = 0; a < 2; ++a) c.relationship[static_cast<size_t>(a)] = FindRelationship(c.config, a);
  switch (config.op) {
    case Op::Conv:
      c.output = Convolve(c.config, input, kernel);
      break;
    case Op::MaxPool:
      c.output = MaxPool(c.config, input, &c.winners);
      break;
    case Op::AvgPool:
      c.output = AvgPool(c.config, input);
      break;
    case Op::Transposed: {
      c.output = TransposedScatter(c.config, input, kernel);
      c.output_equivalent = TransposedDirect(c.config, input, kernel);
      c.overlap = TransposedOverlap(c.config);
      c.associated = c.config;
      c.associated.op = Op::Conv;
      for (int a = 0; a < 2; ++a) {
        const size_t i = static_cast<size_t>(a);
        c.transposed[i] = TransposedAsDirect(c.config.axes[i]);
        c.associated.axes[i].input = c.transposed[i].direct_input;
        c.associated.axes[i].output_padding = 0;
      }
      break;
    }
  }
  if (config.op != Op::Transposed) {
    const auto rows = CoveredAlong(c.config.height(), c.output_shape[0]);
    const auto cols = CoveredAlong(c.config.width(), c.output_shape[1]);
    c.covered.resize(static_cast<size_t>(input.size()));
    for (int r = 0; r < input.rows; ++r)
      for (int col = 0; col < input.cols; ++col)
        c.covered[static_cast<size_t>(r) * input.cols + col] = rows[static_cast<size_t>(r)] && cols[static_cast<size_t>(col)];
  }
  return c;
}

int StepCount(const Computation& c, View view) {
  switch (view) {
    case View::Direct:
    case View::Equivalent:
      return c.output_shape[0] * c.output_shape[1];
    case View::Scatter:
    case View::Associated:
      return c.input.rows * c.input.cols;
  }
  return 0;
}

GatherStep Gather(const Computation& c, View view, int n) {
  GatherStep step;
  const int total = StepCount(c, view);
  n = std::clamp(n, 0, std::max(0, total - 1));
  step.index = n;
  step.out_row = n / c.output_shape[1];
  step.out_col = n % c.output_shape[1];
  const AxisParams& H = c.config.height();
  const AxisParams& W = c.config.width();
  const bool equivalent = view == View::Equivalent;
  const int sh = equivalent ? 1 : H.stride;
  const int sw = equivalent ? 1 : W.stride;
  const Op op = c.config.op;
  double running = op == Op::MaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
  step.taps.reserve(static_cast<size_t>(H.kernel) * W.kernel);
  for (int u = 0; u < H.kernel; ++u) {
    for (int v = 0; v < W.kernel; ++v) {
      Tap t;
      t.canvas_row = step.out_row * sh + u * H.dilation;
      t.canvas_col = step.out_col * sw + v * W.dilation;
      t.kind = c.canvas.Kind(t.canvas_row, t.canvas_col);
      const auto in = c.canvas.InputAt(t.canvas_row, t.canvas_col);
      t.input_row = in[0];
      t.input_col = in[1];
      t.value = in[0] >= 0 ? c.input.at(in[0], in[1]) : 0.0;
      t.kernel_row = u;
      t.kernel_col = v;
      if (op == Op::Conv) {
        t.weight = c.kernel.at(u, v);
      } else if (op == Op::Transposed) {
        t.weight = c.kernel.at(H.kernel - 1 - u, W.kernel - 1 - v);  // the rotated kernel
      } else {
        t.weight = 1.0;
      }
      t.product = t.value * t.weight;
      if (op == Op::MaxPool) {
        if (in[0] >= 0 && (t.value > running || std::isnan(t.value))) {
          running = t.value;
          step.winner = static_cast<int>(step.taps.size());
        }
      } else {
        running += t.product;
      }
      t.running = running;
      step.taps.push_back(t);
    }
  }
  if (op == Op::AvgPool) {
    step.divisor = AvgPoolDivisor(c.config, step.out_row, step.out_col);
    step.result = step.divisor > 0 ? running / step.divisor : 0.0;
  } else {
    step.result = running;
  }
  return step;
}

ScatterStep Scatter(const Computation& c, int n) {
  ScatterStep step;
  const int total = c.input.size();
  n = std::clamp(n, 0, std::max(0, total - 1));
  step.index = n;
  step.in_row = n / c.input.cols;
  step.in_col = n % c.input.cols;
  step.value = c.input.at(step.in_row, step.in_col);
  detail::ForEachTap(c.config, step.in_row, step.in_col, c.output_shape[0], c.output_shape[1],
                     [&](int u, int v, int yr, int yc) {
                       const double w = c.kernel.at(u, v);
                       step.stamps.push_back({yr, yc, u, v, w, step.value * w});
                     });
  return step;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  const double rounded = std::round(v);
  if (rounded == v && std::fabs(v) < 1e15) {  // the common case: small integers, without printf
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, res.ptr);
  }
  char buf[64];
  if (std::fabs(v - rounded) < 1e-9 && std::fabs(rounded) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", rounded == 0 ? 0.0 : rounded);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

namespace {

std::string Join(const std::vector<std::string>& terms, const char* sep, int max_terms) {
  std::string out;
  const int n = static_cast<int>(terms.size());
  const bool cut = max_terms > 0 && n > max_terms;
  const int shown = cut ? max_terms - 1 : n;
  for (int i = 0; i < shown; ++i) {
    if (i) out += sep;
    out += terms[static_cast<size_t>(i)];
  }
  if (cut) out += std::string(sep) + "... (" + std::to_string(n - shown) + " more)";
  return out;
}

std::string Parenthesised(double v) {
  std::string s = FormatValue(v);
  return v < 0 ? "(" + s + ")" : s;
}

}  // namespace

std::string StepEquation(const Computation& c, const GatherStep& step, int max_terms) {
  std::vector<std::string> terms;
  switch (c.config.op) {
    case Op::Conv:
    case Op::Transposed:
      for (const Tap& t : step.taps) terms.push_back(Parenthesised(t.value) + "·" + Parenthesised(t.weight));
      return Join(terms, " + ", max_terms) + " = " + FormatValue(step.result);
    case Op::MaxPool:
      for (const Tap& t : step.taps)
        if (t.input_row >= 0) terms.push_back(FormatValue(t.value));
      return "max(" + Join(terms, ", ", max_terms) + ") = " + FormatValue(step.result);
    case Op::AvgPool:
      for (const Tap& t : step.taps)
        if (t.input_row >= 0) terms.push_back(Parenthesised(t.value));
      return "(" + Join(terms, " + ", max_terms) + ")/" + std::to_string(step.divisor) + " = " +
             FormatValue(step.result);
  }
  return "";
}

std::string StepEquation(const Computation&, const ScatterStep& step, int max_terms) {
  std::vector<std::string> terms;
  for (const Stamp& s : step.stamps) {
    terms.push_back("y[" + std::to_string(s.out_row) + "," + std::to_string(s.out_col) + "] += " +
                    Parenthesised(step.value) + "·" + Parenthesised(s.weight));
  }
  std::string head = "x[" + std::to_string(step.in_row) + "," + std::to_string(step.in_col) + "] = " +
                     FormatValue(step.value) + ": ";
  if (terms.empty()) return head + "no kernel tap lands inside the output (cropped by p)";
  return head + Join(terms, ", ", max_terms);
}

std::vector<std::array<int, 2>> OutputsReading(const Computation& c, View view, int row, int col) {
  std::vector<std::array<int, 2>> out;
  const AxisParams& H = c.config.height();
  const AxisParams& W = c.config.width();
  if (view == View::Scatter || view == View::Associated) {
    if (!c.input.contains(row, col)) return out;
    const int n = row * c.input.cols + col;
    for (const Stamp& s : Scatter(c, n).stamps) out.push_back({s.out_row, s.out_col});
    return out;
  }
  const int sh = view == View::Equivalent ? 1 : H.stride;
  const int sw = view == View::Equivalent ? 1 : W.stride;
  std::vector<int> rows, cols;
  for (int u = 0; u < H.kernel; ++u) {
    const int t = row - u * H.dilation;
    if (t >= 0 && t % sh == 0 && t / sh < c.output_shape[0]) rows.push_back(t / sh);
  }
  for (int v = 0; v < W.kernel; ++v) {
    const int t = col - v * W.dilation;
    if (t >= 0 && t % sw == 0 && t / sw < c.output_shape[1]) cols.push_back(t / sw);
  }
  std::sort(rows.begin(), rows.end());
  std::sort(cols.begin(), cols.end());
  for (int r : rows)
    for (int cc : cols) out.push_back({r, cc});
  return out;
}

std::vector<std::array<int, 2>> InputsFeeding(const Computation& c, int out_row, int out_col) {
  std::vector<std::array<int, 2>> out;
  const AxisParams& H = c.config.height();
  const AxisParams& W = c.config.width();
  std::vector<int> rows, cols;
  for (int u = 0; u < H.kernel; ++u) {
    const int t = out_row + H.padding - u * H.dilation;
    if (t >= 0 && t % H.stride == 0 && t / H.stride < c.input.rows) rows.push_back(t / H.stride);
  }
  for (int v = 0; v < W.kernel; ++v) {
    const int t = out_col + W.padding - v * W.dilation;
    if (t >= 0 && t % W.stride == 0 && t / W.stride < c.input.cols) cols.push_back(t / W.stride);
  }
  std::sort(rows.begin(), rows.end());
  std::sort(cols.begin(), cols.end());
  for (int r : rows)
    for (int cc : cols) out.push_back({r, cc});
  return out;
}

}  // namespace convarith
