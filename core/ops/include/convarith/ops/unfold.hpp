// The two other ways of writing a convolution: the unfolded (im2col) matrix product, PyTorch's F.unfold, and symbols
// (y₁₁ = w₁₁x₁₁ + w₁₂x₁₂ + …).
//
// Unfolded: the grid the kernel slides over (the padded input, padding modes' values included; for a transposed
// convolution the zero-stretched, padded input of its equivalent direct convolution) becomes one column per output
// position, and the convolution the product, group by group, of the flattened kernels and those columns:
//   y[g·opg + r, n] = Σ_j kernels[g·opg + r, j] · columns[g·ipg·K + j, n]   (K = kernel volume, j < ipg·K)
// Column n is output position n (row-major over oD, oH, oW): the gather step of output (oc, n) reads column n's rows
// of oc's group, kernel row oc. Row c·K + u is input channel c, kernel tap u (row-major), as F.unfold orders them.
#pragma once

#include <string>
#include <vector>

#include "convarith/ops/compute.hpp"

namespace convarith {

// The columns, shape (C_in·K, L) with L the number of output positions. Conv and transposed convolution; throws
// InvalidConfig for pooling, for a tensor of the wrong shape, or when the matrix would hold more than kMaxElements.
Tensor Unfold(const Config& config, const Tensor& input);

// The flattened kernels, shape (C_out, C_in/groups·K): conv, PyTorch's weight.view(C_out, -1); transposed, the
// equivalent convolution's kernels (rotated 180 degrees, input and output channel roles swapped).
Tensor UnfoldedKernels(const Config& config, const Tensor& weight);

// kernels × columns group by group (plus the bias): the layer's output in the canonical shape, the way im2col
// libraries compute it.
Tensor UnfoldedProduct(const Config& config, const Tensor& kernels, const Tensor& columns, const Tensor& bias);

}  // namespace convarith
