// Grids of doubles: fills (ramp, ones, seeded random), resizing that keeps values, rotation, named kernels.
#include "convarith/grid.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <string>

namespace convarith {

Grid MakeGrid(int rows, int cols, Fill fill, uint32_t seed, int lo, int hi) {
  Grid g(rows, cols);
  switch (fill) {
    case Fill::Ramp:
      for (int n = 0; n < g.size(); ++n) g.values[static_cast<size_t>(n)] = n % 10;
      break;
    case Fill::Ones:
      std::fill(g.values.begin(), g.values.end(), 1.0);
      break;
    case Fill::Random: {
      // mt19937 with a fixed distribution implementation so a seed gives the same grid everywhere.
      std::mt19937 engine(seed);
      const uint32_t span = static_cast<uint32_t>(std::max(0, hi - lo)) + 1;
      for (double& v : g.values) v = lo + static_cast<int>(engine() % span);
      break;
    }
  }
  return g;
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

Grid Resized(const Grid& old, const Grid& fresh) {
  Grid g = fresh;
  for (int r = 0; r < std::min(old.rows, g.rows); ++r)
    for (int c = 0; c < std::min(old.cols, g.cols); ++c) g.at(r, c) = old.at(r, c);
  return g;
}

Grid Rotated180(const Grid& g) {
  Grid out(g.rows, g.cols);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) out.at(r, c) = g.at(g.rows - 1 - r, g.cols - 1 - c);
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
  }
  return "ones";
}

std::optional<KernelPreset> ParseKernelPreset(std::string_view name) {
  for (KernelPreset p : {KernelPreset::Ones, KernelPreset::Figure11, KernelPreset::Identity, KernelPreset::BoxBlur,
                         KernelPreset::SobelX, KernelPreset::SobelY}) {
    if (KernelPresetName(p) == name) return p;
  }
  if (name == "sobel") return KernelPreset::SobelX;
  if (name == "blur") return KernelPreset::BoxBlur;
  return std::nullopt;
}

Grid MakeKernel(KernelPreset preset, int rows, int cols) {
  Grid g(rows, cols);
  switch (preset) {
    case KernelPreset::Ones:
      std::fill(g.values.begin(), g.values.end(), 1.0);
      break;
    case KernelPreset::Figure11: {
      // The paper's Figure 1.1 kernel, tiled when the kernel is larger than 3 x 3.
      static constexpr double kFig[3][3] = {{0, 1, 2}, {2, 2, 0}, {0, 1, 2}};
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) g.at(r, c) = kFig[r % 3][c % 3];
      break;
    }
    case KernelPreset::Identity:
      g.at(rows / 2, cols / 2) = 1.0;
      break;
    case KernelPreset::BoxBlur:
      std::fill(g.values.begin(), g.values.end(), 1.0 / (static_cast<double>(rows) * cols));
      break;
    case KernelPreset::SobelX:
    case KernelPreset::SobelY: {
      // Derivative across one axis times a binomial smoothing along the other (the 3 x 3 Sobel when k = 3).
      auto binomial = [](int n, int j) {
        double v = 1;
        for (int t = 1; t <= j; ++t) v = v * (n - 1 - t + 1) / t;
        return v;
      };
      auto derivative = [](int n, int j) { return static_cast<double>(j - (n - 1) / 2.0 > 0) - static_cast<double>(j - (n - 1) / 2.0 < 0); };
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
          g.at(r, c) = preset == KernelPreset::SobelX ? binomial(rows, r) * derivative(cols, c)
                                                      : derivative(rows, r) * binomial(cols, c);
      break;
    }
  }
  return g;
}

}  // namespace convarith
