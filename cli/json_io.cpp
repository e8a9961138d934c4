// JSON and text renderings of grids and configurations for the subcommands.
#include "json_io.hpp"

#include <algorithm>

#include "convarith/timeline.hpp"

namespace convarith::cli {

nlohmann::json GridToJson(const Grid& g) {
  nlohmann::json rows = nlohmann::json::array();
  for (int r = 0; r < g.rows; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (int c = 0; c < g.cols; ++c) row.push_back(g.at(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json PairToJson(int h, int w) { return nlohmann::json::array({h, w}); }

nlohmann::json ConfigToJson(const Config& c) {
  const auto& H = c.height();
  const auto& W = c.width();
  nlohmann::json j;
  j["op"] = std::string(OpName(c.op));
  j["input_size"] = PairToJson(H.input, W.input);
  j["kernel_size"] = PairToJson(H.kernel, W.kernel);
  j["stride"] = PairToJson(H.stride, W.stride);
  j["padding"] = PairToJson(H.padding, W.padding);
  j["dilation"] = PairToJson(H.dilation, W.dilation);
  if (c.op == Op::Transposed) j["output_padding"] = PairToJson(H.output_padding, W.output_padding);
  if (c.op == Op::MaxPool || c.op == Op::AvgPool) j["ceil_mode"] = c.ceil_mode;
  if (c.op == Op::AvgPool) j["count_include_pad"] = c.count_include_pad;
  return j;
}

std::string GridToText(const Grid& g, const std::string& indent) {
  std::vector<std::string> cells(g.values.size());
  size_t width = 1;
  for (size_t n = 0; n < cells.size(); ++n) {
    cells[n] = FormatValue(g.values[n]);
    width = std::max(width, cells[n].size());
  }
  std::string out;
  for (int r = 0; r < g.rows; ++r) {
    out += indent;
    for (int c = 0; c < g.cols; ++c) {
      const std::string& s = cells[static_cast<size_t>(r) * g.cols + c];
      out += std::string(width - s.size() + (c ? 1 : 0), ' ') + s;
    }
    out += '\n';
  }
  return out;
}

}  // namespace convarith::cli
