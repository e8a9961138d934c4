// A dense n-dimensional array of doubles (row-major, PyTorch's layout) and the ways to fill one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "convarith/base/error.hpp"

namespace convarith {

// Its values always number the product of its shape (the constructors and Reshape keep that true).
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
  const std::vector<double>& values() const& { return values_; }  // row-major
  std::vector<double> values() && { return std::move(values_); }
  std::span<double> mutable_values() { return values_; }         // to change in place (not their count)
  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  int rank() const { return static_cast<int>(shape_.size()); }
  int dim(int i) const { return shape_[static_cast<size_t>(i)]; }
  // The same values under another shape of as many; throws Error(WrongShape) otherwise.
  void Reshape(std::vector<int> shape);
  // New values, as many as there are; throws Error(WrongShape) otherwise.
  void Assign(std::vector<double> values);

  // Flat index of a full index (one entry per dimension), unchecked: for inner loops that keep inside the tensor.
  size_t Index(std::initializer_list<int> index) const;
  // A value by flat index, unchecked.
  const double& operator[](size_t flat) const { return values_[flat]; }
  double& operator[](size_t flat) { return values_[flat]; }
  // A value by full index, checked: throws Error(OutOfRange) when the number of indices is not the rank or one is
  // outside its dimension.
  double& at(std::initializer_list<int> index) { return values_[CheckedIndex(index)]; }
  double at(std::initializer_list<int> index) const { return values_[CheckedIndex(index)]; }
  bool operator==(const Tensor&) const = default;

 private:
  size_t CheckedIndex(std::initializer_list<int> index) const;
  std::vector<int> shape_;
  std::vector<double> values_;
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
