// Pictures for the app, through core's image.hpp: the input a picture gives and the gray pictures of maps, kept in
// one unit so the panels do not depend on the decoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "convarith/tensor/tensor.hpp"

namespace convarith::app {

// How a picture becomes the input: gray (ITU-R 601-2 luma) or R, G, B channels, resized to height x width (0: the
// file's own size).
struct ImageRead {
  bool rgb = false;
  int height = 0, width = 0;
  int longer = 0;  // > 0: the longer side becomes this, keeping the aspect ratio (over height and width)
};

// The picture as a canonical input tensor (C, 1, H, W); throws std::runtime_error with one line naming the file.
Tensor ReadImageInput(const std::string& path, const ImageRead& how);

// A map as 8-bit gray, its range stretched (core's MapToGray).
std::vector<uint8_t> GrayPixels(const double* values, int rows, int cols, double* lo = nullptr, double* hi = nullptr);

// Whether a file name looks like a picture stb_image reads (the file browser lists those).
bool LooksLikeImage(const std::string& name);

}  // namespace convarith::app
