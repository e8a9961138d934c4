// Shared by the core tests: configurations and tensors in a line, and independent reference computations (naive
// loops straight from the definitions, no code of the core) to check the core's results against.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "convarith/ops/compute.hpp"
#include "convarith/shape/config.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::test {

// A 2-D layer with the same parameters on height and width, both sides padded by p.
inline Config Make2d(Op op, int i, int k, int s, int p, int d = 1, int a = 0, bool ceil = false) {
  Config c;
  c.op = op;
  c.rank = 2;
  const AxisParams axis{i, k, s, p, p, d, a};
  c.axes = {kNeutralAxis, axis, axis};
  c.ceil_mode = ceil;
  return c;
}

// A 1-D layer (length axis = width).
inline Config Make1d(Op op, int i, int k, int s, int p, int d = 1, int a = 0) {
  Config c;
  c.op = op;
  c.rank = 1;
  c.axes = {kNeutralAxis, kNeutralAxis, AxisParams{i, k, s, p, p, d, a}};
  return c;
}

// A 3-D layer with the same parameters on every axis.
inline Config Make3d(Op op, int i, int k, int s, int p, int d = 1, int a = 0) {
  Config c;
  c.op = op;
  c.rank = 3;
  const AxisParams axis{i, k, s, p, p, d, a};
  c.axes = {axis, axis, axis};
  return c;
}

// A (1, 1, H, W) tensor (one map) from its rows.
inline Tensor Map(std::initializer_list<std::initializer_list<double>> rows) {
  const int h = static_cast<int>(rows.size());
  const int w = static_cast<int>(rows.begin()->size());
  Tensor t({1, 1, h, w});
  size_t n = 0;
  for (const auto& row : rows) {
    EXPECT_EQ(static_cast<int>(row.size()), w) << "ragged rows";
    for (double v : row) t[n++] = v;
  }
  return t;
}

// A (1, 1, 1, kH, kW) weight (one kernel) from its rows.
inline Tensor Kernel(std::initializer_list<std::initializer_list<double>> rows) {
  Tensor t = Map(rows);
  t.Reshape({1, 1, 1, t.dim(2), t.dim(3)});
  return t;
}

// A (1, 1, 1, W) tensor: a 1-D signal.
inline Tensor Strip(std::initializer_list<double> values) {
  return Tensor({1, 1, 1, static_cast<int>(values.size())}, std::vector<double>(values));
}

inline Tensor Random(std::vector<int> shape, uint32_t seed, int lo = -3, int hi = 3) {
  return MakeTensor(std::move(shape), Fill::Random, seed, lo, hi);
}

// Real values with three decimals in [lo, hi] (k / 1000 for integer k), seeded: sums of their products round, so two
// ways of adding them may differ in the last place (integer data never shows that).
inline Tensor Real(std::vector<int> shape, uint32_t seed, int lo = -3, int hi = 3) {
  Tensor t(std::move(shape));
  std::mt19937 engine(seed);
  std::uniform_int_distribution<int> thousandths(lo * 1000, hi * 1000);
  for (double& v : t.mutable_values()) v = thousandths(engine) / 1000.0;
  return t;
}

// Canonical random input, weight and bias of a configuration: real values with three decimals.
struct Data {
  Tensor input, weight, bias;
};
inline Data RandomData(const Config& c, std::mt19937& rng) {
  Data d;
  d.input = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
  d.weight = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
  d.bias = Real(CanonicalShape(c, TensorRole::Bias), static_cast<uint32_t>(rng()), -2, 2);
  return d;
}

// Same shape and every value within 1e-12 of the other relative to the larger of 1 and the tensors' largest
// magnitude (the rounding of sums of products of values up to a few units; not the core's Compare).
inline ::testing::AssertionResult AllClose(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return ::testing::AssertionFailure() << "shapes " << ShapeText(a.shape()) << " and " << ShapeText(b.shape());
  double scale = 1;
  for (size_t n = 0; n < a.size(); ++n) scale = std::max({scale, std::abs(a[n]), std::abs(b[n])});
  for (size_t n = 0; n < a.size(); ++n) {
    if (std::abs(a[n] - b[n]) > 1e-12 * scale)
      return ::testing::AssertionFailure() << "value " << n << ": " << a[n] << " vs " << b[n];
  }
  return ::testing::AssertionSuccess();
}

// Channel ch of a (C, ...) tensor as a (1, ...) tensor.
inline Tensor ChannelOf(const Tensor& t, int ch) {
  std::vector<int> shape = t.shape();
  shape[0] = 1;
  const size_t block = t.size() / static_cast<size_t>(t.dim(0));
  return Tensor(std::move(shape),
                std::vector<double>(t.values().begin() + static_cast<std::ptrdiff_t>(block * static_cast<size_t>(ch)),
                                    t.values().begin() + static_cast<std::ptrdiff_t>(block * static_cast<size_t>(ch + 1))));
}

// Weight (a, b, ...) of a 5-D weight as a (1, 1, kD, kH, kW) weight.
inline Tensor KernelOf(const Tensor& w, int a, int b) {
  Tensor out({1, 1, w.dim(2), w.dim(3), w.dim(4)});
  const size_t block = out.size();
  const size_t start = (static_cast<size_t>(a) * static_cast<size_t>(w.dim(1)) + static_cast<size_t>(b)) * block;
  out.Assign(std::vector<double>(w.values().begin() + static_cast<std::ptrdiff_t>(start),
                                 w.values().begin() + static_cast<std::ptrdiff_t>(start + block)));
  return out;
}

inline double Dot(const Tensor& a, const Tensor& b) {
  EXPECT_EQ(a.size(), b.size());
  double s = 0;
  for (size_t n = 0; n < a.size() && n < b.size(); ++n) s += a[n] * b[n];
  return s;
}

// PyTorch's padding modes worked out directly (not through the core's PaddedSource): where padded position q (input
// coordinates, may be negative or >= n) reads, or -1 for a zero.
inline int RefSource(PaddingMode mode, int q, int n) {
  if (q >= 0 && q < n) return q;
  switch (mode) {
    case PaddingMode::Zeros: return -1;
    case PaddingMode::Replicate: return q < 0 ? 0 : n - 1;
    case PaddingMode::Reflect:  // mirror about the edge cell, once (p < n)
      return q < 0 ? -q : 2 * (n - 1) - q;
    case PaddingMode::Circular:  // wrap once (p <= n)
      return q < 0 ? q + n : q - n;
  }
  return -1;
}

// The direct convolution by its definition: y[oc][o] = b[oc] + sum over the group's input channels and kernel taps.
inline Tensor RefConv(const Config& c, const Tensor& x, const Tensor& w, const Tensor& b) {
  int out[3];
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = c.axes[static_cast<size_t>(a)];
    out[a] = (ax.input + ax.pad_before + ax.pad_after - (ax.dilation * (ax.kernel - 1) + 1)) / ax.stride + 1;
  }
  Tensor y({c.out_channels, out[0], out[1], out[2]});
  const int ipg = c.in_channels / c.groups, opg = c.out_channels / c.groups;
  const AxisParams &A = c.axes[0], &B = c.axes[1], &C = c.axes[2];
  for (int oc = 0; oc < c.out_channels; ++oc)
    for (int oz = 0; oz < out[0]; ++oz)
      for (int orow = 0; orow < out[1]; ++orow)
        for (int ocol = 0; ocol < out[2]; ++ocol) {
          double sum = c.bias ? b[static_cast<size_t>(oc)] : 0.0;
          for (int icl = 0; icl < ipg; ++icl) {
            const int ic = oc / opg * ipg + icl;
            for (int kz = 0; kz < A.kernel; ++kz)
              for (int kr = 0; kr < B.kernel; ++kr)
                for (int kc = 0; kc < C.kernel; ++kc) {
                  const int z = RefSource(c.padding_mode, oz * A.stride - A.pad_before + kz * A.dilation, A.input);
                  const int r = RefSource(c.padding_mode, orow * B.stride - B.pad_before + kr * B.dilation, B.input);
                  const int q = RefSource(c.padding_mode, ocol * C.stride - C.pad_before + kc * C.dilation, C.input);
                  if (z < 0 || r < 0 || q < 0) continue;
                  sum += x.at({ic, z, r, q}) * w.at({oc, icl, kz, kr, kc});
                }
          }
          y.at({oc, oz, orow, ocol}) = sum;
        }
  return y;
}

// The transposed convolution by its definition (PyTorch's conv_transpose): every input value times its kernels,
// added at o = i·s - p_b + u·d, kept when inside the output; output size (i' - 1)s - p_b - p_a + d(k - 1) + a + 1.
inline Tensor RefTransposed(const Config& c, const Tensor& x, const Tensor& w, const Tensor& b) {
  int out[3];
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = c.axes[static_cast<size_t>(a)];
    out[a] = (ax.input - 1) * ax.stride - ax.pad_before - ax.pad_after + ax.dilation * (ax.kernel - 1) +
             ax.output_padding + 1;
  }
  Tensor y({c.out_channels, out[0], out[1], out[2]});
  const int ipg = c.in_channels / c.groups, opg = c.out_channels / c.groups;
  for (int oc = 0; oc < c.out_channels; ++oc)
    for (size_t n = 0; n < y.size() / static_cast<size_t>(c.out_channels); ++n)
      y[static_cast<size_t>(oc) * (y.size() / static_cast<size_t>(c.out_channels)) + n] =
          c.bias ? b[static_cast<size_t>(oc)] : 0.0;
  const AxisParams &A = c.axes[0], &B = c.axes[1], &C = c.axes[2];
  for (int ic = 0; ic < c.in_channels; ++ic)
    for (int iz = 0; iz < A.input; ++iz)
      for (int ir = 0; ir < B.input; ++ir)
        for (int iq = 0; iq < C.input; ++iq)
          for (int ocl = 0; ocl < opg; ++ocl)
            for (int kz = 0; kz < A.kernel; ++kz)
              for (int kr = 0; kr < B.kernel; ++kr)
                for (int kc = 0; kc < C.kernel; ++kc) {
                  const int z = iz * A.stride - A.pad_before + kz * A.dilation;
                  const int r = ir * B.stride - B.pad_before + kr * B.dilation;
                  const int q = iq * C.stride - C.pad_before + kc * C.dilation;
                  if (z < 0 || r < 0 || q < 0 || z >= out[0] || r >= out[1] || q >= out[2]) continue;
                  const int oc = ic / ipg * opg + ocl;
                  y.at({oc, z, r, q}) += x.at({ic, iz, ir, iq}) * w.at({ic, ocl, kz, kr, kc});
                }
  return y;
}

// A random valid configuration of `op` with small sizes, any rank, channels, groups, bias, per-side padding, padding
// mode (conv) and output padding (transposed).
inline Config RandomConfig(Op op, std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    Config c;
    c.op = op;
    c.rank = pick(1, 3);
    c.axes = {kNeutralAxis, kNeutralAxis, kNeutralAxis};
    for (int a = c.first_axis(); a < 3; ++a) {
      const int big = c.rank == 3 ? 4 : 7;
      c.axes[static_cast<size_t>(a)] = {pick(1, big), pick(1, 3), pick(1, 3), pick(0, 2), pick(0, 2), pick(1, 2),
                                        op == Op::Transposed ? pick(0, 2) : 0};
    }
    c.groups = pick(1, 3);
    c.in_channels = c.groups * pick(1, 2);
    c.out_channels = c.groups * pick(1, 2);
    c.bias = pick(0, 1) == 1;
    if (op == Op::Conv) c.padding_mode = static_cast<PaddingMode>(pick(0, 3));
    if (!Validate(c)) return c;
  }
}

// Windows of extent khat at 0, s, 2s, ... (padded coordinates) over a padded input of length L, counted one by one.
inline int CountFloor(int L, int khat, int s) {
  int n = 0;
  while (n * s + khat <= L) ++n;
  return n;
}

inline std::string Describe(const Config& c) {
  std::string s = std::string(OpName(c.op)) + " rank " + std::to_string(c.rank) + " C_in " +
                  std::to_string(c.in_channels) + " C_out " + std::to_string(c.out_channels) + " g " +
                  std::to_string(c.groups) + (c.bias ? " bias" : "") + " mode " +
                  std::string(PaddingModeName(c.padding_mode));
  for (int a = c.first_axis(); a < 3; ++a) {
    const AxisParams& x = c.axes[static_cast<size_t>(a)];
    s += " [i" + std::to_string(x.input) + " k" + std::to_string(x.kernel) + " s" + std::to_string(x.stride) + " p" +
         std::to_string(x.pad_before) + "+" + std::to_string(x.pad_after) + " d" + std::to_string(x.dilation) + " a" +
         std::to_string(x.output_padding) + "]";
  }
  return s;
}

}  // namespace convarith::test
