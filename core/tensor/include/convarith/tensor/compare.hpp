// How closely two tensors of doubles agree: a tolerant comparison (relative and in ulps) that reports the worst pair.
#pragma once

#include <cstddef>
#include <cstdint>

#include "convarith/tensor/tensor.hpp"

namespace convarith {

// Two values agree when they are within `ulps` units in the last place of each other, or when their difference is at
// most `relative` times the larger of their magnitudes and the largest magnitude in either tensor (sums of products
// that cancel to near zero carry the rounding of their terms, not of their result). NaN agrees only with NaN.
struct Tolerance {
  uint64_t ulps = 16;
  double relative = 1e-12;
};

struct Agreement {
  bool same_shape = true;
  size_t count = 0;               // values compared
  size_t differing = 0;           // values not bit-for-bit equal
  size_t outside = 0;             // values outside the tolerance
  double largest_difference = 0;  // the largest |a - b| (infinity when a NaN meets a number)
  uint64_t largest_ulps = 0;      // the largest distance in units in the last place
  bool exact() const { return same_shape && differing == 0; }
  bool agree() const { return same_shape && outside == 0; }
};

// Distance between two doubles in units in the last place (0 for equal values, also +0 and -0; the maximum for NaN
// against a number).
uint64_t UlpDistance(double a, double b);

// Compares a and b value by value (shapes must match, else nothing is compared and same_shape is false).
Agreement Compare(const Tensor& a, const Tensor& b, Tolerance tolerance = {});

}  // namespace convarith
