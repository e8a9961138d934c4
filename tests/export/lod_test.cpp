// Large grids drawn as pictures (level of detail): the rasterized picture plus the step drawn over it shows every cell
// in the colour the cell-by-cell frame gives it.
#include <gtest/gtest.h>

#include <cstdlib>

#include "convarith/export.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/value_colours.hpp"

namespace convarith {
namespace {

class LevelOfDetail : public ::testing::TestWithParam<ColourBy> {};

TEST_P(LevelOfDetail, PicturePlusStepLooksLikeTheCells) {
  Config c;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{70, 3, 2, 1, 1, 2, 0};
  c.in_channels = 2;
  c.out_channels = 2;
  c.groups = 2;  // one map of each side dimmed at every step
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Random, 3),
                                     MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Random, 4, -1, 2));
  FrameOptions o;
  o.step = StepCount(comp, View::Direct) / 3;
  o.numbers = false;
  o.pointer = Pointer{Panel::Output, 10, 12, 0, 0};  // a hovered output: its receptive field lights up
  o.colour_by = GetParam();  // role colours, or each cell's value (the pictures then carry values)
  const Frame cells = BuildFrame(comp, o);
  o.detail_limit = 1000;
  const Frame lod = BuildFrame(comp, o);
  ASSERT_EQ(lod.images.size(), 4u);
  const int px = 8;
  const Image a = Rasterize(cells, px), b = Rasterize(lod, px);
  ASSERT_EQ(a.width, b.width);
  ASSERT_EQ(a.height, b.height);
  int compared = 0;
  for (const FrameCell& cell : cells.cells) {
    if (cell.panel == Panel::Kernel || cell.highlighted || cell.winner) continue;  // rings are drawn differently
    // The cell's centre pixel, away from borders and outlines.
    const int x = static_cast<int>((cell.x + 0.5f) * px), y = static_cast<int>((cell.y + 0.5f) * px);
    const Rgba pa = a.At(x, y), pb = b.At(x, y);
    EXPECT_LE(std::abs(pa.r - pb.r) + std::abs(pa.g - pb.g) + std::abs(pa.b - pb.b), 6)
        << "cell " << static_cast<int>(cell.panel) << " ch " << cell.channel << " (" << cell.row << "," << cell.col << ")";
    ++compared;
  }
  EXPECT_GT(compared, 5000);
}

INSTANTIATE_TEST_SUITE_P(ColourBy, LevelOfDetail, ::testing::Values(ColourBy::Role, ColourBy::Value),
                         [](const ::testing::TestParamInfo<ColourBy>& p) { return std::string(ColourByName(p.param)); });

}  // namespace
}  // namespace convarith
