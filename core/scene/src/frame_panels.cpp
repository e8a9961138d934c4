// The frame's side panels: the kernels (the current step's lit, the others dimmed) and the overlap map.
#include <algorithm>

#include "map_sink.hpp"

namespace convarith::detail {

bool KernelActive(const Plan& p, const PanelBox& at) {
  const Computation& c = p.c;
  // The kernels the current step uses: its output channel's row (gather), its input channel's row (scatter).
  if (p.g && !p.pooling) {
    if (c.config.op == Op::Transposed) {
      return at.kernel_col == p.g->out_channel % c.config.out_per_group() &&
             std::find(p.g->part_channels.begin(), p.g->part_channels.end(), at.channel) != p.g->part_channels.end();
    }
    return at.channel == p.g->out_channel;
  }
  if (p.sc) return at.channel == p.sc->in_channel;
  return true;
}

void AddKernelMap(Frame& f, const Plan& p, const PanelBox& at, const Tensor& kernel) {
  const bool active = KernelActive(p, at);
  const bool several = kernel.dim(0) * kernel.dim(1) > 1;
  for (int r = 0; r < at.rows; ++r) {
    for (int col = 0; col < at.cols; ++col) {
      FrameCell cell;
      cell.panel = Panel::Kernel;
      cell.role = Role::Kernel;
      cell.channel = at.channel;
      cell.kernel_col = at.kernel_col;
      cell.z = at.z;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.data_index = static_cast<int>(kernel.Index({at.channel, at.kernel_col, at.z, r, col}));
      cell.value = kernel[static_cast<size_t>(cell.data_index)];
      cell.text = CellText(p, cell);
      cell.dimmed = several && !active;
      StyleCell(cell, p.o, CellFill(p, Panel::Kernel, Role::Kernel, cell.value, false));
      f.cells.push_back(std::move(cell));
    }
  }
}

void AddOverlapMap(Frame& f, const Plan& p, const PanelBox& at) {
  const Theme& t = p.o.theme;
  const Tensor& g = p.c.overlap;
  const double max_count = std::max(1.0, *std::max_element(g.values().begin(), g.values().end()));
  MapSink sink(f, p, at);
  for (int r = sink.first_row(); r <= sink.last_row(); ++r) {
    for (int col = sink.first_col(); col <= sink.last_col(); ++col) {
      const int index = static_cast<int>(Flat(g, 0, {at.z, r, col}));
      const double value = g[static_cast<size_t>(index)];
      const Rgba fill = OverlapFill(t, value, max_count);
      if (sink.image()) sink.Pixel(r, col, fill, Role::Overlap);
      if (!sink.Emit(r, col)) continue;
      FrameCell cell;
      cell.panel = Panel::Overlap;
      cell.role = Role::Overlap;
      cell.z = at.z;
      cell.row = cell.data_row = r;
      cell.col = cell.data_col = col;
      cell.x = at.x + static_cast<float>(col);
      cell.y = at.y + static_cast<float>(r);
      cell.data_index = index;
      cell.value = value;
      cell.text = FormatValue(cell.value);
      StyleCell(cell, p.o, fill);
      f.cells.push_back(std::move(cell));
    }
  }
}

}  // namespace convarith::detail
