// Tensors of doubles: fills (ramp, ones, seeded random), resizing that keeps values, rotation, named kernels.
#include "convarith/tensor/tensor.hpp"

#include <algorithm>
#include <random>

#include "convarith/base/error.hpp"

namespace convarith {

Tensor::Tensor(std::vector<int> s, double fill)
    : shape_(std::move(s)),
      values_(std::make_shared<std::vector<double>>(static_cast<size_t>(ElementCount(shape_)), fill)) {}

Tensor::Tensor(std::vector<int> s, std::vector<double> v)
    : shape_(std::move(s)), values_(std::make_shared<std::vector<double>>(std::move(v))) {
  if (static_cast<long long>(values_->size()) != ElementCount(shape_)) {
    throw Error(ErrorCode::WrongShape, "a tensor of shape " + ShapeText(shape_) + " holds " +
                                           std::to_string(ElementCount(shape_)) + " values, not " +
                                           std::to_string(values_->size()));
  }
}

const std::vector<double>& Tensor::Empty() {
  static const std::vector<double> none;
  return none;
}

std::vector<double> Tensor::values() && {
  if (!values_) return {};
  if (values_.use_count() == 1) {
    std::atomic_thread_fence(std::memory_order_acquire);
    return std::move(*values_);
  }
  return *values_;
}

std::vector<double>& Tensor::Detach() {
  values_ = values_ ? std::make_shared<std::vector<double>>(*values_) : std::make_shared<std::vector<double>>();
  return *values_;
}

void Tensor::Reshape(std::vector<int> s) {
  if (ElementCount(s) != static_cast<long long>(size())) {
    throw Error(ErrorCode::WrongShape, "cannot reshape a tensor of shape " + ShapeText(shape_) + " to " + ShapeText(s));
  }
  shape_ = std::move(s);
}

void Tensor::Assign(std::vector<double> v) {
  if (v.size() != size()) {
    throw Error(ErrorCode::WrongShape, "a tensor of shape " + ShapeText(shape_) + " holds " +
                                           std::to_string(size()) + " values, not " + std::to_string(v.size()));
  }
  values_ = std::make_shared<std::vector<double>>(std::move(v));  // never into values a copy shares
}

size_t Tensor::Index(std::initializer_list<int> index) const {
  size_t flat = 0;
  size_t d = 0;
  for (int i : index) flat = flat * static_cast<size_t>(shape_[d++]) + static_cast<size_t>(i);
  return flat;
}

size_t Tensor::CheckedIndex(std::initializer_list<int> index) const {
  if (index.size() != shape_.size()) {
    throw Error(ErrorCode::OutOfRange, std::to_string(index.size()) + " indices into a tensor of shape " +
                                           ShapeText(shape_) + " (rank " + std::to_string(shape_.size()) + ")");
  }
  size_t d = 0;
  for (int i : index) {
    if (i < 0 || i >= shape_[d]) {
      throw Error(ErrorCode::OutOfRange, "index " + std::to_string(i) + " is outside dimension " + std::to_string(d) +
                                             " (size " + std::to_string(shape_[d]) + ") of a tensor of shape " +
                                             ShapeText(shape_));
    }
    ++d;
  }
  return Index(index);
}

std::string ShapeText(const std::vector<int>& shape) {
  if (shape.empty()) return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

long long ElementCount(const std::vector<int>& shape) {
  long long n = 1;
  for (int d : shape) n *= std::max(d, 0);
  return n;
}

Tensor MakeTensor(std::vector<int> shape, Fill fill, uint32_t seed, int lo, int hi) {
  Tensor t(std::move(shape));
  switch (fill) {
    case Fill::Ramp:
      for (size_t n = 0; n < t.size(); ++n) t[n] = static_cast<double>(n % 9 + 1);
      break;
    case Fill::Ones:
      std::fill(t.mutable_values().begin(), t.mutable_values().end(), 1.0);
      break;
    case Fill::Random: {
      // mt19937 with a fixed reduction so a seed gives the same tensor everywhere.
      std::mt19937 engine(seed);
      const uint32_t span = static_cast<uint32_t>(std::max(0, hi - lo)) + 1;
      for (double& v : t.mutable_values()) v = lo + static_cast<int>(engine() % span);
      break;
    }
  }
  return t;
}

std::string_view FillName(Fill fill) {
  switch (fill) {
    case Fill::Ramp: return "ramp";
    case Fill::Ones: return "ones";
    case Fill::Random: return "random";
  }
  return "ramp";
}

std::optional<Fill> ParseFill(std::string_view name) {
  if (name == "ramp") return Fill::Ramp;
  if (name == "ones" || name == "constant") return Fill::Ones;
  if (name == "random") return Fill::Random;
  return std::nullopt;
}

Tensor Resized(const Tensor& old, const Tensor& fresh) {
  if (old.rank() != fresh.rank() || old.empty()) return fresh;
  Tensor t = fresh;
  const int rank = t.rank();
  std::vector<int> common(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) common[static_cast<size_t>(d)] = std::min(old.dim(d), t.dim(d));
  // Walk every index of the common box, odometer style.
  std::vector<int> idx(static_cast<size_t>(rank), 0);
  if (ElementCount(common) == 0) return t;
  while (true) {
    size_t from = 0, to = 0;
    for (int d = 0; d < rank; ++d) {
      from = from * static_cast<size_t>(old.dim(d)) + static_cast<size_t>(idx[static_cast<size_t>(d)]);
      to = to * static_cast<size_t>(t.dim(d)) + static_cast<size_t>(idx[static_cast<size_t>(d)]);
    }
    t[to] = old[from];
    int d = rank - 1;
    while (d >= 0 && ++idx[static_cast<size_t>(d)] == common[static_cast<size_t>(d)]) idx[static_cast<size_t>(d--)] = 0;
    if (d < 0) break;
  }
  return t;
}

Tensor Rotated180(const Tensor& k) {
  Tensor out = k;
  const int rank = k.rank();
  if (rank == 0) return out;
  // Spatial dims are the last min(3, rank); the leading ones are channel dims, kept as they are.
  const int spatial = std::min(3, rank);
  size_t block = 1;
  for (int d = rank - spatial; d < rank; ++d) block *= static_cast<size_t>(k.dim(d));
  // Reversing a block of the last dims row-major is reversing its flat order.
  for (size_t start = 0; start < k.size(); start += block)
    std::reverse_copy(k.values().begin() + static_cast<std::ptrdiff_t>(start),
                      k.values().begin() + static_cast<std::ptrdiff_t>(start + block),
                      out.mutable_values().begin() + static_cast<std::ptrdiff_t>(start));
  return out;
}

std::string_view KernelPresetName(KernelPreset preset) {
  switch (preset) {
    case KernelPreset::Ones: return "ones";
    case KernelPreset::Figure11: return "fig1.1";
    case KernelPreset::Identity: return "identity";
    case KernelPreset::BoxBlur: return "box";
    case KernelPreset::SobelX: return "sobel_x";
    case KernelPreset::SobelY: return "sobel_y";
    case KernelPreset::Sharpen: return "sharpen";
  }
  return "ones";
}

std::optional<KernelPreset> ParseKernelPreset(std::string_view name) {
  for (KernelPreset p : {KernelPreset::Ones, KernelPreset::Figure11, KernelPreset::Identity, KernelPreset::BoxBlur,
                         KernelPreset::SobelX, KernelPreset::SobelY, KernelPreset::Sharpen}) {
    if (KernelPresetName(p) == name) return p;
  }
  if (name == "sobel") return KernelPreset::SobelX;
  if (name == "blur") return KernelPreset::BoxBlur;
  return std::nullopt;
}

namespace {

// Binomial smoothing weight j of n (1 2 1 for n = 3).
double Binomial(int n, int j) {
  double v = 1;
  for (int t = 1; t <= j; ++t) v = v * (n - t) / t;
  return v;
}
// Central derivative sign across n cells (-1 0 1 for n = 3).
double Derivative(int n, int j) {
  const double x = j - (n - 1) / 2.0;
  return static_cast<double>(x > 0) - static_cast<double>(x < 0);
}

}  // namespace

Tensor MakeKernel(KernelPreset preset, int kd, int kh, int kw) {
  Tensor g({kd, kh, kw});
  for (int z = 0; z < kd; ++z) {
    for (int r = 0; r < kh; ++r) {
      for (int c = 0; c < kw; ++c) {
        double v = 0;
        const bool centre = z == kd / 2 && r == kh / 2 && c == kw / 2;
        switch (preset) {
          case KernelPreset::Ones: v = 1; break;
          case KernelPreset::Figure11: {
            // The paper's Figure 1.1 kernel, tiled when larger than 3 x 3; a 1-D kernel is its first row.
            static constexpr double kFig[3][3] = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
            v = kFig[(r + z) % 3][c % 3];
            break;
          }
          case KernelPreset::Identity: v = centre ? 1 : 0; break;
          case KernelPreset::BoxBlur: v = 1.0 / (static_cast<double>(kd) * kh * kw); break;
          // Derivative across one axis times binomial smoothing along the others (the 3 x 3 Sobel when k = 3).
          case KernelPreset::SobelX: v = Binomial(kd, z) * Binomial(kh, r) * Derivative(kw, c); break;
          case KernelPreset::SobelY: v = Binomial(kd, z) * Derivative(kh, r) * Binomial(kw, c); break;
          case KernelPreset::Sharpen: {
            // Identity plus a Laplacian: the centre 1 + n, each direct neighbour -1.
            const int dist = std::abs(z - kd / 2) + std::abs(r - kh / 2) + std::abs(c - kw / 2);
            const int neighbours = (kd > 1 ? 2 : 0) + (kh > 1 ? 2 : 0) + (kw > 1 ? 2 : 0);
            v = dist == 0 ? 1.0 + neighbours : dist == 1 ? -1.0 : 0.0;
            break;
          }
        }
        g[g.Index({z, r, c})] = v;
      }
    }
  }
  return g;
}

Tensor MakeWeight(KernelPreset preset, std::vector<int> shape) {
  Tensor w(shape);
  const int n = w.rank();
  const int kd = n >= 3 ? w.dim(n - 3) : 1, kh = n >= 2 ? w.dim(n - 2) : 1, kw = n >= 1 ? w.dim(n - 1) : 1;
  const Tensor one = MakeKernel(preset, kd, kh, kw);
  for (size_t start = 0; start + one.size() <= w.size(); start += one.size())
    std::copy(one.values().begin(), one.values().end(), w.mutable_values().begin() + static_cast<std::ptrdiff_t>(start));
  return w;
}

}  // namespace convarith
