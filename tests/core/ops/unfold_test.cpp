// The unfolded (im2col) matrix: kernels x columns is the convolution (and the transposed one's equivalent), column n
// is output position n; pooling and oversized matrices are refused. (tests/torch/unfold_check.py: F.unfold itself.)
#include <gtest/gtest.h>

#include <random>

#include "convarith/ops/unfold.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::AllClose;
using test::Describe;
using test::RandomConfig;
using test::RandomData;

TEST(Unfold, KernelsTimesColumnsIsTheConvolution) {
  std::mt19937 rng(11);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 150; ++n) {
      const Config c = RandomConfig(op, rng);
      const test::Data d = RandomData(c, rng);
      const Tensor columns = Unfold(c, d.input);
      const Tensor product = UnfoldedProduct(c, UnfoldedKernels(c, d.weight), columns, d.bias);
      const Tensor expected = op == Op::Conv ? test::RefConv(c, d.input, d.weight, d.bias)
                                             : test::RefTransposed(c, d.input, d.weight, d.bias);
      EXPECT_TRUE(AllClose(product, expected)) << Describe(c);
    }
}

// Figure 1.1's i = 4, k = 3, p = 1 (half padding): 16 columns of 9; column 0 is output (0, 0)'s window, its first
// row and column in the padding.
TEST(Unfold, ColumnNIsOutputPositionNsWindow) {
  const Config c = test::Make2d(Op::Conv, 4, 3, 1, 1);
  const Tensor x = MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp);  // 1 2 3 4 / 5 6 7 8 / ...
  const Tensor columns = Unfold(c, x);
  ASSERT_EQ(columns.shape(), (std::vector<int>{9, 16}));
  std::vector<double> first;
  for (int r = 0; r < 9; ++r) first.push_back(columns.at({r, 0}));
  EXPECT_EQ(first, (std::vector<double>{0, 0, 0, 0, 1, 2, 0, 5, 6}));
  std::vector<double> centre_row;  // tap (1, 1) reads every input cell once
  for (int n = 0; n < 16; ++n) centre_row.push_back(columns.at({4, n}));
  EXPECT_EQ(centre_row, x.values());
}

TEST(Unfold, RefusesPoolingAndOversizedMatrices) {
  const Config pool = test::Make2d(Op::MaxPool, 4, 2, 2, 0);
  EXPECT_THROW(Unfold(pool, Tensor(CanonicalShape(pool, TensorRole::Input))), InvalidConfig);
  Config big = test::Make2d(Op::Conv, 1024, 5, 1, 2);
  big.in_channels = 2;
  try {
    Unfold(big, Tensor(CanonicalShape(big, TensorRole::Input)));
    FAIL() << "no error";
  } catch (const InvalidConfig& e) {
    EXPECT_NE(std::string(e.what()).find("the unfolded matrix would hold 52428800 values"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace convarith
