// The frame cache: what it keeps must never change what is drawn (scatter sums carried from step to step, pictures
// under a full key, a slot per view), and a step must not cost a replay of the steps before it.
#include <gtest/gtest.h>

#include <random>

#include "convarith/scene/frame.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

Computation Grouped(uint32_t seed) {
  Config c = test::Make2d(Op::Transposed, 5, 3, 2, 1, 1, 1);
  c.in_channels = 4;
  c.out_channels = 2;
  c.groups = 2;
  c.bias = true;
  return Recompute(c, test::Real(CanonicalShape(c, TensorRole::Input), seed),
                   test::Real(CanonicalShape(c, TensorRole::Weight), seed + 1, -1, 1),
                   test::Real(CanonicalShape(c, TensorRole::Bias), seed + 2));
}

// Everything a renderer draws from a frame, compared field by field (pictures by content).
void ExpectSameFrame(const Frame& a, const Frame& b, const std::string& what) {
  ASSERT_EQ(a.cells.size(), b.cells.size()) << what;
  for (size_t n = 0; n < a.cells.size(); ++n) {
    const FrameCell &x = a.cells[n], &y = b.cells[n];
    ASSERT_TRUE(x.role == y.role && x.value == y.value && x.text == y.text && x.fill == y.fill &&
                x.corner_text == y.corner_text && x.highlighted == y.highlighted && x.under_kernel == y.under_kernel)
        << what << " cell " << n;
  }
  ASSERT_EQ(a.images.size(), b.images.size()) << what;
  for (size_t n = 0; n < a.images.size(); ++n) {
    ASSERT_EQ(*a.images[n].pixels, *b.images[n].pixels) << what << " image " << n;
    ASSERT_EQ(a.images[n].roles, b.images[n].roles) << what << " image " << n;
  }
  ASSERT_EQ(a.rects.size(), b.rects.size()) << what;
  for (size_t n = 0; n < a.rects.size(); ++n) {
    const FrameRect &x = a.rects[n], &y = b.rects[n];
    ASSERT_TRUE(x.x == y.x && x.y == y.y && x.w == y.w && x.h == y.h && x.fill == y.fill && x.stroke == y.stroke)
        << what << " rect " << n;
  }
  ASSERT_EQ(a.equation, b.equation) << what;
}

// Issue 21 point 2: the scatter view's partial sums come from the cache, advanced from the last step drawn; forward,
// backward and jumping they equal a frame built from nothing (with cells and with pictures of large maps).
TEST(FrameCache, ScatterStepsFromTheCacheEqualFramesBuiltAfresh) {
  const Computation c = Grouped(7);
  const int steps = StepCount(c, View::Scatter);
  for (int detail : {0, 16}) {
    FrameCache cache;
    std::mt19937 rng(3);
    std::vector<int> order;
    for (int s = 0; s < steps; ++s) order.push_back(s);  // playing
    for (int s = steps - 1; s >= 0; s -= 7) order.push_back(s);  // back
    for (int n = 0; n < 30; ++n) order.push_back(std::uniform_int_distribution<int>(0, steps - 1)(rng));  // scrubbing
    for (int s : order) {
      FrameOptions o;
      o.view = View::Scatter;
      o.step = s;
      o.detail_limit = detail;
      o.visible = std::array<float, 4>{0, 0, 6, 6};
      o.pointer = Pointer{Panel::Output, 2, 3, 1, 0};
      ExpectSameFrame(BuildFrame(c, o, cache), BuildFrame(c, o), "step " + std::to_string(s));
    }
  }
}

// Issue 21 point 5: the key holds every colour (the old one two of them) and the view apart from keep_every.
TEST(FrameCache, PicturesFollowEveryColourOfTheTheme) {
  const Computation c = Grouped(9);
  FrameOptions o;
  o.view = View::Equivalent;
  o.detail_limit = 16;
  o.overlap_panel = true;
  FrameCache cache;
  const Frame light = BuildFrame(c, o, cache);
  o.theme.output_done = Rgba{200, 10, 10, 255};
  o.theme.overlap_high = Rgba{10, 200, 10, 255};
  ExpectSameFrame(BuildFrame(c, o, cache), BuildFrame(c, o), "new colours");
  o.theme = DarkTheme();
  ExpectSameFrame(BuildFrame(c, o, cache), BuildFrame(c, o), "dark theme");
  // keep_every 17 in one view and 1 in another shared a key (view * 16 + keep_every).
  o.keep_every = 17;
  ExpectSameFrame(BuildFrame(c, o, cache), BuildFrame(c, o), "keep 17");
  FrameOptions s = o;
  s.view = View::Scatter;
  s.keep_every = 1;
  ExpectSameFrame(BuildFrame(c, s, cache), BuildFrame(c, s), "scatter, keep 1");
  (void)light;
}

// A slot per view: views side by side keep their pictures (each view evicted the previous one's).
TEST(FrameCache, ViewsSideBySideKeepTheirPictures) {
  const Computation c = Grouped(11);
  FrameOptions o;
  o.detail_limit = 16;
  FrameCache cache;
  const std::vector<View> others{View::Scatter, View::Associated};
  const Frame a = BuildViews(c, o, View::Equivalent, others, 3, cache);
  const Frame b = BuildViews(c, o, View::Equivalent, others, 4, cache);
  ASSERT_FALSE(a.images.empty());
  // The equivalent view's pictures (its first images) are the same objects at the next step.
  size_t shared = 0;
  for (size_t n = 0; n < a.images.size() && n < b.images.size(); ++n) shared += a.images[n].pixels == b.images[n].pixels;
  EXPECT_GE(shared, static_cast<size_t>(c.in_channels() + c.out_channels()));
  ExpectSameFrame(b, BuildViews(c, o, View::Equivalent, others, 4), "views side by side");
}

}  // namespace
}  // namespace convarith
