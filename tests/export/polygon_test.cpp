// The 3-D tensor view's polygons in every exporter: filled faces, lines, dashes, drawn between the cells and the rects.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "convarith/export.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

constexpr Rgba kWhite{255, 255, 255, 255};
constexpr Rgba kFace{38, 139, 210, 255};
constexpr Rgba kEdge{20, 20, 20, 255};

// A parallelogram face (as a box's top face is drawn) and a line under it, on a 4 x 3 frame.
Frame Faces(bool dashed = false) {
  Frame f;
  f.width = 4, f.height = 3;
  f.background = kWhite;
  FramePolygon face;
  face.xy = {0.5f, 1.0f, 2.5f, 1.0f, 3.5f, 0.2f, 1.5f, 0.2f};
  face.fill = kFace;
  f.polygons.push_back(face);
  FramePolygon line;
  line.xy = {0.2f, 2.5f, 3.8f, 2.5f, 3.8f, 2.5f, 0.2f, 2.5f};
  line.stroke = kEdge;
  line.stroke_width = 2;
  line.dashed = dashed;
  f.polygons.push_back(line);
  return f;
}

TEST(Polygons, RasterFillsTheInsideOfAFaceAndNothingOutside) {
  const Image im = Rasterize(Faces(), 32);
  EXPECT_EQ(im.At(static_cast<int>(2.0f * 32), static_cast<int>(0.6f * 32)), kFace);  // the centre
  EXPECT_EQ(im.At(static_cast<int>(0.7f * 32), static_cast<int>(0.3f * 32)), kWhite);  // left of the slanted edge
  EXPECT_EQ(im.At(static_cast<int>(3.3f * 32), static_cast<int>(0.9f * 32)), kWhite);  // right of it
}

TEST(Polygons, ALineIsDrawnOnceAlongItsLengthAndDashesLeaveGaps) {
  const Image solid = Rasterize(Faces(false), 32), dashed = Rasterize(Faces(true), 32);
  const int y = static_cast<int>(2.5f * 32);
  int solid_ink = 0, dashed_ink = 0;
  for (int x = 0; x < solid.width; ++x) {
    solid_ink += solid.At(x, y) == kEdge ? 1 : 0;
    dashed_ink += dashed.At(x, y) == kEdge ? 1 : 0;
  }
  EXPECT_NEAR(solid_ink, static_cast<int>(3.6f * 32), 3);
  EXPECT_GT(dashed_ink, solid_ink / 3);
  EXPECT_LT(dashed_ink, solid_ink * 2 / 3);
  EXPECT_EQ(solid.At(2, y), kWhite);  // the line starts at 0.2 cells (6 px)
}

TEST(Polygons, SvgWritesFacesAsPolygonsAndLinesAsPolylines) {
  const std::string svg = SvgDocument(Faces(true), 32);
  EXPECT_NE(svg.find("<polygon class=\"depth\" fill=\"#268bd2\" points=\"16,32 80,32 112,6.4 48,6.4\""),
            std::string::npos) << svg;
  const size_t line = svg.find("<polyline class=\"depth\" fill=\"none\" points=\"6.4,80 121.6,80\"");
  ASSERT_NE(line, std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray", line), std::string::npos);
  EXPECT_LT(svg.find("<polygon"), svg.find("</g>"));
}

TEST(Polygons, TikzDrawsFacesAsClosedPathsInCellUnits) {
  const std::string tikz = TikzDocument(Faces(), 32);
  EXPECT_NE(tikz.find("(0.5,1) -- (2.5,1) -- (3.5,0.2) -- (1.5,0.2) -- cycle;"),
            std::string::npos) << tikz;
  EXPECT_NE(tikz.find("(0.2,2.5) -- (3.8,2.5);"), std::string::npos) << tikz;
  EXPECT_NE(tikz.find("{RGB}{38,139,210}"), std::string::npos);
}

TEST(Polygons, PdfFillsTheFaceWherePopplerDrawsIt) {
  test::TempDir dir;
  const std::vector<uint8_t> pdf = PdfDocument({Faces()}, 32);
  {
    std::ofstream out(dir / "a.pdf", std::ios::binary);
    out.write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
  }
  if (std::system(("pdftoppm -r 72 -png -singlefile '" + dir / "a.pdf" + "' '" + dir / "page" + "' 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed";
  }
  const Image page = test::DecodePng(dir / "page.png");
  EXPECT_EQ(page.At(64, 19), kFace);
  EXPECT_EQ(page.At(22, 10), kWhite);
  const Rgba line = page.At(64, 80);
  EXPECT_LT(line.r + line.g + line.b, 200);
}

}  // namespace
}  // namespace convarith
