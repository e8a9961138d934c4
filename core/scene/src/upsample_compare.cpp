// The numbers of "upsampling compared": every method's output and overlap count map, layer by layer.
#include "convarith/scene/upsample_compare.hpp"

#include <algorithm>
#include <string>

#include "convarith/ops/compute.hpp"
#include "convarith/ops/upsample.hpp"
#include "convarith/tensor/limits.hpp"

namespace convarith {

namespace {

[[noreturn]] void Refuse(const std::string& parameter, const std::string& message) {
  throw InvalidConfig(ConfigError{parameter, message});
}

std::string Num(long long v) { return std::to_string(v); }

int Power(int s, int n) {
  long long p = 1;
  for (int k = 0; k < n; ++k) p = std::min<long long>(p * s, kMaxSize + 1LL);
  return static_cast<int>(p);
}

// A layer over a map of {H, W} (rank 1: H = 1), one channel in.
Config Layer(Op op, int rank, const std::array<int, 2>& in, int k, int s, int pad_before, int pad_after, int a = 0) {
  Config c;
  c.op = op;
  c.rank = rank;
  c.axes[kDepth] = kNeutralAxis;
  c.axes[kHeight] = rank == 1 ? kNeutralAxis : AxisParams{in[0], k, s, pad_before, pad_after, 1, a};
  c.axes[kWidth] = AxisParams{in[1], k, s, pad_before, pad_after, 1, a};
  return c;
}

std::array<int, 2> MapSize(const Tensor& t) { return {t.dim(2), t.dim(3)}; }

// A weight of the configuration's shape with every value `v`.
Tensor Filled(const Config& c, double v) { return Tensor(CanonicalShape(c, TensorRole::Weight), v); }

double BoxWeight(const CompareParams& p) { return p.rank == 1 ? 1.0 / p.kernel : 1.0 / (p.kernel * p.kernel); }

// The convolution after a resize: stride 1, 'same' padding ((k - 1)/2 before, k/2 after), `out` channels.
Config SameConv(const CompareParams& p, const std::array<int, 2>& in, int out) {
  Config c = Layer(Op::Conv, p.rank, in, p.kernel, 1, (p.kernel - 1) / 2, p.kernel / 2);
  c.out_channels = out;
  return c;
}

// The transposed convolution, with the output padding a < s that makes its output i·s on each axis when there is one.
Config TransposedLayer(const CompareParams& p, const std::array<int, 2>& in) {
  Config c = Layer(Op::Transposed, p.rank, in, p.kernel, p.factor, p.padding, p.padding);
  for (int a = 3 - p.rank; a < 3; ++a) {
    AxisParams& ax = c.axes[static_cast<size_t>(a)];
    const int extra = ax.input * p.factor - ((ax.input - 1) * p.factor - 2 * p.padding + p.kernel);
    ax.output_padding = extra >= 0 && extra < p.factor ? extra : 0;
  }
  return c;
}

// Linear resize of path counts: each output cell sums the counts of the distinct input cells it weighs above zero.
Tensor LinearCounts(const Tensor& counts, const CompareParams& p) {
  const UpsampleParams up{p.rank, p.factor, UpsampleMode::Linear};
  const Tensor shape_only = Upsample({p.rank, p.factor, UpsampleMode::Nearest}, counts);
  Tensor out(shape_only.shape());
  const std::array<int, 3> in{1, counts.dim(2), counts.dim(3)};
  size_t n = 0;
  for (int r = 0; r < out.dim(2); ++r)
    for (int c = 0; c < out.dim(3); ++c, ++n) {
      double sum = 0;
      for (const UpsampleTap& t : UpsampleTaps(up, in, {0, r, c})) sum += counts[static_cast<size_t>(t.at[1]) * in[2] + t.at[2]];
      out[n] = sum;
    }
  return out;
}

// One layer of a method (not max unpooling) on values (box kernels, the resize's own weights) or, `counting`, on path
// counts (every non-zero weight 1).
Tensor Step(UpsampleMethod m, const CompareParams& p, const Tensor& x, bool counting) {
  const double w = counting ? 1.0 : BoxWeight(p);
  switch (m) {
    case UpsampleMethod::Transposed: {
      const Config c = TransposedLayer(p, MapSize(x));
      return TransposedScatter(c, x, Filled(c, w), {});
    }
    case UpsampleMethod::NearestConv:
    case UpsampleMethod::BilinearConv: {
      const UpsampleMode mode = m == UpsampleMethod::NearestConv ? UpsampleMode::Nearest : UpsampleMode::Linear;
      const Tensor up = counting && mode == UpsampleMode::Linear ? LinearCounts(x, p) : Upsample({p.rank, p.factor, mode}, x);
      const Config c = SameConv(p, MapSize(up), 1);
      return Convolve(c, up, Filled(c, w), {});
    }
    case UpsampleMethod::PixelShuffle: {
      const Config c = SameConv(p, MapSize(x), Power(p.factor, p.rank));
      return PixelShuffle({p.rank, p.factor}, Convolve(c, x, Filled(c, w), {}));
    }
    case UpsampleMethod::MaxUnpool: break;
  }
  return x;
}

Tensor Layers(UpsampleMethod m, const CompareParams& p, Tensor x, bool counting) {
  for (int l = 0; l < p.layers; ++l) x = Step(m, p, x, counting);
  return x;
}

// The path counts of a method: its layers applied to an all-ones input with every weight 1. Each method but max
// unpooling is a product of one operator per axis and the all-ones input a product of ones, so in 2-D the count map is
// the outer product of the two axes' 1-D counts (exact, and a fraction of the work).
Tensor PathCounts(UpsampleMethod m, const CompareParams& p, const Tensor& input) {
  if (p.rank == 1) return Layers(m, p, Tensor(input.shape(), 1.0), true);
  CompareParams line = p;
  line.rank = 1;
  const Tensor rows = Layers(m, line, Tensor({1, 1, 1, input.dim(2)}, 1.0), true);
  const Tensor cols = Layers(m, line, Tensor({1, 1, 1, input.dim(3)}, 1.0), true);
  Tensor out({1, 1, rows.dim(3), cols.dim(3)});
  size_t n = 0;
  for (int r = 0; r < rows.dim(3); ++r)
    for (int c = 0; c < cols.dim(3); ++c) out[n++] = rows[static_cast<size_t>(r)] * cols[static_cast<size_t>(c)];
  return out;
}

std::string MethodTitle(const CompareParams& p, UpsampleMethod m, const Tensor& input) {
  const std::string s = Num(p.factor), k = Num(p.kernel);
  switch (m) {
    case UpsampleMethod::Transposed: {
      const Config c = TransposedLayer(p, MapSize(input));
      return "Transposed conv k=" + k + ", s=" + s + ", p=" + Num(p.padding) + ", a=" + Num(c.width().output_padding);
    }
    case UpsampleMethod::NearestConv: return "Nearest ×" + s + " + conv k=" + k;
    case UpsampleMethod::BilinearConv: return std::string(p.rank == 1 ? "Linear ×" : "Bilinear ×") + s + " + conv k=" + k;
    case UpsampleMethod::PixelShuffle:
      return "Pixel shuffle ×" + s + " (conv k=" + k + " to " + Num(Power(p.factor, p.rank)) + " ch.)";
    case UpsampleMethod::MaxUnpool: return "Max unpooling ×" + s + " (pooling's indices)";
  }
  return "";
}

void SetRange(MethodResult& r) {
  const auto& v = r.overlap.values();
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  r.overlap_min = lo == v.end() ? 0 : *lo;
  r.overlap_max = hi == v.end() ? 0 : *hi;
}

}  // namespace

std::string_view CompareSourceName(CompareSource s) {
  return s == CompareSource::Constant ? "constant" : s == CompareSource::Ramp ? "ramp" : "picture";
}

std::optional<CompareSource> ParseCompareSource(std::string_view name) {
  if (name == "constant") return CompareSource::Constant;
  if (name == "ramp") return CompareSource::Ramp;
  if (name == "picture") return CompareSource::Picture;
  return std::nullopt;
}

void CheckCompareParams(const CompareParams& p) {
  if (p.rank != 1 && p.rank != 2) Refuse("dims", "dims: the comparison is 1-D or 2-D, got " + Num(p.rank));
  if (p.layers < 1 || p.layers > 3) Refuse("layers", "layers: 1 to 3 stacked layers, got " + Num(p.layers));
  if (p.factor < 1 || p.factor > 16) Refuse("scale_factor", "scale_factor (s) must be 1 to 16, got " + Num(p.factor));
  if (p.kernel < 1 || p.kernel > 64) Refuse("kernel_size", "kernel_size (k) must be 1 to 64, got " + Num(p.kernel));
  if (p.padding < 0) Refuse("padding", "padding (p) must be >= 0, got " + Num(p.padding));
  const int h = p.rank == 1 ? 1 : p.input[0];
  if (h < 1 || p.input[1] < 1) Refuse("input_size", "input_size must be at least 1 on every axis");
  const long long grow = Power(p.factor, p.layers);
  const long long sh = h * (p.rank == 1 ? 1 : grow), sw = p.input[1] * grow;
  if (sh > kMaxSize || sw > kMaxSize || sh * sw > kMaxElements / 8) {
    Refuse("input_size", "input_size · s^layers (" + Num(sw) + ") is beyond the comparison's limit of " +
                             Num(kMaxSize) + " per axis and " + Num(kMaxElements / 8) + " cells");
  }
  for (int i : {h, p.input[1]}) {
    const int o = (i - 1) * p.factor - 2 * p.padding + p.kernel;
    if (o < 1) {
      Refuse("padding", "padding (p = " + Num(p.padding) + ") leaves the transposed convolution no output: " +
                            "(i - 1)·s - 2p + k = " + Num(o));
    }
  }
}

Tensor MakeCompareSource(const CompareParams& p) {
  CheckCompareParams(p);
  const int grow = Power(p.factor, p.layers);
  const int h = p.rank == 1 ? 1 : p.input[0] * grow, w = p.input[1] * grow;
  Tensor t({1, 1, h, w}, 1.0);
  if (p.source == CompareSource::Ramp) {
    for (int r = 0; r < h; ++r)
      for (int c = 0; c < w; ++c) t[static_cast<size_t>(r) * w + c] = (r + c) / static_cast<double>(grow);
  }
  return t;
}

UpsampleComparison CompareUpsampling(const CompareParams& p, const Tensor* picture) {
  UpsampleComparison out;
  out.params = p;
  CheckCompareParams(p);
  out.source = picture ? *picture : MakeCompareSource(p);
  const int grow = Power(p.factor, p.layers);
  const std::vector<int> expected{1, 1, p.rank == 1 ? 1 : p.input[0] * grow, p.input[1] * grow};
  if (out.source.shape() != expected) {
    Refuse("source", "source: the picture must be " + ShapeText(expected) + " (the input size times s^layers), got " +
                         ShapeText(out.source.shape()));
  }
  // The encoder: max pooling by s, `layers` times; its indices are max unpooling's.
  std::vector<Config> pools;
  std::vector<std::vector<int64_t>> indices(static_cast<size_t>(p.layers));
  Tensor x = out.source;
  for (int l = 0; l < p.layers; ++l) {
    pools.push_back(Layer(Op::MaxPool, p.rank, MapSize(x), p.factor, p.factor, 0, 0));
    x = MaxPool(pools.back(), x, &indices[static_cast<size_t>(l)]);
  }
  out.input = x;
  for (UpsampleMethod m : kUpsampleMethods) {
    MethodResult r{m, MethodTitle(p, m, x), Tensor(), Tensor(), 0, 0};
    if (m == UpsampleMethod::MaxUnpool) {
      r.output = x;
      r.overlap = Tensor(x.shape(), 1.0);
      for (int level = p.layers - 1; level >= 0; --level) {
        const UnpoolParams u = UnpoolOf(pools[static_cast<size_t>(level)], true);
        r.output = MaxUnpool(u, r.output, indices[static_cast<size_t>(level)]);
        r.overlap = MaxUnpool(u, r.overlap, indices[static_cast<size_t>(level)]);
      }
    } else {
      r.output = Layers(m, p, x, false);
      r.overlap = PathCounts(m, p, x);
    }
    SetRange(r);
    out.methods.push_back(std::move(r));
  }
  return out;
}

}  // namespace convarith
