// The weight and bias gradients as forward computations of their own (what the app and the exporters animate): the
// weight gradient as a correlation with stride and dilation swapped, the bias gradient as each map summed.
#include <string>

#include "convarith/ops/backward.hpp"
#include "convarith/ops/checks.hpp"
#include "correlate.hpp"

namespace convarith {

namespace {

using detail::Volume;

std::array<int, 3> SpatialDims(const Tensor& t) { return {t.dim(1), t.dim(2), t.dim(3)}; }

// The output gradient in the canonical shape (PyTorch's shape accepted too, as MakeBackwardPass does), checked.
Tensor CanonicalGradOutput(const Config& c, const Tensor& gy) {
  Tensor g = gy;
  const auto canonical = CanonicalShape(c, TensorRole::Output);
  if (g.shape() == TorchShape(c, TensorRole::Output) && g.size() == static_cast<size_t>(ElementCount(canonical)))
    g.Reshape(canonical);
  detail::RequireTensor(c, g, TensorRole::Output);
  return g;
}

// The layer, normalised and checked to have a weight (and a bias when `bias`).
Config LayerWithWeight(const Config& raw, bool bias) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  if (c.pooling()) throw InvalidConfig({"op", "pooling has no weight and no bias, so no weight or bias gradient"});
  if (bias && !c.bias) throw InvalidConfig({"bias", "the layer has no bias (bias=False), so no bias gradient"});
  return c;
}

// Channels of the weight gradient's correlation: the signal's (cs) and the kernels' (ct), per layer group.
struct PairChannels {
  int cs = 1, ct = 1, cpg = 1, kpg = 1;
};
PairChannels PairsOf(const Config& c) {
  PairChannels p;
  const bool transposed = c.op == Op::Transposed;
  p.cs = transposed ? c.out_channels : c.in_channels;
  p.ct = transposed ? c.in_channels : c.out_channels;
  p.cpg = p.cs / c.groups;
  p.kpg = p.ct / c.groups;
  return p;
}

// The correlation's axes: kernel = the sliding map, stride d, dilation s, the padding before kept and the padding
// after trimmed to the cells the forward pass reads. Returns false when the signal would have to be cropped in a way
// under a padding mode (its values would change) or past its padding before: the padded signal is materialised instead.
bool CorrelationAxes(const Config& c, const Tensor& signal, const Tensor& slider, Config& q) {
  bool plain = true;
  for (size_t a = 0; a < 3; ++a) {
    const AxisParams& A = c.axes[a];
    AxisParams& Q = q.axes[a];
    const int t = slider.dim(static_cast<int>(a) + 1);
    const int reach = A.dilation * (A.kernel - 1) + A.stride * (t - 1) + 1;  // padded cells the forward pass reads
    Q = AxisParams{signal.dim(static_cast<int>(a) + 1), t, A.dilation, A.pad_before, 0, A.stride, 0};
    Q.pad_after = reach - Q.input - A.pad_before;
    if (Q.pad_after < 0) {  // the forward pass never reads the signal's last cells
      Q.input += Q.pad_after;
      Q.pad_after = 0;
      plain = plain && Q.input >= 1 && q.padding_mode == PaddingMode::Zeros;
    }
  }
  return plain;
}

}  // namespace

std::string_view GradTargetName(GradTarget target) {
  switch (target) {
    case GradTarget::Input: return "input";
    case GradTarget::Weight: return "weight";
    case GradTarget::Bias: return "bias";
  }
  return "input";
}

std::optional<GradTarget> ParseGradTarget(std::string_view name) {
  for (GradTarget t : {GradTarget::Input, GradTarget::Weight, GradTarget::Bias})
    if (name == GradTargetName(t)) return t;
  return std::nullopt;
}

GradProblem WeightGradProblem(const Config& raw, const Tensor& x, const Tensor& gy_raw) {
  const Config c = LayerWithWeight(raw, false);
  detail::RequireTensor(c, x, TensorRole::Input);
  const Tensor gy = CanonicalGradOutput(c, gy_raw);
  const bool transposed = c.op == Op::Transposed;
  const Tensor& signal = transposed ? gy : x;
  const Tensor& slider = transposed ? x : gy;
  const PairChannels pc = PairsOf(c);
  GradProblem p;
  Config& q = p.config;
  q.op = Op::Conv;
  q.rank = c.rank;
  q.in_channels = pc.cs;
  q.out_channels = pc.cs * pc.kpg;
  q.groups = pc.cs;
  q.bias = false;
  q.padding_mode = transposed ? PaddingMode::Zeros : c.padding_mode;
  if (CorrelationAxes(c, signal, slider, q)) {
    p.input = CropTo(signal, {q.axes[0].input, q.axes[1].input, q.axes[2].input});
  } else {
    // The padded signal (padding mode values, or zeros) as the input itself, cut to the cells the forward pass reads.
    const Tensor padded = detail::PaddedInput(transposed ? detail::AssociatedConfig(c) : c, signal);
    q.padding_mode = PaddingMode::Zeros;
    for (AxisParams& Q : q.axes) {
      Q.input += Q.pad_before + Q.pad_after;
      Q.pad_before = Q.pad_after = 0;
    }
    p.input = CropTo(padded, {q.axes[0].input, q.axes[1].input, q.axes[2].input});
  }
  // Kernel m = (signal channel s, kernel t of s's group): the slider's map g(s)·kpg + t.
  p.weight = Tensor(CanonicalShape(q, TensorRole::Weight));
  const size_t tvol = static_cast<size_t>(Volume(SpatialDims(slider)));
  for (int m = 0; m < q.out_channels; ++m) {
    const size_t from = static_cast<size_t>(m / pc.kpg / pc.cpg * pc.kpg + m % pc.kpg) * tvol;
    for (size_t n = 0; n < tvol; ++n) p.weight[static_cast<size_t>(m) * tvol + n] = slider[from + n];
  }
  return p;
}

GradProblem BiasGradProblem(const Config& raw, const Tensor& gy_raw) {
  const Config c = LayerWithWeight(raw, true);
  GradProblem p;
  p.input = CanonicalGradOutput(c, gy_raw);
  Config& q = p.config;
  q.op = Op::Conv;
  q.rank = c.rank;
  q.in_channels = q.out_channels = q.groups = c.out_channels;
  for (size_t a = 0; a < 3; ++a) {
    const int o = p.input.dim(static_cast<int>(a) + 1);
    q.axes[a] = AxisParams{o, o, 1, 0, 0, 1, 0};
  }
  p.weight = Tensor(CanonicalShape(q, TensorRole::Weight));
  for (size_t n = 0; n < p.weight.size(); ++n) p.weight[n] = 1;
  return p;
}

int64_t WeightGradIndex(const Config& layer, int64_t n) {
  const Config c = Normalized(layer);
  const PairChannels pc = PairsOf(c);
  const int64_t kvol = Volume(detail::KernelDims(c));
  const int64_t m = n / kvol, u = n % kvol;
  const int64_t s = m / pc.kpg, k = s / pc.cpg * pc.kpg + m % pc.kpg;
  return (k * pc.cpg + s % pc.cpg) * kvol + u;
}

Tensor GradFromProblem(const Config& layer, GradTarget target, const Tensor& output) {
  const Config c = Normalized(layer);
  if (target == GradTarget::Bias) {
    Tensor b({c.out_channels});
    for (size_t n = 0; n < b.size() && n < output.size(); ++n) b[n] = output[n];
    return b;
  }
  if (target == GradTarget::Input) return output;
  Tensor w(CanonicalShape(c, TensorRole::Weight));
  for (size_t n = 0; n < output.size() && n < w.size(); ++n)
    w[static_cast<size_t>(WeightGradIndex(c, static_cast<int64_t>(n)))] = output[n];
  return w;
}

}  // namespace convarith
