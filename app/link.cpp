// The app's configuration as a link (Edit › Copy link, the browser page's address).
#include "link.hpp"

#include <algorithm>
#include <vector>

#include "app.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::app {
namespace {

// "5" when every axis agrees, else "4x6" (depth first).
std::string Sizes(const Config& c, int AxisParams::*field) {
  const auto axes = c.spatial();
  const bool same = std::all_of(axes.begin(), axes.end(), [&](const AxisParams& a) { return a.*field == axes[0].*field; });
  if (same) return std::to_string(axes[0].*field);
  std::string out;
  for (const AxisParams& a : axes) out += (out.empty() ? "" : "x") + std::to_string(a.*field);
  return out;
}

void ParametersOf(const Config& c, LinkFields& f) {
  f.op = std::string(OpName(c.op));
  if (c.rank != 2) f.dims = c.rank;
  f.input = Sizes(c, &AxisParams::input);
  f.kernel = Sizes(c, &AxisParams::kernel);
  f.stride = Sizes(c, &AxisParams::stride);  // always: pooling's stride defaults to its window otherwise
  const auto axes = c.spatial();
  if (std::all_of(axes.begin(), axes.end(), [](const AxisParams& a) { return a.symmetric(); })) {
    if (Sizes(c, &AxisParams::pad_before) != "0") f.padding = Sizes(c, &AxisParams::pad_before);
  } else {
    f.pad_before = Sizes(c, &AxisParams::pad_before);
    f.pad_after = Sizes(c, &AxisParams::pad_after);
  }
  if (Sizes(c, &AxisParams::dilation) != "1") f.dilation = Sizes(c, &AxisParams::dilation);
  if (c.op == Op::Transposed && Sizes(c, &AxisParams::output_padding) != "0") {
    f.output_padding = Sizes(c, &AxisParams::output_padding);
  }
  if (c.in_channels > 1) f.in_channels = c.in_channels;
  if (!c.pooling() && c.out_channels > 1) f.out_channels = c.out_channels;
  if (!c.pooling() && c.groups > 1) f.groups = c.groups;
  if (c.op == Op::Conv && c.padding_mode != PaddingMode::Zeros) f.padding_mode = std::string(PaddingModeName(c.padding_mode));
}

// The transposed views side by side: "all", or their names.
std::string ShownViews(const App& app) {
  const std::vector<View> allowed = convarith::ViewsOf(app.params.config.op);
  if (allowed.size() < 2) return "";
  std::vector<View> shown;
  if (app.display.show_equivalent) shown.push_back(View::Equivalent);
  if (app.display.show_scatter) shown.push_back(View::Scatter);
  if (app.display.show_associated) shown.push_back(View::Associated);
  if (shown.size() == allowed.size()) return "all";
  std::string out;
  for (View v : shown) out += (out.empty() ? "" : ",") + std::string(ViewName(v));
  return out;
}

}  // namespace

LinkFields LinkOf(const App& app) {
  LinkFields f;
  if (!app.params.preset.empty()) {
    f.preset = app.params.preset;
  } else {
    ParametersOf(app.params.config, f);
  }
  f.view = ShownViews(app);
  if (app.StepCount() > 0) f.step = app.playback.step + 1;
  return f;
}

}  // namespace convarith::app
