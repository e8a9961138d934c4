// `convarith export` run as a user runs it, without a display: files, frame counts, views, data flags, errors and
// exit codes, and a clean stderr when it is not a terminal.
#include <gtest/gtest.h>
#include <stb_image_write.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::TempDir;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs `convarith export ARGS` with DISPLAY and WAYLAND_DISPLAY removed from the environment.
CliRun RunExport(const std::string& args, const TempDir& dir) {
  const std::string exe = test::ConvarithExe();
  const std::string err_file = dir / ".stderr";
  const std::string command =
      "env -u DISPLAY -u WAYLAND_DISPLAY '" + exe + "' export " + args + " 2>'" + err_file + "' </dev/null";
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = test::ReadText(err_file);
  std::remove(err_file.c_str());
  return run;
}

class ExportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::ConvarithExe().empty()) GTEST_SKIP() << "CONVARITH_EXE is not set (run through ctest)";
  }
  TempDir dir;
};

int DefaultSteps(const std::string& preset) {
  const Preset* p = FindPreset(preset);
  const Computation c = Recompute(p->config, p->input, p->weight, p->bias);
  return StepCount(c, ViewsOf(p->config.op).front());
}

TEST_F(ExportCli, PresetGifWithFpsAndHold) {
  const CliRun r = RunExport("--preset fig2.6 --format gif --fps 4 --hold 2 --out " + (dir / "a.gif"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "no progress line when stderr is not a terminal";
  EXPECT_NE(r.out.find("a.gif: 9 frames"), std::string::npos) << r.out;
  const test::DecodedGif gif = test::DecodeGif(dir / "a.gif");
  ASSERT_EQ(gif.frames.size(), 9u);
  EXPECT_EQ(gif.delays_cs.front(), 25);
  EXPECT_EQ(gif.delays_cs.back(), 25 + 200);
  EXPECT_TRUE(gif.loops_forever);
}

TEST_F(ExportCli, AllPresetsOneGifPerFigure) {
  const CliRun r = RunExport("--all-presets --format gif --out " + (dir / "all"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> expected;
  for (const Preset& p : Presets()) expected.push_back(p.name + ".gif");
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(test::ListDir(dir / "all"), expected);
  for (const Preset& p : Presets()) {
    const test::DecodedGif gif = test::DecodeGif(dir / ("all/" + p.name + ".gif"));
    EXPECT_EQ(static_cast<int>(gif.frames.size()), DefaultSteps(p.name)) << p.name;
  }
}

TEST_F(ExportCli, AllPresetsAsPngGoIntoADirectoryPerFigure) {
  const CliRun r = RunExport("--all-presets --format png --cell-px 8 --out " + (dir / "all"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::ListDir(dir / "all").size(), Presets().size());
  EXPECT_EQ(static_cast<int>(test::ListDir(dir / "all/fig4.7").size()), DefaultSteps("fig4.7"));
}

TEST_F(ExportCli, TransposedDefaultsToTheEquivalentConvolutionAndViewPicksAnother) {
  CliRun r = RunExport("--preset fig4.6 --format png --out " + (dir / "eq"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::ListDir(dir / "eq").size(), 25u);  // one step per output cell: o' = 5, 5 x 5
  r = RunExport("--preset fig4.6 --format png --view scatter --out " + (dir / "scatter"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::ListDir(dir / "scatter").size(), 9u);  // one step per input cell: i' = 3, 3 x 3
  r = RunExport("--preset fig4.6 --view direct --out " + (dir / "x.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--view direct is not a view of transposed"), std::string::npos) << r.err;
  r = RunExport("--preset fig2.6 --view scatter --out " + (dir / "x.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(test::Exists(dir / "x.gif"));
}

TEST_F(ExportCli, OperationFlagsAndDataFlags) {
  {
    std::ofstream input(dir / "in.json");
    input << "[[1,2,3,4],[5,6,7,8],[9,10,11,12],[13,14,15,16]]";
  }
  // i = 4 from the file, k = 3, no padding: 2 x 2 outputs; the first is 1+2+3+5+6+7+9+10+11 = 54.
  const CliRun r = RunExport("--op conv -k 3 --input " + (dir / "in.json") + " --format svg --out " + (dir / "svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(test::ListDir(dir / "svg").size(), 4u);
  EXPECT_NE(test::ReadText(dir / "svg/frame_000.svg").find(">54</text>"), std::string::npos);
}

TEST_F(ExportCli, EveryRankAndChannelCount) {
  // Figure 1.3: 3 output maps of 2 x 2, one frame per output value, all frames one size.
  CliRun r = RunExport("--preset fig1.3 --format png --out " + (dir / "f13"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(test::ListDir(dir / "f13").size(), 12u);
  const Image first = test::DecodePng(dir / "f13/frame_000.png");
  const Image last = test::DecodePng(dir / "f13/frame_011.png");
  EXPECT_EQ(first.width, last.width);
  EXPECT_EQ(first.height, last.height);
  EXPECT_GT(first.width, first.height);  // maps side by side: input stack, kernels, output stack

  r = RunExport("--preset causal1d --out " + (dir / "causal.gif"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(test::Exists(dir / "causal.gif"));
  r = RunExport("--dims 3 -i 3 -k 2 --in-channels 2 --out-channels 2 --current --steps 5 --out " + (dir / "d3.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunExport("--op transposed -i 2 -k 3 -s 2 --in-channels 2 --out-channels 4 --groups 2 --view scatter --current "
                "--format svg --out " + (dir / "t.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A bad tensor configuration writes nothing.
  r = RunExport("--in-channels 3 --groups 2 -i 4 -k 3 --out " + (dir / "bad.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(test::Exists(dir / "bad.gif"));
}

// Issue 21 point 1, as reported: a transposed layer with a 3-decimal kernel. Scatter and the equivalent convolution
// add the products in different orders and differ in the last place; the picture says they agree, with the ulps.
TEST_F(ExportCli, TransposedCheckWithARealValuedKernelAgreesUpToRounding) {
  const char* kernel =
      "[[0.137, -0.842, 0.559, 0.301, -0.077], [0.913, -0.265, 0.488, -0.631, 0.052],"
      " [-0.719, 0.344, 0.006, 0.871, -0.403], [0.262, -0.958, 0.615, -0.184, 0.729],"
      " [0.531, 0.097, -0.376, 0.843, -0.611]]";
  {
    std::ofstream k(dir / "k.json");
    k << kernel;
  }
  Config cfg;
  cfg.op = Op::Transposed;
  cfg.axes[1] = cfg.axes[2] = AxisParams{4, 5, 2, 0, 0, 1, 0};
  Tensor w({1, 1, 1, 5, 5});
  w.Assign({0.137, -0.842, 0.559, 0.301, -0.077, 0.913, -0.265, 0.488, -0.631, 0.052, -0.719, 0.344, 0.006,
              0.871, -0.403, 0.262, -0.958, 0.615, -0.184, 0.729, 0.531, 0.097, -0.376, 0.843, -0.611});
  const Computation c = Recompute(cfg, MakeTensor({1, 1, 4, 4}, Fill::Ramp), w);
  ASSERT_NE(c.output, c.output_equivalent) << "the kernel must round differently in the two orders";
  for (const char* view : {"equivalent", "scatter", "equivalent,scatter"}) {
    const std::string out = dir / (std::string("t_") + view + ".svg");
    const CliRun r = RunExport("--op transposed -i 4 -k 5 -s 2 --kernel " + (dir / "k.json") + " --view " + view +
                                   " --format svg --current --steps 10 --out " + out, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string svg = test::ReadText(out);
    EXPECT_EQ(svg.find("check FAILED"), std::string::npos) << view;
    EXPECT_NE(svg.find("check passed: scatter and equivalent convolution agree on all 121 outputs to "),
              std::string::npos) << view;
  }
}

TEST_F(ExportCli, SlidesSeveralViewsCompactAndTitles) {
  // Three transposed views in one picture: as wide as the three frames side by side.
  CliRun r = RunExport("--preset fig4.6 --view equivalent --current --steps 7 --out " + (dir / "one.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunExport("--preset fig4.6 --view all --current --steps 7 --out " + (dir / "all.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Image one = test::DecodePng(dir / "one.png"), all = test::DecodePng(dir / "all.png");
  EXPECT_GT(all.width, 2 * one.width);
  r = RunExport("--preset fig4.6 --view all --out " + (dir / "all.gif"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::DecodeGif(dir / "all.gif").width, all.width);
  r = RunExport("--preset fig2.6 --view equivalent --out " + (dir / "x.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(test::Exists(dir / "x.gif"));
  // Compact: the grids alone, much smaller; the numbers stay where the cells can show them (32 px), no other text;
  // at 12 px no text at all.
  r = RunExport("--preset fig2.6 --compact --current --out " + (dir / "c.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string compact = test::ReadText(dir / "c.svg");
  EXPECT_NE(compact.find("<text class=\"value\""), std::string::npos);
  EXPECT_EQ(compact.find("step 1/9"), std::string::npos);
  EXPECT_EQ(compact.find(">input"), std::string::npos);
  r = RunExport("--preset fig2.6 --compact --current --cell-px 12 --out " + (dir / "c12.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::ReadText(dir / "c12.svg").find("<text"), std::string::npos);
  // --max-width: Figure 4.6's three views fit a 1280 px slide (1325 px at the default cells).
  r = RunExport("--preset fig4.6 --view all --max-width 1280 --current --steps 7 --out " + (dir / "fit.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LE(test::DecodePng(dir / "fit.png").width, 1280);
  EXPECT_GT(test::DecodePng(dir / "fit.png").width, 1100);
  // --view all on a convolution says that it has one view (rather than being silently ignored).
  r = RunExport("--preset fig2.6 --view all --out " + (dir / "conv.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--view all: conv has one view, direct"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = RunExport("--preset fig2.6 --compact --current --cell-px 12 --out " + (dir / "c.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LE(test::DecodePng(dir / "c.png").width, 160);  // readable at a README's 150 px column
  // A figure's number and title above its caption.
  r = RunExport("--preset fig2.6 --caption --current --out " + (dir / "t.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(test::ReadText(dir / "t.svg").find("Figure 2.6: Padding, strides"), std::string::npos);
}

TEST_F(ExportCli, CurrentFrameAndStepRange) {
  CliRun r = RunExport("--preset fig1.1 --current --steps 4 --theme dark --out " + (dir / "one.png"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Image im = test::DecodePng(dir / "one.png");
  EXPECT_EQ(im.At(0, 0), DarkTheme().background);

  r = RunExport("--preset fig1.1 --steps 2-4 --out " + (dir / "range.gif"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::DecodeGif(dir / "range.gif").frames.size(), 3u);

  r = RunExport("--preset fig1.1 --steps 4-2 --out " + (dir / "bad.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  r = RunExport("--preset fig1.1 --steps 3-99 --out " + (dir / "bad.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("0-8"), std::string::npos) << r.err;
  EXPECT_FALSE(test::Exists(dir / "bad.gif"));
}

TEST_F(ExportCli, ErrorsAreOneLineExitTwoAndLeaveNothing) {
  CliRun r = RunExport("--preset fig2.6 --out " + (dir / "missing/a.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir / "missing/a.gif"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  r = RunExport("--preset fig2.6 --out /dev/full", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;

  r = RunExport("--preset fig2.6 --format bmp --out " + (dir / "a.bmp"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;

  r = RunExport("--preset fig2.6 --format png --out " + (dir / "a.png"), dir);
  EXPECT_EQ(r.exit_code, 2) << "a .png path without --current is a mistake, not a directory to create";

  r = RunExport("--preset fig2.6 --current --format gif --out " + (dir / "a.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);

  r = RunExport("--preset fig2.6", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos) << r.err;

  r = RunExport("--all-presets --preset fig2.6 --out " + (dir / "all"), dir);
  EXPECT_EQ(r.exit_code, 2);

  std::vector<std::string> left = test::ListDir(dir.path());
  EXPECT_TRUE(left.empty()) << left.front();
}

// --colour-by: value fills each input cell by its value (Figure 2.6's ramp 1…9: nine grays), role the paper's one
// blue; a picture defaults to value and --image-size N keeps its aspect ratio; a bad mode is one line, exit 2.
TEST_F(ExportCli, ColourByValueAndPictures) {
  auto input_fills = [](const std::string& svg) {
    std::set<std::string> fills;
    const std::regex cell(R"re(<rect class="cell input"[^>]* fill="(#[0-9a-f]{6})")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), cell); it != std::sregex_iterator(); ++it)
      fills.insert((*it)[1]);
    return fills.size();
  };
  CliRun r = RunExport("--preset fig2.6 --colour-by value --current --steps 8 --out " + (dir / "v.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(input_fills(test::ReadText(dir / "v.svg")), 9u);
  r = RunExport("--preset fig2.6 --current --steps 8 --out " + (dir / "r.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LE(input_fills(test::ReadText(dir / "r.svg")), 2u);  // the paper's blue (and its shade under the kernel)

  // A 30 x 20 picture, 8 gray levels across: --image-size 15 makes it 10 x 15, coloured by value by default.
  std::vector<unsigned char> gray(30 * 20);
  for (size_t n = 0; n < gray.size(); ++n) gray[n] = static_cast<unsigned char>((n % 30) / 4 * 36);
  ASSERT_NE(stbi_write_png((dir / "p.png").c_str(), 30, 20, 1, gray.data(), 30), 0);
  r = RunExport("--image " + (dir / "p.png") + " --image-size 15 -k 1 --current --no-numbers --out " + (dir / "p.svg"),
                dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = test::ReadText(dir / "p.svg");
  const std::regex input_cell("class=\"cell input");
  EXPECT_EQ(std::distance(std::sregex_iterator(svg.begin(), svg.end(), input_cell), std::sregex_iterator()), 10 * 15);
  EXPECT_GE(input_fills(svg), 5u);

  r = RunExport("--preset fig2.6 --colour-by hue --out " + (dir / "x.gif"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--colour-by"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  std::remove((dir / "v.svg").c_str());
  std::remove((dir / "r.svg").c_str());
  std::remove((dir / "p.svg").c_str());
  std::remove((dir / "p.png").c_str());
}

// A failure partway through --all-presets removes what the run already wrote.
TEST_F(ExportCli, TensorsIn3dDrawTheBoxesFacesInEveryFormat) {
  const std::string layer = "-i 8 -k 3 --in-channels 6 --out-channels 4 --groups 2 --channels 3d --current --steps 5 ";
  const CliRun svg = RunExport(layer + "--format svg --out " + (dir / "a.svg"), dir);
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  const std::string doc = test::ReadText(dir / "a.svg");
  size_t polygons = 0;
  for (size_t at = doc.find("<polygon class=\"depth\""); at != std::string::npos; at = doc.find("<polygon class=\"depth\"", at + 1))
    ++polygons;
  EXPECT_GT(polygons, 50u);  // top and side faces of both boxes and the kernel's, piece by piece
  const CliRun tikz = RunExport(layer + "--format tikz --out " + (dir / "a.tex"), dir);
  ASSERT_EQ(tikz.exit_code, 0) << tikz.err;
  EXPECT_NE(test::ReadText(dir / "a.tex").find("-- cycle;"), std::string::npos);
  const CliRun png = RunExport(layer + "--format png --out " + (dir / "a.png"), dir);
  ASSERT_EQ(png.exit_code, 0) << png.err;
  const CliRun bad = RunExport("-i 8 -k 3 --channels cube --format svg --current --out " + (dir / "b.svg"), dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--channels"), std::string::npos) << bad.err;
  EXPECT_FALSE(test::Exists(dir / "b.svg"));
}

TEST_F(ExportCli, SymbolsNameTheCellsAndWriteTheFormula) {
  const CliRun r = RunExport("--preset fig2.1 --symbols --format svg --current --steps 1 --out " + (dir / "a.svg"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = test::ReadText(dir / "a.svg");
  EXPECT_NE(svg.find(">x₁₂<"), std::string::npos);
  EXPECT_NE(svg.find(">w₁₁<"), std::string::npos);
  EXPECT_NE(svg.find("y₁₂ = w₁₁x₁₂ + w₁₂x₁₃"), std::string::npos);
  const CliRun tex = RunExport("--preset fig4.1 --symbols --convention convolution --format tikz --current --out " + (dir / "a.tex"), dir);
  ASSERT_EQ(tex.exit_code, 0) << tex.err;
  const CliRun bad = RunExport("--preset fig2.1 --symbols --convention flipped --format svg --current --out " + (dir / "b.svg"), dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--convention"), std::string::npos) << bad.err;
  EXPECT_FALSE(test::Exists(dir / "b.svg"));
}

TEST_F(ExportCli, AllPresetsFailureRemovesTheBatch) {
  ASSERT_EQ(::mkdir((dir / "all").c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((dir / "all/fig2.1.gif").c_str(), 0755), 0);  // in the way of the fifth figure
  const CliRun r = RunExport("--all-presets --out " + (dir / "all"), dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("fig2.1.gif"), std::string::npos) << r.err;
  EXPECT_EQ(test::ListDir(dir / "all"), std::vector<std::string>{"fig2.1.gif"});
}

TEST_F(ExportCli, WorksWithABogusDisplay) {
  // Even with a DISPLAY that points nowhere, export must not try to open it.
  const std::string command = "DISPLAY=:99 '" + test::ConvarithExe() + "' export --preset fig2.1 --out '" +
                              (dir / "a.gif") + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(test::DecodeGif(dir / "a.gif").frames.size(), 4u);
}

}  // namespace
}  // namespace convarith
