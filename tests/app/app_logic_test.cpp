// The app's answers to the core without a window: the control an error marks (by the core's parameter enum) and the
// canvas legend's hover entry (by its kind).
#include <gtest/gtest.h>

#include <variant>

#include "app.hpp"
#include "panels/canvas_notes.hpp"

namespace convarith::app {
namespace {

Config Conv(int i, int k) {
  Config c;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{i, k, 1, 0, 0, 1, 0};
  return c;
}

TEST(ControlOf, TheCoresErrorsMarkTheirControl) {
  EXPECT_EQ(ControlOf(*ValidateForApp(Conv(4, 9))), Param::Kernel);
  Config reflect = Conv(3, 3);
  reflect.axes[kHeight].SetPadding(3);
  reflect.axes[kWidth].SetPadding(3);
  reflect.padding_mode = PaddingMode::Reflect;
  EXPECT_EQ(ControlOf(*ValidateForApp(reflect)), Param::PaddingMode);
}

TEST(ControlOf, TheAppsLimitsMarkTheirControlOrNone) {
  EXPECT_EQ(ControlOf(*ValidateForApp(Conv(kMaxAppCells + 1, 3))), Param::Input);
  Config channels = Conv(5, 3);
  channels.in_channels = channels.out_channels = kMaxAppChannels + 1;
  EXPECT_EQ(ControlOf(*ValidateForApp(channels)), Param::InChannels);
  EXPECT_EQ(ControlOf(ConfigError{"drawn_cells", "too many cells"}), Param::None);
  EXPECT_EQ(ControlOf(ConfigError{"output", "the output is too large"}), Param::None);
  EXPECT_EQ(ControlOf(ConfigError{"", "something else"}), Param::None);
}

TEST(LegendOf, OneHoverEntryLastFoundByItsKind) {
  const Theme theme = LightTheme();
  Frame a, b;
  a.legend = {{"input", theme.input, theme.grid_line}, LinkLegendEntry(theme)};
  b.legend = {LinkLegendEntry(theme), {"input", theme.input, theme.grid_line}, {"kernel", theme.kernel, theme.grid_line}};
  const std::vector<LegendEntry> legend = LegendOf({&a, &b}, theme);
  ASSERT_EQ(legend.size(), 3u);
  EXPECT_EQ(legend[0].name, "input");
  EXPECT_EQ(legend[1].name, "kernel");
  EXPECT_EQ(legend[2].kind, LegendKind::Link);
}

// Issue 21 point 3: a request shares the app's input and kernel (no copy of a 1024 x 1024 input on every kernel
// edit); an edit after the request changes the app's kernel, never the request's.
TEST(PrepareRequest, SharesTheTensorsAndAnEditAfterwardsStaysTheApps) {
  Params p;
  p.config = Conv(1024, 7);
  SyncTensors(p);
  auto prepared = PrepareRequest(p, 1);
  ASSERT_TRUE(std::holds_alternative<RecomputeRequest>(prepared));
  const RecomputeRequest& request = std::get<RecomputeRequest>(prepared);
  EXPECT_TRUE(request.input.SharesValuesWith(p.input));
  EXPECT_TRUE(request.weight.SharesValuesWith(p.weight));
  const double before = request.weight[0];
  p.weight[0] += 1;
  EXPECT_EQ(request.weight[0], before);
  EXPECT_EQ(p.weight[0], before + 1);
  EXPECT_TRUE(request.input.SharesValuesWith(p.input));
}

}  // namespace
}  // namespace convarith::app
