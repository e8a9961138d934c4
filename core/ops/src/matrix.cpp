// The convolution as a sparse matrix C (vec(y) = C vec(x)) and the transposed convolution as C^T.
#include <algorithm>
#include <limits>
#include <string>

#include "convarith/ops/compute.hpp"
#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith {

std::vector<double> SparseMatrix::Multiply(const std::vector<double>& x) const {
  if (static_cast<int>(x.size()) != cols) {
    throw Error(ErrorCode::WrongShape, "SparseMatrix::Multiply: vector has " + std::to_string(x.size()) +
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

// C of a direct convolution (channels, groups, padding mode), keeping only output positions below `keep` on each
// axis (the transposed input may be smaller than the direct output when a >= s, allowed by PyTorch when a < d).
SparseMatrix DirectMatrix(const Config& direct, const Tensor& weight, std::array<int, 3> keep) {
  auto out = OutputShape(direct);
  for (int a = 0; a < 3; ++a) out[static_cast<size_t>(a)] = std::min(out[static_cast<size_t>(a)], keep[static_cast<size_t>(a)]);
  const auto in = detail::InputDims(direct);
  const auto kd = detail::KernelDims(direct);
  const int ipg = direct.in_per_group(), opg = direct.out_per_group();
  const long long entries = detail::Volume(out) * direct.out_channels * detail::Volume(kd) * ipg;
  if (entries > kMaxMatrixEntries) {
    throw InvalidConfig({"input_size", "the convolution matrix would have up to " + std::to_string(entries) +
                                           " stored entries, more than the limit of " +
                                           std::to_string(kMaxMatrixEntries) +
                                           "; reduce input_size, kernel_size or channels"});
  }
  const long long in_vol = detail::Volume(in);
  SparseMatrix m;
  m.rows = static_cast<int>(detail::Volume(out) * direct.out_channels);
  m.cols = static_cast<int>(in_vol * direct.in_channels);
  m.row_start.reserve(static_cast<size_t>(m.rows) + 1);
  m.row_start.push_back(0);
  std::vector<std::pair<int, double>> row;
  for (int oc = 0; oc < direct.out_channels; ++oc) {
    const int g = oc / opg;
    for (int z = 0; z < out[0]; ++z)
      for (int r = 0; r < out[1]; ++r)
        for (int c = 0; c < out[2]; ++c) {
          row.clear();
          for (int icl = 0; icl < ipg; ++icl) {
            const int ic = g * ipg + icl;
            for (int u0 = 0; u0 < kd[0]; ++u0)
              for (int u1 = 0; u1 < kd[1]; ++u1)
                for (int u2 = 0; u2 < kd[2]; ++u2) {
                  const int pos[3] = {z, r, c};
                  const int u[3] = {u0, u1, u2};
                  int src[3];
                  bool zero = false;
                  for (int a = 0; a < 3 && !zero; ++a) {
                    const AxisParams& ax = direct.axes[static_cast<size_t>(a)];
                    src[a] = PaddedSource(direct.padding_mode, TapPosition(ax, pos[a], u[a]), ax.input);
                    zero = src[a] < 0;
                  }
                  if (zero) continue;
                  const int col = static_cast<int>(ic * in_vol + (static_cast<long long>(src[0]) * in[1] + src[1]) * in[2] + src[2]);
                  const double w = weight[(((static_cast<size_t>(oc) * ipg + icl) * kd[0] + u0) * kd[1] + u1) * kd[2] + u2];
                  row.emplace_back(col, w);
                }
          }
          // Padding modes can send several taps to one input cell: one entry per column, summed.
          std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
          for (size_t n = 0; n < row.size(); ++n) {
            if (!m.col_index.empty() && static_cast<int>(m.col_index.size()) > m.row_start.back() &&
                m.col_index.back() == row[n].first) {
              m.values.back() += row[n].second;
            } else {
              m.col_index.push_back(row[n].first);
              m.values.push_back(row[n].second);
            }
          }
          m.row_start.push_back(static_cast<int>(m.col_index.size()));
        }
  }
  return m;
}

}  // namespace

SparseMatrix ConvolutionMatrix(const Config& config, const Tensor& weight) {
  detail::RequireValid(config);
  if (config.op != Op::Conv && config.op != Op::Transposed) {
    throw InvalidConfig({"op", "the convolution matrix exists for conv and transposed only (pooling is not linear)"});
  }
  detail::RequireTensor(config, weight, TensorRole::Weight);
  if (config.op == Op::Conv) {
    constexpr int kAll = std::numeric_limits<int>::max();
    return DirectMatrix(config, weight, {kAll, kAll, kAll});
  }
  // The direct convolution whose transpose this is: input o', same k, s, p, d, channels swapped; its weight layout
  // (C_out' = C_in, C_in'/g = C_out/g, k...) is the transposed convolution's weight as PyTorch stores it.
  return DirectMatrix(detail::AssociatedConfig(config), weight, detail::InputDims(config)).Transposed();
}

}  // namespace convarith
