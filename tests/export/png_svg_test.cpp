// PNG and SVG exports of the paper's figures: files per frame, cell colours at known cells, SVG elements and values.
#include <gtest/gtest.h>

#include <regex>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::TempDir;

Computation PresetComputation(const std::string& name) {
  const Preset* p = FindPreset(name);
  if (p == nullptr) throw std::runtime_error("no preset " + name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

const FrameCell& CellOf(const Frame& f, Panel panel, int row, int col) {
  for (const FrameCell& c : f.cells)
    if (c.panel == panel && c.row == row && c.col == col) return c;
  throw std::runtime_error("no such cell");
}

// A point inside the cell's fill, clear of its border and of centred or corner text.
Rgba FillAt(const Image& im, const FrameCell& c, int cell_px) {
  const auto px = static_cast<float>(cell_px);
  return im.At(static_cast<int>((c.x + 0.2f * c.size) * px), static_cast<int>((c.y + 0.2f * c.size) * px));
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

TEST(Png, OneFilePerFrameWithTheRolesColours) {
  TempDir dir;
  const Computation c = PresetComputation("fig2.6");
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.out = dir / "frames";  // created by the export
  const ExportResult r = Export(c, o);
  ASSERT_EQ(r.files.size(), 9u);
  EXPECT_EQ(test::ListDir(o.out), (std::vector<std::string>{"frame_000.png", "frame_001.png", "frame_002.png",
                                                            "frame_003.png", "frame_004.png", "frame_005.png",
                                                            "frame_006.png", "frame_007.png", "frame_008.png"}));
  EXPECT_EQ(r.directories, std::vector<std::string>{o.out});

  // Step 0: the kernel covers canvas rows/cols 0-2 of the 7 x 7 padded input (p = 1).
  const Image im = test::DecodePng(dir / "frames/frame_000.png");
  FrameOptions fo;
  fo.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  const Frame f = BuildFrame(c, fo);
  const Theme t = LightTheme();
  ASSERT_EQ(im.width, static_cast<int>(f.width * kDefaultCellPx + 0.5f));

  const FrameCell& padding = CellOf(f, Panel::Input, 6, 3);  // bottom padding row
  EXPECT_EQ(padding.role, Role::Padding);
  EXPECT_EQ(FillAt(im, padding, o.cell_px), t.padding);
  const FrameCell& input = CellOf(f, Panel::Input, 4, 4);  // input (3, 3), far from the kernel
  EXPECT_EQ(input.role, Role::Input);
  EXPECT_EQ(FillAt(im, input, o.cell_px), t.input);
  const FrameCell& pending = CellOf(f, Panel::Output, 2, 2);
  EXPECT_EQ(FillAt(im, pending, o.cell_px), t.output_pending);
  // Under the kernel the input is darker than plain input.
  const Rgba shaded = FillAt(im, CellOf(f, Panel::Input, 1, 1), o.cell_px);
  EXPECT_LT(shaded.r + shaded.g + shaded.b, t.input.r + t.input.g + t.input.b);
  EXPECT_EQ(im.At(1, 1), t.background);

  // The last step: every output computed.
  const Image last = test::DecodePng(dir / "frames/frame_008.png");
  fo.step = 8;
  EXPECT_EQ(FillAt(last, CellOf(BuildFrame(c, fo), Panel::Output, 0, 0), o.cell_px), t.output_done);
}

TEST(Png, CurrentFrameOnlyAndDarkTheme) {
  TempDir dir;
  const Computation c = PresetComputation("fig1.1");
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.out = dir / "current.png";
  o.current_only = true;
  o.first_step = 4;
  o.frame.theme = DarkTheme();
  const ExportResult r = Export(c, o);
  EXPECT_EQ(r.files, std::vector<std::string>{o.out});
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"current.png"});
  const Image im = test::DecodePng(o.out);
  EXPECT_EQ(im.At(0, 0), DarkTheme().background);
  FrameOptions fo = o.frame;
  fo.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  fo.step = 4;
  EXPECT_EQ(test::CountDifferences(im, Rasterize(BuildFrame(c, fo), o.cell_px)), 0);
}

TEST(Png, CellSizeScalesTheImage) {
  TempDir dir;
  const Computation c = PresetComputation("fig2.1");
  ExportOptions o;
  o.format = ExportFormat::Png;
  o.current_only = true;
  o.out = dir / "small.png";
  o.cell_px = 20;
  Export(c, o);
  o.out = dir / "big.png";
  o.cell_px = 40;
  Export(c, o);
  const Image small = test::DecodePng(dir / "small.png"), big = test::DecodePng(dir / "big.png");
  EXPECT_NEAR(big.width, 2 * small.width, 1);
  EXPECT_NEAR(big.height, 2 * small.height, 1);
}

// fig2.6's outputs worked out here, independently of core: 3 x 3 sums of the ramp (1 to 9) padded by 1, stride 2.
std::vector<int> Fig26Outputs() {
  auto in = [](int r, int c) { return r < 0 || c < 0 || r > 4 || c > 4 ? 0 : (r * 5 + c) % 9 + 1; };
  std::vector<int> out;
  for (int orow = 0; orow < 3; ++orow)
    for (int ocol = 0; ocol < 3; ++ocol) {
      int sum = 0;
      for (int kr = 0; kr < 3; ++kr)
        for (int kc = 0; kc < 3; ++kc) sum += in(2 * orow - 1 + kr, 2 * ocol - 1 + kc);
      out.push_back(sum);
    }
  return out;
}

TEST(Svg, CellsDashedPaddingAndOutputValues) {
  TempDir dir;
  const Computation c = PresetComputation("fig2.6");
  ExportOptions o;
  o.format = ExportFormat::Svg;
  o.out = dir / "svg";
  const ExportResult r = Export(c, o);
  ASSERT_EQ(r.files.size(), 9u);
  const std::string svg = test::ReadText(dir / "svg/frame_008.svg");
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<text"), Count(svg, "</text>"));

  // 7 x 7 padded input, 3 x 3 output, 3 x 3 kernel.
  EXPECT_EQ(Count(svg, "<rect class=\"cell "), 49u + 9u + 9u);
  EXPECT_EQ(Count(svg, "<rect class=\"cell padding\""), 49u - 25u);
  const std::regex dashed_padding("<rect class=\"cell padding\"[^>]*stroke-dasharray=");
  EXPECT_EQ(static_cast<size_t>(std::distance(std::sregex_iterator(svg.begin(), svg.end(), dashed_padding),
                                              std::sregex_iterator())),
            24u);
  for (int v : Fig26Outputs()) {
    EXPECT_NE(svg.find(">" + std::to_string(v) + "</text>"), std::string::npos) << v;
  }
  EXPECT_NE(svg.find(">×1</text>"), std::string::npos) << "kernel weights under the window, UTF-8";
  EXPECT_NE(svg.find(" fill=\"#268bd2\""), std::string::npos) << "the paper's input blue";
}

TEST(Svg, EscapesTextAndMatchesTheRasterGeometry) {
  Frame f;
  f.width = 4, f.height = 2;
  FrameCell cell;
  cell.x = 1, cell.y = 0.5f;
  cell.fill = {38, 139, 210, 255};
  cell.border = {0, 0, 0, 255};
  cell.text = "a<b & 'c' \"d\"";
  f.cells.push_back(cell);
  f.texts.push_back({0, 0, 0.4f, "ĩ' = 5 · 2 × 3", {0, 0, 0, 255}, Align::Left});
  const std::string svg = SvgDocument(f, 20);
  EXPECT_NE(svg.find("a&lt;b &amp; &apos;c&apos; &quot;d&quot;</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">ĩ&apos; = 5 · 2 × 3</text>"), std::string::npos);
  EXPECT_NE(svg.find("width=\"80\" height=\"40\""), std::string::npos);
  // The cell is [20, 40) x [10, 30) in pixels; its 1 px border is inset by half a pixel.
  EXPECT_NE(svg.find("<rect class=\"cell input\" x=\"20.5\" y=\"10.5\" width=\"19\" height=\"19\""), std::string::npos)
      << svg;
}

}  // namespace
}  // namespace convarith
