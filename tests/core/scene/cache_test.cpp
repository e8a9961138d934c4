// The frame cache: what it keeps must never change what is drawn (scatter sums carried from step to step, pictures
// under a full key, a slot per view), and a step must not cost a replay of the steps before it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "convarith/scene/frame.hpp"
#include "frame_cache.hpp"
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

// What a picture map looks like once drawn: its pixels with the rects over them (opaque ones replace a cell's
// colour, translucent ones blend), per cell of the frame. A cache may draw the same result differently (an earlier
// picture and the outputs written since on top), so frames are compared on this.
std::map<std::pair<int, int>, Rgba> Composite(const Frame& f, std::vector<FrameRect>& others) {
  auto key = [](float x, float y) { return std::pair<int, int>{static_cast<int>(std::lround(x * 1000)), static_cast<int>(std::lround(y * 1000))}; };
  std::map<std::pair<int, int>, Rgba> out;
  for (const FrameImage& im : f.images)
    for (int r = 0; r < im.rows; ++r)
      for (int col = 0; col < im.cols; ++col)
        out[key(im.x + static_cast<float>(col), im.y + static_cast<float>(r))] = (*im.pixels)[static_cast<size_t>(r * im.cols + col)];
  for (const FrameRect& rect : f.rects) {
    const bool on_picture = rect.fill.a > 0 && rect.w == std::floor(rect.w) && rect.h == std::floor(rect.h) &&
                            out.count(key(rect.x, rect.y));
    if (!on_picture) {
      others.push_back(rect);
      continue;
    }
    for (int dy = 0; dy < static_cast<int>(rect.h); ++dy)
      for (int dx = 0; dx < static_cast<int>(rect.w); ++dx) {
        Rgba& px = out[key(rect.x + static_cast<float>(dx), rect.y + static_cast<float>(dy))];
        auto mix = [&](uint8_t over, uint8_t under) {
          return static_cast<uint8_t>((over * rect.fill.a + under * (255 - rect.fill.a)) / 255);
        };
        px = {mix(rect.fill.r, px.r), mix(rect.fill.g, px.g), mix(rect.fill.b, px.b), 255};
      }
  }
  return out;
}

// Everything a renderer draws from a frame: cells field by field, pictures as drawn with the rects over them.
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
    ASSERT_EQ(a.images[n].roles, b.images[n].roles) << what << " image " << n;
  }
  std::vector<FrameRect> rest_a, rest_b;
  const auto pa = Composite(a, rest_a), pb = Composite(b, rest_b);
  for (const auto& [at, px] : pa) {
    const auto other = pb.find(at);
    ASSERT_TRUE(other != pb.end() && other->second == px)
        << what << ": the pictures look different at (" << at.first << ", " << at.second << "): " << int(px.r) << ","
        << int(px.g) << "," << int(px.b) << " vs " << (other == pb.end() ? -1 : int(other->second.r)) << ","
        << (other == pb.end() ? -1 : int(other->second.g));
  }
  ASSERT_EQ(pa.size(), pb.size()) << what;
  ASSERT_EQ(rest_a.size(), rest_b.size()) << what;
  for (size_t n = 0; n < rest_a.size(); ++n) {
    const FrameRect &x = rest_a[n], &y = rest_b[n];
    ASSERT_TRUE(x.x == y.x && x.y == y.y && x.w == y.w && x.h == y.h && x.fill == y.fill && x.stroke == y.stroke)
        << what << " rect " << n;
  }
  ASSERT_EQ(a.equation, b.equation) << what;
  ASSERT_EQ(a.legend, b.legend) << what;
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

// The scatter view's sums brought to a step by the cache's replay (jumps forward, back, to the end) equal the steps'
// stamps added one by one in step order (the public Scatter steps): bit for bit, with the last step writing each
// output; over groups, dilation, stride, padding and 3-D.
TEST(FrameCache, ScatterReplayEqualsTheStampsAddedInOrder) {
  std::mt19937 rng(21);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 40; ++trial) {
    const bool three_d = trial % 4 == 3;
    Config cfg = three_d ? test::Make3d(Op::Transposed, pick(2, 4), pick(1, 3), pick(1, 3), 0, pick(1, 2))
                         : test::Make2d(Op::Transposed, pick(2, 7), pick(1, 4), pick(1, 3), 0, pick(1, 2));
    for (AxisParams& a : cfg.axes)
      if (a.kernel > 1 || a.input > 1) a.SetPadding(std::min(pick(0, 2), a.dilation * (a.kernel - 1)));
    const int groups = pick(1, 2);
    cfg.groups = groups;
    cfg.in_channels = groups * pick(1, 2);
    cfg.out_channels = groups * pick(1, 2);
    ASSERT_FALSE(Validate(cfg)) << "trial " << trial;
    const Computation c = Recompute(cfg, test::Real(CanonicalShape(cfg, TensorRole::Input), trial),
                                    test::Real(CanonicalShape(cfg, TensorRole::Weight), trial + 100, -2, 2));
    const int steps = StepCount(c, View::Scatter);
    std::vector<int> targets = {steps / 2, steps - 1, steps / 3, 0, steps - 1};
    for (int n = 0; n < 6; ++n) targets.push_back(pick(0, steps - 1));
    detail::ScatterProgress progress;
    for (int target : targets) {
      detail::AdvanceScatter(progress, c, target);
      std::vector<double> sums(c.output.size(), 0.0);
      std::vector<int> last(c.output.size(), -1);
      const auto& o = c.output.shape();
      for (int m = 0; m <= target; ++m)
        for (const Stamp& st : Scatter(c, m).stamps) {
          const size_t at = c.output.Index({st.out_channel, st.out_z, st.out_row, st.out_col});
          sums[at] += st.product;
          last[at] = m;
        }
      ASSERT_EQ(progress.partial.values(), sums) << "trial " << trial << ", step " << target << " of " << steps
                                                 << ", output " << ShapeText(o);
      ASSERT_EQ(progress.last, last) << "trial " << trial << ", step " << target;
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

// Issue 21 point 6: a copy kept the id caches rely on, so a changed copy could be drawn from the original's pictures
// (value colours: the pictures show the values, keyed on the computation's id).
TEST(FrameCache, ACopyIsNeverTakenForTheOriginal) {
  const Computation c = Grouped(5);
  Computation copy = c;
  EXPECT_NE(copy.id, c.id);
  FrameOptions o;
  o.view = View::Equivalent;
  o.detail_limit = 16;
  o.colour_by = ColourBy::Value;
  FrameCache cache;
  (void)BuildFrame(c, o, cache);
  for (double& v : copy.input.mutable_values()) v = -v;
  ExpectSameFrame(BuildFrame(copy, o, cache), BuildFrame(copy, o), "changed copy");
  const uint64_t copy_id = copy.id.value();
  const Computation moved = std::move(copy);
  EXPECT_EQ(moved.id.value(), copy_id);  // a move keeps it
}

}  // namespace
}  // namespace convarith
