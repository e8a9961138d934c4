// The 3-D tensor view: each side's channels as a box of slices, the map in focus its cut face, the kernel a block
// through the slices it reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "convarith/scene/frame.hpp"

namespace convarith {
namespace {

Computation Layer(int in_channels, int out_channels, int size, int groups = 1, int dims = 2) {
  Config c;
  SetRank(c, dims);
  c.op = Op::Conv;
  c.in_channels = in_channels;
  c.out_channels = out_channels;
  c.groups = groups;
  c.axes[kHeight] = AxisParams{size, 3, 1, 0, 0, 1, 0};
  c.axes[kWidth] = AxisParams{size, 3, 1, 0, 0, 1, 0};
  if (dims == 3) c.axes[kDepth] = AxisParams{4, 3, 1, 0, 0, 1, 0};
  Tensor input({in_channels, dims == 3 ? 4 : 1, size, size});
  for (size_t n = 0; n < input.values().size(); ++n) input[n] = static_cast<double>((n * 7) % 11) - 5;
  Tensor weight({out_channels, in_channels / groups, dims == 3 ? 3 : 1, 3, 3});
  for (size_t n = 0; n < weight.values().size(); ++n) weight[n] = static_cast<double>(n % 5) - 2;
  return Recompute(c, input, weight, Tensor());
}

FrameOptions Depth(int step = 0) {
  FrameOptions o;
  o.channel_layout = ChannelLayout::Depth;
  o.step = step;
  return o;
}

// The input slices the faces show (pieces that bring a slice to the front when clicked).
std::set<int> InputSlices(const Frame& f) {
  std::set<int> s;
  for (const FramePolygon& p : f.polygons)
    if (p.panel == Panel::Input && p.channel >= 0) s.insert(p.channel);
  return s;
}

const FramePolygon* TopPiece(const Frame& f, int channel, int col) {
  for (const FramePolygon& p : f.polygons)
    if (p.panel == Panel::Input && p.channel == channel && p.row == 0 && p.col == col) return &p;
  return nullptr;
}

// The polygons filled with the kernel block's colour (its marks on the top and side faces).
std::vector<const FramePolygon*> BlockMarks(const Frame& f, Rgba fill) {
  std::vector<const FramePolygon*> out;
  for (const FramePolygon& p : f.polygons)
    if (p.fill == fill) out.push_back(&p);
  return out;
}

// How far a quad reaches along the page's depth direction (its first and last corners: one slice span apart).
float DepthReach(const FramePolygon& p) { return std::hypot(p.xy[6] - p.xy[0], p.xy[7] - p.xy[1]); }

TEST(Depth, OneMapEachSideAsTheCutFaceAndTheOtherSlicesAsTheBoxFaces) {
  const Computation c = Layer(16, 16, 8);
  const Frame f = BuildFrame(c, Depth());
  std::set<int> in_maps, out_maps;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel == Panel::Input) in_maps.insert(cell.channel);
    if (cell.panel == Panel::Output) out_maps.insert(cell.channel);
    EXPECT_GE(cell.size, 1.0f);  // no thumbnails: the other maps are slices of the box
  }
  EXPECT_EQ(in_maps, (std::set<int>{0}));
  EXPECT_EQ(out_maps, (std::set<int>{0}));
  std::set<int> all;
  for (int ch = 0; ch < 16; ++ch) all.insert(ch);
  EXPECT_EQ(InputSlices(f), all);  // channel 0 in front, the 15 behind it on the top and side faces
  // The frame keeps one size through the animation (exports), wherever the cut moves.
  const Frame late = BuildFrame(c, Depth(StepCount(c, View::Direct) - 1));
  EXPECT_EQ(late.width, f.width);
  EXPECT_EQ(late.height, f.height);
}

TEST(Depth, TheTopFaceShowsEachSlicesFirstRowInItsOwnColours) {
  const Computation c = Layer(4, 2, 6);
  FrameOptions all = Depth();
  all.channel_layout = ChannelLayout::All;
  all.colour_by = ColourBy::Value;
  FrameOptions depth = Depth();
  depth.colour_by = ColourBy::Value;
  const Frame grids = BuildFrame(c, all), box = BuildFrame(c, depth);
  int compared = 0;
  for (const FrameCell& cell : grids.cells) {
    if (cell.panel != Panel::Input || cell.row != 0 || cell.channel == 0) continue;
    const FramePolygon* piece = TopPiece(box, cell.channel, cell.col);
    ASSERT_NE(piece, nullptr) << "ch " << cell.channel << " col " << cell.col;
    EXPECT_EQ(piece->fill, cell.fill) << "ch " << cell.channel << " col " << cell.col;
    ++compared;
  }
  EXPECT_EQ(compared, 3 * 6);
}

TEST(Depth, TheKernelBlockSpansTheSlicesItsGroupReads) {
  // All 8 input slices for a full convolution, one for a depthwise one: the block's mark on the top face is 8 times
  // as deep.
  const FrameOptions o = Depth();
  const Rgba mark{o.theme.kernel_shade.r, o.theme.kernel_shade.g, o.theme.kernel_shade.b, 150};
  const Frame full = BuildFrame(Layer(8, 8, 6), o);
  const Frame depthwise = BuildFrame(Layer(8, 8, 6, 8), o);
  const auto full_marks = BlockMarks(full, mark), dw_marks = BlockMarks(depthwise, mark);
  ASSERT_EQ(full_marks.size(), 2u);  // top and side
  ASSERT_EQ(dw_marks.size(), 2u);
  EXPECT_NEAR(DepthReach(*full_marks[0]) / DepthReach(*dw_marks[0]), 8.0f, 1e-3f);
  // Groups of 2: a step of output channel 5 reads input slices 4 and 5; slice 4 is the cut face.
  const Computation grouped = Layer(8, 8, 6, 4);
  const int per_channel = StepCount(grouped, View::Direct) / 8;
  const Frame g = BuildFrame(grouped, Depth(5 * per_channel));
  const auto g_marks = BlockMarks(g, mark);
  ASSERT_EQ(g_marks.size(), 2u);
  EXPECT_NEAR(DepthReach(*g_marks[0]) / DepthReach(*dw_marks[0]), 2.0f, 1e-3f);
  std::set<int> cut;
  for (const FrameCell& cell : g.cells)
    if (cell.panel == Panel::Input) cut.insert(cell.channel);
  EXPECT_EQ(cut, (std::set<int>{4}));
  EXPECT_EQ(*InputSlices(g).begin(), 4);  // the slices in front of the cut are glass: not drawn as faces
}

TEST(Depth, ASliceUnderThePointerIsItsChannelsFirstRow) {
  const Computation c = Layer(6, 6, 8);
  FrameOptions o = Depth();
  o.focus_channel = 2;
  const Frame f = BuildFrame(c, o);
  const FramePolygon* piece = TopPiece(f, 4, 3);
  ASSERT_NE(piece, nullptr);
  const float x = (piece->xy[0] + piece->xy[2] + piece->xy[4] + piece->xy[6]) / 4;
  const float y = (piece->xy[1] + piece->xy[3] + piece->xy[5] + piece->xy[7]) / 4;
  const std::optional<Pointer> at = PointerAt(f, x, y);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->panel, Panel::Input);
  EXPECT_EQ(at->channel, 4);
  EXPECT_EQ(at->row, 0);
  EXPECT_EQ(at->col, 3);
  EXPECT_TRUE(OnThumbnail(f, x, y));  // a click brings slice 4 to the front
  o.focus_channel = 4;
  std::set<int> cut;
  for (const FrameCell& cell : BuildFrame(c, o).cells)
    if (cell.panel == Panel::Input) cut.insert(cell.channel);
  EXPECT_EQ(cut, (std::set<int>{4}));
}

TEST(Depth, MapsWithDepthOfTheirOwnStayInFocusLayout) {
  const Frame f = BuildFrame(Layer(6, 6, 6, 1, 3), Depth());
  EXPECT_TRUE(f.polygons.empty());
  bool thumbnails = false;
  for (const FrameCell& cell : f.cells) thumbnails = thumbnails || cell.size < 1.0f;
  EXPECT_TRUE(thumbnails);
}

TEST(Depth, PolygonContainsItsInsideInEitherWinding) {
  FramePolygon p;
  p.xy = {0, 0, 2, 0, 3, 1, 1, 1};  // a parallelogram
  EXPECT_TRUE(p.Contains(1.5f, 0.5f));
  EXPECT_FALSE(p.Contains(0.2f, 0.9f));
  p.xy = {1, 1, 3, 1, 2, 0, 0, 0};
  EXPECT_TRUE(p.Contains(1.5f, 0.5f));
  EXPECT_FALSE(p.Contains(2.8f, 0.1f));
}

}  // namespace
}  // namespace convarith
