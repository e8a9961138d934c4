// Pictures as input tensors: luma as Pillow computes it, RGB channels, area-averaging resize, and bad files refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include <stb_image_write.h>

#include "convarith/shape/config.hpp"
#include "convarith/tensor/image.hpp"

namespace convarith {
namespace {

std::vector<uint8_t> Png(int w, int h, const std::vector<uint8_t>& rgb) {
  std::vector<uint8_t> out;
  stbi_write_png_to_func(
      [](void* ctx, void* data, int size) {
        auto* v = static_cast<std::vector<uint8_t>*>(ctx);
        v->insert(v->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
      },
      &out, w, h, 3, rgb.data(), w * 3);
  return out;
}

TEST(Image, GrayIsPillowsLuma) {
  // Pillow's convert('L') rounds (R·19595 + G·38470 + B·7471) / 2^16: pure red 76, green 150, blue 29, white 255.
  EXPECT_EQ(Luma601(255, 0, 0), 76);
  EXPECT_EQ(Luma601(0, 255, 0), 150);
  EXPECT_EQ(Luma601(0, 0, 255), 29);
  EXPECT_EQ(Luma601(255, 255, 255), 255);
  const std::vector<uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30};
  const Tensor t = DecodeImageTensor(Png(2, 2, rgb), "mem", {});
  EXPECT_EQ(t.shape(), (std::vector<int>{1, 1, 2, 2}));
  EXPECT_EQ(t.values(), (std::vector<double>{76, 150, 29, 18}));  // 10·0.299 + 20·0.587 + 30·0.114 = 18.1
}

TEST(Image, RgbChannelsAndResize) {
  std::vector<uint8_t> rgb;
  for (int n = 0; n < 16; ++n) rgb.insert(rgb.end(), {static_cast<uint8_t>(n * 10), 7, 200});
  ImageOptions o;
  o.mode = ImageMode::Rgb;
  const Tensor t = DecodeImageTensor(Png(4, 4, rgb), "mem", o);
  ASSERT_EQ(t.shape(), (std::vector<int>{3, 1, 4, 4}));
  EXPECT_EQ(t.at({0, 0, 1, 2}), 60);
  EXPECT_EQ(t.at({1, 0, 3, 3}), 7);
  EXPECT_EQ(t.at({2, 0, 2, 0}), 200);
  // Halving averages each 2 x 2 block exactly; a constant channel stays constant.
  o.height = o.width = 2;
  const Tensor half = DecodeImageTensor(Png(4, 4, rgb), "mem", o);
  ASSERT_EQ(half.shape(), (std::vector<int>{3, 1, 2, 2}));
  EXPECT_DOUBLE_EQ(half.at({0, 0, 0, 0}), (0 + 10 + 40 + 50) / 4.0);
  EXPECT_DOUBLE_EQ(half.at({1, 0, 1, 1}), 7);
  o.height = 3;
  o.width = 5;  // non-integer factors, up and down
  const Tensor odd = DecodeImageTensor(Png(4, 4, rgb), "mem", o);
  EXPECT_EQ(odd.shape(), (std::vector<int>{3, 1, 3, 5}));
  for (int n = 0; n < 15; ++n) EXPECT_DOUBLE_EQ(odd[15 + static_cast<size_t>(n)], 7);
}

TEST(Image, BadFilesGetOneClearLine) {
  auto message = [](const std::vector<uint8_t>& bytes) {
    try {
      DecodeImageTensor(bytes, "x.png", {});
    } catch (const ImageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({}).find("empty"), std::string::npos);
  EXPECT_NE(message({'h', 'e', 'l', 'l', 'o'}).find("not an image"), std::string::npos);
  std::vector<uint8_t> png = Png(8, 8, std::vector<uint8_t>(8 * 8 * 3, 100));
  png.resize(png.size() / 2);  // truncated
  EXPECT_NE(message(png), "no error");
  EXPECT_THROW(LoadImageTensor("/nonexistent/x.png", {}), ImageError);
  ImageOptions big;
  big.height = big.width = kMaxSize + 1;
  EXPECT_THROW(DecodeImageTensor(Png(2, 2, std::vector<uint8_t>(12, 1)), "mem", big), ImageError);
}

TEST(Image, MapToGrayStretchesTheRange) {
  const double v[4] = {-1, 0, 1, 3};
  double lo = 0, hi = 0;
  const auto g = MapToGray(v, 2, 2, &lo, &hi);
  EXPECT_EQ(lo, -1);
  EXPECT_EQ(hi, 3);
  EXPECT_EQ(g, (std::vector<uint8_t>{0, 64, 128, 255}));
  const double flat[2] = {5, 5};
  EXPECT_EQ(MapToGray(flat, 1, 2), (std::vector<uint8_t>{128, 128}));
}

}  // namespace
}  // namespace convarith
