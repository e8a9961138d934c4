// Many channels in focus: the maps the step joins drawn large, every other map as a thumbnail in a strip beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "convarith/scene/frame.hpp"

namespace convarith {
namespace {

Computation Layer(int in_channels, int out_channels, int size, int groups = 1, Op op = Op::Conv, int stride = 1) {
  Config c;
  c.op = op;
  c.in_channels = in_channels;
  c.out_channels = out_channels;
  c.groups = groups;
  c.axes[kHeight] = AxisParams{size, 3, stride, 0, 0, 1, 0};
  c.axes[kWidth] = AxisParams{size, 3, stride, 0, 0, 1, 0};
  Tensor input({in_channels, 1, size, size});
  for (size_t n = 0; n < input.values().size(); ++n) input[n] = static_cast<double>((n * 7) % 11) - 5;
  const int k0 = op == Op::Transposed ? in_channels : out_channels;
  const int k1 = op == Op::Transposed ? out_channels / groups : in_channels / groups;
  Tensor weight({k0, k1, 1, 3, 3});
  for (size_t n = 0; n < weight.values().size(); ++n) weight[n] = static_cast<double>(n % 5) - 2;
  return Recompute(c, input, weight, Tensor());
}

// The channels of a panel's full-size maps (cells of side 1 or more), and of its thumbnails (cells under 1).
struct Maps {
  std::set<int> large, thumbs;
  std::map<int, std::set<float>> sizes;  // channel -> cell sizes
};
Maps MapsOf(const Frame& f, Panel panel) {
  Maps m;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != panel) continue;
    (cell.size >= 1.0f ? m.large : m.thumbs).insert(cell.channel);
    m.sizes[cell.channel].insert(cell.size);
  }
  return m;
}

bool HasText(const Frame& f, const std::string& part) {
  return std::any_of(f.texts.begin(), f.texts.end(),
                     [&](const FrameText& t) { return t.text.find(part) != std::string::npos; });
}

TEST(Focus, SixteenChannelsDrawOneMapEachSideLargeAndTheOthersAsThumbnails) {
  const Computation c = Layer(16, 16, 64);
  FrameOptions o;
  o.numbers = true;
  const Frame focus = BuildFrame(c, o);
  const Maps in = MapsOf(focus, Panel::Input), out = MapsOf(focus, Panel::Output);
  EXPECT_EQ(in.large, (std::set<int>{0}));  // the first channel the step reads
  EXPECT_EQ(out.large, (std::set<int>{0}));  // the current output's channel
  EXPECT_EQ(in.thumbs.size(), 16u);          // every input map in the strip (the focused one too)
  EXPECT_EQ(out.thumbs.size(), 16u);
  // The grids stay readable: the whole frame is about as tall as one map, not sixteen.
  o.channel_layout = ChannelLayout::All;
  const Frame all = BuildFrame(c, o);
  EXPECT_LT(focus.height, 80.0f);
  EXPECT_GT(all.height, 16 * 64.0f);
  EXPECT_LT(focus.width, 160.0f);
  // Thumbnails carry colours, never numbers (they are too small to read).
  for (const FrameCell& cell : focus.cells)
    if (cell.size < 1.0f) {
      EXPECT_TRUE(cell.text.empty() && cell.corner_text.empty());
    }
  // The large maps show the same numbers as the full layout.
  std::map<std::pair<int, int>, std::string> full;
  for (const FrameCell& cell : all.cells)
    if (cell.panel == Panel::Input && cell.channel == 0) full[{cell.row, cell.col}] = cell.text;
  int compared = 0;
  for (const FrameCell& cell : focus.cells)
    if (cell.panel == Panel::Input && cell.size >= 1.0f) {
      EXPECT_EQ(cell.text, (full[{cell.row, cell.col}]));
      ++compared;
    }
  EXPECT_EQ(compared, 64 * 64);
}

TEST(Focus, TheKernelJoiningTheLargeMapsIsEnlargedAndTheKernelsInUseFormAStrip) {
  const Computation c = Layer(16, 16, 64);
  FrameOptions o;
  o.step = StepCount(c, View::Direct) / 16 * 5;  // the first output of channel 5
  o.focus_channel = 9;
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(MapsOf(f, Panel::Input).large, (std::set<int>{9}));
  EXPECT_EQ(MapsOf(f, Panel::Output).large, (std::set<int>{5}));
  std::set<std::pair<int, int>> large, thumbs;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Kernel) continue;
    if (cell.size > 1.0f) {
      large.insert({cell.channel, cell.kernel_col});
      EXPECT_FALSE(cell.text.empty());  // its weights readable
      EXPECT_FLOAT_EQ(cell.size, 4.0f);  // next to 64-wide maps a 3x3 kernel is drawn 4x
    } else {
      thumbs.insert({cell.channel, cell.kernel_col});
    }
  }
  EXPECT_EQ(large, (std::set<std::pair<int, int>>{{5, 9}}));  // w[5, 9]: input map 9 to output map 5
  EXPECT_EQ(thumbs.size(), 16u);                              // w[5, 0..15], the kernels the step uses
  for (const auto& k : thumbs) EXPECT_EQ(k.first, 5);
  EXPECT_TRUE(HasText(f, "w[5,9]"));
  EXPECT_TRUE(HasText(f, "ch 9 of 16"));
  EXPECT_TRUE(HasText(f, "ch 5 of 16"));
}

TEST(Focus, GroupsFocusAMapTheStepReadsAndDimTheOthers) {
  const Computation c = Layer(16, 16, 8, 4);
  FrameOptions o;
  o.step = StepCount(c, View::Direct) / 16 * 5;  // output channel 5: group 1 reads inputs 4..7
  o.focus_channel = 2;                           // not read by this step: the first one read instead
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(MapsOf(f, Panel::Input).large, (std::set<int>{4}));
  for (const FrameCell& cell : f.cells)
    if (cell.panel == Panel::Input && cell.size < 1.0f) {
      EXPECT_EQ(cell.dimmed, cell.channel < 4 || cell.channel > 7);
    }
  o.focus_channel = 6;
  EXPECT_EQ(MapsOf(BuildFrame(c, o), Panel::Input).large, (std::set<int>{6}));
}

TEST(Focus, AFewChannelsKeepEveryMapFullSizeUnlessFocusIsAskedFor) {
  const Computation c = Layer(4, 4, 5);
  FrameOptions o;
  EXPECT_EQ(MapsOf(BuildFrame(c, o), Panel::Input).large.size(), 4u);
  o.channel_layout = ChannelLayout::Focus;
  const Maps in = MapsOf(BuildFrame(c, o), Panel::Input);
  EXPECT_EQ(in.large.size(), 1u);
  EXPECT_EQ(in.thumbs.size(), 4u);
}

TEST(Focus, SixtyFourChannelsShowAWindowOfThumbnailsAroundTheFocusAndCountTheRest) {
  const Computation c = Layer(64, 64, 16);
  FrameOptions o;
  o.focus_channel = 40;
  const Frame f = BuildFrame(c, o);
  const Maps in = MapsOf(f, Panel::Input);
  EXPECT_EQ(in.large, (std::set<int>{40}));
  EXPECT_EQ(in.thumbs.size(), 32u);
  EXPECT_TRUE(in.thumbs.count(40));
  EXPECT_TRUE(HasText(f, "+32 more (24-55 shown)"));
}

TEST(Focus, TheScatterViewFocusesTheInputItStampsAndAnOutputItWrites) {
  const Computation c = Layer(8, 8, 4, 1, Op::Transposed, 2);
  FrameOptions o;
  o.view = View::Scatter;
  o.step = StepCount(c, View::Scatter) / 8 * 3;  // the first input cell of channel 3
  o.focus_channel = 6;
  const Frame f = BuildFrame(c, o);
  EXPECT_EQ(MapsOf(f, Panel::Input).large, (std::set<int>{3}));
  EXPECT_EQ(MapsOf(f, Panel::Output).large, (std::set<int>{6}));
}

TEST(Focus, PicturesOfThumbnailsAreScaledAndFoundUnderThePointer) {
  const Computation c = Layer(16, 16, 64);
  FrameOptions o;
  o.detail_limit = 64 * 64;
  const Frame f = BuildFrame(c, o);
  int thumbs = 0;
  for (const FrameImage& im : f.images) {
    if (im.scale >= 1.0f) continue;
    ++thumbs;
    const float x = im.x + im.Width() * 0.5f, y = im.y + (static_cast<float>(im.rows / 2) + 0.5f) * im.scale;
    EXPECT_TRUE(OnThumbnail(f, x, y));
    const auto p = PointerAt(f, x, y);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->channel, im.channel);
    EXPECT_EQ(p->row, im.rows / 2);
  }
  EXPECT_EQ(thumbs, 32);  // 16 input and 16 output thumbnails, as pictures
  const FrameCell* large = nullptr;
  for (const FrameCell& cell : f.cells)
    if (cell.panel == Panel::Input) large = &cell;
  ASSERT_NE(large, nullptr);
  EXPECT_FALSE(OnThumbnail(f, large->x + 0.5f, large->y + 0.5f));
}

}  // namespace
}  // namespace convarith
