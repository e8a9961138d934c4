// A dense 2-D array of doubles (row-major) and the ways to fill one.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace convarith {

struct Grid {
  int rows = 0;
  int cols = 0;
  std::vector<double> values;  // rows * cols, row-major

  Grid() = default;
  Grid(int r, int c, double fill = 0.0) : rows(r), cols(c), values(static_cast<size_t>(r) * c, fill) {}

  double& at(int r, int c) { return values[static_cast<size_t>(r) * cols + c]; }
  double at(int r, int c) const { return values[static_cast<size_t>(r) * cols + c]; }
  bool contains(int r, int c) const { return r >= 0 && c >= 0 && r < rows && c < cols; }
  int size() const { return rows * cols; }
  bool operator==(const Grid&) const = default;
};

enum class Fill { Ramp, Ones, Random };

// Ramp: 0, 1, 2, ... row-major (mod 10 so numbers stay small); Ones: all 1; Random: integers in [lo, hi] from seed.
Grid MakeGrid(int rows, int cols, Fill fill, uint32_t seed = 0, int lo = 0, int hi = 4);
std::string_view FillName(Fill fill);
std::optional<Fill> ParseFill(std::string_view name);  // ramp | ones | random

// A copy of `old` resized to rows x cols: cells present in both keep their value, new cells take `fresh`'s value.
Grid Resized(const Grid& old, const Grid& fresh);

// The grid rotated by 180 degrees (how the equivalent convolution of a transposed one uses the kernel).
Grid Rotated180(const Grid& g);

// Named kernels: ones, fig1.1 (the paper's [[0,1,2],[2,2,0],[0,1,2]]), identity, box (box blur, 1/(kh*kw)),
// sobel_x, sobel_y. Sizes other than 3x3 are supported where the kernel has a natural generalisation.
enum class KernelPreset { Ones, Figure11, Identity, BoxBlur, SobelX, SobelY };
std::string_view KernelPresetName(KernelPreset preset);
std::optional<KernelPreset> ParseKernelPreset(std::string_view name);
Grid MakeKernel(KernelPreset preset, int rows, int cols);

}  // namespace convarith
