// The real numbers for every rank and channel count: convolution (padding modes, groups, bias), pooling, and the
// transposed convolution by scatter and by its direct equivalent.
#include "convarith/ops/compute.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"
#include "correlate.hpp"

namespace convarith {

std::vector<int> CanonicalShape(const Config& c, TensorRole role) {
  const auto out = OutputShape(c);
  switch (role) {
    case TensorRole::Input: return {c.in_channels, c.axes[0].input, c.axes[1].input, c.axes[2].input};
    case TensorRole::Weight:
      if (c.pooling()) return {};
      if (c.op == Op::Transposed) {
        return {c.in_channels, c.out_per_group(), c.axes[0].kernel, c.axes[1].kernel, c.axes[2].kernel};
      }
      return {c.out_channels, c.in_per_group(), c.axes[0].kernel, c.axes[1].kernel, c.axes[2].kernel};
    case TensorRole::Bias: return c.bias && !c.pooling() ? std::vector<int>{c.out_channels} : std::vector<int>{};
    case TensorRole::Output: return {c.pooling() ? c.in_channels : c.out_channels, out[0], out[1], out[2]};
  }
  return {};
}

std::vector<int> TorchShape(const Config& c, TensorRole role) {
  std::vector<int> s = CanonicalShape(c, role);
  if (role == TensorRole::Bias || s.empty()) return s;
  // Drop the neutral spatial axes: the last 3 dims are spatial, keep the last `rank` of them.
  const size_t channel_dims = s.size() - 3;
  s.erase(s.begin() + static_cast<std::ptrdiff_t>(channel_dims),
          s.begin() + static_cast<std::ptrdiff_t>(channel_dims + static_cast<size_t>(c.first_axis())));
  return s;
}

double Work(const Config& c) {
  const auto out = OutputShape(c);
  double out_cells = 1, in_cells = 1, taps = 1;
  for (int a = 0; a < 3; ++a) {
    out_cells *= out[static_cast<size_t>(a)];
    in_cells *= c.axes[static_cast<size_t>(a)].input;
    taps *= c.axes[static_cast<size_t>(a)].kernel;
  }
  if (c.pooling()) return out_cells * taps * c.in_channels;
  if (c.op == Op::Conv) return out_cells * c.out_channels * taps * c.in_per_group();
  // Transposed: scatter is per input cell; the equivalent direct convolution per output cell.
  return std::max(in_cells * c.in_channels * c.out_per_group(), out_cells * c.out_channels * c.in_per_group()) * taps;
}

namespace detail {

void RequireValid(const Config& config) {
  if (auto e = Validate(config)) throw InvalidConfig(*e);
}

void RequireTensor(const Config& config, const Tensor& t, TensorRole role) {
  const std::vector<int> want = CanonicalShape(config, role);
  if (role == TensorRole::Bias && want.empty()) return;  // no bias: whatever is passed is ignored
  if (t.shape() == want && t.size() == static_cast<size_t>(ElementCount(want))) return;
  static constexpr const char* kParameter[] = {"input", "weight", "bias", "output"};
  const char* parameter = kParameter[static_cast<int>(role)];
  throw InvalidConfig({parameter, std::string("the ") + parameter + " must have shape " +
                                      ShapeText(TorchShape(config, role)) + " for this configuration, got " +
                                      ShapeText(t.shape())});
}

void RequireWork(const Config& config) {
  const double work = Work(config);
  if (work > kMaxWork) {
    throw InvalidConfig({"kernel_size", "the computation needs " + std::to_string(static_cast<long long>(work)) +
                                            " multiply-adds, more than the limit of " +
                                            std::to_string(static_cast<long long>(kMaxWork)) +
                                            "; reduce input_size, kernel_size or channels"});
  }
}

Config AssociatedConfig(const Config& t) {
  Config d = t;
  d.op = Op::Conv;
  d.in_channels = t.out_channels;
  d.out_channels = t.in_channels;
  const auto out = OutputShape(t);
  for (int a = 0; a < 3; ++a) {
    d.axes[static_cast<size_t>(a)].input = out[static_cast<size_t>(a)];
    d.axes[static_cast<size_t>(a)].output_padding = 0;
  }
  return d;
}

// The input with its padding materialised (padding mode values, or zeros): (C, P0, P1, P2), P = i + p_b + p_a.
Tensor PaddedInput(const Config& c, const Tensor& x) {
  const auto in = InputDims(c);
  std::array<int, 3> pd{};
  std::array<std::vector<int>, 3> src;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = c.axes[static_cast<size_t>(a)];
    pd[static_cast<size_t>(a)] = ax.input + ax.total_padding();
    for (int q = 0; q < pd[static_cast<size_t>(a)]; ++q)
      src[static_cast<size_t>(a)].push_back(PaddedSource(c.padding_mode, q - ax.pad_before, ax.input));
  }
  Tensor xp({c.in_channels, pd[0], pd[1], pd[2]});
  for (int ch = 0; ch < c.in_channels; ++ch)
    for (int z = 0; z < pd[0]; ++z) {
      const int sz = src[0][static_cast<size_t>(z)];
      if (sz < 0) continue;
      for (int r = 0; r < pd[1]; ++r) {
        const int sr = src[1][static_cast<size_t>(r)];
        if (sr < 0) continue;
        const double* from = &x[((static_cast<size_t>(ch) * in[0] + sz) * in[1] + sr) * in[2]];
        double* to = &xp[((static_cast<size_t>(ch) * pd[0] + z) * pd[1] + r) * pd[2]];
        for (int col = 0; col < pd[2]; ++col) {
          const int sc = src[2][static_cast<size_t>(col)];
          if (sc >= 0) to[col] = from[sc];
        }
      }
    }
  return xp;
}

// AVX2 and plain versions chosen at load time on x86-64; WebAssembly has no function multiversioning (one version).
#if defined(__wasm__)
#define CONVARITH_AVX2_CLONES
#else
#define CONVARITH_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif

// See correlate.hpp.
CONVARITH_AVX2_CLONES void AccumulateRow(double* __restrict dst,
                                                                     const double* __restrict src, const double* w,
                                                                     int taps, int d, int n) {
  int t = 0;
  for (; t + 4 <= taps; t += 4) {
    const double w0 = w[t], w1 = w[t + 1], w2 = w[t + 2], w3 = w[t + 3];
    const double* s0 = src + static_cast<size_t>(t) * d;
    const double* s1 = s0 + d;
    const double* s2 = s1 + d;
    const double* s3 = s2 + d;
    for (int o = 0; o < n; ++o) dst[o] += w0 * s0[o] + w1 * s1[o] + w2 * s2[o] + w3 * s3[o];
  }
  for (; t < taps; ++t) {
    const double wt = w[t];
    const double* s0 = src + static_cast<size_t>(t) * d;
    for (int o = 0; o < n; ++o) dst[o] += wt * s0[o];
  }
}

}  // namespace detail

int PaddedSource(PaddingMode mode, int pos, int size) {
  if (pos >= 0 && pos < size) return pos;
  switch (mode) {
    case PaddingMode::Zeros: return -1;
    case PaddingMode::Replicate: return pos < 0 ? 0 : size - 1;
    case PaddingMode::Reflect: {
      if (size == 1) return 0;
      const int period = 2 * (size - 1);
      int m = ((pos % period) + period) % period;
      return m < size ? m : period - m;
    }
    case PaddingMode::Circular: return ((pos % size) + size) % size;
  }
  return -1;
}

namespace {

using detail::InputDims;
using detail::RequireTensor;
using detail::RequireValid;
using detail::RequireWork;
using detail::Volume;
using detail::AvgWindow;
using detail::AvgWindowAt;
using detail::PaddedInput;
using detail::ValidCorrelate;

void RequireAll(const Config& config, const Tensor& x, const Tensor* w, const Tensor* b) {
  RequireValid(config);
  RequireTensor(config, x, TensorRole::Input);
  if (w) RequireTensor(config, *w, TensorRole::Weight);
  if (b) RequireTensor(config, *b, TensorRole::Bias);
  RequireWork(config);
}

double BiasOf(const Config& c, const Tensor& b, int oc) {
  return c.bias && !b.empty() ? b[static_cast<size_t>(oc)] : 0.0;
}

Tensor BiasFilled(const Config& c, const Tensor& b) {
  Tensor y(CanonicalShape(c, TensorRole::Output));
  const size_t plane = y.size() / static_cast<size_t>(std::max(1, y.dim(0)));
  for (int oc = 0; oc < y.dim(0); ++oc)
    std::fill_n(y.mutable_values().begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(oc) * plane), plane, BiasOf(c, b, oc));
  return y;
}

}  // namespace

Tensor Convolve(const Config& config, const Tensor& x, const Tensor& w, const Tensor& b) {
  RequireAll(config, x, &w, &b);
  const Tensor xp = PaddedInput(config, x);
  Tensor y = BiasFilled(config, b);
  const auto& k = w.shape();
  ValidCorrelate(config, config.in_channels, config.out_channels, config.groups, xp,
                 {config.axes[0].stride, config.axes[1].stride, config.axes[2].stride}, y,
                 [&](int oc, int ic, int kz, int kr, int kc) {
                   const int icl = ic % config.in_per_group();
                   return w[((((static_cast<size_t>(oc) * k[1] + icl) * k[2] + kz) * k[3] + kr) * k[4]) + kc];
                 });
  return y;
}

namespace {

// Per axis and output position, the input positions of each tap (-1 outside the input: padding or beyond).
std::array<std::vector<int>, 3> TapSources(const Config& c, const std::array<int, 3>& out) {
  std::array<std::vector<int>, 3> t;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = c.axes[static_cast<size_t>(a)];
    auto& v = t[static_cast<size_t>(a)];
    v.reserve(static_cast<size_t>(out[static_cast<size_t>(a)]) * ax.kernel);
    for (int o = 0; o < out[static_cast<size_t>(a)]; ++o)
      for (int u = 0; u < ax.kernel; ++u) {
        const int q = TapPosition(ax, o, u);
        v.push_back(q >= 0 && q < ax.input ? q : -1);
      }
  }
  return t;
}

}  // namespace

Tensor MaxPool(const Config& config, const Tensor& x, std::vector<int64_t>* indices) {
  RequireAll(config, x, nullptr, nullptr);
  const auto out = OutputShape(config);
  const auto in = InputDims(config);
  const auto src = TapSources(config, out);
  const int K0 = config.axes[0].kernel, K1 = config.axes[1].kernel, K2 = config.axes[2].kernel;
  Tensor y(CanonicalShape(config, TensorRole::Output));
  if (indices) indices->assign(y.size(), -1);
  size_t n = 0;
  for (int ch = 0; ch < config.in_channels; ++ch) {
    const double* xc = &x[static_cast<size_t>(ch) * static_cast<size_t>(Volume(in))];
    for (int oz = 0; oz < out[0]; ++oz)
      for (int orow = 0; orow < out[1]; ++orow)
        for (int ocol = 0; ocol < out[2]; ++ocol, ++n) {
          double best = -std::numeric_limits<double>::infinity();
          int64_t best_index = -1;
          for (int kz = 0; kz < K0; ++kz) {
            const int z = src[0][static_cast<size_t>(oz) * K0 + kz];
            if (z < 0) continue;
            for (int kr = 0; kr < K1; ++kr) {
              const int r = src[1][static_cast<size_t>(orow) * K1 + kr];
              if (r < 0) continue;
              for (int kc = 0; kc < K2; ++kc) {
                const int col = src[2][static_cast<size_t>(ocol) * K2 + kc];
                if (col < 0) continue;
                const int64_t at = (static_cast<int64_t>(z) * in[1] + r) * in[2] + col;
                const double v = xc[at];
                // PyTorch's rule: a strictly larger value wins (so the first maximum stays), and NaN propagates.
                if (v > best || std::isnan(v)) {
                  best = v;
                  best_index = at;
                }
              }
            }
          }
          y[n] = best;
          if (indices) (*indices)[n] = best_index;
        }
  }
  return y;
}

int AvgPoolDivisor(const Config& config, int out_z, int out_row, int out_col) {
  const AvgWindow z = AvgWindowAt(out_z, config.axes[0]);
  const AvgWindow h = AvgWindowAt(out_row, config.axes[1]);
  const AvgWindow w = AvgWindowAt(out_col, config.axes[2]);
  return config.count_include_pad ? z.pool_extent * h.pool_extent * w.pool_extent
                                  : (z.end - z.start) * (h.end - h.start) * (w.end - w.start);
}

Tensor AvgPool(const Config& config, const Tensor& x) {
  RequireAll(config, x, nullptr, nullptr);
  const auto out = OutputShape(config);
  const auto in = InputDims(config);
  Tensor y(CanonicalShape(config, TensorRole::Output));
  size_t n = 0;
  for (int ch = 0; ch < config.in_channels; ++ch) {
    const double* xc = &x[static_cast<size_t>(ch) * static_cast<size_t>(Volume(in))];
    for (int oz = 0; oz < out[0]; ++oz) {
      const AvgWindow wz = AvgWindowAt(oz, config.axes[0]);
      for (int orow = 0; orow < out[1]; ++orow) {
        const AvgWindow wr = AvgWindowAt(orow, config.axes[1]);
        for (int ocol = 0; ocol < out[2]; ++ocol, ++n) {
          const AvgWindow wc = AvgWindowAt(ocol, config.axes[2]);
          double sum = 0;
          for (int z = wz.start; z < wz.end; ++z)
            for (int r = wr.start; r < wr.end; ++r)
              for (int col = wc.start; col < wc.end; ++col) sum += xc[(static_cast<size_t>(z) * in[1] + r) * in[2] + col];
          const int divisor = AvgPoolDivisor(config, oz, orow, ocol);
          y[n] = divisor > 0 ? sum / divisor : 0.0;
        }
      }
    }
  }
  return y;
}

Tensor TransposedScatter(const Config& config, const Tensor& x, const Tensor& w, const Tensor& b) {
  RequireAll(config, x, &w, &b);
  Tensor y = BiasFilled(config, b);
  const auto in = InputDims(config);
  const auto out = OutputShape(config);
  const int ipg = config.in_per_group(), opg = config.out_per_group();
  const auto kd = detail::KernelDims(config);
  const size_t kvol = static_cast<size_t>(Volume(kd));
  const size_t ovol = static_cast<size_t>(Volume(out));
  for (int ic = 0; ic < config.in_channels; ++ic) {
    const int g = ic / ipg;
    size_t n = static_cast<size_t>(ic) * static_cast<size_t>(Volume(in));
    for (int z = 0; z < in[0]; ++z)
      for (int r = 0; r < in[1]; ++r)
        for (int col = 0; col < in[2]; ++col, ++n) {
          const double v = x[n];
          detail::ForEachTap(config, {z, r, col}, out, [&](std::array<int, 3> u, int oz, int orow, int ocol) {
            const size_t tap = (static_cast<size_t>(u[0]) * kd[1] + u[1]) * kd[2] + u[2];
            const size_t at = (static_cast<size_t>(oz) * out[1] + orow) * out[2] + ocol;
            for (int ocl = 0; ocl < opg; ++ocl) {
              const int oc = g * opg + ocl;
              y[static_cast<size_t>(oc) * ovol + at] +=
                  v * w[(static_cast<size_t>(ic) * opg + ocl) * kvol + tap];
            }
          });
        }
  }
  return y;
}

Tensor TransposedDirect(const Config& config, const Tensor& x, const Tensor& w, const Tensor& b) {
  RequireAll(config, x, &w, &b);
  const Canvas canvas = MakeCanvas(config);
  // The stretched, padded input materialised per input channel (zeros between and around the input cells).
  Tensor xs({config.in_channels, canvas.dims[0], canvas.dims[1], canvas.dims[2]});
  const auto in = InputDims(config);
  for (int ic = 0; ic < config.in_channels; ++ic)
    for (int z = 0; z < in[0]; ++z)
      for (int r = 0; r < in[1]; ++r)
        for (int col = 0; col < in[2]; ++col) {
          const auto at = canvas.CanvasOf(z, r, col);
          if (at[0] < 0) continue;
          xs[((static_cast<size_t>(ic) * canvas.dims[0] + at[0]) * canvas.dims[1] + at[1]) * canvas.dims[2] +
                    at[2]] = x[((static_cast<size_t>(ic) * in[0] + z) * in[1] + r) * in[2] + col];
        }
  Tensor y = BiasFilled(config, b);
  const auto kd = detail::KernelDims(config);
  const int opg = config.out_per_group();
  ValidCorrelate(config, config.in_channels, config.out_channels, config.groups, xs, {1, 1, 1}, y,
                 [&](int oc, int ic, int kz, int kr, int kc) {
                   // Rotated 180 degrees, weight stored (C_in, C_out/g, k...).
                   const int ocl = oc % opg;
                   return w[(((static_cast<size_t>(ic) * opg + ocl) * kd[0] + (kd[0] - 1 - kz)) * kd[1] +
                                    (kd[1] - 1 - kr)) * kd[2] + (kd[2] - 1 - kc)];
                 });
  return y;
}

Tensor TransposedOverlap(const Config& config) {
  RequireValid(config);
  const auto out = OutputShape(config);
  // Stamps per output position factor over the axes: count per axis, then multiply.
  std::array<std::vector<double>, 3> per_axis;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = config.axes[static_cast<size_t>(a)];
    auto& v = per_axis[static_cast<size_t>(a)];
    v.assign(static_cast<size_t>(out[static_cast<size_t>(a)]), 0.0);
    for (int i = 0; i < ax.input; ++i)
      for (int u = 0; u < ax.kernel; ++u) {
        const int o = TapPosition(ax, i, u);  // the output input cell i stamps
        if (o >= 0 && o < out[static_cast<size_t>(a)]) v[static_cast<size_t>(o)] += 1;
      }
  }
  Tensor y({1, out[0], out[1], out[2]});
  size_t n = 0;
  for (int z = 0; z < out[0]; ++z)
    for (int r = 0; r < out[1]; ++r)
      for (int col = 0; col < out[2]; ++col)
        y[n++] = per_axis[0][static_cast<size_t>(z)] * per_axis[1][static_cast<size_t>(r)] *
                        per_axis[2][static_cast<size_t>(col)];
  return y;
}

CellKind Canvas::Kind(int z0, int row, int col) const {
  const int pos[3] = {z0, row, col};
  bool inserted = false, padding = false;
  for (int a = 0; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a);
    const int z = pos[a] - lead[i];
    // The a extra cells win over padding on the other axes: the whole band is "extra".
    if (z >= input_extent[i] && pos[a] >= extra_from[i]) return CellKind::ExtraZero;
    if (z < 0 || z >= input_extent[i]) padding = true;
    else if (z % stretch[i] != 0) inserted = true;
  }
  if (padding) return CellKind::Padding;
  return inserted ? CellKind::InsertedZero : CellKind::Input;
}

std::array<int, 3> Canvas::InputAt(int z0, int row, int col) const {
  const int pos[3] = {z0, row, col};
  std::array<int, 3> in{};
  for (int a = 0; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a);
    const int z = pos[a] - lead[i];
    if (z < 0 || z >= input_extent[i] || z % stretch[i] != 0) return {-1, -1, -1};
    in[i] = z / stretch[i];
  }
  return in;
}

std::array<int, 3> Canvas::SourceAt(int z0, int row, int col) const {
  if (mode == PaddingMode::Zeros) return InputAt(z0, row, col);
  const int pos[3] = {z0, row, col};
  std::array<int, 3> in{};
  for (int a = 0; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a);
    const int s = PaddedSource(mode, pos[a] - lead[i], input_size[i]);
    if (s < 0) return {-1, -1, -1};
    in[i] = s;
  }
  return in;
}

std::array<int, 3> Canvas::CanvasOf(int z, int row, int col) const {
  const int in[3] = {z, row, col};
  std::array<int, 3> at{};
  for (int a = 0; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a);
    at[i] = in[a] * stretch[i] + lead[i];
    if (at[i] < 0 || at[i] >= dims[i]) return {-1, -1, -1};
  }
  return at;
}

Canvas MakeCanvas(const Config& config) {
  Canvas canvas;
  canvas.mode = config.op == Op::Conv ? config.padding_mode : PaddingMode::Zeros;
  const auto out = OutputShape(config);
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = config.axes[static_cast<size_t>(a)];
    const size_t i = static_cast<size_t>(a);
    canvas.input_size[i] = ax.input;
    if (config.op == Op::Transposed) {
      const TransposedAxis t = TransposedAsDirect(ax);
      canvas.lead[i] = t.padding;
      canvas.stretch[i] = ax.stride;
      canvas.input_extent[i] = t.stretched_input;
      canvas.dims[i] = out[i] + DilatedKernel(ax) - 1;  // = stretched + p' + p'_after + a
      canvas.extra_from[i] = t.padding + t.stretched_input + std::max(t.padding_after, 0);
    } else {
      canvas.lead[i] = ax.pad_before;
      canvas.stretch[i] = 1;
      canvas.input_extent[i] = ax.input;
      // Ceil-mode pooling windows may reach past the padding at the end.
      const int reach = (out[i] - 1) * ax.stride + DilatedKernel(ax);
      canvas.dims[i] = std::max(ax.input + ax.total_padding(), reach);
      canvas.extra_from[i] = canvas.dims[i];  // no a extras outside transposed convolution
    }
  }
  return canvas;
}

}  // namespace convarith
