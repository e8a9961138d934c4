// Animated GIF encoding through giflib: one global palette, looping, per-frame delays, and frames after the first
// reduced to the rectangle that changed (unchanged pixels inside it transparent, so they compress to nothing).
#pragma once

#include <cstdint>
#include <vector>

#include "convarith/export.hpp"
#include "palette.hpp"

struct GifFileType;
struct GifColorType;

namespace convarith {

// One colour is kept free for the transparent "unchanged" pixels of later frames.
inline constexpr int kGifMaxColors = 255;

// Delays in hundredths of a second for `count` frames at `fps`, `hold_seconds` added to the last one. Rounding does
// not drift (frame n starts at round(100 n / fps)); every delay is at least 2, as browsers slow down shorter ones.
std::vector<int> GifDelays(int count, double fps, double hold_seconds);

class GifEncoder {
 public:
  // Writes the header, the global palette and (when loop) the NETSCAPE2.0 looping extension.
  GifEncoder(int width, int height, std::vector<uint32_t> palette, bool loop);
  ~GifEncoder();
  GifEncoder(const GifEncoder&) = delete;
  GifEncoder& operator=(const GifEncoder&) = delete;

  void AddFrame(const Image& image, int delay_cs);
  // The finished file.
  std::vector<uint8_t> Finish();

 private:
  void WriteHeader(int width, int height, std::vector<GifColorType>& table, int bits, bool loop);
  void Check(int result, const char* what);

  GifFileType* gif_ = nullptr;
  std::vector<uint8_t> bytes_;
  int width_ = 0, height_ = 0;
  PaletteMap map_;
  int transparent_ = -1;
  int frames_ = 0;
  std::vector<uint8_t> previous_, current_, line_;
};

}  // namespace convarith
