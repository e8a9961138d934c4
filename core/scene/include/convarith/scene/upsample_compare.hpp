// "Upsampling compared": the ways to upsample by s side by side on one input, each with its output and its overlap
// count map (how many kernel taps reach each output cell), stacked up to three layers, and the frame that draws them.
//
// The methods, each applied `layers` times (kernels are box filters, every weight 1/k^rank, so a constant input stays
// constant wherever the taps are even):
//   transposed convolution (k, s, p, with the output padding a < s that makes the output i·s when one does),
//   nearest resize then a convolution (k, stride 1, 'same' padding), bilinear resize then the same convolution,
//   pixel shuffle (sub-pixel convolution: a convolution to s^rank channels, then shuffled), and max unpooling with the
//   indices of the max pooling (k = s = s) that made the input from the source.
// The input is the source max-pooled `layers` times by s (the encoder whose indices max unpooling uses); the source is
// constant, a ramp or a picture at i·s^layers. Each overlap map counts the paths from input cells to an output cell
// (every non-zero weight counted 1), so stacked layers multiply: the checkerboard of k = 3, s = 2 compounds.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/scene/frame.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {

enum class CompareSource { Constant, Ramp, Picture };
std::string_view CompareSourceName(CompareSource source);  // constant | ramp | picture
std::optional<CompareSource> ParseCompareSource(std::string_view name);

struct CompareParams {
  int rank = 2;                  // 1 or 2
  std::array<int, 2> input{8, 8};  // the input's {H, W} (rank 1: H is 1)
  int factor = 2;                // s >= 1 per layer
  int kernel = 3;                // k: the transposed convolution's, and the convolution's after a resize
  int padding = 1;               // p of the transposed convolution
  int layers = 1;                // 1 to 3 stacked
  CompareSource source = CompareSource::Ramp;
  bool operator==(const CompareParams&) const = default;
};

enum class UpsampleMethod { Transposed, NearestConv, BilinearConv, PixelShuffle, MaxUnpool };
inline constexpr UpsampleMethod kUpsampleMethods[] = {UpsampleMethod::Transposed, UpsampleMethod::NearestConv,
                                                      UpsampleMethod::BilinearConv, UpsampleMethod::PixelShuffle,
                                                      UpsampleMethod::MaxUnpool};

struct MethodResult {
  UpsampleMethod method = UpsampleMethod::Transposed;
  std::string title;   // e.g. "Transposed conv k=3, s=2, p=1, a=1"
  Tensor output;       // (1, 1, H, W)
  Tensor overlap;      // (1, 1, H, W): paths from the input to each output cell
  double overlap_min = 0, overlap_max = 0;  // over the cells, for the map's scale
};

struct UpsampleComparison {
  CompareParams params;
  Tensor source;  // (1, 1, H·s^L, W·s^L)
  Tensor input;   // (1, 1, H, W): the source max-pooled L times
  std::vector<MethodResult> methods;  // in kUpsampleMethods order
};

// Throws InvalidConfig naming the parameter (dims, input_size, scale_factor, kernel_size, padding, layers, source)
// when one breaks a rule: rank 1 or 2, sizes >= 1, s >= 1, k >= 1, 0 <= p, 1 to 3 layers, the source within the size
// limits, a transposed output of at least one cell.
void CheckCompareParams(const CompareParams& params);
// The source tensor the parameters ask for (constant or ramp) at (1, 1, H·s^L, W·s^L).
Tensor MakeCompareSource(const CompareParams& params);
// Computes every method. `picture` (source Picture): the source itself, (1, 1, H·s^L, W·s^L), e.g. a picture resized
// to that size; otherwise MakeCompareSource. Throws InvalidConfig as CheckCompareParams, or when the picture's shape
// does not fit.
UpsampleComparison CompareUpsampling(const CompareParams& params, const Tensor* picture = nullptr);

struct CompareFrameOptions {
  Theme theme = LightTheme();
  float panel = 8;  // the side of each map's picture, cell units
  std::string title;  // a line above everything (empty: a default naming the source and the layers)
  // No text smaller than this (cell units; the app's window, where the columns are narrow on screen): a title too
  // wide for its column at this size wraps onto more lines, and the rows move down to make room. 0: the export's
  // layout (each text shrunk to its column).
  float min_text = 0;
  TextMeasure measure{};  // the metrics of the font it is drawn with (frame.hpp)
};
// The comparison as one frame: the input, then one column per method with its title, its output and under it its
// overlap count map titled with its range, a colour bar from the fewest to the most taps.
Frame BuildComparisonFrame(const UpsampleComparison& comparison, const CompareFrameOptions& options);

}  // namespace convarith
