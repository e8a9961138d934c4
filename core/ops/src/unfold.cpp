// The unfolded (im2col) matrix: the canvas the kernel slides over, one column per output position, and the
// convolution as the product of the flattened kernels with it.
#include "convarith/ops/unfold.hpp"

#include <string>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith {

namespace {

using detail::KernelDims;
using detail::Volume;

void RequireUnfoldable(const Config& c) {
  if (c.pooling()) {
    throw InvalidConfig({"op", "the unfolded matrix is for conv and transposed (pooling has no kernel to multiply)"});
  }
}

}  // namespace

Tensor Unfold(const Config& raw, const Tensor& x) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  RequireUnfoldable(c);
  detail::RequireTensor(c, x, TensorRole::Input);
  const Canvas canvas = MakeCanvas(c);
  const auto out = OutputShape(c);
  const auto kd = KernelDims(c);
  const auto in = detail::InputDims(c);
  const long long rows = static_cast<long long>(c.in_channels) * Volume(kd), cols = Volume(out);
  if (rows * cols > kMaxElements) {
    throw InvalidConfig({"input_size", "the unfolded matrix would hold " + std::to_string(rows * cols) +
                                           " values, more than the limit of " + std::to_string(kMaxElements) +
                                           "; reduce the sizes or channels"});
  }
  // The equivalent convolution of a transposed one slides at stride 1 over its canvas.
  const bool transposed = c.op == Op::Transposed;
  Tensor columns({static_cast<int>(rows), static_cast<int>(cols)});
  size_t n = 0;
  for (int ch = 0; ch < c.in_channels; ++ch)
    for (int u0 = 0; u0 < kd[0]; ++u0)
      for (int u1 = 0; u1 < kd[1]; ++u1)
        for (int u2 = 0; u2 < kd[2]; ++u2)
          for (int o0 = 0; o0 < out[0]; ++o0)
            for (int o1 = 0; o1 < out[1]; ++o1)
              for (int o2 = 0; o2 < out[2]; ++o2, ++n) {
                const int o[3] = {o0, o1, o2}, u[3] = {u0, u1, u2};
                int pos[3];
                for (size_t a = 0; a < 3; ++a) {
                  const AxisParams& ax = c.axes[a];
                  pos[a] = TapPosition(o[a], u[a], transposed ? 1 : ax.stride, 0, ax.dilation);  // on the canvas
                }
                const auto src = canvas.SourceAt(pos[0], pos[1], pos[2]);
                if (src[0] < 0) continue;  // padding's or stretching's zero
                columns[n] = x[((static_cast<size_t>(ch) * in[0] + src[0]) * in[1] + src[1]) * in[2] + src[2]];
              }
  return columns;
}

Tensor UnfoldedKernels(const Config& raw, const Tensor& w) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  RequireUnfoldable(c);
  detail::RequireTensor(c, w, TensorRole::Weight);
  const auto kd = KernelDims(c);
  const int K = static_cast<int>(Volume(kd));
  const int ipg = c.in_per_group();
  Tensor k({c.out_channels, ipg * K});
  if (c.op == Op::Conv) {
    k.Assign(w.values());  // (C_out, C_in/g, k...) row-major is already (C_out, C_in/g·K)
    return k;
  }
  // Transposed: kernel (oc, icl) of the equivalent convolution is w[ic, ocl] rotated 180 degrees.
  const int opg = c.out_per_group();
  for (int oc = 0; oc < c.out_channels; ++oc)
    for (int icl = 0; icl < ipg; ++icl) {
      const int ic = oc / opg * ipg + icl;
      const size_t from = (static_cast<size_t>(ic) * opg + static_cast<size_t>(oc % opg)) * static_cast<size_t>(K);
      for (int u = 0; u < K; ++u)
        k[(static_cast<size_t>(oc) * ipg + icl) * K + static_cast<size_t>(u)] = w[from + static_cast<size_t>(K - 1 - u)];
    }
  return k;
}

Tensor UnfoldedProduct(const Config& raw, const Tensor& kernels, const Tensor& columns, const Tensor& bias) {
  detail::RequireValid(raw);
  const Config c = Normalized(raw);
  RequireUnfoldable(c);
  const auto out = OutputShape(c);
  const int K = static_cast<int>(Volume(KernelDims(c)));
  const int ipg = c.in_per_group(), opg = c.out_per_group();
  const int L = static_cast<int>(Volume(out));
  if (kernels.shape() != std::vector<int>{c.out_channels, ipg * K} ||
      columns.shape() != std::vector<int>{c.in_channels * K, L}) {
    throw InvalidConfig({"weight", "the unfolded kernels must be " + std::to_string(c.out_channels) + "x" +
                                       std::to_string(ipg * K) + " and the columns " +
                                       std::to_string(c.in_channels * K) + "x" + std::to_string(L)});
  }
  Tensor y(CanonicalShape(c, TensorRole::Output));
  for (int oc = 0; oc < c.out_channels; ++oc) {
    const int g = oc / opg;
    double* row = &y[static_cast<size_t>(oc) * static_cast<size_t>(L)];
    const double b = c.bias && !bias.empty() ? bias[static_cast<size_t>(oc)] : 0.0;
    for (int n = 0; n < L; ++n) row[n] = b;
    for (int j = 0; j < ipg * K; ++j) {
      const double kj = kernels[static_cast<size_t>(oc) * static_cast<size_t>(ipg * K) + static_cast<size_t>(j)];
      const double* col = &columns[(static_cast<size_t>(g) * ipg * K + static_cast<size_t>(j)) * static_cast<size_t>(L)];
      for (int n = 0; n < L; ++n) row[n] += kj * col[n];
    }
  }
  return y;
}

}  // namespace convarith
