// The real numbers: convolution, pooling, and the transposed convolution by scatter and by its direct equivalent.
#include "convarith/compute.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "detail/checks.hpp"

namespace convarith {

namespace detail {

void RequireValid(const Config& config) {
  if (auto e = Validate(config)) throw InvalidConfig(*e);
}

void RequireShape(const Grid& g, int rows, int cols, const char* parameter, const char* what) {
  if (g.rows != rows || g.cols != cols) {
    throw InvalidConfig({parameter, std::string(what) + " must be " + std::to_string(rows) + "x" +
                                        std::to_string(cols) + " for this configuration, got " +
                                        std::to_string(g.rows) + "x" + std::to_string(g.cols)});
  }
}

void RequireWork(const Config& config) {
  const auto out = OutputShape(config);
  const auto& h = config.height();
  const auto& w = config.width();
  // Transposed work is per input cell; direct work per output cell.
  const double cells = config.op == Op::Transposed ? static_cast<double>(h.input) * w.input
                                                   : static_cast<double>(out[0]) * out[1];
  const double work = cells * h.kernel * w.kernel;
  if (work > kMaxWork) {
    throw InvalidConfig({"kernel_size", "the computation needs " + std::to_string(static_cast<long long>(work)) +
                                            " multiply-adds, more than the limit of " +
                                            std::to_string(static_cast<long long>(kMaxWork)) +
                                            "; reduce input_size or kernel_size"});
  }
}

}  // namespace detail

namespace {

using detail::RequireShape;
using detail::RequireValid;
using detail::RequireWork;

void RequireInputs(const Config& config, const Grid& input, const Grid* kernel) {
  RequireValid(config);
  RequireShape(input, config.height().input, config.width().input, "input_size", "the input");
  if (kernel) RequireShape(*kernel, config.height().kernel, config.width().kernel, "kernel_size", "the kernel");
  RequireWork(config);
}

}  // namespace

Grid Convolve(const Config& config, const Grid& x, const Grid& w) {
  RequireInputs(config, x, &w);
  const auto [oh, ow] = OutputShape(config);
  Grid y(oh, ow);
  for (int r = 0; r < oh; ++r) {
    for (int c = 0; c < ow; ++c) {
      double sum = 0;
      detail::ForEachTap(config, r, c, x.rows, x.cols,
                         [&](int u, int v, int xr, int xc) { sum += x.at(xr, xc) * w.at(u, v); });
      y.at(r, c) = sum;
    }
  }
  return y;
}

Grid MaxPool(const Config& config, const Grid& x, std::vector<int>* winners) {
  RequireInputs(config, x, nullptr);
  const auto [oh, ow] = OutputShape(config);
  Grid y(oh, ow);
  if (winners) winners->assign(static_cast<size_t>(oh) * ow, -1);
  for (int r = 0; r < oh; ++r) {
    for (int c = 0; c < ow; ++c) {
      double best = -std::numeric_limits<double>::infinity();
      int best_index = -1;
      detail::ForEachTap(config, r, c, x.rows, x.cols, [&](int, int, int xr, int xc) {
        const double value = x.at(xr, xc);
        // PyTorch's rule: a strictly larger value wins (so the first maximum stays), and NaN propagates.
        if (value > best || std::isnan(value)) {
          best = value;
          best_index = xr * x.cols + xc;
        }
      });
      y.at(r, c) = best;
      if (winners) (*winners)[static_cast<size_t>(r) * ow + c] = best_index;
    }
  }
  return y;
}

namespace {

// PyTorch's avg_pool2d window: [start, end) clipped to the padded extent for the divisor, to the input for the sum.
struct AvgWindow {
  int start, end, pool_extent;
};
AvgWindow AvgWindowAt(int o, const AxisParams& a) {
  const int start = o * a.stride - a.padding;
  const int end = std::min(start + a.kernel, a.input + a.padding);
  const int extent = end - start;
  return {std::max(start, 0), std::min(end, a.input), extent};
}

}  // namespace

int AvgPoolDivisor(const Config& config, int out_row, int out_col) {
  const AvgWindow h = AvgWindowAt(out_row, config.height());
  const AvgWindow w = AvgWindowAt(out_col, config.width());
  return config.count_include_pad ? h.pool_extent * w.pool_extent : (h.end - h.start) * (w.end - w.start);
}

Grid AvgPool(const Config& config, const Grid& x) {
  RequireInputs(config, x, nullptr);
  const auto [oh, ow] = OutputShape(config);
  Grid y(oh, ow);
  for (int r = 0; r < oh; ++r) {
    const AvgWindow h = AvgWindowAt(r, config.height());
    for (int c = 0; c < ow; ++c) {
      const AvgWindow w = AvgWindowAt(c, config.width());
      double sum = 0;
      for (int xr = h.start; xr < h.end; ++xr)
        for (int xc = w.start; xc < w.end; ++xc) sum += x.at(xr, xc);
      const int divisor = AvgPoolDivisor(config, r, c);
      y.at(r, c) = divisor > 0 ? sum / divisor : 0.0;
    }
  }
  return y;
}

Grid TransposedScatter(const Config& config, const Grid& x, const Grid& w) {
  RequireInputs(config, x, &w);
  const auto [oh, ow] = OutputShape(config);
  Grid y(oh, ow);
  for (int r = 0; r < x.rows; ++r) {
    for (int c = 0; c < x.cols; ++c) {
      const double value = x.at(r, c);
      detail::ForEachTap(config, r, c, oh, ow, [&](int u, int v, int yr, int yc) { y.at(yr, yc) += value * w.at(u, v); });
    }
  }
  return y;
}

Grid TransposedDirect(const Config& config, const Grid& x, const Grid& w) {
  RequireInputs(config, x, &w);
  const auto [oh, ow] = OutputShape(config);
  const Canvas canvas = MakeCanvas(config);
  const Grid rotated = Rotated180(w);
  const AxisParams& H = config.height();
  const AxisParams& W = config.width();
  Grid y(oh, ow);
  // Stride 1 over the canvas; the stretched, padded input is never materialised (it can be large and mostly zeros).
  for (int r = 0; r < oh; ++r) {
    for (int c = 0; c < ow; ++c) {
      double sum = 0;
      for (int u = 0; u < H.kernel; ++u) {
        for (int v = 0; v < W.kernel; ++v) {
          const auto in = canvas.InputAt(r + u * H.dilation, c + v * W.dilation);
          if (in[0] >= 0) sum += x.at(in[0], in[1]) * rotated.at(u, v);
        }
      }
      y.at(r, c) = sum;
    }
  }
  return y;
}

Grid TransposedOverlap(const Config& config) {
  RequireValid(config);
  RequireWork(config);
  const auto [oh, ow] = OutputShape(config);
  Grid y(oh, ow);
  for (int r = 0; r < config.height().input; ++r)
    for (int c = 0; c < config.width().input; ++c)
      detail::ForEachTap(config, r, c, oh, ow, [&](int, int, int yr, int yc) { y.at(yr, yc) += 1; });
  return y;
}

CellKind Canvas::Kind(int row, int col) const {
  const int z[2] = {row - lead[0], col - lead[1]};
  // The a extra rows/columns win over padding in the other axis: the whole band is "extra".
  if (row >= extra_from[0] || col >= extra_from[1]) return CellKind::ExtraZero;
  bool inserted = false;
  for (int a = 0; a < 2; ++a) {
    if (z[a] < 0) return CellKind::Padding;
    if (z[a] >= input_extent[static_cast<size_t>(a)]) return CellKind::Padding;
    if (z[a] % stretch[static_cast<size_t>(a)] != 0) inserted = true;
  }
  return inserted ? CellKind::InsertedZero : CellKind::Input;
}

std::array<int, 2> Canvas::InputAt(int row, int col) const {
  const int zr = row - lead[0];
  const int zc = col - lead[1];
  if (zr < 0 || zc < 0 || zr >= input_extent[0] || zc >= input_extent[1]) return {-1, -1};
  if (zr % stretch[0] != 0 || zc % stretch[1] != 0) return {-1, -1};
  return {zr / stretch[0], zc / stretch[1]};
}

std::array<int, 2> Canvas::CanvasOf(int row, int col) const {
  const int cr = row * stretch[0] + lead[0];
  const int cc = col * stretch[1] + lead[1];
  if (cr < 0 || cc < 0 || cr >= rows || cc >= cols) return {-1, -1};
  return {cr, cc};
}

Canvas MakeCanvas(const Config& config) {
  Canvas canvas;
  const auto out = OutputShape(config);
  for (int a = 0; a < 2; ++a) {
    const AxisParams& ax = config.axes[static_cast<size_t>(a)];
    const size_t i = static_cast<size_t>(a);
    if (config.op == Op::Transposed) {
      const TransposedAxis t = TransposedAsDirect(ax);
      canvas.lead[i] = t.padding;
      canvas.stretch[i] = ax.stride;
      canvas.input_extent[i] = t.stretched_input;
      const int length = t.stretched_input + 2 * t.padding + t.extra;
      canvas.extra_from[i] = t.padding + t.stretched_input + std::max(t.padding, 0);
      (a == 0 ? canvas.rows : canvas.cols) = length;
    } else {
      canvas.lead[i] = ax.padding;
      canvas.stretch[i] = 1;
      canvas.input_extent[i] = ax.input;
      // Ceil-mode pooling windows may reach past the right padding.
      const int reach = (out[i] - 1) * ax.stride + DilatedKernel(ax);
      const int length = std::max(ax.input + 2 * ax.padding, reach);
      canvas.extra_from[i] = length;  // no a extras outside transposed convolution
      (a == 0 ? canvas.rows : canvas.cols) = length;
    }
  }
  return canvas;
}

}  // namespace convarith
