// "Upsampling compared": the checkerboard of k = 3, s = 2 in the transposed convolution's overlap and its absence in
// the others, its compounding over stacked layers, max unpooling's winners, and the frame that draws them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/upsample_compare.hpp"

namespace convarith {
namespace {

const MethodResult& Of(const UpsampleComparison& c, UpsampleMethod m) {
  return *std::find_if(c.methods.begin(), c.methods.end(), [&](const MethodResult& r) { return r.method == m; });
}

// The distinct values of a map's interior (a border of `b` cells left out).
std::set<double> Interior(const Tensor& t, int b) {
  std::set<double> v;
  for (int r = b; r < t.dim(2) - b; ++r)
    for (int c = b; c < t.dim(3) - b; ++c) v.insert(t.at({0, 0, r, c}));
  return v;
}

TEST(UpsampleCompare, CheckerboardOnlyInTheTransposedConvolution) {
  CompareParams p;  // 8 x 8, s = 2, k = 3, p = 1, one layer
  p.source = CompareSource::Constant;
  const UpsampleComparison c = CompareUpsampling(p);
  ASSERT_EQ(c.methods.size(), 5u);
  for (const MethodResult& m : c.methods) EXPECT_EQ(m.output.shape(), (std::vector<int>{1, 1, 16, 16})) << m.title;
  const MethodResult& t = Of(c, UpsampleMethod::Transposed);
  EXPECT_EQ(t.title, "Transposed conv k=3, s=2, p=1, a=1");
  // Uneven overlap: 1, 2 or 4 stamps inside, and the output of a constant input follows it (box kernel 1/9).
  EXPECT_EQ(Interior(t.overlap, 1), (std::set<double>{1, 2, 4}));
  EXPECT_EQ(t.overlap_min, 1);
  EXPECT_EQ(t.overlap_max, 4);
  for (size_t n = 0; n < t.output.size(); ++n) EXPECT_NEAR(t.output[n], t.overlap[n] / 9.0, 1e-12);
  // The others are even inside: a constant stays constant.
  EXPECT_EQ(Interior(Of(c, UpsampleMethod::NearestConv).overlap, 1), (std::set<double>{9}));
  EXPECT_EQ(Interior(Of(c, UpsampleMethod::PixelShuffle).overlap, 2), (std::set<double>{9}));
  EXPECT_EQ(Interior(Of(c, UpsampleMethod::BilinearConv).overlap, 2), (std::set<double>{36}));
  for (UpsampleMethod m : {UpsampleMethod::NearestConv, UpsampleMethod::BilinearConv, UpsampleMethod::PixelShuffle}) {
    for (double v : Interior(Of(c, m).output, 2)) EXPECT_NEAR(v, 1.0, 1e-12) << Of(c, m).title;
  }
}

TEST(UpsampleCompare, OneLayerOverlapIsTheTransposedConvolutionsOwn) {
  for (const auto& [k, s, pad] : {std::array<int, 3>{3, 2, 1}, {4, 2, 1}, {2, 2, 0}, {5, 3, 2}}) {
    CompareParams p;
    p.input = {5, 6};
    p.kernel = k;
    p.factor = s;
    p.padding = pad;
    const UpsampleComparison cmp = CompareUpsampling(p);
    const MethodResult& t = Of(cmp, UpsampleMethod::Transposed);
    Config c;
    c.op = Op::Transposed;
    c.axes[kHeight] = {5, k, s, pad, pad, 1, 0};
    c.axes[kWidth] = {6, k, s, pad, pad, 1, 0};
    for (int a = 1; a < 3; ++a) {
      AxisParams& ax = c.axes[static_cast<size_t>(a)];
      const int extra = ax.input * s - ((ax.input - 1) * s - 2 * pad + k);
      ax.output_padding = extra >= 0 && extra < s ? extra : 0;
    }
    const Tensor want = TransposedOverlap(c);
    ASSERT_EQ(t.overlap.values(), want.values()) << "k " << k << " s " << s;
  }
  CompareParams even;
  even.kernel = 2;
  even.padding = 0;
  EXPECT_EQ(Interior(Of(CompareUpsampling(even), UpsampleMethod::Transposed).overlap, 0), (std::set<double>{1}));
}

TEST(UpsampleCompare, StackedLayersCompoundTheCheckerboard) {
  CompareParams p;
  p.input = {4, 4};
  p.source = CompareSource::Constant;
  const double one = Of(CompareUpsampling(p), UpsampleMethod::Transposed).overlap_max;
  p.layers = 3;
  const UpsampleComparison c = CompareUpsampling(p);
  const MethodResult& t = Of(c, UpsampleMethod::Transposed);
  EXPECT_EQ(t.output.dim(3), 32);
  EXPECT_GT(t.overlap_max / t.overlap_min, one);  // the spread between cells grows with every layer
  EXPECT_GT(Interior(t.overlap, 4).size(), 3u);
}

TEST(UpsampleCompare, MaxUnpoolingPutsTheSourcesWinnersBack) {
  CompareParams p;
  p.input = {3, 4};
  p.layers = 2;  // source 12 x 16, pooled twice by 2
  const UpsampleComparison c = CompareUpsampling(p);
  ASSERT_EQ(c.source.shape(), (std::vector<int>{1, 1, 12, 16}));
  ASSERT_EQ(c.input.shape(), (std::vector<int>{1, 1, 3, 4}));
  const MethodResult& u = Of(c, UpsampleMethod::MaxUnpool);
  int winners = 0;
  for (size_t n = 0; n < u.output.size(); ++n) {
    if (u.overlap[n] == 0) {
      EXPECT_EQ(u.output[n], 0);
      continue;
    }
    ++winners;
    EXPECT_EQ(u.output[n], c.source[n]);  // the ramp's maximum of each 4 x 4 window, where it was
  }
  EXPECT_EQ(winners, 12);
}

TEST(UpsampleCompare, OneDimensionalAndRefusals) {
  CompareParams p;
  p.rank = 1;
  p.input = {1, 6};
  p.factor = 3;
  const UpsampleComparison c = CompareUpsampling(p);
  for (const MethodResult& m : c.methods) EXPECT_EQ(m.output.shape(), (std::vector<int>{1, 1, 1, 18})) << m.title;
  auto refusal = [](CompareParams q, const std::string& parameter) {
    try {
      CompareUpsampling(q);
      ADD_FAILURE() << "no exception for " << parameter;
    } catch (const InvalidConfig& e) {
      EXPECT_EQ(e.error.parameter, parameter) << e.what();
    }
  };
  CompareParams bad;
  bad.layers = 4;
  refusal(bad, "layers");
  bad = {};
  bad.rank = 3;
  refusal(bad, "dims");
  bad = {};
  bad.factor = 0;
  refusal(bad, "scale_factor");
  bad = {};
  bad.padding = 9;
  refusal(bad, "padding");
  bad = {};
  bad.input = {2000, 2000};
  refusal(bad, "input_size");
  const Tensor wrong({1, 1, 3, 3});
  try {
    CompareUpsampling(CompareParams{}, &wrong);
    ADD_FAILURE() << "no exception for the picture";
  } catch (const InvalidConfig& e) {
    EXPECT_EQ(e.error.parameter, "source") << e.what();
  }
}

TEST(UpsampleCompare, FrameShowsEveryMethodWithItsOutputAndTitledOverlap) {
  CompareParams p;
  p.source = CompareSource::Constant;
  const Frame f = BuildComparisonFrame(CompareUpsampling(p), {});
  EXPECT_EQ(f.images.size(), 2u + 5u * 2u);  // input and source, then each method's output and overlap
  auto has = [&](const std::string& s) {
    return std::any_of(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == s; });
  };
  EXPECT_TRUE(has("Transposed conv k=3, s=2, p=1, a=1"));
  EXPECT_TRUE(has("overlap: 1 to 4 taps per cell"));
  EXPECT_TRUE(has("overlap: 0 to 1 taps per cell"));  // max unpooling: winners only
  EXPECT_TRUE(has("Pixel shuffle ×2 (conv k=3 to 4 ch.)"));
  for (const FrameImage& img : f.images) {
    EXPECT_LE(img.x + img.Width(), f.width);
    EXPECT_LE(img.y + img.Height(), f.height);
  }
  for (const FrameText& t : f.texts) EXPECT_LE(t.y + t.size, f.height);
}

// The app's window (min_text): every text at least that tall, the long titles wrapped onto lines of their own (none
// shrunk below it), and no text over a map: the rows moved down to make room. Without it the export's layout.
TEST(UpsampleCompareFrame, MinTextWrapsTitlesAndMakesRoom) {
  CompareParams p;
  p.layers = 3;
  const UpsampleComparison cmp = CompareUpsampling(p);
  CompareFrameOptions o;
  const Frame plain = BuildComparisonFrame(cmp, o);
  o.min_text = 0.9f;
  const Frame f = BuildComparisonFrame(cmp, o);
  EXPECT_EQ(f.width, plain.width);
  EXPECT_GT(f.height, plain.height);
  EXPECT_GT(f.texts.size(), plain.texts.size());  // wrapped titles
  auto has = [&](const std::string& s) {
    return std::any_of(f.texts.begin(), f.texts.end(), [&](const FrameText& t) { return t.text == s; });
  };
  // "Transposed conv k=3, s=2, p=1, a=1" broken at its spaces: its lines, in order, are its words.
  EXPECT_FALSE(has("Transposed conv k=3, s=2, p=1, a=1"));
  std::string joined;
  for (const FrameText& t : f.texts) {
    if (!joined.empty() && joined.size() < 34) joined += " " + t.text;
    if (t.text.rfind("Transposed", 0) == 0) joined = t.text;
  }
  EXPECT_EQ(joined, "Transposed conv k=3, s=2, p=1, a=1");
  for (const FrameText& t : f.texts) {
    EXPECT_GE(t.size, 0.9f) << t.text;
    EXPECT_LE(t.y + t.size, f.height) << t.text;
    for (const FrameImage& img : f.images) {
      const bool same_column = t.x >= img.x - 0.01f && t.x <= img.x + img.Width();
      const bool overlaps = t.y < img.y + img.Height() && t.y + t.size > img.y;
      EXPECT_FALSE(same_column && overlaps) << t.text << " over a map at " << img.x << ", " << img.y;
    }
  }
  for (const FrameText& t : plain.texts) EXPECT_LT(t.size, 0.9f) << t.text;
}

}  // namespace
}  // namespace convarith
