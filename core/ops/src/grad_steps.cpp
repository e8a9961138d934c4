// The backward pass one value at a time: which products make each gradient value (the sums --explain writes and the
// app's backward steps light), found with the tap formula and its inverse (taps.hpp).
#include <algorithm>

#include "convarith/ops/backward.hpp"
#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith {

namespace {

using detail::InputDims;
using detail::KernelDims;
using detail::Volume;

// A (position, tap) pair along one axis.
struct AxisPair {
  int pos, u;
};

std::array<int, 3> Unflatten(int64_t n, std::array<int, 3> d) {
  return {static_cast<int>(n / (static_cast<int64_t>(d[1]) * d[2])), static_cast<int>(n / d[2] % d[1]),
          static_cast<int>(n % d[2])};
}

int64_t Flat(std::array<int, 3> d, int z, int r, int c) { return (static_cast<int64_t>(z) * d[1] + r) * d[2] + c; }

// Conv (and pooling): the (output, tap) pairs whose tap reads input cell q along one axis, through the padding mode
// (reflect, replicate and circular padding copy q into padded cells, which read it too). Sorted by output, then tap.
std::vector<AxisPair> ReadersOf(const Config& c, size_t axis, int q, int outputs) {
  const AxisParams& ax = c.axes[axis];
  std::vector<int> positions{q};
  if (c.op == Op::Conv && c.padding_mode != PaddingMode::Zeros) {
    for (int pos = -ax.pad_before; pos < ax.input + ax.pad_after; ++pos)
      if ((pos < 0 || pos >= ax.input) && PaddedSource(c.padding_mode, pos, ax.input) == q) positions.push_back(pos);
  }
  std::vector<AxisPair> pairs;
  for (int pos : positions)
    for (int u = 0; u < ax.kernel; ++u) {
      const int o = TapOutput(pos, u, ax.stride, ax.pad_before, ax.dilation);
      if (o >= 0 && o < outputs) pairs.push_back({o, u});
    }
  std::sort(pairs.begin(), pairs.end(), [](AxisPair a, AxisPair b) { return a.pos != b.pos ? a.pos < b.pos : a.u < b.u; });
  return pairs;
}

// Transposed: the (output, tap) pairs input cell q stamps along one axis.
std::vector<AxisPair> StampsOf(const AxisParams& ax, int q, int outputs) {
  std::vector<AxisPair> pairs;
  for (int u = 0; u < ax.kernel; ++u) {
    const int o = TapPosition(ax, q, u);
    if (o >= 0 && o < outputs) pairs.push_back({o, u});
  }
  std::sort(pairs.begin(), pairs.end(), [](AxisPair a, AxisPair b) { return a.pos != b.pos ? a.pos < b.pos : a.u < b.u; });
  return pairs;
}

// Calls fn(pos, u) for every combination of the three axes' pairs.
template <class Fn>
void ForEachCombination(const std::array<std::vector<AxisPair>, 3>& along, Fn&& fn) {
  for (const AxisPair& a : along[0])
    for (const AxisPair& b : along[1])
      for (const AxisPair& c : along[2]) fn(std::array<int, 3>{a.pos, b.pos, c.pos}, std::array<int, 3>{a.u, b.u, c.u});
}

// dL/dx[ic, q]: conv Σ gy[oc, o]·w[oc, icl, u] over the outputs reading q; transposed Σ gy[oc, o]·w[ic, ocl, u] over
// the outputs q stamps.
void InputTerms(const BackwardPass& p, int64_t index, GradStep& step) {
  const Config& c = p.config;
  const auto in = InputDims(c);
  const auto out = OutputShape(c);
  const auto kd = KernelDims(c);
  const int64_t plane = Volume(in);
  const int ch = static_cast<int>(index / plane);
  const auto q = Unflatten(index % plane, in);
  std::array<std::vector<AxisPair>, 3> along;
  for (size_t a = 0; a < 3; ++a)
    along[a] = c.op == Op::Transposed ? StampsOf(c.axes[a], q[a], out[a]) : ReadersOf(c, a, q[a], out[a]);
  const int64_t oplane = Volume(out);
  if (c.pooling()) {
    ForEachCombination(along, [&](std::array<int, 3> o, std::array<int, 3>) {
      const int64_t n = ch * oplane + Flat(out, o[0], o[1], o[2]);
      if (c.op == Op::MaxPool && p.winners[static_cast<size_t>(n)] != index % plane) return;
      const double b = c.op == Op::MaxPool ? 1.0 : 1.0 / AvgPoolDivisor(c, o[0], o[1], o[2]);
      step.terms.push_back({n, -1, p.grad_output[static_cast<size_t>(n)], b});
    });
    return;
  }
  const bool transposed = c.op == Op::Transposed;
  const int per_in = c.in_per_group();
  const int per_out = c.out_per_group();
  const int g = ch / per_in;
  const int64_t kvol = Volume(kd);
  for (int ocl = 0; ocl < per_out; ++ocl) {
    const int oc = g * per_out + ocl;
    // conv weight (C_out, C_in/g, k...); transposed (C_in, C_out/g, k...)
    const int64_t kernel = transposed ? static_cast<int64_t>(ch) * per_out + ocl
                                      : static_cast<int64_t>(oc) * per_in + ch % per_in;
    ForEachCombination(along, [&](std::array<int, 3> o, std::array<int, 3> u) {
      const int64_t a = oc * oplane + Flat(out, o[0], o[1], o[2]);
      const int64_t b = kernel * kvol + Flat(kd, u[0], u[1], u[2]);
      step.terms.push_back({a, b, p.grad_output[static_cast<size_t>(a)], p.weight[static_cast<size_t>(b)]});
    });
  }
}

// dL/dw: conv w[oc, icl, u]: Σ over outputs o of x[ic, o·s − p + u·d]·gy[oc, o] (the padded input: a padding mode's
// copy reads its source cell, zeros are left out); transposed w[ic, ocl, u]: Σ over inputs i of
// x[ic, i]·gy[oc, i·s − p + u·d] (stamps cropped away are left out).
void WeightTerms(const BackwardPass& p, int64_t index, GradStep& step) {
  const Config& c = p.config;
  const auto in = InputDims(c);
  const auto out = OutputShape(c);
  const auto kd = KernelDims(c);
  const int64_t kvol = Volume(kd);
  const int per_kernel = c.op == Op::Transposed ? c.out_per_group() : c.in_per_group();
  const int first = static_cast<int>(index / kvol / per_kernel);  // conv: oc; transposed: ic
  const int second = static_cast<int>(index / kvol % per_kernel);
  const auto u = Unflatten(index % kvol, kd);
  const int64_t iplane = Volume(in), oplane = Volume(out);
  if (c.op == Op::Transposed) {
    const int oc = first / c.in_per_group() * c.out_per_group() + second;
    for (int64_t n = 0; n < iplane; ++n) {
      const auto i = Unflatten(n, in);
      std::array<int, 3> o{};
      bool inside = true;
      for (size_t a = 0; a < 3; ++a) {
        o[a] = TapPosition(c.axes[a], i[a], u[a]);
        inside = inside && o[a] >= 0 && o[a] < out[a];
      }
      if (!inside) continue;
      const int64_t ai = first * iplane + n, bi = oc * oplane + Flat(out, o[0], o[1], o[2]);
      step.terms.push_back({ai, bi, p.input[static_cast<size_t>(ai)], p.grad_output[static_cast<size_t>(bi)]});
    }
    return;
  }
  const int ic = first / c.out_per_group() * c.in_per_group() + second;
  for (int64_t n = 0; n < oplane; ++n) {
    const auto o = Unflatten(n, out);
    std::array<int, 3> src{};
    bool real = true;
    for (size_t a = 0; a < 3; ++a) {
      src[a] = PaddedSource(c.padding_mode, TapPosition(c.axes[a], o[a], u[a]), in[a]);
      real = real && src[a] >= 0;
    }
    if (!real) continue;
    const int64_t ai = ic * iplane + Flat(in, src[0], src[1], src[2]), bi = first * oplane + n;
    step.terms.push_back({ai, bi, p.input[static_cast<size_t>(ai)], p.grad_output[static_cast<size_t>(bi)]});
  }
}

void BiasTerms(const BackwardPass& p, int64_t index, GradStep& step) {
  const int64_t plane = Volume(OutputShape(p.config));
  for (int64_t n = index * plane; n < (index + 1) * plane; ++n)
    step.terms.push_back({n, -1, p.grad_output[static_cast<size_t>(n)], 1.0});
}

}  // namespace

int64_t GradStepCount(const BackwardPass& p, GradTarget target) {
  const Config& c = p.config;
  switch (target) {
    case GradTarget::Input: return ElementCount(CanonicalShape(c, TensorRole::Input));
    case GradTarget::Weight: return c.has_weight() ? ElementCount(CanonicalShape(c, TensorRole::Weight)) : 0;
    case GradTarget::Bias: return c.bias ? c.out_channels : 0;
  }
  return 0;
}

GradStep GradientStep(const BackwardPass& p, GradTarget target, int64_t index) {
  GradStep step;
  step.target = target;
  const int64_t count = GradStepCount(p, target);
  if (count == 0) return step;
  step.index = std::clamp<int64_t>(index, 0, count - 1);
  switch (target) {
    case GradTarget::Input: InputTerms(p, step.index, step); break;
    case GradTarget::Weight: WeightTerms(p, step.index, step); break;
    case GradTarget::Bias: BiasTerms(p, step.index, step); break;
  }
  for (const GradTerm& t : step.terms) step.result += t.a * t.b;
  return step;
}

}  // namespace convarith
