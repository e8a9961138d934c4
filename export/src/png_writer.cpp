// PNG encoding with stb_image_write into a memory buffer.
#include "png_writer.hpp"

#include <stb_image_write.h>

#include <algorithm>

namespace convarith {
namespace {

void AppendToVector(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<uint8_t>*>(context);
  const auto* bytes = static_cast<const uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<uint8_t> EncodePng(const Image& image) {
  const size_t pixels = static_cast<size_t>(image.width) * image.height;
  bool opaque = true;
  for (size_t i = 3; i < image.rgba.size() && opaque; i += 4) opaque = image.rgba[i] == 255;

  std::vector<uint8_t> out;
  int ok = 0;
  if (opaque) {
    std::vector<uint8_t> rgb(pixels * 3);
    for (size_t i = 0; i < pixels; ++i) std::copy_n(&image.rgba[i * 4], 3, &rgb[i * 3]);
    ok = stbi_write_png_to_func(AppendToVector, &out, image.width, image.height, 3, rgb.data(), image.width * 3);
  } else {
    ok = stbi_write_png_to_func(AppendToVector, &out, image.width, image.height, 4, image.rgba.data(),
                                image.width * 4);
  }
  if (ok == 0) throw ExportError("PNG encoder failed (" + std::to_string(image.width) + "x" +
                                 std::to_string(image.height) + ")");
  return out;
}

}  // namespace convarith
