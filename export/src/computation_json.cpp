// The JSON `convarith compute --json` prints, written once for the command line and the browser page.
#include "convarith/computation_json.hpp"

#include <algorithm>
#include <string>

#include "convarith/scene/timeline.hpp"

namespace convarith {

namespace {

template <class Value>
nlohmann::json Nest(const std::vector<int>& shape, size_t depth, size_t& at, Value value) {
  nlohmann::json arr = nlohmann::json::array();
  for (int n = 0; n < shape[depth]; ++n) {
    if (depth + 1 == shape.size()) {
      arr.push_back(value(at++));
    } else {
      arr.push_back(Nest(shape, depth + 1, at, value));
    }
  }
  return arr;
}

}  // namespace

nlohmann::json TensorToJson(const Tensor& t, const std::vector<int>& shape) {
  size_t at = 0;
  if (shape.empty()) return nlohmann::json::array();
  return Nest(shape, 0, at, [&](size_t n) { return t[n]; });
}

nlohmann::json IndicesToJson(const std::vector<int64_t>& v, const std::vector<int>& shape) {
  size_t at = 0;
  return Nest(shape, 0, at, [&](size_t n) { return v[n]; });
}

nlohmann::json AxesToJson(const Config& c, int AxisParams::*field) {
  nlohmann::json j = nlohmann::json::array();
  for (const AxisParams& a : c.spatial()) j.push_back(a.*field);
  return j;
}

nlohmann::json ConfigToJson(const Config& c) {
  nlohmann::json j;
  j["op"] = std::string(OpName(c.op));
  j["torch"] = TorchClassName(c);
  j["dims"] = c.rank;
  j["in_channels"] = c.in_channels;
  if (!c.pooling()) {
    j["out_channels"] = c.out_channels;
    j["groups"] = c.groups;
    j["bias"] = c.bias;
  }
  j["input_size"] = AxesToJson(c, &AxisParams::input);
  j["kernel_size"] = AxesToJson(c, &AxisParams::kernel);
  j["stride"] = AxesToJson(c, &AxisParams::stride);
  const auto sp = c.spatial();
  if (std::all_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.symmetric(); })) {
    j["padding"] = AxesToJson(c, &AxisParams::pad_before);
  }
  j["pad_before"] = AxesToJson(c, &AxisParams::pad_before);
  j["pad_after"] = AxesToJson(c, &AxisParams::pad_after);
  j["dilation"] = AxesToJson(c, &AxisParams::dilation);
  if (c.op == Op::Conv) j["padding_mode"] = std::string(PaddingModeName(c.padding_mode));
  if (c.op == Op::Transposed) j["output_padding"] = AxesToJson(c, &AxisParams::output_padding);
  if (c.pooling()) j["ceil_mode"] = c.ceil_mode;
  if (c.op == Op::AvgPool) j["count_include_pad"] = c.count_include_pad;
  return j;
}

std::vector<int> PrintShape(const Config& c, TensorRole role, bool channels) {
  std::vector<int> s = TorchShape(c, role);
  if (channels || role == TensorRole::Bias) return s;
  const size_t channel_dims = role == TensorRole::Weight ? 2 : 1;
  return std::vector<int>(s.begin() + static_cast<std::ptrdiff_t>(channel_dims), s.end());
}

nlohmann::json ComputationJson(const Config& c, const Computation& comp, bool channels) {
  const auto out_shape = PrintShape(c, TensorRole::Output, channels);
  nlohmann::json j = ConfigToJson(c);
  j["output_size"] = OutputSpatial(c);
  if (c.has_weight()) j["output_channels"] = c.out_channels;
  j["input"] = TensorToJson(comp.input, PrintShape(c, TensorRole::Input, channels));
  if (c.has_weight()) j["kernel"] = TensorToJson(comp.weight, PrintShape(c, TensorRole::Weight, channels));
  if (c.bias) j["bias_values"] = TensorToJson(comp.bias, {c.out_channels});
  j["output"] = TensorToJson(comp.output, out_shape);
  if (c.op == Op::MaxPool) j["indices"] = IndicesToJson(comp.winners, out_shape);  // as PyTorch's return_indices
  if (c.op == Op::Transposed) {
    j["output_equivalent_convolution"] = TensorToJson(comp.output_equivalent, out_shape);
    // Equal up to rounding: the two sums add the same products in different orders.
    j["scatter_equals_equivalent"] = comp.equivalent_check.agree();
    j["scatter_equivalent_largest_ulps"] = comp.equivalent_check.largest_ulps;
    j["overlap"] = TensorToJson(comp.overlap, OutputSpatial(c));
  }
  return j;
}

}  // namespace convarith
