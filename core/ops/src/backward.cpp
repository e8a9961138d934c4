// The backward pass's numbers: the input gradient as the transposed (or direct) convolution of the output gradient,
// the weight gradient as the correlation of the input with it, the bias gradient as its sums, pooling's routing.
#include "convarith/ops/backward.hpp"

#include <string>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"
#include "correlate.hpp"

namespace convarith {

namespace {

using detail::InputDims;
using detail::KernelDims;
using detail::Volume;

std::array<int, 3> SpatialDims(const Tensor& t) { return {t.dim(1), t.dim(2), t.dim(3)}; }

// result[k, cl, u] = Σ_t kernels[k, t] · canvas[g(k)·cpg + cl, t·dilation + u·stride] for the canvas channels cl of
// kernel channel k's group, u over `out`: the correlation of every canvas channel with every kernel of its group. The
// weight gradient: canvas the padded input and kernels the output gradient (conv: t over outputs, dilation s, stride
// d), or canvas the padded output gradient and kernels the input (transposed).
Tensor PairCorrelate(const Tensor& canvas, const Tensor& kernels, int groups, std::array<int, 3> dilation,
                     std::array<int, 3> stride, std::array<int, 3> out) {
  const int cc = canvas.dim(0), kc = kernels.dim(0);
  const int cpg = cc / groups, kpg = kc / groups;
  const std::array<int, 3> kd = SpatialDims(kernels);
  Config geometry;  // ValidCorrelate reads the kernel's size and dilation only
  for (size_t a = 0; a < 3; ++a) {
    geometry.axes[a].kernel = kd[a];
    geometry.axes[a].dilation = dilation[a];
  }
  // Every canvas channel its own group: output j = (canvas channel ic, kernel kcl of ic's group).
  Tensor pairs({cc * kpg, out[0], out[1], out[2]});
  const size_t kvol = static_cast<size_t>(Volume(kd));
  detail::ValidCorrelate(geometry, cc, cc * kpg, cc, canvas, stride, pairs, [&](int j, int ic, int z, int r, int c) {
    const size_t k = static_cast<size_t>(ic / cpg * kpg + j % kpg);
    return kernels[k * kvol + (static_cast<size_t>(z) * kd[1] + r) * kd[2] + c];
  });
  // Reordered to the weight's layout (kernel channel, canvas channel within the group, u...).
  Tensor result({kc, cpg, out[0], out[1], out[2]});
  const size_t ovol = static_cast<size_t>(Volume(out));
  for (int ic = 0; ic < cc; ++ic)
    for (int kcl = 0; kcl < kpg; ++kcl) {
      const size_t k = static_cast<size_t>(ic / cpg * kpg + kcl);
      const auto from = pairs.values().begin() + static_cast<std::ptrdiff_t>((static_cast<size_t>(ic) * kpg + kcl) * ovol);
      std::copy(from, from + static_cast<std::ptrdiff_t>(ovol),
                result.mutable_values().begin() + static_cast<std::ptrdiff_t>((k * cpg + static_cast<size_t>(ic % cpg)) * ovol));
    }
  return result;
}

std::array<int, 3> Strides(const Config& c) { return {c.axes[0].stride, c.axes[1].stride, c.axes[2].stride}; }
std::array<int, 3> Dilations(const Config& c) { return {c.axes[0].dilation, c.axes[1].dilation, c.axes[2].dilation}; }

Tensor BiasGradient(const Tensor& gy) {
  Tensor gb({gy.dim(0)});
  const size_t plane = static_cast<size_t>(Volume(SpatialDims(gy)));
  for (int oc = 0; oc < gy.dim(0); ++oc) {
    double sum = 0;
    for (size_t n = 0; n < plane; ++n) sum += gy[static_cast<size_t>(oc) * plane + n];
    gb[static_cast<size_t>(oc)] = sum;
  }
  return gb;
}

// Max pooling: every output's gradient goes to the input cell that won (PyTorch's first maximum).
Tensor MaxPoolGradient(const Config& c, const Tensor& gy, const std::vector<int64_t>& winners) {
  Tensor gx(CanonicalShape(c, TensorRole::Input));
  const size_t in_plane = static_cast<size_t>(Volume(InputDims(c)));
  const size_t out_plane = static_cast<size_t>(Volume(SpatialDims(gy)));
  for (size_t n = 0; n < gy.size(); ++n) {
    if (winners[n] < 0) continue;
    gx[n / out_plane * in_plane + static_cast<size_t>(winners[n])] += gy[n];
  }
  return gx;
}

// Average pooling: every output's gradient divided by its divisor and added to each input cell of its window.
Tensor AvgPoolGradient(const Config& c, const Tensor& gy) {
  Tensor gx(CanonicalShape(c, TensorRole::Input));
  const auto in = InputDims(c);
  const auto out = SpatialDims(gy);
  size_t n = 0;
  for (int ch = 0; ch < gy.dim(0); ++ch) {
    double* xc = &gx[static_cast<size_t>(ch) * static_cast<size_t>(Volume(in))];
    for (int oz = 0; oz < out[0]; ++oz) {
      const detail::AvgWindow wz = detail::AvgWindowAt(oz, c.axes[0]);
      for (int orow = 0; orow < out[1]; ++orow) {
        const detail::AvgWindow wr = detail::AvgWindowAt(orow, c.axes[1]);
        for (int ocol = 0; ocol < out[2]; ++ocol, ++n) {
          const detail::AvgWindow wc = detail::AvgWindowAt(ocol, c.axes[2]);
          const int divisor = AvgPoolDivisor(c, oz, orow, ocol);
          if (divisor <= 0) continue;
          const double share = gy[n] / divisor;
          for (int z = wz.start; z < wz.end; ++z)
            for (int r = wr.start; r < wr.end; ++r)
              for (int col = wc.start; col < wc.end; ++col) xc[(static_cast<size_t>(z) * in[1] + r) * in[2] + col] += share;
        }
      }
    }
  }
  return gx;
}

void RequireTensors(const Config& c, const Tensor& x, const Tensor& w, const Tensor& gy) {
  detail::RequireTensor(c, x, TensorRole::Input);
  if (c.has_weight()) detail::RequireTensor(c, w, TensorRole::Weight);
  detail::RequireTensor(c, gy, TensorRole::Output);
  detail::RequireWork(c);
}

}  // namespace

Config InputGradConfig(const Config& raw) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  if (c.pooling()) {
    throw InvalidConfig({"op", "pooling's input gradient is a routing (max) or a spreading (avg), not a convolution"});
  }
  if (c.op == Op::Transposed) {
    Config d = detail::AssociatedConfig(c);
    d.bias = false;
    return d;
  }
  Config t = c;
  t.op = Op::Transposed;
  t.in_channels = c.out_channels;
  t.out_channels = c.in_channels;
  t.bias = false;
  t.padding_mode = PaddingMode::Zeros;
  const bool fold = c.padding_mode != PaddingMode::Zeros;
  const auto out = OutputShape(c);
  for (size_t a = 0; a < 3; ++a) {
    AxisParams& ax = t.axes[a];
    const int target = fold ? ax.input + ax.total_padding() : ax.input;
    if (fold) ax.SetPadding(0);
    ax.input = out[a];
    // (o - 1)s - p_b - p_a + d(k - 1) + 1 + a = the input's size: a = the cells the forward pass's stride skipped.
    ax.output_padding = target - ((out[a] - 1) * ax.stride - ax.total_padding() + DilatedKernel(ax));
  }
  return t;
}

Tensor FoldPadding(const Config& c, const Tensor& gp) {
  if (c.op != Op::Conv || c.padding_mode == PaddingMode::Zeros) return gp;
  Tensor gx(CanonicalShape(c, TensorRole::Input));
  const auto in = InputDims(c);
  const auto pd = SpatialDims(gp);
  std::array<std::vector<int>, 3> src;
  for (size_t a = 0; a < 3; ++a)
    for (int q = 0; q < pd[a]; ++q) src[a].push_back(PaddedSource(c.padding_mode, q - c.axes[a].pad_before, in[a]));
  size_t n = 0;
  for (int ch = 0; ch < gp.dim(0); ++ch)
    for (int z = 0; z < pd[0]; ++z)
      for (int r = 0; r < pd[1]; ++r)
        for (int col = 0; col < pd[2]; ++col, ++n) {
          const int sz = src[0][static_cast<size_t>(z)], sr = src[1][static_cast<size_t>(r)];
          const int sc = src[2][static_cast<size_t>(col)];
          if (sz < 0 || sr < 0 || sc < 0) continue;
          gx[((static_cast<size_t>(ch) * in[0] + sz) * in[1] + sr) * in[2] + sc] += gp[n];
        }
  return gx;
}

Tensor CropTo(const Tensor& t, std::array<int, 3> size) {
  const auto have = SpatialDims(t);
  if (have == size) return t;
  Tensor out({t.dim(0), size[0], size[1], size[2]});
  size_t n = 0;
  for (int ch = 0; ch < t.dim(0); ++ch)
    for (int z = 0; z < size[0]; ++z)
      for (int r = 0; r < size[1]; ++r)
        for (int col = 0; col < size[2]; ++col)
          out[n++] = t[((static_cast<size_t>(ch) * have[0] + z) * have[1] + r) * have[2] + col];
  return out;
}

Gradients Backward(const Config& raw, const Tensor& x, const Tensor& w, const Tensor& gy) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  RequireTensors(c, x, w, gy);
  Gradients g;
  switch (c.op) {
    case Op::Conv: {
      // dL/dx = Cᵀ gy: the transposed convolution of the output gradient with the same kernel.
      g.grad_input = FoldPadding(c, TransposedDirect(InputGradConfig(c), gy, w, {}));
      g.grad_weight = PairCorrelate(detail::PaddedInput(c, x), gy, c.groups, Strides(c), Dilations(c), KernelDims(c));
      break;
    }
    case Op::Transposed: {
      // dL/dx = C gy: the direct convolution the transposed one is the transpose of.
      g.grad_input = CropTo(Convolve(InputGradConfig(c), gy, w, {}), InputDims(c));
      const Tensor padded = detail::PaddedInput(detail::AssociatedConfig(c), gy);
      g.grad_weight = PairCorrelate(padded, x, c.groups, Strides(c), Dilations(c), KernelDims(c));
      break;
    }
    case Op::MaxPool: {
      std::vector<int64_t> winners;
      MaxPool(c, x, &winners);
      g.grad_input = MaxPoolGradient(c, gy, winners);
      break;
    }
    case Op::AvgPool: g.grad_input = AvgPoolGradient(c, gy); break;
  }
  if (c.bias) g.grad_bias = BiasGradient(gy);
  return g;
}

BackwardPass MakeBackwardPass(const Config& raw, const Tensor& x, const Tensor& w, const Tensor& gy) {
  detail::RequireValid(raw);
  BackwardPass p;
  p.config = Normalized(raw);
  const Config& c = p.config;
  p.input = x;
  p.weight = c.has_weight() ? w : Tensor{};
  p.grad_output = gy;
  const auto canonical = CanonicalShape(c, TensorRole::Output);
  if (p.grad_output.shape() == TorchShape(c, TensorRole::Output) && p.grad_output.size() == static_cast<size_t>(ElementCount(canonical)))
    p.grad_output.Reshape(canonical);
  RequireTensors(c, p.input, p.weight, p.grad_output);
  if (c.op == Op::MaxPool) {
    MaxPool(c, x, &p.winners);
    p.gradients.grad_input = MaxPoolGradient(c, p.grad_output, p.winners);
  } else {
    p.gradients = Backward(c, p.input, p.weight, p.grad_output);
  }
  return p;
}

}  // namespace convarith
