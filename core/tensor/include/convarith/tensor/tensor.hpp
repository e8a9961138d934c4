// A dense n-dimensional array of doubles (row-major, PyTorch's layout) and the ways to fill one.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convarith/base/error.hpp"

namespace convarith {

// Its values always number the product of its shape (the constructors and Reshape keep that true).
//
// A copy shares its values with the original until either changes (copy on write), so that handing a 1024 x 1024
// input to the recompute worker, a computation or a frame costs no copy of its values. Every mutable access
// (mutable_values, the non-const operator[] and at, Assign) first makes the values this tensor's own. A span or
// reference obtained from a mutable access is therefore valid only until the tensor is next copied: do not keep one
// across a copy. Copies may live on other threads (the values they share are never written).
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::vector<int> shape, double fill = 0.0);
  // Throws Error(WrongShape) when `values` does not hold product(shape) values.
  Tensor(std::vector<int> shape, std::vector<double> values);

  // (A temporary's shape and values are moved out, so that `for (double v : Make().values())` holds no dangling
  // reference.)
  const std::vector<int>& shape() const& { return shape_; }  // outermost first, e.g. (C, D, H, W)
  std::vector<int> shape() && { return std::move(shape_); }
  const std::vector<double>& values() const& { return values_ ? *values_ : Empty(); }  // row-major
  std::vector<double> values() &&;
  std::span<double> mutable_values() { return Own(); }  // to change in place (not their count)
  size_t size() const { return values_ ? values_->size() : 0; }
  bool empty() const { return size() == 0; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int dim(int i) const { return shape_[static_cast<size_t>(i)]; }
  // The same values under another shape of as many; throws Error(WrongShape) otherwise.
  void Reshape(std::vector<int> shape);
  // New values, as many as there are; throws Error(WrongShape) otherwise.
  void Assign(std::vector<double> values);
  // Whether this tensor and `other` share their values (a copy not changed since): for tests and caches.
  bool SharesValuesWith(const Tensor& other) const { return values_ && values_ == other.values_; }

  // Flat index of a full index (one entry per dimension), unchecked: for inner loops that keep inside the tensor.
  size_t Index(std::initializer_list<int> index) const;
  // A value by flat index, unchecked.
  const double& operator[](size_t flat) const { return (*values_)[flat]; }
  double& operator[](size_t flat) { return Own()[flat]; }
  // A value by full index, checked: throws Error(OutOfRange) when the number of indices is not the rank or one is
  // outside its dimension.
  double& at(std::initializer_list<int> index) { return Own()[CheckedIndex(index)]; }
  double at(std::initializer_list<int> index) const { return values()[CheckedIndex(index)]; }
  bool operator==(const Tensor& other) const { return shape_ == other.shape_ && values() == other.values(); }

 private:
  static const std::vector<double>& Empty();
  // The values, this tensor's alone (copied first when a copy shares them).
  std::vector<double>& Own() {
    if (values_ && values_.use_count() == 1) [[likely]] {
      // The last other owner let go (its reads come before its release of the count): see them before writing.
      std::atomic_thread_fence(std::memory_order_acquire);
      return *values_;
    }
    return Detach();
  }
  std::vector<double>& Detach();
  size_t CheckedIndex(std::initializer_list<int> index) const;
  std::vector<int> shape_;
  std::shared_ptr<std::vector<double>> values_;  // null: no values
};

// "2x3x3" for shape (2, 3, 3); "scalar" for none.
std::string ShapeText(const std::vector<int>& shape);
// Product of the sizes as a 64-bit count (no overflow for any shape of ints up to rank 6).
long long ElementCount(const std::vector<int>& shape);

enum class Fill { Ramp, Ones, Random };

// Ramp: 1, 2, ..., 9, 1, 2, ... row-major (small numbers, never 0, so no step of an animation is an all-zero sum);
// Ones: all 1; Random: integers in [lo, hi] from seed.
Tensor MakeTensor(std::vector<int> shape, Fill fill, uint32_t seed = 0, int lo = 0, int hi = 4);
std::string_view FillName(Fill fill);
std::optional<Fill> ParseFill(std::string_view name);  // ramp | ones | random

// A copy of `fresh` in which cells present in `old` too (same index on every dimension) keep old's value. Both must
// have the same rank; otherwise `fresh` is returned.
Tensor Resized(const Tensor& old, const Tensor& fresh);

// The last three dimensions (depth, height, width) reversed: a kernel rotated by 180 degrees in every spatial plane
// (how the equivalent convolution of a transposed one uses the kernel).
Tensor Rotated180(const Tensor& kernel);

// Named kernels: ones, fig1.1 (the paper's [[0,1,2],[2,2,0],[0,1,2]]), identity, box (box blur, 1/(kd*kh*kw)),
// sobel_x, sobel_y, sharpen. Sizes other than 3 x 3 are supported where the kernel has a natural generalisation.
enum class KernelPreset { Ones, Figure11, Identity, BoxBlur, SobelX, SobelY, Sharpen };
std::string_view KernelPresetName(KernelPreset preset);
std::optional<KernelPreset> ParseKernelPreset(std::string_view name);
// One kd x kh x kw kernel (shape (kd, kh, kw)).
Tensor MakeKernel(KernelPreset preset, int kd, int kh, int kw);
// A whole weight of shape `shape` (channel dims first, then kd, kh, kw) with every kernel the preset.
Tensor MakeWeight(KernelPreset preset, std::vector<int> shape);

}  // namespace convarith
