// Shape arithmetic: output sizes, the paper's relationships, and a transposed convolution's direct equivalents.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "convarith/shape/config.hpp"

namespace convarith {

// Effective kernel extent d(k - 1) + 1.
int DilatedKernel(const AxisParams& axis);

// Output size on one axis, with PyTorch's formula for the operation (ceil_mode for pooling). Assumes a valid config.
int OutputSize(Op op, const AxisParams& axis, bool ceil_mode = false);

// Output size on every axis {depth, height, width} (1 on neutral axes).
std::array<int, 3> OutputShape(const Config& config);
// Output size on the rank's own axes, PyTorch order: (W), (H, W) or (D, H, W).
std::vector<int> OutputSpatial(const Config& config);

enum class PaddingKind { None, Half, Full, Arbitrary };
std::string_view PaddingKindName(PaddingKind kind);  // "no padding", "half (same) padding", "full padding", "arbitrary padding"

// Which of the paper's Relationships 1 to 15 applies on one axis (kDepth...kWidth), its formula and the numbers
// substituted; an empty Relationship (number 0) for a neutral axis.
struct Relationship {
  int number = 0;
  PaddingKind padding = PaddingKind::None;
  std::string conditions;   // e.g. "s = 1, p = 0"
  std::string formula;      // e.g. "o = (i - k) + 1"
  std::string substituted;  // e.g. "o = (5 - 3) + 1 = 3"
  std::string note;         // extra remark (ceil_mode, cropping, dilated transpose), may be empty
};
Relationship FindRelationship(const Config& config, int axis);

// The transposed convolution seen through direct convolutions, on one axis.
struct TransposedAxis {
  // The direct convolution (k, s, p, d) it is the transpose of: input size o', output size i'.
  int direct_input = 0;
  // Every direct input size that gives the same output i' (s or more sizes when s > 1); a picks one.
  std::vector<int> same_output_inputs;
  // Its equivalent direct convolution: stride 1, same k and d, kernel rotated 180 degrees.
  int inserted_zeros = 0;   // s - 1 zeros between neighbouring input cells
  int stretched_input = 0;  // i~' = i' + (s - 1)(i' - 1)
  int padding = 0;          // p' = d(k - 1) - p_b before the input; negative means the input is cropped
  int padding_after = 0;    // d(k - 1) - p_a after it (before the a extra zeros)
  int extra = 0;            // a zeros added at the bottom/right
  int output = 0;           // o'
  bool crops() const { return padding < 0 || padding_after < 0; }
};
TransposedAxis TransposedAsDirect(const AxisParams& axis);

// Every input size i that a direct convolution (or pooling) maps to the same output as axis.input.
std::vector<int> InputsWithSameOutput(Op op, const AxisParams& axis, bool ceil_mode);

}  // namespace convarith
