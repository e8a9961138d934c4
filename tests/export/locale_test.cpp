// SVG, TikZ and the step text under a comma-decimal C locale: the same bytes as under "C" (printf's %f would write
// 0,5 and make the SVG invalid).
#include <gtest/gtest.h>

#include "../core/locale_guard.hpp"
#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith {
namespace {

struct Outputs {
  std::string svg, tikz, step;
};

Outputs Render() {
  // Average pooling of a ramp: values with decimals (2.5, ...) in the cells and the step text.
  Config c;
  c.op = Op::AvgPool;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{4, 2, 1, 0, 0, 1, 0};
  const Computation comp = Recompute(c, MakeTensor({1, 1, 4, 4}, Fill::Ramp), Tensor());
  FrameOptions options;
  const Frame frame = BuildViews(comp, options, View::Direct, {}, 1);
  const View view = ViewsOf(c.op).front();
  return {SvgDocument(frame, 23), TikzDocument(frame, 23, "step"), StepEquation(comp, Gather(comp, view, 1), 0)};
}

TEST(Locale, SvgTikzAndStepTextIgnoreACommaDecimalLocale) {
  const Outputs c_locale = Render();
  ASSERT_NE(c_locale.step.find('.'), std::string::npos) << c_locale.step;  // the step has decimals to get wrong
  test::CommaLocale locale;
  if (!locale.active()) GTEST_SKIP() << "de_DE.UTF-8 is not installed (scripts/setup.sh generates it)";
  char printed[16];
  std::snprintf(printed, sizeof printed, "%.1f", 0.5);
  ASSERT_STREQ(printed, "0,5");
  const Outputs german = Render();
  EXPECT_EQ(german.svg, c_locale.svg);
  EXPECT_EQ(german.tikz, c_locale.tikz);
  EXPECT_EQ(german.step, c_locale.step);
}

}  // namespace
}  // namespace convarith
