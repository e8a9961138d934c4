// PNG encoding in memory through stb_image_write (the file itself is written atomically by the caller).
#pragma once

#include <cstdint>
#include <vector>

#include "convarith/export.hpp"

namespace convarith {

// The image as PNG bytes: RGB when every pixel is opaque (smaller), else RGBA.
std::vector<uint8_t> EncodePng(const Image& image);

}  // namespace convarith
