// Pictures for the app, through core's image.hpp. A separate unit because core's image.hpp and the exporter's
// export.hpp (which app.hpp reaches) both define convarith::kMaxImageSide.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "convarith/tensor.hpp"

namespace convarith::app {

// How a picture becomes the input: gray (ITU-R 601-2 luma) or R, G, B channels, resized to height x width (0: the
// file's own size).
struct ImageRead {
  bool rgb = false;
  int height = 0, width = 0;
};

// The picture as a canonical input tensor (C, 1, H, W); throws std::runtime_error with one line naming the file.
Tensor ReadImageInput(const std::string& path, const ImageRead& how);

// A map as 8-bit gray, its range stretched (core's MapToGray).
std::vector<uint8_t> GrayPixels(const double* values, int rows, int cols, double* lo = nullptr, double* hi = nullptr);

// Whether a file name looks like a picture stb_image reads (the file browser lists those).
bool LooksLikeImage(const std::string& name);

}  // namespace convarith::app
