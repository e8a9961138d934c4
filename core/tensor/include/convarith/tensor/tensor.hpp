// A dense n-dimensional array of doubles (row-major, PyTorch's layout) and the ways to fill one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convarith {

struct Tensor {
  std::vector<int> shape;      // outermost first, e.g. (C, D, H, W)
  std::vector<double> values;  // product(shape) values, row-major

  Tensor() = default;
  explicit Tensor(std::vector<int> s, double fill = 0.0);

  size_t size() const { return values.size(); }
  bool empty() const { return values.empty(); }
  int rank() const { return static_cast<int>(shape.size()); }
  int dim(int i) const { return shape[static_cast<size_t>(i)]; }
  // Flat index of a full index (one entry per dimension); no bounds check.
  size_t Index(std::initializer_list<int> index) const;
  double& at(std::initializer_list<int> index) { return values[Index(index)]; }
  double at(std::initializer_list<int> index) const { return values[Index(index)]; }
  bool operator==(const Tensor&) const = default;
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
