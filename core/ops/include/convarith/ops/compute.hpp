// The real numbers: convolution, pooling, transposed convolution (two ways), the convolution matrix, and the canvas
// (padded, possibly zero-stretched input) that the kernel slides over, for every rank and channel count.
//
// Tensors here use the canonical layout with all three spatial axes (neutral ones of size 1):
//   input   (C_in, D, H, W)                       (transposed: its own input, i' per axis)
//   weight  conv (C_out, C_in/groups, kD, kH, kW); transposed (C_in, C_out/groups, kD, kH, kW), as PyTorch stores it
//   bias    (C_out), or empty
//   output  (C_out, oD, oH, oW)
// PyTorch's shapes (C, spatial...) hold the same values in the same order: see TorchShape.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/shape/config.hpp"
#include "convarith/base/error.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {

// Thrown by the computing functions when the configuration or the data do not fit; carries the parameter and rule.
// An Error with code ErrorCode::InvalidConfig.
class InvalidConfig : public Error {
 public:
  explicit InvalidConfig(ConfigError e) : Error(ErrorCode::InvalidConfig, e.message), error(std::move(e)) {}
  ConfigError error;
};

// Most multiply-adds one computation may take; beyond it the computing functions throw InvalidConfig instead of
// running for minutes.
inline constexpr double kMaxWork = 3e8;

enum class TensorRole { Input, Weight, Bias, Output };
// The canonical shape of a tensor of the configuration (see the banner).
std::vector<int> CanonicalShape(const Config& config, TensorRole role);
// PyTorch's shape of it without the batch dimension: input (C_in, spatial...), weight (C_out, C_in/g, k...), ...
std::vector<int> TorchShape(const Config& config, TensorRole role);
// Multiply-adds the operation takes (the larger of the two ways for transposed).
double Work(const Config& config);

// Where a padded position along one axis reads the input: the input index, or -1 for a zero (PyTorch's padding
// modes: reflect mirrors without repeating the edge, replicate repeats it, circular wraps). `pos` may be negative.
int PaddedSource(PaddingMode mode, int pos, int size);

// Direct convolution (cross-correlation, as PyTorch's convNd: no kernel flip) with stride, per-side padding,
// padding mode, dilation, groups and bias (bias may be empty when config.bias is false).
Tensor Convolve(const Config& config, const Tensor& input, const Tensor& weight, const Tensor& bias);

// Max pooling; `indices` (if given) receives for every output cell the flat index of the winning input cell within its
// channel's map (d·H·W + h·W + w), as PyTorch's return_indices; padding never wins, NaN propagates.
Tensor MaxPool(const Config& config, const Tensor& input, std::vector<int64_t>* indices = nullptr);

// Average pooling with count_include_pad and ceil_mode as PyTorch.
Tensor AvgPool(const Config& config, const Tensor& input);

// The divisor AvgPool uses for an output position (count_include_pad: window clipped to input plus padding;
// otherwise the number of real input cells it covers).
int AvgPoolDivisor(const Config& config, int out_z, int out_row, int out_col);

// Transposed convolution (PyTorch's conv_transposeNd) by scatter: every input value times its kernels, added into
// the outputs of its group. This is the gradient of the direct convolution with respect to its input.
Tensor TransposedScatter(const Config& config, const Tensor& input, const Tensor& weight, const Tensor& bias);

// Transposed convolution as its equivalent direct convolution: stride 1 over the zero-stretched, padded input (p' on
// each side, a extra zeros at the end, cropped when p' < 0), each kernel rotated by 180 degrees, input and output
// channel roles of the weight swapped.
Tensor TransposedDirect(const Config& config, const Tensor& input, const Tensor& weight, const Tensor& bias);

// Number of kernel stamps that reach each output position of a transposed convolution (the checkerboard map), shape
// (1, oD, oH, oW).
Tensor TransposedOverlap(const Config& config);

// What a canvas cell holds.
enum class CellKind : uint8_t { Input, Padding, InsertedZero, ExtraZero };

// The grid the kernel slides over on every spatial axis {depth, row, col}: the padded input (conv, pooling) or the
// padded zero-stretched input (the equivalent direct convolution of a transposed one). Ceil-mode pooling may extend
// it past the padding at the end.
struct Canvas {
  std::array<int, 3> dims{1, 1, 1};          // canvas size per axis
  std::array<int, 3> lead{};                 // canvas index of input coordinate 0 (p_b or p'; negative: cropped)
  std::array<int, 3> stretch{1, 1, 1};       // spacing of input cells on the canvas (s for transposed, else 1)
  std::array<int, 3> input_extent{1, 1, 1};  // stretched (or plain) input extent
  std::array<int, 3> extra_from{1, 1, 1};    // canvas index from which zeros are the transposed a extras
  std::array<int, 3> input_size{1, 1, 1};    // the input's own size (for padding modes)
  PaddingMode mode = PaddingMode::Zeros;

  int rows() const { return dims[1]; }
  int cols() const { return dims[2]; }
  int slices() const { return dims[0]; }
  CellKind Kind(int z, int row, int col) const;
  // Input cell shown at a canvas cell, or {-1, -1, -1} for padding and zeros.
  std::array<int, 3> InputAt(int z, int row, int col) const;
  // The input cell whose value a canvas cell holds: InputAt, or for reflect/replicate/circular padding the input cell
  // it copies; {-1, -1, -1} for zeros.
  std::array<int, 3> SourceAt(int z, int row, int col) const;
  // Canvas cell showing input cell (z, row, col), or {-1, -1, -1} when it is cropped away.
  std::array<int, 3> CanvasOf(int z, int row, int col) const;
  bool contains(int z, int row, int col) const {
    return z >= 0 && row >= 0 && col >= 0 && z < dims[0] && row < dims[1] && col < dims[2];
  }
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

  std::vector<double> Multiply(const std::vector<double>& x) const;  // throws Error(WrongShape) unless x.size() == cols
  SparseMatrix Transposed() const;
  double At(int row, int col) const;  // 0 when not stored
  int NonZeros() const { return static_cast<int>(values.size()); }
};

// Most stored entries a convolution matrix may have; beyond it ConvolutionMatrix throws InvalidConfig.
inline constexpr long long kMaxMatrixEntries = 4'000'000;

// The convolution matrix C (one row per output value, one column per input value, both in the canonical flat order,
// so channel blocks of rows and columns: block (o, i) is zero unless channels o and i share a group) so that
// vec(y) = C vec(x) + bias for Op::Conv (padding modes fold into C). For Op::Transposed it returns C^T of the direct
// convolution it is the transpose of, so that vec(y) = C^T vec(x) + bias is the transposed convolution.
SparseMatrix ConvolutionMatrix(const Config& config, const Tensor& weight);

}  // namespace convarith
