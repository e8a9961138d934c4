// Formulas in symbols: an output as the sum of weight-input products (or a max, a mean), and a gradient value as the
// sum of its step's products, with subscripts and superscripts for positions and channels.
#include "convarith/ops/symbols.hpp"

#include <algorithm>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith {

namespace {

using detail::KernelDims;
using detail::Volume;

constexpr const char* kSub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
constexpr const char* kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

std::string Digits(int n, const char* const* glyphs) {
  std::string s;
  for (char c : std::to_string(n)) s += glyphs[c - '0'];
  return s;
}

// 1-based subscripts of the rank's axes; joined by commas when one needs two digits.
std::string Subscripts(const Config& c, std::array<int, 3> pos) {
  bool wide = false;
  for (int a = c.first_axis(); a < 3; ++a) wide = wide || pos[static_cast<size_t>(a)] + 1 >= 10;
  std::string s;
  for (int a = c.first_axis(); a < 3; ++a) {
    if (wide && a > c.first_axis()) s += ",";
    s += Digits(pos[static_cast<size_t>(a)] + 1, kSub);
  }
  return s;
}

bool HasChannels(const Config& c) { return c.in_channels > 1 || (!c.pooling() && c.out_channels > 1); }

std::array<int, 3> Unflatten(int64_t n, std::array<int, 3> d) {
  return {static_cast<int>(n / (static_cast<int64_t>(d[1]) * d[2])), static_cast<int>(n / d[2] % d[1]),
          static_cast<int>(n % d[2])};
}

std::string Joined(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (size_t n = 0; n < parts.size(); ++n) s += (n ? sep : "") + parts[n];
  return s;
}

// The terms of output (oc, o): conv reads the padded input at o·s + u·d; transposed, as its equivalent convolution,
// the stretched, padded input at o + u·d with the kernel rotated.
std::vector<SymbolTerm> Terms(const Config& c, int oc, std::array<int, 3> o, KernelConvention convention) {
  const Canvas canvas = MakeCanvas(c);
  const auto kd = KernelDims(c);
  const auto in = detail::InputDims(c);
  const bool transposed = c.op == Op::Transposed, channels = HasChannels(c);
  // Conv flips for true convolution; transposed's equivalent convolution is rotated, so true convolution unflips it.
  const bool flip = (convention == KernelConvention::TrueConvolution) != transposed;
  std::vector<int> reads{oc};  // pooling: its own channel
  if (!c.pooling()) {
    reads.clear();
    const int g = oc / c.out_per_group();
    for (int icl = 0; icl < c.in_per_group(); ++icl) reads.push_back(g * c.in_per_group() + icl);
  }
  std::vector<SymbolTerm> terms;
  for (int ic : reads)
    for (int u0 = 0; u0 < kd[0]; ++u0)
      for (int u1 = 0; u1 < kd[1]; ++u1)
        for (int u2 = 0; u2 < kd[2]; ++u2) {
          const std::array<int, 3> u{u0, u1, u2};
          std::array<int, 3> pos{};
          for (size_t a = 0; a < 3; ++a)
            pos[a] = TapPosition(o[a], u[a], transposed ? 1 : c.axes[a].stride, 0, c.axes[a].dilation);
          const auto src = canvas.SourceAt(pos[0], pos[1], pos[2]);
          if (src[0] < 0) continue;
          SymbolTerm t;
          t.input = CellSymbol("x", c, channels ? ic : -1, src);
          t.input_index = static_cast<int64_t>(ic) * Volume(in) + (static_cast<int64_t>(src[0]) * in[1] + src[1]) * in[2] + src[2];
          t.tap = flip ? std::array<int, 3>{kd[0] - 1 - u0, kd[1] - 1 - u1, kd[2] - 1 - u2} : u;
          if (c.op == Op::Conv) t.weight = WeightSymbol(c, oc, ic % c.in_per_group(), t.tap, channels);
          if (transposed) t.weight = WeightSymbol(c, ic, oc % c.out_per_group(), t.tap, channels);
          terms.push_back(std::move(t));
        }
  return terms;
}

}  // namespace

std::string_view ConventionName(KernelConvention convention) {
  return convention == KernelConvention::TrueConvolution ? "convolution" : "correlation";
}

std::optional<KernelConvention> ParseConvention(std::string_view name) {
  if (name == "correlation") return KernelConvention::CrossCorrelation;
  if (name == "convolution") return KernelConvention::TrueConvolution;
  return std::nullopt;
}

std::string CellSymbol(std::string_view name, const Config& c, int channel, std::array<int, 3> pos) {
  std::string s(name);
  if (channel >= 0) s += "⁽" + Digits(channel + 1, kSup) + "⁾";
  return s + Subscripts(c, pos);
}

std::string WeightSymbol(const Config& c, int first, int second, std::array<int, 3> tap, bool channels) {
  std::string s = "w";
  if (channels) s += "⁽" + Digits(first + 1, kSup) + "," + Digits(second + 1, kSup) + "⁾";
  return s + Subscripts(c, tap);
}

SymbolFormula OutputFormula(const Config& raw, int64_t index, KernelConvention convention) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  const auto out = OutputShape(c);
  const int channels_out = c.pooling() ? c.in_channels : c.out_channels;
  const int64_t plane = Volume(out);
  index = std::clamp<int64_t>(index, 0, channels_out * plane - 1);
  const int oc = static_cast<int>(index / plane);
  const auto o = Unflatten(index % plane, out);
  SymbolFormula f;
  f.output = CellSymbol("y", c, HasChannels(c) ? oc : -1, o);
  f.terms = Terms(c, oc, o, convention);
  std::vector<std::string> parts;
  for (const SymbolTerm& t : f.terms) parts.push_back(t.weight + t.input);
  if (c.op == Op::MaxPool) {
    f.text = f.output + " = max(" + Joined(parts, ", ") + ")";
    return f;
  }
  if (c.op == Op::AvgPool) {
    f.text = f.output + " = (" + Joined(parts, " + ") + ")/" + std::to_string(AvgPoolDivisor(c, o[0], o[1], o[2]));
    return f;
  }
  if (c.bias) f.bias = "b" + (c.out_channels > 1 ? "⁽" + Digits(oc + 1, kSup) + "⁾" : std::string());
  if (!f.bias.empty()) parts.push_back(f.bias);
  f.text = f.output + " = " + (parts.empty() ? "0" : Joined(parts, " + "));
  return f;
}

std::string GradientFormula(const BackwardPass& p, const GradStep& step) {
  const Config& c = p.config;
  const bool channels = HasChannels(c);
  const auto in = detail::InputDims(c);
  const auto out = OutputShape(c);
  const auto kd = KernelDims(c);
  const auto input_symbol = [&](std::string_view name, int64_t n) {
    return CellSymbol(name, c, channels ? static_cast<int>(n / Volume(in)) : -1, Unflatten(n % Volume(in), in));
  };
  const auto output_symbol = [&](int64_t n) {
    return CellSymbol("∂L/∂y", c, channels ? static_cast<int>(n / Volume(out)) : -1, Unflatten(n % Volume(out), out));
  };
  const int per_kernel = c.op == Op::Transposed ? c.out_per_group() : c.in_per_group();
  const auto weight_symbol = [&](int64_t n) {
    const int64_t kernel = n / Volume(kd);
    return WeightSymbol(c, static_cast<int>(kernel / per_kernel), static_cast<int>(kernel % per_kernel),
                        Unflatten(n % Volume(kd), kd), channels);
  };
  std::string lhs;
  switch (step.target) {
    case GradTarget::Input: lhs = "∂L/∂" + input_symbol("x", step.index); break;
    case GradTarget::Weight: lhs = "∂L/∂" + weight_symbol(step.index); break;
    case GradTarget::Bias:
      lhs = "∂L/∂b" + (c.out_channels > 1 ? "⁽" + Digits(static_cast<int>(step.index) + 1, kSup) + "⁾" : std::string());
      break;
  }
  std::vector<std::string> parts;
  for (const GradTerm& t : step.terms) {
    if (step.target == GradTarget::Weight) {
      parts.push_back(input_symbol("x", t.a_index) + " " + output_symbol(t.b_index));
    } else if (t.b_index >= 0) {
      parts.push_back(weight_symbol(t.b_index) + " " + output_symbol(t.a_index));
    } else if (c.op == Op::AvgPool && step.target == GradTarget::Input) {
      parts.push_back(output_symbol(t.a_index) + "/" + std::to_string(static_cast<int>(1.0 / t.b + 0.5)));
    } else {
      parts.push_back(output_symbol(t.a_index));
    }
  }
  return lhs + " = " + (parts.empty() ? "0" : Joined(parts, " + "));
}

}  // namespace convarith
