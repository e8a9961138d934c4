// The JSON `convarith compute --json` prints: tensors as nested arrays, the configuration's parameters, and the one
// object for a computation that the command line prints and the browser page keeps in its state element.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {

// A tensor as nested JSON arrays of the given shape (same values, same order; the shape's product must match).
nlohmann::json TensorToJson(const Tensor& t, const std::vector<int>& shape);
// Integers (e.g. maxpool indices) nested the same way.
nlohmann::json IndicesToJson(const std::vector<int64_t>& v, const std::vector<int>& shape);
// The spatial values of the rank's axes, e.g. [5, 5] for 2-D.
nlohmann::json AxesToJson(const Config& c, int AxisParams::*field);
// The configuration's parameters as JSON (op, rank, channels, sizes per axis, padding, mode, pooling flags).
nlohmann::json ConfigToJson(const Config& c);

// The shape a tensor is printed with: PyTorch's (with channel dims) when channels are in play, else spatial only.
std::vector<int> PrintShape(const Config& c, TensorRole role, bool channels);

// `compute --json`'s object for a computation of the configuration `c` (as given, before Normalized), before its optional parts (--overlap, --matrix, --grad, ...): the
// configuration, output size and channels, input, kernel, bias, output, maxpool indices, and for a transposed
// convolution the equivalent convolution's output, their agreement and the overlap counts. `channels` prints tensors
// with their channel dimensions (the command line: channels were given or are more than one).
nlohmann::json ComputationJson(const Config& c, const Computation& comp, bool channels);

}  // namespace convarith
