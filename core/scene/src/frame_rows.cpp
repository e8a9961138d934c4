// Whether a frame of several map stacks gets larger cells in two rows (FrameOptions::stack_rows) than in one.
#include <algorithm>
#include <array>

#include "frame_build.hpp"

namespace convarith {

bool StackRowsFit(const Computation& c, View view, bool kernel_panel, float area_w, float area_h) {
  using namespace detail;
  std::array<int, 3> left{}, right{};
  int left_ch = 1, right_ch = 1;
  if (view == View::Direct || view == View::Equivalent) {
    left = c.canvas.dims, right = c.output_shape, left_ch = c.in_channels(), right_ch = c.out_channels();
  } else if (view == View::Scatter) {
    left = c.input_dims(), right = c.output_shape, left_ch = c.in_channels(), right_ch = c.out_channels();
  } else {
    left = MakeCanvas(c.associated).dims, right = c.input_dims(), left_ch = c.out_channels();
    right_ch = c.in_channels();
  }
  const bool kernels = kernel_panel && c.weight.rank() == 5 && view != View::Associated;
  const int k0 = kernels ? c.weight.dim(0) : 0, k1 = kernels ? c.weight.dim(1) : 0;
  const int kd = kernels ? c.weight.dim(2) : 1, kh = kernels ? c.weight.dim(3) : 0, kw = kernels ? c.weight.dim(4) : 0;
  if (left_ch * left[0] <= 1 && right_ch * right[0] <= 1 && k0 * k1 * kd <= 1) return false;
  auto f = [](int n) { return static_cast<float>(n); };
  // The stacks' sizes as PlaceStack and PlaceKernels lay them out (labels left out: they wrap to the stacks).
  auto stack_w = [&](const std::array<int, 3>& d) { return f(d[0]) * f(d[2]) + f(d[0] - 1) * kSliceGap; };
  auto stack_h = [&](const std::array<int, 3>& d, int ch) {
    return f(ch) * (kMapLabel + f(d[1])) + f(ch - 1) * kChannelGap;
  };
  const float lw = stack_w(left), lh = stack_h(left, left_ch), rw = stack_w(right), rh = stack_h(right, right_ch);
  const float cell_w = std::max(f(kd) * f(kw) + f(kd - 1) * kKernelSliceGap, kKernelMinWidth);
  const float kw_all = kernels ? f(k1) * cell_w + f(k1 - 1) * kKernelGap + kPanelGap : 0.0f;
  const float kh_all = kernels ? f(k0) * (kMapLabel + f(kh)) + f(k0 - 1) * kChannelGap : 0.0f;
  const float margins = 2 * kMargin, band = kLabelHeight + margins;  // the frame's margins, with the labels' band
  const float side_w = lw + kPanelGap + kw_all + rw + margins, side_h = std::max({lh, kh_all, rh}) + band;
  const float rows_w = std::max(lw, kw_all + rw) + margins;
  const float rows_h = lh + kLabelHeight + kPanelGap + std::max(kh_all, rh) + band;
  const float side = std::min(area_w / side_w, area_h / side_h);
  const float rows = std::min(area_w / rows_w, area_h / rows_h);
  return rows > side * 1.2f;
}

}  // namespace convarith
