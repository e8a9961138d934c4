// The GIF palette: exact for few colours, popular colours exact and the rest close when there are many; GIF delays.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "gif_writer.hpp"
#include "palette.hpp"
#include "test_util.hpp"

namespace convarith {
namespace {

Image Solid(int w, int h, Rgba c) {
  Image im{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 4)};
  for (size_t i = 0; i < im.rgba.size(); i += 4) im.rgba[i] = c.r, im.rgba[i + 1] = c.g, im.rgba[i + 2] = c.b, im.rgba[i + 3] = 255;
  return im;
}

void Set(Image& im, int x, int y, uint32_t rgb) {
  uint8_t* p = &im.rgba[(static_cast<size_t>(y) * im.width + x) * 4];
  p[0] = static_cast<uint8_t>(rgb >> 16), p[1] = static_cast<uint8_t>(rgb >> 8), p[2] = static_cast<uint8_t>(rgb);
}

TEST(Palette, ExactWhenFewColours) {
  Image im = Solid(20, 20, {255, 255, 255, 255});
  for (int i = 0; i < 200; ++i) Set(im, i % 20, i / 20, 0x010203u * static_cast<uint32_t>(i));
  ColorHistogram h;
  h.Add(im);
  ASSERT_EQ(h.Distinct(), 201u);
  const std::vector<uint32_t> palette = BuildPalette(h, kGifMaxColors);
  EXPECT_EQ(palette.size(), 201u);
  PaletteMap map(palette);
  std::vector<uint8_t> indices;
  map.Map(im, indices);
  for (int y = 0; y < im.height; ++y) {
    for (int x = 0; x < im.width; ++x) {
      const size_t i = static_cast<size_t>(y) * im.width + x;
      ASSERT_EQ(palette[indices[i]], PackRgb(&im.rgba[i * 4])) << x << "," << y;
    }
  }
}

TEST(Palette, ManyColoursKeepFlatOnesExactAndTheRestClose) {
  // Four flat areas (cell fills) and 2000 distinct "antialiasing" colours between them.
  Image im = Solid(200, 200, {255, 255, 255, 255});
  const uint32_t flats[] = {0xFFFFFFu, 0x268BD2u, 0x2AA198u, 0x212529u};
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 200; ++x) Set(im, x, y, flats[(y / 100) * 2 + x / 100]);
  std::srand(7);
  for (int i = 0; i < 2000; ++i) {
    const uint32_t a = flats[i % 4], b = flats[(i / 4) % 4];
    const int t = i % 251;
    auto mix = [&](int shift) {
      const int ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF;
      return static_cast<uint32_t>(ca + (cb - ca) * t / 250) << shift;
    };
    Set(im, i % 200, 50 + i / 200, mix(16) | mix(8) | mix(0));
  }
  ColorHistogram h;
  h.Add(im);
  ASSERT_GT(h.Distinct(), 255u);
  const std::vector<uint32_t> palette = BuildPalette(h, kGifMaxColors);
  ASSERT_LE(palette.size(), 255u);
  for (uint32_t flat : flats) EXPECT_NE(std::find(palette.begin(), palette.end(), flat), palette.end()) << std::hex << flat;

  PaletteMap map(palette);
  int worst = 0;
  for (const auto& [rgb, count] : h.Counts()) {
    const uint32_t got = palette[map.Index(rgb)];
    for (int shift : {16, 8, 0}) {
      worst = std::max(worst, std::abs(static_cast<int>((rgb >> shift) & 0xFF) - static_cast<int>((got >> shift) & 0xFF)));
    }
  }
  EXPECT_LE(worst, 24) << "a colour was mapped far from itself";
}

TEST(GifDelays, OneSecondAFrameAndHoldOnTheLast) {
  EXPECT_EQ(GifDelays(3, 1.0, 0.0), (std::vector<int>{100, 100, 100}));
  EXPECT_EQ(GifDelays(3, 1.0, 2.5), (std::vector<int>{100, 100, 350}));
  EXPECT_EQ(GifDelays(0, 1.0, 1.0), std::vector<int>{});
}

TEST(GifDelays, RoundingDoesNotDrift) {
  const std::vector<int> d = GifDelays(30, 3.0, 0.0);  // 33.33 cs each
  int total = 0;
  for (int v : d) {
    EXPECT_TRUE(v == 33 || v == 34) << v;
    total += v;
  }
  EXPECT_EQ(total, 1000);
}

TEST(GifDelays, NeverBelowTwoHundredths) {
  for (int v : GifDelays(10, 50.0, 0.0)) EXPECT_EQ(v, 2);
  for (int v : GifDelays(10, 500.0, 0.0)) EXPECT_EQ(v, 2);
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// Two identical one-colour frames: the smallest palette, and a second frame that changes nothing (stored as one
// transparent pixel) must still decode as its own frame with its own delay.
TEST(GifEncoderTest, UnchangedFrameKeepsItsPlaceAndDelay) {
  const Image solid = Solid(30, 20, {42, 161, 152, 255});
  ColorHistogram h;
  h.Add(solid);
  GifEncoder encoder(30, 20, BuildPalette(h, kGifMaxColors), true);
  encoder.AddFrame(solid, 100);
  encoder.AddFrame(solid, 70);
  const std::vector<uint8_t> bytes = encoder.Finish();
  test::TempDir dir;
  const std::string path = dir / "solid.gif";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  std::fclose(f);
  const test::DecodedGif gif = test::DecodeGif(path);
  ASSERT_EQ(gif.frames.size(), 2u);
  EXPECT_EQ(gif.delays_cs, (std::vector<int>{100, 70}));
  EXPECT_EQ(gif.rects[1], (std::array<int, 4>{0, 0, 1, 1}));
  EXPECT_EQ(test::CountDifferences(gif.frames[1], solid), 0);
  EXPECT_EQ(gif.global_colors, 2);  // one colour plus the transparent slot
}

TEST(GifEncoderTest, RefusesFramesOfAnotherSize) {
  const Image a = Solid(10, 10, {0, 0, 0, 255}), b = Solid(11, 10, {0, 0, 0, 255});
  ColorHistogram h;
  h.Add(a);
  GifEncoder encoder(10, 10, BuildPalette(h, kGifMaxColors), false);
  encoder.AddFrame(a, 10);
  EXPECT_THROW(encoder.AddFrame(b, 10), ExportError);
}

}  // namespace
}  // namespace convarith
