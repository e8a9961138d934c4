// Output sizes (PyTorch's formulas), the paper's Relationships 1-15, and a transposed convolution's direct equivalents.
#include "convarith/shape/arithmetic.hpp"

#include <algorithm>
#include <string>

namespace convarith {

namespace {

long long FloorDiv(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::string S(long long v) { return std::to_string(v); }

// The padding term of a formula: "2p" (both sides alike) or "p_b + p_a", and its numbers.
std::string PadSymbol(const AxisParams& a) { return a.symmetric() ? "2p" : "p_b + p_a"; }
std::string PadNumbers(const AxisParams& a) {
  return a.symmetric() ? "2·" + S(a.pad_before) : S(a.pad_before) + " + " + S(a.pad_after);
}
// The same, to be subtracted: "2p" or "(p_b + p_a)".
std::string PadSymbolNeg(const AxisParams& a) { return a.symmetric() ? "2p" : "(p_b + p_a)"; }
std::string PadNumbersNeg(const AxisParams& a) {
  return a.symmetric() ? PadNumbers(a) : "(" + PadNumbers(a) + ")";
}

}  // namespace

int DilatedKernel(const AxisParams& a) { return a.dilation * (a.kernel - 1) + 1; }

int OutputSize(Op op, const AxisParams& a, bool ceil_mode) {
  const long long khat = DilatedKernel(a);
  switch (op) {
    case Op::Conv:
      return static_cast<int>(FloorDiv(a.input + static_cast<long long>(a.total_padding()) - khat, a.stride) + 1);
    case Op::MaxPool:
    case Op::AvgPool: {
      long long num = a.input + static_cast<long long>(a.total_padding()) - khat + (ceil_mode ? a.stride - 1 : 0);
      long long o = FloorDiv(num, a.stride) + 1;
      // PyTorch: with ceil_mode the last window must start inside the input or the left padding.
      if (ceil_mode && (o - 1) * a.stride >= a.input + a.pad_before) --o;
      return static_cast<int>(o);
    }
    case Op::Transposed:
      return static_cast<int>((a.input - 1LL) * a.stride - a.total_padding() + (khat - 1) + a.output_padding + 1);
  }
  return 0;
}

std::array<int, 3> OutputShape(const Config& c) {
  const bool ceil = c.ceil_mode && c.pooling();
  return {OutputSize(c.op, c.axes[0], ceil), OutputSize(c.op, c.axes[1], ceil), OutputSize(c.op, c.axes[2], ceil)};
}

std::vector<int> OutputSpatial(const Config& c) {
  const auto o = OutputShape(c);
  return std::vector<int>(o.begin() + c.first_axis(), o.end());
}

std::string_view PaddingKindName(PaddingKind kind) {
  switch (kind) {
    case PaddingKind::None: return "no padding";
    case PaddingKind::Half: return "half (same) padding";
    case PaddingKind::Full: return "full padding";
    case PaddingKind::Arbitrary: return "arbitrary padding";
  }
  return "arbitrary padding";
}

namespace {

PaddingKind KindOf(const AxisParams& a) {
  if (!a.symmetric()) return PaddingKind::Arbitrary;
  if (a.pad_before == 0) return PaddingKind::None;
  if (a.kernel % 2 == 1 && a.pad_before == a.kernel / 2) return PaddingKind::Half;
  if (a.pad_before == a.kernel - 1) return PaddingKind::Full;
  return PaddingKind::Arbitrary;
}

Relationship DirectRelationship(const Config& c, const AxisParams& a) {
  const long long i = a.input, k = a.kernel, s = a.stride, p = a.pad_before, d = a.dilation;
  const bool pool = c.op == Op::MaxPool || c.op == Op::AvgPool;
  const bool ceil = pool && c.ceil_mode;
  const int o = OutputSize(c.op, a, ceil);
  Relationship r;
  r.padding = KindOf(a);
  if (d > 1) {
    r.number = 15;
    r.conditions = "dilation d = " + S(d) + ": k̂ = k + (k - 1)(d - 1) = " + S(DilatedKernel(a));
    r.formula = "o = ⌊(i + " + PadSymbol(a) + " - k - (k - 1)(d - 1))/s⌋ + 1";
    r.substituted = "o = ⌊(" + S(i) + " + " + PadNumbers(a) + " - " + S(k) + " - " + S(k - 1) + "·" + S(d - 1) + ")/" +
                    S(s) + "⌋ + 1 = " + S(o);
  } else if (pool && a.total_padding() == 0) {
    r.number = 7;
    r.conditions = "pooling, no padding";
    r.formula = "o = ⌊(i - k)/s⌋ + 1";
    r.substituted = "o = ⌊(" + S(i) + " - " + S(k) + ")/" + S(s) + "⌋ + 1 = " + S(o);
  } else if (!pool && s == 1 && a.total_padding() == 0) {
    r.number = 1;
    r.conditions = "s = 1, p = 0";
    r.formula = "o = (i - k) + 1";
    r.substituted = "o = (" + S(i) + " - " + S(k) + ") + 1 = " + S(o);
  } else if (!pool && s == 1 && r.padding == PaddingKind::Half) {
    r.number = 3;
    r.conditions = "half (same) padding: k = 2n + 1 = " + S(k) + ", s = 1, p = ⌊k/2⌋ = " + S(p);
    r.formula = "o = i";
    r.substituted = "o = " + S(i);
  } else if (!pool && s == 1 && r.padding == PaddingKind::Full) {
    r.number = 4;
    r.conditions = "full padding: s = 1, p = k - 1 = " + S(p);
    r.formula = "o = i + (k - 1)";
    r.substituted = "o = " + S(i) + " + (" + S(k) + " - 1) = " + S(o);
  } else if (!pool && s == 1) {
    r.number = 2;  // also asymmetric padding with s = 1 (p_b + p_a in place of 2p)
    r.conditions = "s = 1";
    r.formula = "o = (i - k) + " + PadSymbol(a) + " + 1";
    r.substituted = "o = (" + S(i) + " - " + S(k) + ") + " + PadNumbers(a) + " + 1 = " + S(o);
  } else if (!pool && a.total_padding() == 0) {
    r.number = 5;
    r.conditions = "p = 0";
    r.formula = "o = ⌊(i - k)/s⌋ + 1";
    r.substituted = "o = ⌊(" + S(i) + " - " + S(k) + ")/" + S(s) + "⌋ + 1 = " + S(o);
  } else {
    r.number = 6;
    r.conditions = pool ? "pooling with padding" : "general";
    r.formula = "o = ⌊(i + " + PadSymbol(a) + " - k)/s⌋ + 1";
    r.substituted = "o = ⌊(" + S(i) + " + " + PadNumbers(a) + " - " + S(k) + ")/" + S(s) + "⌋ + 1 = " + S(o);
  }
  if (ceil) {
    long long floor_o = OutputSize(c.op, a, false);
    r.note = "ceil_mode: ⌈⌉ instead of ⌊⌋ (a last window must start inside the input or the left padding), so o = " +
             S(o) + (o == floor_o ? " as with ⌊⌋" : " instead of " + S(floor_o));
  }
  if (s > 1 && !ceil) {
    long long span = (i + a.total_padding() - DilatedKernel(a)) % s;
    if (span != 0) {
      r.note = "the last " + S(span) + " row(s)/column(s) of the padded input (bottom/right) are never reached by the "
               "kernel: (i + " + PadSymbol(a) + " - k̂) mod s = " + S(span);
    }
  }
  return r;
}

Relationship TransposedRelationship(const AxisParams& a) {
  const long long ip = a.input, k = a.kernel, s = a.stride, p = a.pad_before, d = a.dilation, extra = a.output_padding;
  const TransposedAxis t = TransposedAsDirect(a);
  const long long o = t.output;
  Relationship r;
  r.padding = KindOf(a);
  if (d > 1) {
    r.number = 14;
    r.conditions = "dilated transpose (d = " + S(d) + "): Relationship 14 with k̂ = d(k - 1) + 1 = " + S(DilatedKernel(a));
    r.formula = "o' = s(i' - 1) + a + d(k - 1) + 1 - " + PadSymbolNeg(a);
    r.substituted = "o' = " + S(s) + "·(" + S(ip) + " - 1) + " + S(extra) + " + " + S(d) + "·" + S(k - 1) +
                    " + 1 - " + PadNumbersNeg(a) + " = " + S(o);
    r.note = "the paper's relationships assume d = 1; this is PyTorch's ConvTranspose2d formula";
  } else if (s == 1 && a.total_padding() == 0) {
    r.number = 8;
    r.conditions = "transpose of s = 1, p = 0: k' = k, s' = 1, p' = k - 1 = " + S(k - 1);
    r.formula = "o' = i' + (k - 1)";
    r.substituted = "o' = " + S(ip) + " + (" + S(k) + " - 1) = " + S(o);
  } else if (s == 1 && r.padding == PaddingKind::Half) {
    r.number = 10;
    r.conditions = "transpose of half padding: k' = k, s' = 1, p' = p = " + S(p);
    r.formula = "o' = i'";
    r.substituted = "o' = " + S(ip);
  } else if (s == 1 && r.padding == PaddingKind::Full) {
    r.number = 11;
    r.conditions = "transpose of full padding: k' = k, s' = 1, p' = 0";
    r.formula = "o' = i' - (k - 1)";
    r.substituted = "o' = " + S(ip) + " - (" + S(k) + " - 1) = " + S(o);
  } else if (s == 1 && a.symmetric()) {
    r.number = 9;
    r.conditions = "transpose of s = 1: k' = k, s' = 1, p' = k - p - 1 = " + S(k - p - 1);
    r.formula = "o' = i' + (k - 1) - " + PadSymbolNeg(a);
    r.substituted = "o' = " + S(ip) + " + (" + S(k) + " - 1) - " + PadNumbersNeg(a) + " = " + S(o);
  } else if (extra == 0 && a.total_padding() == 0) {
    r.number = 12;
    r.conditions = "transpose of p = 0, (i - k) mod s = 0: stretched input (s - 1 = " + S(s - 1) +
                   " zeros between cells), s' = 1, p' = k - 1 = " + S(k - 1);
    r.formula = "o' = s(i' - 1) + k";
    r.substituted = "o' = " + S(s) + "·(" + S(ip) + " - 1) + " + S(k) + " = " + S(o);
  } else if (extra == 0 && a.symmetric()) {
    r.number = 13;
    r.conditions = "transpose with (i + 2p - k) mod s = 0: stretched input, s' = 1, p' = k - p - 1 = " + S(k - p - 1);
    r.formula = "o' = s(i' - 1) + k - " + PadSymbolNeg(a);
    r.substituted = "o' = " + S(s) + "·(" + S(ip) + " - 1) + " + S(k) + " - " + PadNumbersNeg(a) + " = " + S(o);
  } else {
    r.number = 14;
    r.conditions = "general transpose: a = (i + " + PadSymbol(a) + " - k) mod s = " + S(extra) +
                   " zeros added at the bottom/right of the stretched input, p' = k - p - 1 = " + S(k - p - 1) +
                   (a.symmetric() ? "" : " before, " + S(k - a.pad_after - 1) + " after");
    r.formula = "o' = s(i' - 1) + a + k - " + PadSymbolNeg(a);
    r.substituted = "o' = " + S(s) + "·(" + S(ip) + " - 1) + " + S(extra) + " + " + S(k) + " - " + PadNumbersNeg(a) + " = " +
                    S(o);
  }
  if (!a.symmetric()) {
    r.note += std::string(r.note.empty() ? "" : "; ") + "asymmetric padding (p_b = " + S(a.pad_before) +
              ", p_a = " + S(a.pad_after) + "): the paper's relationships assume equal padding on both sides";
  }
  if (t.crops()) {
    r.note += std::string(r.note.empty() ? "" : "; ") + "p' = d(k - 1) - p = " + S(t.padding) +
              " < 0: the equivalent convolution crops " + S(-t.padding) + " cell(s) from each side of the stretched input";
  }
  return r;
}

}  // namespace

Relationship FindRelationship(const Config& c, int axis) {
  const AxisParams& a = c.axes[static_cast<size_t>(axis)];
  if (axis < c.first_axis()) return {};
  return c.op == Op::Transposed ? TransposedRelationship(a) : DirectRelationship(c, a);
}

TransposedAxis TransposedAsDirect(const AxisParams& a) {
  TransposedAxis t;
  t.output = OutputSize(Op::Transposed, a);
  t.direct_input = t.output;
  t.inserted_zeros = a.stride - 1;
  t.stretched_input = a.input + (a.stride - 1) * (a.input - 1);
  t.padding = a.dilation * (a.kernel - 1) - a.pad_before;
  t.padding_after = a.dilation * (a.kernel - 1) - a.pad_after;
  t.extra = a.output_padding;
  AxisParams direct = a;
  direct.input = t.direct_input;
  direct.output_padding = 0;
  // The direct inputs mapping to i' start at (i' - 1)s - 2p + d(k - 1) + 1 (a = 0) and span s sizes.
  const int first = t.output - a.output_padding;
  for (int i = first; i < first + a.stride; ++i) {
    direct.input = i;
    if (i >= 1 && i + a.total_padding() >= DilatedKernel(a) && OutputSize(Op::Conv, direct) == a.input) {
      t.same_output_inputs.push_back(i);
    }
  }
  return t;
}

std::vector<int> InputsWithSameOutput(Op op, const AxisParams& axis, bool ceil_mode) {
  std::vector<int> out;
  const bool pool = op == Op::MaxPool || op == Op::AvgPool;
  const bool ceil = pool && ceil_mode;
  const int o = OutputSize(op, axis, ceil);
  AxisParams a = axis;
  // Output size grows by one at least every s inputs, so the candidates lie within s of i.
  for (int i = std::max(1, axis.input - axis.stride - 1); i <= axis.input + axis.stride + 1 && i <= kMaxSize; ++i) {
    a.input = i;
    Config probe;
    probe.op = op;
    probe.rank = 1;
    probe.axes = {kNeutralAxis, kNeutralAxis, a};
    probe.ceil_mode = ceil;
    if (Validate(probe)) continue;
    if (OutputSize(op, a, ceil) == o) out.push_back(i);
  }
  return out;
}

}  // namespace convarith
