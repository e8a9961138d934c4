// Pictures for the app, through core's image.hpp.
#include "image_input.hpp"

#include <algorithm>
#include <cctype>

#include "convarith/tensor/image.hpp"

namespace convarith::app {

Tensor ReadImageInput(const std::string& path, const ImageRead& how) {
  ImageOptions options;
  options.mode = how.rgb ? ImageMode::Rgb : ImageMode::Gray;
  options.height = how.height;
  options.width = how.width;
  options.longer_side = how.longer;
  return LoadImageTensor(path, options);
}

std::vector<uint8_t> GrayPixels(const double* values, int rows, int cols, double* lo, double* hi) {
  return MapToGray(values, rows, cols, lo, hi);
}

bool LooksLikeImage(const std::string& name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* known : {"png", "jpg", "jpeg", "bmp", "gif", "tga", "pgm", "ppm", "pnm", "psd", "hdr", "pic"}) {
    if (ext == known) return true;
  }
  return false;
}

}  // namespace convarith::app
