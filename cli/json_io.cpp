// JSON and text renderings of tensors and configurations for the subcommands.
#include "json_io.hpp"

#include <algorithm>

#include "convarith/base/numbers.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::cli {

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
