// The convolution as a sparse matrix C (vec(y) = C vec(x)) and the transposed convolution as C^T.
#include <algorithm>
#include <limits>
#include <string>

#include "convarith/compute.hpp"
#include "detail/checks.hpp"

namespace convarith {

std::vector<double> SparseMatrix::Multiply(const std::vector<double>& x) const {
  if (static_cast<int>(x.size()) != cols) {
    throw std::invalid_argument("SparseMatrix::Multiply: vector has " + std::to_string(x.size()) +
                                " entries, the matrix " + std::to_string(cols) + " columns");
  }
  std::vector<double> y(static_cast<size_t>(rows), 0.0);
  for (int r = 0; r < rows; ++r) {
    double sum = 0;
    for (int n = row_start[static_cast<size_t>(r)]; n < row_start[static_cast<size_t>(r) + 1]; ++n) {
      sum += values[static_cast<size_t>(n)] * x[static_cast<size_t>(col_index[static_cast<size_t>(n)])];
    }
    y[static_cast<size_t>(r)] = sum;
  }
  return y;
}

SparseMatrix SparseMatrix::Transposed() const {
  SparseMatrix t;
  t.rows = cols;
  t.cols = rows;
  t.row_start.assign(static_cast<size_t>(cols) + 1, 0);
  for (int c : col_index) ++t.row_start[static_cast<size_t>(c) + 1];
  for (size_t r = 0; r < static_cast<size_t>(cols); ++r) t.row_start[r + 1] += t.row_start[r];
  t.col_index.resize(col_index.size());
  t.values.resize(values.size());
  std::vector<int> next(t.row_start.begin(), t.row_start.end() - 1);
  for (int r = 0; r < rows; ++r) {
    for (int n = row_start[static_cast<size_t>(r)]; n < row_start[static_cast<size_t>(r) + 1]; ++n) {
      const int c = col_index[static_cast<size_t>(n)];
      const int at = next[static_cast<size_t>(c)]++;
      t.col_index[static_cast<size_t>(at)] = r;
      t.values[static_cast<size_t>(at)] = values[static_cast<size_t>(n)];
    }
  }
  return t;
}

double SparseMatrix::At(int row, int col) const {
  for (int n = row_start[static_cast<size_t>(row)]; n < row_start[static_cast<size_t>(row) + 1]; ++n) {
    if (col_index[static_cast<size_t>(n)] == col) return values[static_cast<size_t>(n)];
  }
  return 0.0;
}

namespace {

// C of a direct convolution with input in_h x in_w, keeping only output rows below rows_h x rows_w (the transposed
// input may be smaller than the direct output when a >= s, allowed by PyTorch when a < d).
SparseMatrix DirectMatrix(const Config& direct, const Grid& kernel, int keep_h, int keep_w) {
  const AxisParams& H = direct.height();
  const AxisParams& W = direct.width();
  const auto out = OutputShape(direct);
  const int oh = std::min(out[0], keep_h);
  const int ow = std::min(out[1], keep_w);
  const long long entries = static_cast<long long>(oh) * ow * H.kernel * W.kernel;
  if (entries > kMaxMatrixEntries) {
    throw InvalidConfig({"input_size", "the convolution matrix would have up to " + std::to_string(entries) +
                                           " stored entries, more than the limit of " +
                                           std::to_string(kMaxMatrixEntries) + "; reduce input_size or kernel_size"});
  }
  SparseMatrix m;
  m.rows = oh * ow;
  m.cols = H.input * W.input;
  m.row_start.reserve(static_cast<size_t>(m.rows) + 1);
  m.row_start.push_back(0);
  for (int r = 0; r < oh; ++r) {
    for (int c = 0; c < ow; ++c) {
      detail::ForEachTap(direct, r, c, H.input, W.input, [&](int u, int v, int xr, int xc) {
        m.col_index.push_back(xr * W.input + xc);
        m.values.push_back(kernel.at(u, v));
      });
      m.row_start.push_back(static_cast<int>(m.col_index.size()));
    }
  }
  return m;
}

}  // namespace

SparseMatrix ConvolutionMatrix(const Config& config, const Grid& kernel) {
  detail::RequireValid(config);
  if (config.op != Op::Conv && config.op != Op::Transposed) {
    throw InvalidConfig({"op", "the convolution matrix exists for conv and transposed only (pooling is not linear)"});
  }
  detail::RequireShape(kernel, config.height().kernel, config.width().kernel, "kernel_size", "the kernel");
  if (config.op == Op::Conv) {
    constexpr int kAll = std::numeric_limits<int>::max();
    return DirectMatrix(config, kernel, kAll, kAll);
  }
  // The direct convolution whose transpose this is: input o', same k, s, p, d.
  Config direct = config;
  direct.op = Op::Conv;
  const auto out = OutputShape(config);
  for (int a = 0; a < 2; ++a) {
    direct.axes[static_cast<size_t>(a)].input = out[static_cast<size_t>(a)];
    direct.axes[static_cast<size_t>(a)].output_padding = 0;
  }
  return DirectMatrix(direct, kernel, config.height().input, config.width().input).Transposed();
}

}  // namespace convarith
