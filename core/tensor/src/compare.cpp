// A tolerant comparison of tensors: ulp distance, relative difference, and the worst pair found.
#include "convarith/tensor/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace convarith {

namespace {

// The doubles mapped onto unsigned integers in their order (-inf ... -0 = +0 ... +inf), so that neighbours differ by 1.
uint64_t Ordered(double x) {
  uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);  // std::bit_cast, which the browser build's C++ library lacks
  constexpr uint64_t kSign = uint64_t{1} << 63;
  return (bits & kSign) ? kSign - (bits & ~kSign) : kSign + bits;
}

}  // namespace

uint64_t UlpDistance(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) ? 0 : std::numeric_limits<uint64_t>::max();
  }
  const uint64_t x = Ordered(a), y = Ordered(b);
  return x > y ? x - y : y - x;
}

Agreement Compare(const Tensor& a, const Tensor& b, Tolerance tolerance) {
  Agreement r;
  if (a.shape() != b.shape() || a.values().size() != b.values().size()) {
    r.same_shape = false;
    return r;
  }
  double scale = 0;
  for (size_t n = 0; n < a.values().size(); ++n) {
    if (std::isfinite(a[n])) scale = std::max(scale, std::abs(a[n]));
    if (std::isfinite(b[n])) scale = std::max(scale, std::abs(b[n]));
  }
  r.count = a.values().size();
  for (size_t n = 0; n < r.count; ++n) {
    const double x = a[n], y = b[n];
    const uint64_t ulps = UlpDistance(x, y);
    if (ulps == 0) continue;
    ++r.differing;
    const double diff = std::isnan(x) || std::isnan(y) ? std::numeric_limits<double>::infinity() : std::abs(x - y);
    r.largest_difference = std::max(r.largest_difference, diff);
    r.largest_ulps = std::max(r.largest_ulps, ulps);
    const bool close = ulps <= tolerance.ulps ||
                       diff <= tolerance.relative * std::max({std::abs(x), std::abs(y), scale});
    if (!close) ++r.outside;
  }
  return r;
}

}  // namespace convarith
