// One global GIF palette for all frames of an animation: exact when they use at most the allowed number of colours,
// else the popular (flat) colours kept exactly plus a weighted median cut of the rest (antialiased text edges).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "convarith/export.hpp"

namespace convarith {

// 0xRRGGBB; alpha is dropped (GIF has no partial transparency, and frames are opaque).
inline uint32_t PackRgb(const uint8_t* rgba) {
  return (static_cast<uint32_t>(rgba[0]) << 16) | (static_cast<uint32_t>(rgba[1]) << 8) | rgba[2];
}

class ColorHistogram {
 public:
  void Add(const Image& image);
  size_t Distinct() const { return counts_.size(); }
  const std::unordered_map<uint32_t, uint64_t>& Counts() const { return counts_; }

 private:
  std::unordered_map<uint32_t, uint64_t> counts_;
};

// At most max_colors colours (0xRRGGBB); every colour of the histogram when it has no more than that.
std::vector<uint32_t> BuildPalette(const ColorHistogram& histogram, int max_colors);  // ExportError if max_colors < 2

// Maps colours to their nearest palette entry, remembering every answer.
class PaletteMap {
 public:
  explicit PaletteMap(std::vector<uint32_t> palette);  // ExportError unless 1 to 256 colours
  uint8_t Index(uint32_t rgb);
  // The palette index of every pixel, row-major.
  void Map(const Image& image, std::vector<uint8_t>& indices);
  const std::vector<uint32_t>& Palette() const { return palette_; }

 private:
  std::vector<uint32_t> palette_;
  std::unordered_map<uint32_t, uint8_t> cache_;
};

}  // namespace convarith
