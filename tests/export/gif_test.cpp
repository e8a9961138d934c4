// GIF exports of the paper's figures decoded with giflib: frame count, size, delays, looping, changed rectangles,
// and every composited frame against the PNG of the same step.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "convarith/export.hpp"
#include "convarith/scene/presets.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

using test::DecodedGif;
using test::TempDir;

Computation PresetComputation(const std::string& name) {
  const Preset* p = FindPreset(name);
  if (p == nullptr) throw std::runtime_error("no preset " + name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

// PNG frames of the same export options, decoded.
std::vector<Image> PngFrames(const Computation& c, ExportOptions o, const std::string& dir) {
  o.format = ExportFormat::Png;
  o.out = dir;
  const ExportResult r = Export(c, o);
  std::vector<Image> frames;
  for (const std::string& file : r.files) frames.push_back(test::DecodePng(file));
  return frames;
}

size_t DistinctColours(const std::vector<Image>& frames) {
  std::set<uint32_t> colours;
  for (const Image& im : frames)
    for (size_t i = 0; i < im.rgba.size(); i += 4) colours.insert(im.rgba[i] << 16 | im.rgba[i + 1] << 8 | im.rgba[i + 2]);
  return colours.size();
}

TEST(Gif, FrameCountSizeDelaysAndLoop) {
  TempDir dir;
  const Computation c = PresetComputation("fig2.6");
  ExportOptions o;
  o.out = dir / "fig2.6.gif";
  o.fps = 2.0;
  o.hold_seconds = 1.5;
  const ExportResult r = Export(c, o);
  EXPECT_EQ(r.files, std::vector<std::string>{o.out});
  EXPECT_EQ(r.frames, 9);

  const DecodedGif gif = test::DecodeGif(o.out);
  const int steps = StepCount(c, View::Direct);
  ASSERT_EQ(steps, 9);  // i=5, k=3, s=2, p=1: o = 3, 3 x 3 kernel positions
  ASSERT_EQ(static_cast<int>(gif.frames.size()), steps) << "the hold lengthens the last frame, it adds no frame";

  FrameOptions fo;
  fo.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  const Image first = Rasterize(BuildFrame(c, fo), kDefaultCellPx);
  EXPECT_EQ(gif.width, first.width);
  EXPECT_EQ(gif.height, first.height);

  for (int i = 0; i + 1 < steps; ++i) EXPECT_EQ(gif.delays_cs[static_cast<size_t>(i)], 50) << i;
  EXPECT_EQ(gif.delays_cs.back(), 50 + 150);
  EXPECT_TRUE(gif.loops_forever);
  EXPECT_LE(gif.global_colors, 256);
}

TEST(Gif, NoLoopExtensionWhenPlayingOnce) {
  TempDir dir;
  ExportOptions o;
  o.out = dir / "once.gif";
  o.loop = false;
  Export(PresetComputation("fig2.1"), o);
  const DecodedGif gif = test::DecodeGif(o.out);
  EXPECT_EQ(gif.frames.size(), 4u);
  EXPECT_FALSE(gif.loops_forever);
}

TEST(Gif, LaterFramesStoreOnlyTheChangedRectangle) {
  TempDir dir;
  ExportOptions o;
  o.out = dir / "a.gif";
  Export(PresetComputation("fig2.4"), o);
  const DecodedGif gif = test::DecodeGif(o.out);
  ASSERT_GT(gif.rects.size(), 2u);
  EXPECT_EQ(gif.rects[0], (std::array<int, 4>{0, 0, gif.width, gif.height}));
  long long full = 0, stored = 0;
  for (size_t i = 1; i < gif.rects.size(); ++i) {
    full += static_cast<long long>(gif.width) * gif.height;
    stored += static_cast<long long>(gif.rects[i][2]) * gif.rects[i][3];
  }
  EXPECT_LT(stored, full);
  for (int d : gif.disposal) EXPECT_EQ(d, 1) << "frames must paint over the previous one (DISPOSE_DO_NOT)";
}

// Text edges keep a few coverage levels, so every animation fits one GIF palette: each decoded GIF frame must equal
// the PNG of the same step pixel for pixel, with numbers, labels, caption, legend and equation, for every figure of
// the paper (and, for a few, every view and the dark theme).
TEST(Gif, EveryFrameEqualsThePngOfTheSameStep) {
  int frames = 0;
  for (const Preset& preset : Presets()) {
    const Computation c = PresetComputation(preset.name);
    for (View view : ViewsOf(c.config.op)) {
      for (bool dark : {false, true}) {
        // Every figure in its default view; the other views and the dark theme on a few (the test stays quick).
        const bool extra = preset.name == "fig1.6" || preset.name == "fig2.7" || preset.name == "fig4.7";
        if ((view != ViewsOf(c.config.op).front() || dark) && !extra) continue;
        SCOPED_TRACE(preset.name + " " + std::string(ViewName(view)) + (dark ? " dark" : " light"));
        TempDir dir;
        ExportOptions o;
        o.out = dir / "a.gif";
        o.view = view;
        o.frame.labels = true;
        o.frame.caption = true;
        o.frame.theme = dark ? DarkTheme() : LightTheme();
        const std::vector<Image> png = PngFrames(c, o, dir / "png");
        ASSERT_LE(DistinctColours(png), 255u) << "the animation must fit one GIF palette";
        Export(c, o);
        const DecodedGif gif = test::DecodeGif(o.out);
        ASSERT_EQ(gif.frames.size(), png.size());
        ASSERT_EQ(gif.frames.size(), static_cast<size_t>(StepCount(c, view)));
        for (size_t i = 0; i < png.size(); ++i) {
          std::string where;
          EXPECT_EQ(test::CountDifferences(gif.frames[i], png[i], &where), 0) << "frame " << i << " first at " << where;
        }
        frames += static_cast<int>(png.size());
      }
    }
  }
  EXPECT_GT(frames, 350);
}

TEST(Gif, StepRangeExportsThoseSteps) {
  TempDir dir;
  const Computation c = PresetComputation("fig1.1");
  ExportOptions o;
  o.out = dir / "a.gif";
  o.first_step = 3;
  o.last_step = 5;
  o.frame.numbers = false;
  o.frame.legend = false;
  o.frame.equation = false;
  const ExportResult r = Export(c, o);
  EXPECT_EQ(r.frames, 3);
  const DecodedGif gif = test::DecodeGif(o.out);
  ASSERT_EQ(gif.frames.size(), 3u);
  FrameOptions fo = o.frame;
  fo.measure = ExportTextMeasure();  // laid out as the export lays it out (the embedded font)
  fo.step = 3;
  EXPECT_EQ(test::CountDifferences(gif.frames[0], Rasterize(BuildFrame(c, fo), o.cell_px)), 0);
  fo.step = 5;
  EXPECT_EQ(test::CountDifferences(gif.frames[2], Rasterize(BuildFrame(c, fo), o.cell_px)), 0);
}

// The size goal: no larger than the paper's GIF of the same animation, at a comparable pixel size.
TEST(Gif, NoLargerThanThePapersGifs) {
  struct Paper {
    const char* preset;
    int width, height;
    long long bytes;
  };
  for (const Paper& paper : {Paper{"fig2.6", 395, 381, 121198}, Paper{"fig4.6", 395, 449, 272238},
                             Paper{"fig5.1", 395, 381, 141518}}) {
    SCOPED_TRACE(paper.preset);
    TempDir dir;
    ExportOptions o;
    o.out = dir / "a.gif";
    o.frame.labels = false;  // as the command line's default and the paper's animations: no grid labels
    const ExportResult r = Export(PresetComputation(paper.preset), o);
    const DecodedGif gif = test::DecodeGif(o.out);
    const double area_ratio = static_cast<double>(gif.width) * gif.height / (static_cast<double>(paper.width) * paper.height);
    EXPECT_GT(area_ratio, 0.7);
    EXPECT_LT(area_ratio, 1.5);
    EXPECT_LT(r.bytes, paper.bytes);
    EXPECT_EQ(static_cast<long long>(test::ReadFile(o.out).size()), r.bytes);
  }
}

}  // namespace
}  // namespace convarith
