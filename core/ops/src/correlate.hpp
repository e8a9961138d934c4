// Inside the ops part: the one correlation loop every convolution runs through (forward, transposed, the gradients),
// the padded input it slides over, and PyTorch's average-pooling window.
#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith::detail {

// The input with its padding materialised (padding mode values, or zeros): (C, P0, P1, P2), P = i + p_b + p_a.
Tensor PaddedInput(const Config& c, const Tensor& x);

// dst[o] += sum over taps t of w[t] · src[o + t·d], o in [0, n): one kernel row at unit stride. Four taps per pass
// over dst (a quarter of the loads and stores), compiled for AVX2 too and picked at run time where the CPU has it.
void AccumulateRow(double* __restrict dst, const double* __restrict src, const double* w, int taps, int d, int n);

// y[oc] += sum over the group's input channels of a stride-s valid correlation of canvas[ic] with weight(ic, oc),
// the kernel's size and dilation taken from c.axes (only those fields are read). `kernel_at(oc, ic, kz, kr, kc)`
// gives the weight; y's spatial size says how many outputs to compute; the canvas has no bounds to check.
template <class KernelAt>
void ValidCorrelate(const Config& c, int in_ch, int out_ch, int groups, const Tensor& canvas, std::array<int, 3> stride,
                    Tensor& y, KernelAt&& kernel_at) {
  const std::array<int, 3> cd{canvas.dim(1), canvas.dim(2), canvas.dim(3)};
  const std::array<int, 3> od{y.dim(1), y.dim(2), y.dim(3)};
  const int ipg = in_ch / groups, opg = out_ch / groups;
  const AxisParams& A = c.axes[0];
  const AxisParams& B = c.axes[1];
  const AxisParams& C = c.axes[2];
  const size_t taps = static_cast<size_t>(A.kernel) * B.kernel * C.kernel;
  std::vector<double> w(taps);
  for (int oc = 0; oc < out_ch; ++oc) {
    const int g = oc / opg;
    double* yc = &y[static_cast<size_t>(oc) * static_cast<size_t>(Volume(od))];
    for (int icl = 0; icl < ipg; ++icl) {
      const int ic = g * ipg + icl;
      const double* xc = &canvas[static_cast<size_t>(ic) * static_cast<size_t>(Volume(cd))];
      size_t n = 0;
      for (int kz = 0; kz < A.kernel; ++kz)
        for (int kr = 0; kr < B.kernel; ++kr)
          for (int kc = 0; kc < C.kernel; ++kc) w[n++] = kernel_at(oc, ic, kz, kr, kc);
      // One output row at a time, every tap into it: the row stays in the first-level cache.
      for (int oz = 0; oz < od[0]; ++oz)
        for (int orow = 0; orow < od[1]; ++orow) {
          double* dst = yc + (static_cast<size_t>(oz) * od[1] + orow) * od[2];
          n = 0;
          for (int kz = 0; kz < A.kernel; ++kz) {
            const int z = TapPosition(oz, kz, stride[0], 0, A.dilation);  // on the padded canvas
            for (int kr = 0; kr < B.kernel; ++kr) {
              const int row = TapPosition(orow, kr, stride[1], 0, B.dilation);
              const double* src_row = xc + (static_cast<size_t>(z) * cd[1] + row) * cd[2];
              if (stride[2] == 1) {
                AccumulateRow(dst, src_row, &w[n], C.kernel, C.dilation, od[2]);
                n += static_cast<size_t>(C.kernel);
                continue;
              }
              for (int kc = 0; kc < C.kernel; ++kc) {
                const double wt = w[n++];
                const double* src = src_row + static_cast<size_t>(kc) * C.dilation;
                for (int ocol = 0; ocol < od[2]; ++ocol) dst[ocol] += wt * src[static_cast<size_t>(ocol) * stride[2]];
              }
            }
          }
        }
    }
  }
}

// PyTorch's avg_pool window on one axis: [start, end) clipped to the padded extent for the divisor, to the input for
// the sum.
struct AvgWindow {
  int start, end, pool_extent;
};
inline AvgWindow AvgWindowAt(int o, const AxisParams& a) {
  const int start = TapPosition(a, o, 0);  // the first tap
  const int end = std::min(start + a.kernel, a.input + a.pad_after);
  const int extent = end - start;
  return {std::max(start, 0), std::min(end, a.input), extent};
}

}  // namespace convarith::detail
