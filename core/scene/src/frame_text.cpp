// The frame's words: the grids' labels, each map's name, the step written out, the caption and the views' titles.
#include <algorithm>
#include <charconv>

#include "convarith/base/numbers.hpp"
#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith {
namespace detail {

namespace {

// "5" when every spatial axis has the same value, else "4x6" (or "3x4x6"), in PyTorch's axis order.
template <class Get>
std::string AxisValues(const Config& cfg, Get get) {
  const auto sp = cfg.spatial();
  bool same = true;
  for (const AxisParams& a : sp) same &= get(a) == get(sp[0]);
  if (same) return std::to_string(get(sp[0]));
  std::string s;
  for (size_t n = 0; n < sp.size(); ++n) s += (n ? "x" : "") + std::to_string(get(sp[n]));
  return s;
}
std::string Dims3(const Config& cfg, const std::array<int, 3>& d) {
  bool same = true;
  for (int a = cfg.first_axis(); a < 3; ++a) same &= d[static_cast<size_t>(a)] == d[2];
  if (same) return std::to_string(d[2]);
  std::string s;
  for (int a = cfg.first_axis(); a < 3; ++a) s += (a > cfg.first_axis() ? "x" : "") + std::to_string(d[static_cast<size_t>(a)]);
  return s;
}
std::string PaddingValues(const Config& cfg) {
  const auto sp = cfg.spatial();
  const bool symmetric = std::all_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.symmetric(); });
  if (symmetric) return AxisValues(cfg, [](const AxisParams& a) { return a.pad_before; });
  return AxisValues(cfg, [](const AxisParams& a) { return a.pad_before; }) + "+" +
         AxisValues(cfg, [](const AxisParams& a) { return a.pad_after; });
}

}  // namespace

std::string Channels(int n, const char* name) { return n > 1 ? std::string(name) + " = " + std::to_string(n) + ", " : ""; }

namespace {
// Backward: the computation is the input gradient's; its input is the output gradient, its output the input gradient
// (channel counts named as the layer's: the gradient's input channels are the layer's output channels).
std::string BackwardLeftLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  const std::string dy = "output gradient ∂L/∂y  " + Channels(cfg.in_channels, "C_out");
  switch (p.view) {
    case View::Direct:
    case View::Scatter: return dy + "size " + AxisValues(cfg, [](const AxisParams& a) { return a.input; });
    case View::Equivalent: return "stretched " + dy + "p' = " + PaddingValues(cfg);
    case View::Associated:
      return "input gradient ∂L/∂x at the forward conv's input  i = " +
             AxisValues(p.c.associated, [](const AxisParams& a) { return a.input; });
  }
  return "";
}
std::string BackwardRightLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  if (p.view == View::Associated) {
    return "output gradient ∂L/∂y positions  " + AxisValues(cfg, [](const AxisParams& a) { return a.input; });
  }
  return "input gradient ∂L/∂x  " + Channels(p.c.out_channels(), "C_in") + "size " + Dims3(cfg, p.c.output_shape);
}
}  // namespace

std::string LeftLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  if (DrawsWeightOrBiasGrad(p)) return GradLeftLabel(p);
  if (p.o.pass == Pass::Backward) return BackwardLeftLabel(p);
  switch (p.view) {
    case View::Direct: {
      std::string mode = cfg.op == Op::Conv && cfg.padding_mode != PaddingMode::Zeros
                             ? " (" + std::string(PaddingModeName(cfg.padding_mode)) + ")"
                             : "";
      return "input  " + Channels(cfg.in_channels, "C_in") + "i = " +
             AxisValues(cfg, [](const AxisParams& a) { return a.input; }) + ", p = " + PaddingValues(cfg) + mode;
    }
    case View::Equivalent: {
      std::array<int, 3> st{}, pp{}, ex{};
      for (int a = 0; a < 3; ++a) {
        st[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].stretched_input;
        pp[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].padding;
        ex[static_cast<size_t>(a)] = p.c.transposed[static_cast<size_t>(a)].extra;
      }
      return "stretched input  " + Channels(cfg.in_channels, "C_in") + "ĩ' = " + Dims3(cfg, st) + ", p' = " +
             Dims3(cfg, pp) + ", a = " + Dims3(cfg, ex);
    }
    case View::Scatter:
      return "input  " + Channels(cfg.in_channels, "C_in") + "i' = " +
             AxisValues(cfg, [](const AxisParams& a) { return a.input; });
    case View::Associated:
      return "direct conv input  i = " + AxisValues(p.c.associated, [](const AxisParams& a) { return a.input; }) +
             ", p = " + PaddingValues(cfg);
  }
  return "";
}

std::string RightLabel(const Plan& p) {
  const Config& cfg = p.c.config;
  if (DrawsWeightOrBiasGrad(p)) return GradRightLabel(p);
  if (p.o.pass == Pass::Backward) return BackwardRightLabel(p);
  const std::string o = Dims3(cfg, p.c.output_shape);
  const std::string ch = Channels(p.c.out_channels(), cfg.pooling() ? "C" : "C_out");
  switch (p.view) {
    case View::Direct: return "output  " + ch + "o = " + o;
    case View::Equivalent:
    case View::Scatter: return "output  " + ch + "o' = " + o;
    case View::Associated:
      return "output positions  i' = " + AxisValues(cfg, [](const AxisParams& a) { return a.input; });
  }
  return "";
}

std::string KernelLabel(const Plan& p, const Tensor& k) {
  if (DrawsWeightOrBiasGrad(p)) return GradKernelLabel(p);
  const bool several = k.dim(0) * k.dim(1) > 1;
  std::string s = several ? "kernels " + ShapeText(TorchShape(p.c.config, TensorRole::Weight)) : "kernel";
  if (p.view == View::Equivalent) s += ", rotated 180°";
  return s;
}

// Focus layout, many input channels: the part of the channel drawn large, then the rest summed ("ch 9: 3 + other 15
// ch: 16 = 19"), one line a projector can hold.
std::string FocusEquation(const Plan& p) {
  const GatherStep& g = *p.g;
  const auto at = std::find(g.part_channels.begin(), g.part_channels.end(), p.focus_left);
  if (at == g.part_channels.end()) return StepEquation(p.c, g);
  const size_t n = static_cast<size_t>(at - g.part_channels.begin());
  double rest = 0;
  for (size_t m = 0; m < g.partials.size(); ++m)
    if (m != n) rest += g.partials[m];
  const std::string bias = p.c.config.bias ? " + bias " + FormatValue(g.bias) : "";
  return "ch " + std::to_string(p.focus_left) + ": " + FormatValue(g.partials[n]) + " + other " +
         std::to_string(g.partials.size() - 1) + " ch: " + FormatValue(rest) + bias + " = " + FormatValue(g.result);
}

std::string SymbolOf(const Plan& p, const FrameCell& cell) {
  if (cell.data_index < 0) return "";
  const Computation& c = p.c;
  const bool backward = p.o.pass == Pass::Backward;
  const GradNames names = NamesOf(p.o);
  if (DrawsWeightOrBiasGrad(p) && cell.panel == Panel::Kernel) {  // the sliding map's cell (or a 1 of the bias's sum)
    if (p.o.grad == GradTarget::Bias) return "1";
    const std::vector<int> at = IndexIn(c.weight.shape(), static_cast<size_t>(cell.data_index));
    return CellSymbol(names.kernel, c.config, -1, {at[2], at[3], at[4]});
  }
  if (cell.panel == Panel::Kernel) {
    const Tensor& w = c.weight;
    if (w.rank() != 5) return "";
    auto idx = static_cast<size_t>(cell.data_index);
    std::array<int, 5> at{};
    for (int d = 4; d >= 0; --d) {
      const auto n = static_cast<size_t>(w.dim(d));
      at[static_cast<size_t>(d)] = static_cast<int>(idx % n);
      idx /= n;
    }
    std::array<int, 3> tap{at[2], at[3], at[4]};
    if (p.view == View::Equivalent)  // the kernel drawn rotated: the weight at a cell is the one opposite it
      tap = {w.dim(2) - 1 - tap[0], w.dim(3) - 1 - tap[1], w.dim(4) - 1 - tap[2]};
    return WeightSymbol(c.config, at[0], at[1], tap, w.dim(0) * w.dim(1) > 1);
  }
  // Associated: the left grid holds the transposed convolution's output, the right one its input.
  const bool left_is_output = p.view == View::Associated;
  const bool output = (cell.panel == Panel::Output) != left_is_output;
  const Tensor& t = output ? c.output : c.input;
  if (t.rank() != 4 || static_cast<size_t>(cell.data_index) >= t.size()) return "";
  auto idx = static_cast<size_t>(cell.data_index);
  std::array<int, 4> at{};
  for (int d = 3; d >= 0; --d) {
    const auto n = static_cast<size_t>(t.dim(d));
    at[static_cast<size_t>(d)] = static_cast<int>(idx % n);
    idx /= n;
  }
  (void)backward;
  const std::string_view name = output ? names.right : names.left;
  return CellSymbol(name, c.config, t.dim(0) > 1 ? at[0] : -1, {at[1], at[2], at[3]});
}

namespace {
// A scatter step's text with the backward pass's names: "x[0,2] = 1: y[0,3] += 1·1" becomes
// "∂L/∂y[0,2] = 1: ∂L/∂x[0,3] += 1·1" (a name is x or y followed by a channel digit or a bracket).
std::string BackwardNames(const std::string& text) {
  std::string out;
  for (size_t n = 0; n < text.size(); ++n) {
    const char ch = text[n];
    const bool starts = (ch == 'x' || ch == 'y') && (n == 0 || text[n - 1] == ' ') && n + 1 < text.size() &&
                        (text[n + 1] == '[' || (text[n + 1] >= '0' && text[n + 1] <= '9'));
    out += starts ? (ch == 'x' ? "∂L/∂y" : "∂L/∂x") : std::string(1, ch);
  }
  return out;
}
}  // namespace

std::string EquationText(const Plan& p) {
  // Symbols: the current output's formula (the forward pass's gather views; a pass or view without one keeps numbers).
  if (p.o.symbols && p.g && p.o.pass == Pass::Forward) {
    const SymbolFormula f = OutputFormula(p.c.config, p.step, p.o.convention);
    // A 3x3 kernel's sum whole; a larger one's (or several channels', whose symbols are longer) first terms and a count.
    const size_t kShown = p.c.in_channels() > 1 ? 4 : 9;
    if (f.terms.size() <= kShown) return f.text;
    std::string s = f.output + " = ";
    for (size_t n = 0; n < kShown; ++n) s += (n ? " + " : "") + f.terms[n].weight + f.terms[n].input;
    return s + " + … (" + std::to_string(f.terms.size() - kShown) + " more terms)" + (f.bias.empty() ? "" : " + " + f.bias);
  }
  if (p.g && DrawsWeightOrBiasGrad(p)) return GradStepEquation(p, *p.g);
  if (p.g && p.focus && !p.pooling && p.g->partials.size() > static_cast<size_t>(kFocusAbove)) return FocusEquation(p);
  if (p.g) return StepEquation(p.c, *p.g);
  const bool backward = p.o.pass == Pass::Backward;
  if (p.view == View::Associated) {
    const std::string at = "[" + std::to_string(p.sc->in_row) + "," + std::to_string(p.sc->in_col) + "]";
    if (backward) {
      return "the forward conv's output " + at + " reads " + std::to_string(p.sc->stamps.size()) +
             " input cells; its transpose sends ∂L/∂y" + at + " back to those same cells";
    }
    return "direct conv output " + at + " reads " + std::to_string(p.sc->stamps.size()) +
           " input cells; the transpose sends x" + at + " back to those same cells";
  }
  // The backward pass stamps the output gradient into the input gradient: its x is ∂L/∂y, its y ∂L/∂x.
  if (backward) return BackwardNames(StepEquation(p.c, *p.sc, 6));
  return StepEquation(p.c, *p.sc, 6);
}


// A grid's label in lines no wider than `width` (cell units), broken after its name and at ", ": a stack of maps is
// often narrower than its label, and a wrapped label keeps the next stack close.
std::vector<std::string> WrapLabel(const TextMeasure& m, const std::string& text, float width, float size,
                                   bool split_name) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < text.size()) {
    size_t cut = text.find("  ", start);
    size_t comma = text.find(", ", start);
    size_t end = std::min(cut, comma);
    if (end == std::string::npos) {
      tokens.push_back(text.substr(start));
      break;
    }
    tokens.push_back(text.substr(start, end - start + (end == comma ? 1 : 0)));
    start = end + 2;
  }
  if (split_name && !tokens.empty() && m.Width(tokens.front(), size) > width) {
    // The name wider than its grid ("output positions" over 3 cells): a word a line; the sizes stay whole.
    std::vector<std::string> words;
    for (size_t from = 0, space = 0; from <= tokens.front().size(); from = space + 1) {
      space = std::min(tokens.front().find(' ', from), tokens.front().size());
      if (space > from) words.push_back(tokens.front().substr(from, space - from));
    }
    tokens.erase(tokens.begin());
    tokens.insert(tokens.begin(), words.begin(), words.end());
  }
  std::vector<std::string> lines;
  for (const std::string& token : tokens) {
    if (!lines.empty() && m.Width(lines.back() + " " + token, size) <= width) {
      lines.back() += " " + token;
    } else {
      lines.push_back(token);
    }
  }
  return lines;
}

float LinesWidth(const TextMeasure& m, const std::vector<std::string>& lines, float size) {
  float w = 0;
  for (const std::string& line : lines) w = std::max(w, m.Width(line, size));
  return w;
}

std::string MapName(const Plan& p, bool channels, bool slices, int ch, int z) {
  std::string s;
  if (channels) s += "ch " + std::to_string(ch);
  if (slices) s += std::string(channels ? " · " : "") + "z " + std::to_string(z);
  (void)p;
  return s;
}

namespace {

// "2.2e-16", "0.5": two significant digits, whatever the C locale.
std::string Short(double v) { return FormatGeneral(v, 2); }

}  // namespace

std::string CheckText(const Agreement& a) {
  const std::string all = std::to_string(a.count) + " outputs";
  if (!a.agree()) {
    if (!a.same_shape) return "check FAILED: scatter and equivalent convolution differ in shape";
    return "check FAILED: scatter and equivalent convolution differ on " + std::to_string(a.outside) + " of " + all +
           " (largest difference " + Short(a.largest_difference) + ")";
  }
  if (a.exact()) return "check: scatter and equivalent convolution agree on all " + all;
  return "check passed: scatter and equivalent convolution agree on all " + all + " to " +
         std::to_string(a.largest_ulps) + " ulp (largest difference " + Short(a.largest_difference) + ")";
}

}  // namespace detail

using detail::AxisValues;
using detail::Dims3;
using detail::PaddingValues;

std::string Caption(const Config& cfg) {
  const bool tr = cfg.op == Op::Transposed;
  const auto out = OutputShape(cfg);
  std::string s = std::string(OpTitle(cfg.op));
  if (cfg.rank != 2) s += " " + std::to_string(cfg.rank) + "-D";
  s += ", ";
  if (cfg.in_channels > 1 || (!cfg.pooling() && cfg.out_channels > 1)) {
    s += cfg.pooling() ? "C=" + std::to_string(cfg.in_channels) + ", "
                       : "C_in=" + std::to_string(cfg.in_channels) + ", C_out=" + std::to_string(cfg.out_channels) + ", ";
  }
  if (!cfg.pooling() && cfg.groups > 1) s += "groups=" + std::to_string(cfg.groups) + ", ";
  s += std::string(tr ? "i'=" : "i=") + AxisValues(cfg, [](const AxisParams& a) { return a.input; }) +
       ", k=" + AxisValues(cfg, [](const AxisParams& a) { return a.kernel; }) +
       ", s=" + AxisValues(cfg, [](const AxisParams& a) { return a.stride; }) + ", p=" + PaddingValues(cfg);
  const auto sp = cfg.spatial();
  if (std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.dilation != 1; }))
    s += ", d=" + AxisValues(cfg, [](const AxisParams& a) { return a.dilation; });
  if (tr && std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.output_padding != 0; }))
    s += ", a=" + AxisValues(cfg, [](const AxisParams& a) { return a.output_padding; });
  if (cfg.op == Op::Conv && cfg.padding_mode != PaddingMode::Zeros) s += ", " + std::string(PaddingModeName(cfg.padding_mode));
  if (cfg.pooling() && cfg.ceil_mode) s += ", ceil_mode";
  s += std::string(": ") + (tr ? "o'=" : "o=") + Dims3(cfg, out);
  return s;
}

std::string ViewTitle(View view, bool short_title, Pass pass) {
  if (pass == Pass::Backward) {
    switch (view) {
      case View::Direct: return "";
      case View::Equivalent:
        return short_title ? "Equivalent convolution" : "∂L/∂x as a direct convolution of ∂L/∂y (kernel rotated 180°)";
      case View::Scatter:
        return short_title ? "Scatter" : "Scatter: each ∂L/∂y cell adds ∂L/∂y × kernel into ∂L/∂x (Cᵀ)";
      case View::Associated: return short_title ? "The forward convolution" : "The forward convolution (C; its Cᵀ is the gradient)";
    }
  }
  switch (view) {
    case View::Direct:
      return "";
    case View::Equivalent:
      return short_title ? "Equivalent convolution" : "Equivalent direct convolution (kernel rotated 180°, stride 1)";
    case View::Scatter:
      return short_title ? "Scatter" : "Scatter: each input cell adds input × kernel into the output";
    case View::Associated:
      return short_title ? "Its direct convolution" : "The direct convolution it is the transpose of";
  }
  return "";
}

std::string_view PassName(Pass pass) { return pass == Pass::Backward ? "backward" : "forward"; }
std::optional<Pass> ParsePass(std::string_view name) {
  if (name == "forward") return Pass::Forward;
  if (name == "backward") return Pass::Backward;
  return std::nullopt;
}

}  // namespace convarith
