// The tensor value type: its values match its shape, and indexing by position checks the rank and every bound.
#include <gtest/gtest.h>

#include "convarith/tensor/tensor.hpp"

namespace convarith {
namespace {

// Issue 21 point 6: a 2-index at() on a (C, D, H, W) tensor read the wrong cell silently.
TEST(Tensor, AtChecksRankAndBounds) {
  Tensor t({2, 1, 3, 4});
  for (size_t n = 0; n < t.size(); ++n) t[n] = static_cast<double>(n);
  EXPECT_EQ(t.at({1, 0, 2, 3}), 23.0);
  try {
    (void)t.at({2, 3});
    FAIL() << "a 2-index at() on a rank-4 tensor must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::OutOfRange);
    EXPECT_STREQ(e.what(), "2 indices into a tensor of shape 2x1x3x4 (rank 4)");
  }
  try {
    t.at({0, 0, 3, 0}) = 1;
    FAIL() << "row 3 of 3 must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::OutOfRange);
    EXPECT_STREQ(e.what(), "index 3 is outside dimension 2 (size 3) of a tensor of shape 2x1x3x4");
  }
  EXPECT_THROW((void)t.at({0, 0, 0, -1}), Error);
  // The unchecked fast path for inner loops.
  EXPECT_EQ(t[t.Index({1, 0, 2, 3})], 23.0);
}

TEST(Tensor, ValuesAlwaysMatchTheShape) {
  EXPECT_THROW(Tensor({2, 2}, std::vector<double>{1, 2, 3}), Error);
  Tensor t({2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  t.Reshape({3, 2});
  EXPECT_EQ(t.shape(), (std::vector<int>{3, 2}));
  EXPECT_EQ(t.at({2, 1}), 6.0);
  EXPECT_THROW(t.Reshape({4, 2}), Error);
  EXPECT_THROW(t.Assign({1, 2}), Error);
  t.Assign({6, 5, 4, 3, 2, 1});
  EXPECT_EQ(t.values().front(), 6.0);
  for (double& v : t.mutable_values()) v *= 2;
  EXPECT_EQ(t.at({0, 0}), 12.0);
  // A temporary's values are moved out, not referenced after it is gone.
  double sum = 0;
  for (double v : Tensor({2}, std::vector<double>{1.5, 2.5}).values()) sum += v;
  EXPECT_EQ(sum, 4.0);
}

}  // namespace
}  // namespace convarith
