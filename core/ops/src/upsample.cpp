// Nearest and linear resize, pixel shuffle and max unpooling, each as PyTorch computes it (see upsample.hpp).
#include "convarith/ops/upsample.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "convarith/tensor/limits.hpp"

namespace convarith {

namespace {

[[noreturn]] void Refuse(const std::string& parameter, const std::string& message) {
  throw InvalidConfig(ConfigError{parameter, message});
}

std::string Num(long long v) { return std::to_string(v); }

void RequireRank(int rank) {
  if (rank < 1 || rank > 3) Refuse("dims", "dims: the spatial rank must be 1, 2 or 3, got " + Num(rank));
}

// The input in the canonical (C, D, H, W) layout for the rank: the first 3 - rank spatial axes of size 1.
void RequireCanonicalInput(int rank, const std::vector<int>& shape) {
  bool ok = shape.size() == 4 && shape[0] >= 1;
  for (size_t a = 1; ok && a < 4; ++a) ok = shape[a] >= 1 && (static_cast<int>(a) > 3 - rank || shape[a] == 1);
  if (!ok) {
    Refuse("input", "input: expected the canonical shape (C, D, H, W) with " + Num(rank) + " spatial axis/axes (" +
                        Num(3 - rank) + " neutral of size 1), got " + ShapeText(shape));
  }
}

// Every spatial output size within kMaxSize and the whole output within kMaxElements.
void RequireOutputFits(const std::string& parameter, const std::string& cause, long long channels,
                       const std::array<long long, 3>& out) {
  long long count = channels;
  for (int a = 0; a < 3; ++a) {
    if (out[static_cast<size_t>(a)] > kMaxSize) {
      Refuse(parameter, cause + " makes an output size of " + Num(out[static_cast<size_t>(a)]) +
                            ", more than the limit of " + Num(kMaxSize) + " per axis");
    }
    count *= out[static_cast<size_t>(a)];
  }
  if (count > kMaxElements) {
    Refuse(parameter, cause + " makes an output of " + Num(count) +
                          " values, more than the limit of " + Num(kMaxElements));
  }
}

void RequireFactor(const std::string& parameter, int factor) {
  if (factor < 1) Refuse(parameter, parameter + " must be a whole number >= 1, got " + Num(factor));
  if (factor > kMaxSize) Refuse(parameter, parameter + " must be at most " + Num(kMaxSize) + ", got " + Num(factor));
}

size_t Flat(const std::array<int, 3>& dims, int z, int r, int c) {
  return (static_cast<size_t>(z) * static_cast<size_t>(dims[1]) + static_cast<size_t>(r)) * static_cast<size_t>(dims[2]) +
         static_cast<size_t>(c);
}

}  // namespace

std::string_view UpsampleModeName(UpsampleMode mode, int rank) {
  if (mode == UpsampleMode::Nearest) return "nearest";
  return rank == 1 ? "linear" : rank == 3 ? "trilinear" : "bilinear";
}

std::optional<UpsampleMode> ParseUpsampleMode(std::string_view name) {
  if (name == "nearest") return UpsampleMode::Nearest;
  if (name == "bilinear" || name == "linear" || name == "trilinear") return UpsampleMode::Linear;
  return std::nullopt;
}

AxisSample UpsampleSample(UpsampleMode mode, int factor, int input_size, int out) {
  AxisSample s;
  if (mode == UpsampleMode::Nearest) {
    // PyTorch's nearest_idx: the scale 1/s as a float, floorf(o · scale), identity for s = 1 and o >> 1 for s = 2.
    if (factor == 1) s.i0 = out;
    else if (factor == 2) s.i0 = out >> 1;
    else s.i0 = static_cast<int>(std::floor(static_cast<float>(out) * static_cast<float>(1.0 / factor)));
    s.i0 = std::min(s.i0, input_size - 1);
    s.i1 = s.i0;
    return s;
  }
  // area_pixel_compute_source_index and guard_index_and_lambda, in double (PyTorch's opmath for double).
  const double scale = 1.0 / factor;
  const double x = std::max(scale * (out + 0.5) - 0.5, 0.0);
  s.i0 = std::min(static_cast<int>(std::floor(x)), input_size - 1);
  s.w1 = std::clamp(x - s.i0, 0.0, 1.0);
  s.w0 = 1.0 - s.w1;
  s.i1 = s.i0 + (s.i0 < input_size - 1 ? 1 : 0);
  return s;
}

std::array<int, 3> UpsampleOutputDims(const UpsampleParams& p, const std::vector<int>& shape) {
  RequireRank(p.rank);
  RequireFactor("scale_factor", p.factor);
  RequireCanonicalInput(p.rank, shape);
  std::array<long long, 3> out{};
  for (int a = 0; a < 3; ++a)
    out[static_cast<size_t>(a)] = static_cast<long long>(shape[static_cast<size_t>(a) + 1]) * (a >= 3 - p.rank ? p.factor : 1);
  RequireOutputFits("scale_factor", "scale_factor (" + Num(p.factor) + ")", shape[0], out);
  return {static_cast<int>(out[0]), static_cast<int>(out[1]), static_cast<int>(out[2])};
}

Tensor Upsample(const UpsampleParams& p, const Tensor& x) {
  const std::array<int, 3> out = UpsampleOutputDims(p, x.shape());
  const std::array<int, 3> in{x.dim(1), x.dim(2), x.dim(3)};
  std::array<std::vector<AxisSample>, 3> samples;
  for (int a = 0; a < 3; ++a) {
    const int factor = a >= 3 - p.rank ? p.factor : 1;
    for (int o = 0; o < out[static_cast<size_t>(a)]; ++o)
      samples[static_cast<size_t>(a)].push_back(UpsampleSample(p.mode, factor, in[static_cast<size_t>(a)], o));
  }
  Tensor y({x.dim(0), out[0], out[1], out[2]});
  size_t n = 0;
  for (int ch = 0; ch < x.dim(0); ++ch) {
    const double* xc = &x[static_cast<size_t>(ch) * Flat(in, in[0], 0, 0)];
    for (const AxisSample& z : samples[0])
      for (const AxisSample& r : samples[1]) {
        const double* rows[2][2] = {{xc + Flat(in, z.i0, r.i0, 0), xc + Flat(in, z.i0, r.i1, 0)},
                                    {xc + Flat(in, z.i1, r.i0, 0), xc + Flat(in, z.i1, r.i1, 0)}};
        for (const AxisSample& c : samples[2]) {
          // Nested as PyTorch's interpolate: depth outermost, then height, then width.
          auto along_w = [&](const double* row) { return c.w0 * row[c.i0] + c.w1 * row[c.i1]; };
          auto along_h = [&](const double* const* pair) { return r.w0 * along_w(pair[0]) + r.w1 * along_w(pair[1]); };
          y[n++] = p.mode == UpsampleMode::Nearest ? rows[0][0][c.i0] : z.w0 * along_h(rows[0]) + z.w1 * along_h(rows[1]);
        }
      }
  }
  return y;
}

std::vector<UpsampleTap> UpsampleTaps(const UpsampleParams& p, const std::array<int, 3>& in,
                                      const std::array<int, 3>& out) {
  std::array<AxisSample, 3> s;
  for (int a = 0; a < 3; ++a) {
    s[static_cast<size_t>(a)] = UpsampleSample(p.mode, a >= 3 - p.rank ? p.factor : 1, in[static_cast<size_t>(a)],
                                               out[static_cast<size_t>(a)]);
  }
  std::vector<UpsampleTap> taps;
  for (int dz = 0; dz < 2; ++dz)
    for (int dr = 0; dr < 2; ++dr)
      for (int dc = 0; dc < 2; ++dc) {
        const double w = (dz ? s[0].w1 : s[0].w0) * (dr ? s[1].w1 : s[1].w0) * (dc ? s[2].w1 : s[2].w0);
        if (w == 0) continue;
        const std::array<int, 3> at{dz ? s[0].i1 : s[0].i0, dr ? s[1].i1 : s[1].i0, dc ? s[2].i1 : s[2].i0};
        // At the last cell both samples of an axis are the same cell: one tap with the summed weight.
        auto same = std::find_if(taps.begin(), taps.end(), [&](const UpsampleTap& t) { return t.at == at; });
        if (same != taps.end()) same->weight += w;
        else taps.push_back({at, w});
      }
  return taps;
}

std::vector<int> PixelShuffleShape(const PixelShuffleParams& p, const std::vector<int>& shape) {
  RequireRank(p.rank);
  RequireFactor("upscale_factor", p.factor);
  RequireCanonicalInput(p.rank, shape);
  long long group = 1;
  for (int a = 0; a < p.rank; ++a) group *= p.factor;
  if (group > shape[0] || shape[0] % group != 0) {
    Refuse("upscale_factor", "upscale_factor: the input's channels (" + Num(shape[0]) + ") must be divisible by s^" +
                                 Num(p.rank) + " = " + Num(group) + " (pixel shuffle takes C·s^" + Num(p.rank) +
                                 " channels)");
  }
  std::array<long long, 3> out{};
  for (int a = 0; a < 3; ++a)
    out[static_cast<size_t>(a)] = static_cast<long long>(shape[static_cast<size_t>(a) + 1]) * (a >= 3 - p.rank ? p.factor : 1);
  RequireOutputFits("upscale_factor", "upscale_factor (" + Num(p.factor) + ")", shape[0] / group, out);
  return {static_cast<int>(shape[0] / group), static_cast<int>(out[0]), static_cast<int>(out[1]), static_cast<int>(out[2])};
}

ShuffleSource PixelShuffleSource(const PixelShuffleParams& p, int channel, const std::array<int, 3>& out) {
  ShuffleSource src;
  int sub = 0;  // the sub-pixel offset's index a·s² + b·s + c over the rank's axes, outermost first
  for (int a = 3 - p.rank; a < 3; ++a) {
    sub = sub * p.factor + out[static_cast<size_t>(a)] % p.factor;
    src.at[static_cast<size_t>(a)] = out[static_cast<size_t>(a)] / p.factor;
  }
  int group = 1;
  for (int a = 0; a < p.rank; ++a) group *= p.factor;
  src.channel = channel * group + sub;
  return src;
}

Tensor PixelShuffle(const PixelShuffleParams& p, const Tensor& x) {
  const std::vector<int> shape = PixelShuffleShape(p, x.shape());
  const std::array<int, 3> in{x.dim(1), x.dim(2), x.dim(3)};
  Tensor y(shape);
  size_t n = 0;
  for (int ch = 0; ch < shape[0]; ++ch)
    for (int z = 0; z < shape[1]; ++z)
      for (int r = 0; r < shape[2]; ++r)
        for (int c = 0; c < shape[3]; ++c) {
          const ShuffleSource s = PixelShuffleSource(p, ch, {z, r, c});
          y[n++] = x[static_cast<size_t>(s.channel) * Flat(in, in[0], 0, 0) + Flat(in, s.at[0], s.at[1], s.at[2])];
        }
  return y;
}

UnpoolParams UnpoolOf(const Config& pool, bool to_input_size) {
  UnpoolParams u;
  u.rank = pool.rank;
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = pool.axes[static_cast<size_t>(a)];
    u.kernel[static_cast<size_t>(a)] = ax.kernel;
    u.stride[static_cast<size_t>(a)] = ax.stride;
    u.padding[static_cast<size_t>(a)] = ax.pad_before;
    u.output[static_cast<size_t>(a)] = to_input_size ? ax.input : 0;
  }
  return u;
}

std::array<int, 3> UnpoolOutputDims(const UnpoolParams& p, const std::array<int, 3>& pooled) {
  RequireRank(p.rank);
  std::array<int, 3> out{1, 1, 1};
  for (int a = 3 - p.rank; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a);
    const int k = p.kernel[i], s = p.stride[i], pad = p.padding[i];
    if (k < 1 || k > kMaxSize) Refuse("kernel_size", "kernel_size must be 1 to " + Num(kMaxSize) + ", got " + Num(k));
    if (s < 1 || s > kMaxSize) Refuse("stride", "stride must be 1 to " + Num(kMaxSize) + ", got " + Num(s));
    if (pad < 0 || pad > kMaxSize) Refuse("padding", "padding must be 0 to " + Num(kMaxSize) + ", got " + Num(pad));
    const long long def = static_cast<long long>(pooled[i] - 1) * s - 2LL * pad + k;
    const long long want = p.output[i] > 0 ? p.output[i] : def;
    if (p.output[i] > 0 && !(def - s < want && want < def + s)) {
      Refuse("output_size", "output_size (" + Num(want) + ") must lie strictly between " + Num(def - s) + " and " +
                                Num(def + s) + " ((i - 1)·s - 2p + k = " + Num(def) + ", plus or minus s = " + Num(s) +
                                ")");
    }
    if (want < 1 || want > kMaxSize) {
      Refuse("output_size", "output_size (i - 1)·s - 2p + k = " + Num(want) + " must be 1 to " + Num(kMaxSize));
    }
    out[i] = static_cast<int>(want);
  }
  return out;
}

Tensor MaxUnpool(const UnpoolParams& p, const Tensor& pooled, const std::vector<int64_t>& indices) {
  RequireRank(p.rank);
  RequireCanonicalInput(p.rank, pooled.shape());
  const std::array<int, 3> out = UnpoolOutputDims(p, {pooled.dim(1), pooled.dim(2), pooled.dim(3)});
  RequireOutputFits("output_size", "output_size", pooled.dim(0), {out[0], out[1], out[2]});
  if (indices.size() != pooled.size()) {
    Refuse("indices", "indices: one per pooled value (" + Num(static_cast<long long>(pooled.size())) + "), got " +
                          Num(static_cast<long long>(indices.size())));
  }
  const size_t plane = Flat(out, out[0], 0, 0);
  const size_t per_channel = pooled.size() / static_cast<size_t>(pooled.dim(0));
  Tensor y({pooled.dim(0), out[0], out[1], out[2]});
  for (size_t n = 0; n < pooled.size(); ++n) {
    const int64_t at = indices[n];
    if (at < 0 || static_cast<size_t>(at) >= plane) {
      Refuse("indices", "indices: index " + Num(at) + " (value " + Num(static_cast<long long>(n)) +
                            ") is outside the output map of " + Num(static_cast<long long>(plane)) + " cells");
    }
    y[(n / per_channel) * plane + static_cast<size_t>(at)] = pooled[n];
  }
  return y;
}

}  // namespace convarith
