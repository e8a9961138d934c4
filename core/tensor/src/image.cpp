// Pictures in and out: stb_image decoding with size checks before decoding, Pillow's luma, area-averaging resize.
#include "convarith/tensor/image.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <stb_image.h>

#include "convarith/base/read_file.hpp"
#include "convarith/tensor/limits.hpp"

namespace convarith {

std::string_view ImageModeName(ImageMode mode) { return mode == ImageMode::Rgb ? "rgb" : "gray"; }

std::optional<ImageMode> ParseImageMode(std::string_view name) {
  if (name == "gray" || name == "grey" || name == "L") return ImageMode::Gray;
  if (name == "rgb" || name == "RGB") return ImageMode::Rgb;
  return std::nullopt;
}

namespace {

// Area-averaging resize of one channel (every source pixel contributes by its overlap): no ringing, exact for
// integer factors, and a uniform picture stays uniform.
std::vector<double> Resize(const std::vector<double>& src, int sh, int sw, int dh, int dw) {
  std::vector<double> out(static_cast<size_t>(dh) * dw, 0.0);
  const double fy = static_cast<double>(sh) / dh, fx = static_cast<double>(sw) / dw;
  for (int y = 0; y < dh; ++y) {
    const double y0 = y * fy, y1 = (y + 1) * fy;
    for (int x = 0; x < dw; ++x) {
      const double x0 = x * fx, x1 = (x + 1) * fx;
      double sum = 0, area = 0;
      for (int sy = static_cast<int>(y0); sy < std::min(sh, static_cast<int>(std::ceil(y1))); ++sy) {
        const double wy = std::min<double>(sy + 1, y1) - std::max<double>(sy, y0);
        if (wy <= 0) continue;
        for (int sx = static_cast<int>(x0); sx < std::min(sw, static_cast<int>(std::ceil(x1))); ++sx) {
          const double wx = std::min<double>(sx + 1, x1) - std::max<double>(sx, x0);
          if (wx <= 0) continue;
          sum += src[static_cast<size_t>(sy) * sw + sx] * wx * wy;
          area += wx * wy;
        }
      }
      out[static_cast<size_t>(y) * dw + x] = area > 0 ? sum / area : 0.0;
    }
  }
  return out;
}

bool IsGif(const std::vector<uint8_t>& b) {
  return b.size() >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
}

// Walks a GIF's blocks to its trailer: false when the file ends before it (stb_image would decode a cut file
// silently, filling the missing rows or frames).
bool GifComplete(const std::vector<uint8_t>& b) {
  size_t at = 13;  // header (6) and logical screen descriptor (7)
  if (b.size() < at) return false;
  if (b[10] & 0x80) at += size_t{3} << ((b[10] & 7) + 1);  // global colour table
  auto skip_sub_blocks = [&]() {
    while (at < b.size() && b[at] != 0) at += size_t{b[at]} + 1;
    if (at >= b.size()) return false;
    ++at;  // the terminator
    return true;
  };
  while (at < b.size()) {
    const uint8_t block = b[at++];
    if (block == 0x3B) return true;  // the trailer
    if (block == 0x21) {             // extension: label, then sub-blocks
      if (++at > b.size() || !skip_sub_blocks()) return false;
    } else if (block == 0x2C) {  // image descriptor (9), local colour table, LZW code size, data sub-blocks
      if (at + 9 > b.size()) return false;
      const uint8_t flags = b[at + 8];
      at += 9;
      if (flags & 0x80) at += size_t{3} << ((flags & 7) + 1);
      if (++at > b.size() || !skip_sub_blocks()) return false;
    } else {
      return false;  // not a GIF block: damaged
    }
  }
  return false;
}

}  // namespace

std::array<int, 2> ImageReadSize(int h, int w, const ImageOptions& o) {
  if (o.longer_side > 0 && h > 0 && w > 0) {
    const double scale = static_cast<double>(o.longer_side) / std::max(h, w);
    return {std::max(1, static_cast<int>(std::lround(h * scale))), std::max(1, static_cast<int>(std::lround(w * scale)))};
  }
  return {o.height > 0 ? o.height : h, o.width > 0 ? o.width : w};
}

Tensor DecodeImageTensor(const std::vector<uint8_t>& bytes, const std::string& name, const ImageOptions& o) {
  if (bytes.empty()) throw ImageError("'" + name + "' is empty, not an image");
  if (bytes.size() > kMaxPictureFileBytes) {
    throw ImageError("'" + name + "' is larger than " + ByteSizeText(kMaxPictureFileBytes));
  }
  if (IsGif(bytes) && !GifComplete(bytes)) {
    throw ImageError("'" + name + "' is a truncated or damaged GIF: its blocks end before the trailer");
  }
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &comp)) {
    throw ImageError("'" + name + "' is not an image convarith can read (PNG, JPEG, BMP, GIF, TGA, PSD, PNM): " +
                     stbi_failure_reason());
  }
  if (w > kMaxPictureSide || h > kMaxPictureSide) {
    throw ImageError("'" + name + "' is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, more than " +
                     std::to_string(kMaxPictureSide) + " per side");
  }
  const auto [dh, dw] = ImageReadSize(h, w, o);
  if (dh > kMaxSize || dw > kMaxSize) {
    throw ImageError("'" + name + "' is " + std::to_string(w) + "x" + std::to_string(h) + " pixels; input_size is at most " +
                     std::to_string(kMaxSize) + " per axis (resize it, e.g. --image-size 256)");
  }
  unsigned char* px = stbi_load_from_memory(bytes.data(), len, &w, &h, &comp, 3);
  if (!px) throw ImageError("'" + name + "' could not be decoded (truncated or damaged?): " + stbi_failure_reason());
  const int channels = o.mode == ImageMode::Rgb ? 3 : 1;
  std::vector<std::vector<double>> planes(static_cast<size_t>(channels), std::vector<double>(static_cast<size_t>(w) * h));
  for (size_t n = 0; n < static_cast<size_t>(w) * h; ++n) {
    const unsigned char* p = px + 3 * n;
    if (channels == 1) {
      planes[0][n] = Luma601(p[0], p[1], p[2]);
    } else {
      for (int c = 0; c < 3; ++c) planes[static_cast<size_t>(c)][n] = p[c];
    }
  }
  stbi_image_free(px);
  Tensor t({channels, 1, dh, dw});
  for (int c = 0; c < channels; ++c) {
    std::vector<double> plane = (dh == h && dw == w) ? std::move(planes[static_cast<size_t>(c)])
                                                     : Resize(planes[static_cast<size_t>(c)], h, w, dh, dw);
    std::copy(plane.begin(), plane.end(), t.mutable_values().begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(c) * dh * dw));
  }
  return t;
}

Tensor LoadImageTensor(const std::string& path, const ImageOptions& o) {
  std::string text;
  try {
    text = ReadFileBounded(path, {"", kMaxPictureFileBytes, false});
  } catch (const ReadError& e) {
    throw ImageError(e.what());
  }
  const std::vector<uint8_t> bytes(text.begin(), text.end());
  text = std::string();
  return DecodeImageTensor(bytes, path, o);
}

std::vector<uint8_t> MapToGray(const double* v, int rows, int cols, double* lo_out, double* hi_out) {
  const size_t n = static_cast<size_t>(rows) * cols;
  double lo = 0, hi = 0;
  bool first = true;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v[i])) continue;
    if (first) lo = hi = v[i];
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
    first = false;
  }
  std::vector<uint8_t> out(n, 128);
  if (hi > lo) {
    for (size_t i = 0; i < n; ++i) {
      const double t = std::isfinite(v[i]) ? (v[i] - lo) / (hi - lo) : 0.0;
      out[i] = static_cast<uint8_t>(std::lround(std::clamp(t, 0.0, 1.0) * 255.0));
    }
  }
  if (lo_out) *lo_out = lo;
  if (hi_out) *hi_out = hi;
  return out;
}

}  // namespace convarith
