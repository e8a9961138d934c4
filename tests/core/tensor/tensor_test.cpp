// The tensor value type: its values match its shape, and indexing by position checks the rank and every bound.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

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

// Issue 21 point 3: a copy shares the values (handing a 1024 x 1024 input to the worker copied 8 MB every kernel
// edit); every way of changing either side makes its values its own first, and the other never sees the change.
TEST(Tensor, ACopySharesItsValuesUntilEitherChanges) {
  const Tensor original({2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  Tensor copy = original;
  EXPECT_TRUE(copy.SharesValuesWith(original));
  EXPECT_EQ(&copy.values(), &original.values());
  copy[0] = 10;
  EXPECT_FALSE(copy.SharesValuesWith(original));
  EXPECT_EQ(original[0], 1.0);
  EXPECT_EQ(copy[0], 10.0);

  Tensor by_at = original;
  by_at.at({1, 2}) = -6;
  Tensor by_span = original;
  for (double& v : by_span.mutable_values()) v = 0;
  Tensor by_assign = original;
  by_assign.Assign({6, 5, 4, 3, 2, 1});
  EXPECT_EQ(original.values(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(by_at[5], -6.0);
  EXPECT_EQ(by_span.values(), std::vector<double>(6, 0.0));
  EXPECT_EQ(by_assign[0], 6.0);

  // Changing the original leaves the copies as they were, and moving values out of a shared copy copies them.
  Tensor source({3}, std::vector<double>{7, 8, 9});
  const Tensor kept = source;
  source[1] = 0;
  EXPECT_EQ(kept[1], 8.0);
  std::vector<double> moved = Tensor(kept).values();
  EXPECT_EQ(moved, kept.values());
  EXPECT_EQ(kept.size(), 3u);
}

// Copies read on other threads while the owner changes its own: each thread sees the values it copied.
TEST(Tensor, CopiesOnOtherThreadsKeepTheirValues) {
  Tensor owner({1000}, 1.0);
  std::vector<std::thread> readers;
  std::atomic<int> wrong{0};
  for (int r = 0; r < 4; ++r) {
    const Tensor snapshot = owner;  // shares
    const double expected = owner[0];
    readers.emplace_back([snapshot, expected, &wrong] {
      for (int pass = 0; pass < 200; ++pass)
        for (double v : snapshot.values()) wrong += v != expected;
    });
    for (size_t n = 0; n < owner.size(); ++n) owner[n] += 1;  // the owner's own values from the first write on
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(owner[999], 5.0);
}

}  // namespace
}  // namespace convarith
