// Values as colours in every exporter: a gradient picture gives as many distinct cell colours as it has levels in
// the PNG, the GIF, the SVG, the PDF (rendered by poppler) and the TikZ; signed data comes out on the diverging scale.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "convarith/export.hpp"
#include "convarith/scene/value_colours.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::TempDir;

constexpr int kLevels = 64;
constexpr int kPx = 20;

uint32_t Key(Rgba c) { return (uint32_t{c.r} << 16) | (uint32_t{c.g} << 8) | c.b; }

// A 4 x 16 picture of 64 gray levels 0 .. 252 convolved with a 1x1 kernel of 1: the output is the picture again.
Computation Gradient() {
  Config c;
  c.axes[kHeight] = AxisParams{4, 1, 1, 0, 0, 1, 0};
  c.axes[kWidth] = AxisParams{16, 1, 1, 0, 0, 1, 0};
  Tensor input({1, 1, 4, 16});
  for (size_t n = 0; n < input.size(); ++n) input[n] = 4.0 * static_cast<double>(n);
  return Recompute(c, input, Tensor({1, 1, 1, 1, 1}, 1.0), Tensor());
}

ExportOptions ValueOptions(ExportFormat format, const std::string& out) {
  ExportOptions o;
  o.format = format;
  o.out = out;
  o.cell_px = kPx;
  o.first_step = o.last_step = kLevels - 1;  // every output computed
  o.current_only = format != ExportFormat::Gif;
  o.frame.numbers = false;
  o.frame.colour_by = ColourBy::Value;
  return o;
}

Frame ValueFrame(const Computation& c) {
  FrameOptions o;
  o.step = kLevels - 1;
  o.numbers = false;
  o.colour_by = ColourBy::Value;
  return BuildFrame(c, o);
}

// The colours at the centres of the input map's cells of an image of the frame.
std::set<uint32_t> InputCellColours(const Image& image, const Frame& f, int px) {
  std::set<uint32_t> out;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Input || cell.under_kernel) continue;
    const float fpx = static_cast<float>(px);
    out.insert(Key(image.At(static_cast<int>((cell.x + 0.5f) * fpx), static_cast<int>((cell.y + 0.5f) * fpx))));
  }
  return out;
}

TEST(ValueColoursExport, PngGifAndPdfShowEveryLevel) {
  TempDir dir;
  const Computation c = Gradient();
  const Frame f = ValueFrame(c);
  Export(c, ValueOptions(ExportFormat::Png, dir / "a.png"));
  EXPECT_EQ(InputCellColours(test::DecodePng(dir / "a.png"), f, kPx).size(), static_cast<size_t>(kLevels - 1));
  Export(c, ValueOptions(ExportFormat::Gif, dir / "a.gif"));
  const test::DecodedGif gif = test::DecodeGif(dir / "a.gif");
  ASSERT_EQ(gif.frames.size(), 1u);
  EXPECT_EQ(InputCellColours(gif.frames[0], f, kPx).size(), static_cast<size_t>(kLevels - 1));
  Export(c, ValueOptions(ExportFormat::Pdf, dir / "a.pdf"));
  // poppler renders the page at one pixel per point: cell_px pixels per cell.
  if (std::system(("pdftoppm -r 72 -png -singlefile '" + dir / "a.pdf" + "' '" + dir / "page" + "' 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed";
  }
  const std::set<uint32_t> pdf = InputCellColours(test::DecodePng(dir / "page.png"), f, kPx);
  EXPECT_GE(pdf.size(), static_cast<size_t>(kLevels - 1));  // anti-aliasing may not add, rounding may not merge
}

TEST(ValueColoursExport, SvgAndTikzFillEveryLevel) {
  const Computation c = Gradient();
  const Frame f = ValueFrame(c);
  const std::string svg = SvgDocument(f, kPx);
  std::set<std::string> fills;
  const std::regex cell(R"re(<rect class="cell input"[^>]* fill="(#[0-9a-f]{6})")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), cell); it != std::sregex_iterator(); ++it)
    fills.insert((*it)[1]);
  EXPECT_EQ(fills.size(), static_cast<size_t>(kLevels));  // 63 levels and the last one tinted under the kernel

  const std::string tikz = TikzDocument(f, kPx);
  std::map<std::string, std::string> rgb;  // colour name -> "r,g,b"
  const std::regex def(R"(\\definecolor\{(\w+)\}\{RGB\}\{([0-9,]+)\})");
  for (auto it = std::sregex_iterator(tikz.begin(), tikz.end(), def); it != std::sregex_iterator(); ++it)
    rgb[(*it)[1]] = (*it)[2];
  std::smatch style;
  ASSERT_TRUE(std::regex_search(tikz, style, std::regex(R"(  input/\.style=\{cell, fill=(\w+))")));
  std::set<std::string> tikz_fills;
  std::istringstream lines(tikz);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("\\path[input, draw=none", 0) != 0) continue;
    std::smatch m;
    const std::string name = std::regex_search(line, m, std::regex(R"(fill=(\w+))")) ? m[1].str() : style[1].str();
    ASSERT_TRUE(rgb.count(name)) << name;
    tikz_fills.insert(rgb[name]);
  }
  EXPECT_EQ(tikz_fills.size(), static_cast<size_t>(kLevels - 1));
}

TEST(ValueColoursExport, SignedOutputIsBlueAndRed) {
  Config cfg;
  cfg.axes[kHeight] = cfg.axes[kWidth] = AxisParams{6, 3, 1, 0, 0, 1, 0};
  Tensor input({1, 1, 6, 6});
  for (size_t n = 0; n < input.size(); ++n) input[n] = (n % 6 == 2 || n % 6 == 3) ? 255 : 0;  // a bar
  const Computation c = Recompute(cfg, input, MakeWeight(KernelPreset::SobelX, {1, 1, 1, 3, 3}), Tensor());
  TempDir dir;
  ExportOptions o = ValueOptions(ExportFormat::Png, dir / "s.png");
  o.first_step = o.last_step = 15;
  Export(c, o);
  const Image image = test::DecodePng(dir / "s.png");
  FrameOptions fo = o.frame;
  fo.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  fo.step = 15;
  const Frame f = BuildFrame(c, fo);
  int blue = 0, red = 0;
  for (const FrameCell& cell : f.cells) {
    if (cell.panel != Panel::Output || cell.role != Role::OutputDone) continue;
    const Rgba px = image.At(static_cast<int>((cell.x + 0.5f) * kPx), static_cast<int>((cell.y + 0.5f) * kPx));
    if (cell.value < 0) blue += px.b > px.r + 80;
    if (cell.value > 0) red += px.r > px.b + 80;
  }
  EXPECT_GT(blue, 0);
  EXPECT_GT(red, 0);
}

}  // namespace
}  // namespace convarith
