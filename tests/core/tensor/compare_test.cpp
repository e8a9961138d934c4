// The tolerant comparison of tensors: ulp distances, the largest difference, tolerances, NaN and shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "convarith/tensor/compare.hpp"

namespace convarith {
namespace {

TEST(Compare, UlpDistanceCountsRepresentableDoublesBetween) {
  EXPECT_EQ(UlpDistance(1.0, 1.0), 0u);
  EXPECT_EQ(UlpDistance(0.0, -0.0), 0u);
  EXPECT_EQ(UlpDistance(1.0, std::nextafter(1.0, 2.0)), 1u);
  EXPECT_EQ(UlpDistance(std::nextafter(1.0, 2.0), 1.0), 1u);
  const double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(UlpDistance(-tiny, tiny), 2u);  // across zero
  EXPECT_EQ(UlpDistance(0.1 + 0.2, 0.3), 1u);
  EXPECT_EQ(UlpDistance(std::nan(""), 1.0), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(UlpDistance(std::nan(""), std::nan("")), 0u);
}

TEST(Compare, ReportsTheLargestDifferenceAndAgreesUpToRounding) {
  Tensor a({2, 2}), b({2, 2});
  a.Assign({0.1 + 0.2, 1.0, 2.0, -4.0});
  b.Assign({0.3, 1.0, 2.0, -4.0});
  const Agreement r = Compare(a, b);
  EXPECT_TRUE(r.agree());
  EXPECT_FALSE(r.exact());
  EXPECT_EQ(r.count, 4u);
  EXPECT_EQ(r.differing, 1u);
  EXPECT_EQ(r.largest_ulps, 1u);
  EXPECT_DOUBLE_EQ(r.largest_difference, (0.1 + 0.2) - 0.3);
  EXPECT_TRUE(Compare(a, a).exact());
}

TEST(Compare, NearZeroResultsUseTheTensorsMagnitude) {
  // 1e-16 against 0 is a huge number of ulps, but only rounding next to values of 1000.
  Tensor a({3}), b({3});
  a.Assign({1e-16, 1000.0, 5.0});
  b.Assign({0.0, 1000.0, 5.0});
  EXPECT_TRUE(Compare(a, b).agree());
  b.Assign({0.0, 1000.0, 5.001});
  const Agreement r = Compare(a, b);
  EXPECT_FALSE(r.agree());
  EXPECT_EQ(r.outside, 1u);
  EXPECT_NEAR(r.largest_difference, 0.001, 1e-12);
}

TEST(Compare, NanShapesAndTolerance) {
  Tensor a({2}), b({2});
  a.Assign({std::nan(""), 1.0});
  b.Assign({std::nan(""), 1.0});
  EXPECT_TRUE(Compare(a, b).exact());
  b.Assign({0.0, 1.0});
  EXPECT_FALSE(Compare(a, b).agree());
  EXPECT_TRUE(std::isinf(Compare(a, b).largest_difference));
  EXPECT_FALSE(Compare(Tensor({2}), Tensor({1, 2})).same_shape);
  EXPECT_FALSE(Compare(Tensor({2}), Tensor({1, 2})).agree());
  Tensor c({1}), d({1});
  c.Assign({1.0});
  d.Assign({std::nextafter(std::nextafter(1.0, 2.0), 2.0)});
  EXPECT_TRUE(Compare(c, d, {.ulps = 2, .relative = 0}).agree());
  EXPECT_FALSE(Compare(c, d, {.ulps = 1, .relative = 0}).agree());
}

}  // namespace
}  // namespace convarith
