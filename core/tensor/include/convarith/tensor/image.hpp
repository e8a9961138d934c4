// Pictures as input tensors: PNG, JPEG (and the other formats stb_image reads) as one grayscale channel (ITU-R 601-2
// luma, as Pillow's convert('L')) or as R, G, B channels, optionally resized; and a tensor map back as 8-bit pixels.
#pragma once

#include <array>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/tensor/tensor.hpp"

namespace convarith {

enum class ImageMode { Gray, Rgb };
std::string_view ImageModeName(ImageMode mode);  // gray | rgb
std::optional<ImageMode> ParseImageMode(std::string_view name);

// The largest picture accepted, per side (before any resize): larger files are refused before they are decoded.
inline constexpr int kMaxPictureSide = 8192;
// The largest picture file read (checked before reading it).
inline constexpr size_t kMaxPictureFileBytes = size_t{256} << 20;

// Thrown with one line naming the file and what is wrong (unreadable, not an image, truncated, too large).
// An Error with code ErrorCode::UnreadableImage.
struct ImageError : Error {
  explicit ImageError(const std::string& message) : Error(ErrorCode::UnreadableImage, message) {}
};

struct ImageOptions {
  ImageMode mode = ImageMode::Gray;
  int height = 0, width = 0;  // resize to height x width (area averaging when shrinking); 0 keeps the file's size
  int longer_side = 0;        // > 0: resize so that the longer side is this, keeping the aspect ratio (over height, width)
};

// The size (height, width) a picture of h x w pixels is read at under `options`.
std::array<int, 2> ImageReadSize(int h, int w, const ImageOptions& options);

// Reads a picture as a canonical input tensor (C, 1, H, W): C = 1 (gray, values 0..255 as Pillow's 'L') or 3 (R, G, B,
// 0..255), through the bounded reader (regular files of at most kMaxPictureFileBytes). Throws ImageError.
Tensor LoadImageTensor(const std::string& path, const ImageOptions& options);

// The same from bytes in memory (`name` is used in messages).
Tensor DecodeImageTensor(const std::vector<uint8_t>& bytes, const std::string& name, const ImageOptions& options);

// Pillow's convert('L') of one pixel: (R·19595 + G·38470 + B·7471 + 2^15) >> 16, the 601-2 luma in fixed point.
inline uint8_t Luma601(uint8_t r, uint8_t g, uint8_t b) {
  return static_cast<uint8_t>((r * 19595u + g * 38470u + b * 7471u + 0x8000u) >> 16);
}

// A map of values as 8-bit gray pixels, row-major: [lo, hi] of the map stretched to 0..255 (a constant map is mid
// gray), so an output image shows edges whatever the kernel's scale.
std::vector<uint8_t> MapToGray(const double* values, int rows, int cols, double* lo = nullptr, double* hi = nullptr);

}  // namespace convarith
