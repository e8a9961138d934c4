// The real numbers: convolution, pooling, transposed convolution (two ways), the convolution matrix, and the canvas
// (padded, possibly zero-stretched input) that the kernel slides over.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "convarith/arithmetic.hpp"
#include "convarith/config.hpp"
#include "convarith/grid.hpp"

namespace convarith {

// Thrown by the computing functions when the configuration or the data do not fit; carries the parameter and rule.
class InvalidConfig : public std::invalid_argument {
 public:
  explicit InvalidConfig(ConfigError e) : std::invalid_argument(e.message), error(std::move(e)) {}
  ConfigError error;
};

// Most multiply-adds one computation may take; beyond it the computing functions throw InvalidConfig instead of
// running for minutes.
inline constexpr double kMaxWork = 3e8;

// Direct convolution (cross-correlation, as PyTorch's conv2d: no kernel flip), with stride, padding, dilation.
Grid Convolve(const Config& config, const Grid& input, const Grid& kernel);

// Max pooling; `winners` (if given) receives for every output cell the flat index (row * cols + col) of the input
// cell that won, as PyTorch's return_indices; padding never wins (it acts as -infinity).
Grid MaxPool(const Config& config, const Grid& input, std::vector<int>* winners = nullptr);

// Average pooling with count_include_pad and ceil_mode as PyTorch.
Grid AvgPool(const Config& config, const Grid& input);

// The divisor AvgPool uses for an output cell (count_include_pad: window clipped to input plus padding; otherwise
// the number of real input cells it covers).
int AvgPoolDivisor(const Config& config, int out_row, int out_col);

// Transposed convolution (PyTorch's conv_transpose2d) by scatter: every input value times the kernel, added into the
// output. This is the gradient of the direct convolution with respect to its input.
Grid TransposedScatter(const Config& config, const Grid& input, const Grid& kernel);

// Transposed convolution as its equivalent direct convolution: stride 1 over the zero-stretched, padded input (p' on
// each side, a extra zeros bottom/right, cropped when p' < 0), with the kernel rotated by 180 degrees.
Grid TransposedDirect(const Config& config, const Grid& input, const Grid& kernel);

// Number of kernel stamps that reach each output cell of a transposed convolution (the checkerboard map).
Grid TransposedOverlap(const Config& config);

// What a canvas cell holds.
enum class CellKind : uint8_t { Input, Padding, InsertedZero, ExtraZero };

// The grid the kernel slides over: the padded input (conv, pooling) or the padded zero-stretched input (the
// equivalent direct convolution of a transposed one). Ceil-mode pooling may extend it past the right padding.
struct Canvas {
  int rows = 0;
  int cols = 0;
  std::array<int, 2> lead{};    // canvas index of stretched/input coordinate 0 on each axis (p or p'; negative: crop)
  std::array<int, 2> stretch{1, 1};  // spacing of input cells on the canvas (s for transposed, else 1)
  std::array<int, 2> input_extent{};  // stretched (or plain) input extent on each axis
  std::array<int, 2> extra_from{};    // canvas index from which zeros are the transposed a extras (transposed only)
  CellKind Kind(int row, int col) const;
  // Input cell shown at a canvas cell, or {-1, -1} when it is padding or an inserted zero.
  std::array<int, 2> InputAt(int row, int col) const;
  // Canvas cell showing input cell (row, col), or {-1, -1} when it is cropped away.
  std::array<int, 2> CanvasOf(int row, int col) const;
};

// The canvas for the operation's own sliding view (conv and pooling) or for the transposed convolution's equivalent
// direct convolution.
Canvas MakeCanvas(const Config& config);

// Compressed-sparse-row matrix.
struct SparseMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<int> row_start;  // rows + 1 entries
  std::vector<int> col_index;
  std::vector<double> values;

  std::vector<double> Multiply(const std::vector<double>& x) const;
  SparseMatrix Transposed() const;
  double At(int row, int col) const;  // 0 when not stored
  int NonZeros() const { return static_cast<int>(values.size()); }
};

// Most stored entries a convolution matrix may have; beyond it ConvolutionMatrix throws InvalidConfig.
inline constexpr long long kMaxMatrixEntries = 4'000'000;

// The convolution matrix C (one row per output cell, one column per input cell, row-major) so that
// vec(y) = C vec(x) for Op::Conv. For Op::Transposed it returns C^T of the direct convolution it is the transpose
// of, so that vec(y) = C^T vec(x) is the transposed convolution.
SparseMatrix ConvolutionMatrix(const Config& config, const Grid& kernel);

}  // namespace convarith
