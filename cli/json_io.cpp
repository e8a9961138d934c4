// JSON and text renderings of tensors and configurations for the subcommands.
#include "json_io.hpp"

#include <algorithm>

#include "convarith/base/numbers.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::cli {

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

std::string TensorToText(const Tensor& t, const std::string& indent) {
  if (t.empty()) return indent + "(none)\n";
  // Maps are the last two dims (a 1-D tensor is one row).
  const int rank = t.rank();
  const int cols = t.dim(rank - 1);
  const int rows = rank >= 2 ? t.dim(rank - 2) : 1;
  const size_t plane = static_cast<size_t>(rows) * cols;
  const size_t maps = t.size() / plane;
  std::vector<std::string> cells(t.size());
  size_t width = 1;
  for (size_t n = 0; n < cells.size(); ++n) {
    cells[n] = FormatDouble(t[n]);  // reads back to the same double
    width = std::max(width, cells[n].size());
  }
  std::string out;
  for (size_t m = 0; m < maps; ++m) {
    if (maps > 1) {
      // The map's index over the leading dims, e.g. [1, 0].
      std::vector<int> idx;
      size_t rest = m;
      for (int d = rank - 3; d >= 0; --d) {
        idx.insert(idx.begin(), static_cast<int>(rest % static_cast<size_t>(t.dim(d))));
        rest /= static_cast<size_t>(t.dim(d));
      }
      std::string head;
      for (size_t n = 0; n < idx.size(); ++n) head += (n ? ", " : "") + std::to_string(idx[n]);
      out += indent + "[" + head + "]\n";
    }
    for (int r = 0; r < rows; ++r) {
      out += indent;
      for (int c = 0; c < cols; ++c) {
        const std::string& s = cells[m * plane + static_cast<size_t>(r) * cols + c];
        out += std::string(width - s.size() + (c ? 1 : 0), ' ') + s;
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace convarith::cli
