// The recompute step and the animation timeline: what each step covers, multiplies and adds.
#include "convarith/scene/timeline.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "convarith/base/numbers.hpp"
#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

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
      const int x = TapPosition(a, o, u);
      if (x >= 0 && x < a.input) covered[static_cast<size_t>(x)] = true;
    }
  return covered;
}

size_t Flat(const std::array<int, 3>& dims, int z, int row, int col) {
  return (static_cast<size_t>(z) * dims[1] + row) * dims[2] + col;
}

// One tap of a gather step: the canvas position kernel position `u` reads for the output at `out_pos` of channel
// `out_channel`, from input channel `ch`, with its value and weight (its product and running sum left to the caller).
Tap TapAt(const Computation& c, bool equivalent, int out_channel, int ch, const int out_pos[3], std::array<int, 3> u) {
  const Config& cfg = c.config;
  const Op op = cfg.op;
  const auto in = c.input_dims();
  const auto kd = detail::KernelDims(cfg);
  const int u0 = u[0], u1 = u[1], u2 = u[2];
  int pos[3];
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    pos[a] = TapPosition(out_pos[a], u[static_cast<size_t>(a)], equivalent ? 1 : ax.stride, 0, ax.dilation);
  }
  Tap t;
  t.channel = ch;
  t.canvas_z = pos[0];
  t.canvas_row = pos[1];
  t.canvas_col = pos[2];
  t.kind = c.canvas.Kind(pos[0], pos[1], pos[2]);
  const auto shown = c.canvas.InputAt(pos[0], pos[1], pos[2]);
  t.input_z = shown[0];
  t.input_row = shown[1];
  t.input_col = shown[2];
  const auto src = c.canvas.SourceAt(pos[0], pos[1], pos[2]);
  if (src[0] >= 0) {
    t.source_index = static_cast<int>(static_cast<size_t>(ch) * static_cast<size_t>(detail::Volume(in)) +
                                      Flat(in, src[0], src[1], src[2]));
    t.value = c.input[static_cast<size_t>(t.source_index)];
  }
  t.kernel_z = u0;
  t.kernel_row = u1;
  t.kernel_col = u2;
  if (op == Op::Conv) {
    t.weight = c.weight.at({out_channel, ch % cfg.in_per_group(), u0, u1, u2});
  } else if (op == Op::Transposed) {
    // The rotated kernel of (input channel ch, output channel), weight stored (C_in, C_out/g, k...).
    t.weight = c.weight.at({ch, out_channel % cfg.out_per_group(), kd[0] - 1 - u0, kd[1] - 1 - u1,
                            kd[2] - 1 - u2});
  } else {
    t.weight = 1.0;
  }
  return t;
}

}  // namespace

uint64_t Identity::Next() {
  static std::atomic<uint64_t> next{1};  // identities only: no state is kept here
  return next.fetch_add(1);
}

Tensor AsCanonical(const Config& config, TensorRole role, Tensor t) {
  const std::vector<int> canonical = CanonicalShape(config, role);
  if (t.shape() == canonical) return t;
  if (t.shape() == TorchShape(config, role) && t.size() == static_cast<size_t>(ElementCount(canonical))) {
    t.Reshape(canonical);  // the same values in the same order
    return t;
  }
  detail::RequireTensor(config, t, role);  // throws with the expected shape
  return t;
}

Computation Recompute(const Config& raw, const Tensor& input, const Tensor& weight, const Tensor& bias) {
  detail::RequireValid(raw);
  Computation c;
  c.config = Normalized(raw);
  const Config& cfg = c.config;
  c.input = AsCanonical(cfg, TensorRole::Input, input);
  if (cfg.has_weight()) c.weight = AsCanonical(cfg, TensorRole::Weight, weight);
  if (cfg.bias) c.bias = AsCanonical(cfg, TensorRole::Bias, bias);
  c.output_shape = OutputShape(cfg);
  c.canvas = MakeCanvas(cfg);
  for (int a = 0; a < 3; ++a) c.relationship[static_cast<size_t>(a)] = FindRelationship(cfg, a);
  switch (cfg.op) {
    case Op::Conv:
      c.output = Convolve(cfg, c.input, c.weight, c.bias);
      break;
    case Op::MaxPool:
      c.output = MaxPool(cfg, c.input, &c.winners);
      break;
    case Op::AvgPool:
      c.output = AvgPool(cfg, c.input);
      break;
    case Op::Transposed: {
      c.output = TransposedScatter(cfg, c.input, c.weight, c.bias);
      c.output_equivalent = TransposedDirect(cfg, c.input, c.weight, c.bias);
      c.equivalent_check = Compare(c.output, c.output_equivalent);
      c.overlap = TransposedOverlap(cfg);
      c.associated = detail::AssociatedConfig(cfg);
      for (int a = 0; a < 3; ++a) c.transposed[static_cast<size_t>(a)] = TransposedAsDirect(cfg.axes[static_cast<size_t>(a)]);
      break;
    }
  }
  if (cfg.op != Op::Transposed) {
    const auto in = c.input_dims();
    std::array<std::vector<bool>, 3> along;
    for (int a = 0; a < 3; ++a)
      along[static_cast<size_t>(a)] = CoveredAlong(cfg.axes[static_cast<size_t>(a)], c.output_shape[static_cast<size_t>(a)]);
    c.covered.resize(static_cast<size_t>(detail::Volume(in)));
    for (int z = 0; z < in[0]; ++z)
      for (int r = 0; r < in[1]; ++r)
        for (int col = 0; col < in[2]; ++col)
          c.covered[Flat(in, z, r, col)] = along[0][static_cast<size_t>(z)] && along[1][static_cast<size_t>(r)] &&
                                           along[2][static_cast<size_t>(col)];
  }
  return c;
}

int StepCount(const Computation& c, View view) {
  switch (view) {
    case View::Direct:
    case View::Equivalent:
      return static_cast<int>(c.output.size());
    case View::Scatter:
    case View::Associated:
      return static_cast<int>(c.input.size());
  }
  return 0;
}

int StepOf(const Computation& c, View view, const CellRef& r) {
  if (view == View::Direct || view == View::Equivalent) {
    return static_cast<int>(c.output.Index({r.channel, r.z, r.row, r.col}));
  }
  return static_cast<int>(c.input.Index({r.channel, r.z, r.row, r.col}));
}

CellRef CellOfStep(const Computation& c, View view, int n) {
  n = std::clamp(n, 0, std::max(0, StepCount(c, view) - 1));
  const bool gather = view == View::Direct || view == View::Equivalent;
  const std::array<int, 3> d = gather ? c.output_shape : c.input_dims();
  const int per_channel = d[0] * d[1] * d[2];
  if (per_channel <= 0) return {};
  const int rest = n % per_channel;
  return {n / per_channel, rest / (d[1] * d[2]), rest / d[2] % d[1], rest % d[2]};
}

GatherStep Gather(const Computation& c, View view, int n) {
  GatherStep step;
  const int total = StepCount(c, view);
  n = std::clamp(n, 0, std::max(0, total - 1));
  step.index = n;
  const CellRef y = CellOfStep(c, view, n);
  step.out_channel = y.channel;
  step.out_z = y.z;
  step.out_row = y.row;
  step.out_col = y.col;
  const Config& cfg = c.config;
  const bool equivalent = view == View::Equivalent;
  const Op op = cfg.op;
  const auto kd = detail::KernelDims(cfg);
  const int out_pos[3] = {step.out_z, step.out_row, step.out_col};

  // The input channels this output reads: its group's (pooling: its own channel).
  std::vector<int> channels;
  if (cfg.pooling()) {
    channels.push_back(step.out_channel);
  } else {
    const int g = step.out_channel / cfg.out_per_group();
    for (int icl = 0; icl < cfg.in_per_group(); ++icl) channels.push_back(g * cfg.in_per_group() + icl);
  }
  double running = op == Op::MaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
  step.taps.reserve(channels.size() * static_cast<size_t>(detail::Volume(kd)));
  for (int ch : channels) {
    double part = 0;
    if (op != Op::MaxPool && op != Op::AvgPool) running = 0;  // each channel's part starts at 0
    for (int u0 = 0; u0 < kd[0]; ++u0)
      for (int u1 = 0; u1 < kd[1]; ++u1)
        for (int u2 = 0; u2 < kd[2]; ++u2) {
          Tap t = TapAt(c, equivalent, step.out_channel, ch, out_pos, {u0, u1, u2});
          t.product = t.value * t.weight;
          if (op == Op::MaxPool) {
            // PyTorch's rule: a strictly larger value wins (the first maximum stays); a NaN always takes over.
            if (t.source_index >= 0 && (t.value > running || std::isnan(t.value))) {
              running = t.value;
              step.winner = static_cast<int>(step.taps.size());
            }
          } else {
            running += t.product;
            part += t.product;
          }
          t.running = running;
          step.taps.push_back(t);
        }
    if (!cfg.pooling()) {
      step.part_channels.push_back(ch);
      step.partials.push_back(part);
    }
  }
  if (op == Op::AvgPool) {
    step.divisor = AvgPoolDivisor(cfg, step.out_z, step.out_row, step.out_col);
    step.result = step.divisor > 0 ? running / step.divisor : 0.0;
  } else if (op == Op::MaxPool) {
    step.result = running;
  } else {
    step.bias = cfg.bias && !c.bias.empty() ? c.bias[static_cast<size_t>(step.out_channel)] : 0.0;
    double sum = step.bias;
    for (double p : step.partials) sum += p;
    step.result = sum;
  }
  return step;
}

ScatterStep Scatter(const Computation& c, int n) {
  ScatterStep step;
  const int total = static_cast<int>(c.input.size());
  n = std::clamp(n, 0, std::max(0, total - 1));
  step.index = n;
  const CellRef x = CellOfStep(c, View::Scatter, n);
  step.in_channel = x.channel;
  step.in_z = x.z;
  step.in_row = x.row;
  step.in_col = x.col;
  step.value = c.input[static_cast<size_t>(n)];
  const Config& cfg = c.config;
  const int opg = cfg.out_per_group();
  const int g = step.in_channel / cfg.in_per_group();
  for (int ocl = 0; ocl < opg; ++ocl) {
    detail::ForEachTap(cfg, {step.in_z, step.in_row, step.in_col}, c.output_shape,
                       [&](std::array<int, 3> u, int z, int r, int col) {
                         const double w = c.weight.at({step.in_channel, ocl, u[0], u[1], u[2]});
                         step.stamps.push_back({g * opg + ocl, z, r, col, u[0], u[1], u[2], w, step.value * w});
                       });
  }
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
  if (std::fabs(v) >= 1e15) return FormatDouble(v);  // 1e+70, not 71 digits
  if (std::fabs(v - rounded) < 1e-9) return FormatFixed(rounded, 0);
  return FormatFixed(v, 2);  // locale-free: 0.5 under any setlocale()
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

namespace {

std::string Position(const Computation& c, int z, int row, int col) {
  switch (c.config.rank) {
    case 1: return "[" + std::to_string(col) + "]";
    case 2: return "[" + std::to_string(row) + "," + std::to_string(col) + "]";
    default: return "[" + std::to_string(z) + "," + std::to_string(row) + "," + std::to_string(col) + "]";
  }
}

// A sum too long to write out whole: the products that are not zero first (what makes the result), then how many
// zero terms were left out ("3·1 + 4·2 + 8 zero terms"); when even the non-zero ones are too many, the first of them
// and a count of the rest.
std::string ProductsFirst(const std::vector<std::string>& products, const std::vector<bool>& zero, int max_terms) {
  const int n = static_cast<int>(products.size());
  if (max_terms <= 0 || n <= max_terms) return Join(products, " + ", 0);
  std::vector<std::string> nonzero;
  for (size_t i = 0; i < products.size(); ++i)
    if (!zero[i]) nonzero.push_back(products[i]);
  const int zeros = n - static_cast<int>(nonzero.size());
  const auto count = [](int k, const char* what) {
    return std::to_string(k) + " " + what + (k == 1 ? " term" : " terms");
  };
  if (static_cast<int>(nonzero.size()) < max_terms) {
    return (nonzero.empty() ? "" : Join(nonzero, " + ", 0) + " + ") + count(zeros, "zero");
  }
  const int shown = max_terms - 1;
  nonzero.resize(static_cast<size_t>(shown));
  const int rest = n - zeros - shown;
  return Join(nonzero, " + ", 0) + " + " + count(rest, "more") + (zeros ? " + " + count(zeros, "zero") : "");
}

// The taps of one input channel written out: "3·0 + 3·1 + ...".
std::string TermsOf(const Computation& c, const GatherStep& step, int channel, int max_terms) {
  std::vector<std::string> terms;
  std::vector<bool> zero;
  for (const Tap& t : step.taps) {
    if (t.channel != channel) continue;
    switch (c.config.op) {
      case Op::Conv:
      case Op::Transposed:
        terms.push_back(Parenthesised(t.value) + "·" + Parenthesised(t.weight));
        zero.push_back(t.value == 0 || t.weight == 0);
        break;
      case Op::MaxPool:
        if (t.source_index >= 0) terms.push_back(FormatValue(t.value));
        break;
      case Op::AvgPool:
        if (t.source_index >= 0) terms.push_back(Parenthesised(t.value));
        break;
    }
  }
  if (!zero.empty()) return ProductsFirst(terms, zero, max_terms);
  return Join(terms, c.config.op == Op::MaxPool ? ", " : " + ", max_terms);
}

}  // namespace

std::string PartEquation(const Computation& c, const GatherStep& step, int part, int max_terms) {
  if (part < 0 || part >= static_cast<int>(step.part_channels.size())) return "";
  const int ch = step.part_channels[static_cast<size_t>(part)];
  return "ch " + std::to_string(ch) + ": " + TermsOf(c, step, ch, max_terms) + " = " +
         FormatValue(step.partials[static_cast<size_t>(part)]);
}

std::string StepEquation(const Computation& c, const GatherStep& step, int max_terms) {
  const int channel = step.taps.empty() ? 0 : step.taps.front().channel;
  switch (c.config.op) {
    case Op::Conv:
    case Op::Transposed: {
      const std::string bias = c.config.bias ? " + " + Parenthesised(step.bias) : "";
      if (step.partials.size() <= 1) return TermsOf(c, step, channel, max_terms) + bias + " = " + FormatValue(step.result);
      std::vector<std::string> parts;
      for (size_t n = 0; n < step.partials.size(); ++n)
        parts.push_back("ch " + std::to_string(step.part_channels[n]) + ": " + FormatValue(step.partials[n]));
      return Join(parts, " + ", max_terms) + (c.config.bias ? " + bias " + FormatValue(step.bias) : "") + " = " +
             FormatValue(step.result);
    }
    case Op::MaxPool: return "max(" + TermsOf(c, step, channel, max_terms) + ") = " + FormatValue(step.result);
    case Op::AvgPool:
      return "(" + TermsOf(c, step, channel, max_terms) + ")/" + std::to_string(step.divisor) + " = " +
             FormatValue(step.result);
  }
  return "";
}

std::string StepEquation(const Computation& c, const ScatterStep& step, int max_terms) {
  const bool channels = c.config.in_channels > 1 || c.out_channels() > 1;
  std::vector<std::string> terms;
  for (const Stamp& s : step.stamps) {
    terms.push_back("y" + (channels ? std::to_string(s.out_channel) : std::string()) +
                    Position(c, s.out_z, s.out_row, s.out_col) + " += " + Parenthesised(step.value) + "·" +
                    Parenthesised(s.weight));
  }
  std::string head = "x" + (channels ? std::to_string(step.in_channel) : std::string()) +
                     Position(c, step.in_z, step.in_row, step.in_col) + " = " + FormatValue(step.value) + ": ";
  if (terms.empty()) return head + "no kernel tap lands inside the output (cropped by p)";
  return head + Join(terms, ", ", max_terms);
}

std::vector<CellRef> OutputsReading(const Computation& c, View view, const CellRef& at) {
  std::vector<CellRef> out;
  const Config& cfg = c.config;
  if (view == View::Scatter || view == View::Associated) {
    const auto in = c.input_dims();
    if (at.channel < 0 || at.channel >= c.in_channels() || at.z < 0 || at.row < 0 || at.col < 0 || at.z >= in[0] ||
        at.row >= in[1] || at.col >= in[2])
      return out;
    for (const Stamp& s : Scatter(c, StepOf(c, View::Scatter, at)).stamps) out.push_back(s.out());
    std::sort(out.begin(), out.end());
    return out;
  }
  if (at.channel < 0 || at.channel >= cfg.in_channels) return out;
  const bool equivalent = view == View::Equivalent;
  const int pos[3] = {at.z, at.row, at.col};
  std::array<std::vector<int>, 3> along;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    const int s = equivalent ? 1 : ax.stride;
    for (int u = 0; u < ax.kernel; ++u) {
      const int o = TapOutput(pos[a], u, s, 0, ax.dilation);  // canvas coordinates
      if (o >= 0 && o < c.output_shape[static_cast<size_t>(a)]) along[static_cast<size_t>(a)].push_back(o);
    }
    std::sort(along[static_cast<size_t>(a)].begin(), along[static_cast<size_t>(a)].end());
  }
  // Output channels fed by this input channel: its group's (pooling: the same channel).
  int first = at.channel, count = 1;
  if (!cfg.pooling()) {
    first = at.channel / cfg.in_per_group() * cfg.out_per_group();
    count = cfg.out_per_group();
  }
  for (int oc = first; oc < first + count; ++oc)
    for (int z : along[0])
      for (int r : along[1])
        for (int col : along[2]) out.push_back({oc, z, r, col});
  return out;
}

namespace {

// Transposed: the last input step (scatter order) that writes output y, or 0 when none does. The inputs writing y are
// its group's input channels times, per axis, the positions one of whose taps lands on y's: the last is the last
// channel at the largest position on every axis. O(k) per axis; nothing is built.
int LastStampOf(const Computation& c, const CellRef& y) {
  const Config& cfg = c.config;
  const auto in = c.input_dims();
  const int pos[3] = {y.z, y.row, y.col};
  CellRef x;
  int* last[3] = {&x.z, &x.row, &x.col};
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    *last[a] = -1;
    for (int u = 0; u < ax.kernel; ++u) {
      const int i = TapOutput(pos[a], u, ax.stride, ax.pad_before, ax.dilation);
      if (i >= 0 && i < in[static_cast<size_t>(a)]) *last[a] = std::max(*last[a], i);
    }
    if (*last[a] < 0) return 0;
  }
  x.channel = (y.channel / cfg.out_per_group() + 1) * cfg.in_per_group() - 1;
  return StepOf(c, View::Scatter, x);
}

// Transposed: the first output (equivalent view's order) input x writes, or 0 when its every stamp is cropped away:
// its group's first output channel at the smallest landing position on every axis.
int FirstWrittenBy(const Computation& c, const CellRef& x) {
  const Config& cfg = c.config;
  const int pos[3] = {x.z, x.row, x.col};
  CellRef y;
  int* first[3] = {&y.z, &y.row, &y.col};
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    const int size = c.output_shape[static_cast<size_t>(a)];
    *first[a] = -1;
    for (int u = 0; u < ax.kernel; ++u) {
      const int o = TapPosition(ax, pos[a], u);
      if (o >= 0 && o < size && (*first[a] < 0 || o < *first[a])) *first[a] = o;
    }
    if (*first[a] < 0) return 0;
  }
  y.channel = x.channel / cfg.in_per_group() * cfg.out_per_group();
  return StepOf(c, View::Equivalent, y);
}

}  // namespace

LinkedMoment LinkStep(const Computation& c, View lead, int lead_step, View other) {
  LinkedMoment m;
  const int count = StepCount(c, other);
  if (c.config.op != Op::Transposed || lead == other || count == 0) {
    m.step = std::clamp(lead_step, 0, std::max(0, count - 1));
    return m;
  }
  const bool lead_gather = lead == View::Equivalent || lead == View::Direct;
  if (lead_gather) {
    const CellRef y = CellOfStep(c, lead, lead_step);
    // Complete once the last input writing it has stamped; an output no stamp reaches (the a extra cells) at step 0.
    m.step = LastStampOf(c, y);
    if (other == View::Scatter) {
      m.panel = Panel::Output;
      m.cell = y;
    } else {  // Associated: y is a cell of the direct convolution's (padded) input
      const Canvas canvas = MakeCanvas(c.associated);
      m.panel = Panel::Input;
      m.cell = {y.channel, y.z + canvas.lead[0], y.row + canvas.lead[1], y.col + canvas.lead[2]};
    }
    return m;
  }
  const CellRef x = CellOfStep(c, lead, lead_step);
  if (other == View::Equivalent) {
    const auto at = c.canvas.CanvasOf(x.z, x.row, x.col);
    m.panel = Panel::Input;
    m.cell = {x.channel, at[0], at[1], at[2]};
    // The first output x writes (the kernel window then covers x); x cropped away writes none: the first step.
    m.step = FirstWrittenBy(c, x);
    return m;
  }
  m.step = lead_step;  // Scatter and Associated count the same input cells
  m.panel = other == View::Scatter ? Panel::Input : Panel::Output;
  m.cell = x;
  return m;
}

std::vector<CellRef> InputsFeeding(const Computation& c, const CellRef& o) {
  std::vector<CellRef> out;
  const Config& cfg = c.config;
  if (o.channel < 0 || o.channel >= c.out_channels()) return out;
  const auto in = c.input_dims();
  const int pos[3] = {o.z, o.row, o.col};
  std::array<std::vector<int>, 3> along;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    for (int u = 0; u < ax.kernel; ++u) {
      const int i = TapOutput(pos[a], u, ax.stride, ax.pad_before, ax.dilation);  // the input cell stamping pos
      if (i >= 0 && i < in[static_cast<size_t>(a)]) along[static_cast<size_t>(a)].push_back(i);
    }
    std::sort(along[static_cast<size_t>(a)].begin(), along[static_cast<size_t>(a)].end());
  }
  const int first = o.channel / cfg.out_per_group() * cfg.in_per_group();
  for (int ic = first; ic < first + cfg.in_per_group(); ++ic)
    for (int z : along[0])
      for (int r : along[1])
        for (int col : along[2]) out.push_back({ic, z, r, col});
  return out;
}

}  // namespace convarith
