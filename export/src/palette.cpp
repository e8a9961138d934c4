// Palette building (exact, or popular colours plus weighted median cut) and nearest-colour mapping with a cache.
#include "palette.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace convarith {
namespace {

struct Entry {
  uint32_t rgb = 0;
  uint64_t count = 0;
  int Channel(int c) const { return static_cast<int>((rgb >> (16 - 8 * c)) & 0xFF); }
};

// Red-green-blue weights close to the eye's sensitivity; cheap and good enough for antialiasing ramps.
int Distance(uint32_t a, uint32_t b) {
  const int dr = static_cast<int>((a >> 16) & 0xFF) - static_cast<int>((b >> 16) & 0xFF);
  const int dg = static_cast<int>((a >> 8) & 0xFF) - static_cast<int>((b >> 8) & 0xFF);
  const int db = static_cast<int>(a & 0xFF) - static_cast<int>(b & 0xFF);
  return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

struct Box {
  size_t begin = 0, end = 0;  // range of entries
  int channel = 0;            // widest channel
  uint64_t score = 0;         // 0: cannot split
};

Box Measure(const std::vector<Entry>& e, size_t begin, size_t end) {
  Box box{begin, end, 0, 0};
  if (end - begin < 2) return box;
  std::array<int, 3> lo{255, 255, 255}, hi{0, 0, 0};
  uint64_t weight = 0;
  for (size_t i = begin; i < end; ++i) {
    for (int c = 0; c < 3; ++c) lo[c] = std::min(lo[c], e[i].Channel(c)), hi[c] = std::max(hi[c], e[i].Channel(c));
    weight += e[i].count;
  }
  int range = -1;
  for (int c = 0; c < 3; ++c) {
    if (hi[c] - lo[c] > range) range = hi[c] - lo[c], box.channel = c;
  }
  // Squared extent times population: split where most pixels would be far from their box's colour.
  box.score = static_cast<uint64_t>(range) * static_cast<uint64_t>(range) * weight + 1;
  return box;
}

uint32_t Mean(const std::vector<Entry>& e, const Box& box) {
  std::array<uint64_t, 3> sum{};
  uint64_t weight = 0;
  for (size_t i = box.begin; i < box.end; ++i) {
    for (int c = 0; c < 3; ++c) sum[c] += static_cast<uint64_t>(e[i].Channel(c)) * e[i].count;
    weight += e[i].count;
  }
  uint32_t rgb = 0;
  for (int c = 0; c < 3; ++c) rgb = (rgb << 8) | static_cast<uint32_t>((sum[c] + weight / 2) / std::max<uint64_t>(weight, 1));
  return rgb;
}

// Weighted median cut of entries into at most `boxes` colours.
std::vector<uint32_t> MedianCut(std::vector<Entry> entries, size_t boxes) {
  std::vector<Box> queue{Measure(entries, 0, entries.size())};
  while (queue.size() < boxes) {
    auto best = std::max_element(queue.begin(), queue.end(), [](const Box& a, const Box& b) { return a.score < b.score; });
    if (best->score == 0) break;
    const Box box = *best;
    const int c = box.channel;
    std::sort(entries.begin() + static_cast<std::ptrdiff_t>(box.begin), entries.begin() + static_cast<std::ptrdiff_t>(box.end),
              [c](const Entry& a, const Entry& b) { return a.Channel(c) < b.Channel(c); });
    uint64_t total = 0;
    for (size_t i = box.begin; i < box.end; ++i) total += entries[i].count;
    uint64_t running = 0;
    size_t split = box.begin + 1;
    for (size_t i = box.begin; i + 1 < box.end; ++i) {
      running += entries[i].count;
      split = i + 1;
      if (2 * running >= total) break;
    }
    *best = Measure(entries, box.begin, split);
    queue.push_back(Measure(entries, split, box.end));
  }
  std::vector<uint32_t> palette;
  for (const Box& box : queue) palette.push_back(Mean(entries, box));
  return palette;
}

}  // namespace

void ColorHistogram::Add(const Image& image) {
  const size_t pixels = static_cast<size_t>(image.width) * image.height;
  if (pixels == 0) return;
  // Frames are mostly long runs of one colour: count a run with one hash lookup.
  uint32_t run_color = PackRgb(&image.rgba[0]);
  uint64_t run = 0;
  for (size_t i = 0; i < pixels; ++i) {
    const uint32_t rgb = PackRgb(&image.rgba[i * 4]);
    if (rgb != run_color) {
      counts_[run_color] += run;
      run_color = rgb, run = 0;
    }
    ++run;
  }
  counts_[run_color] += run;
}

std::vector<uint32_t> BuildPalette(const ColorHistogram& histogram, int max_colors) {
  if (max_colors < 2) throw ExportError("a palette needs at least 2 colours");
  std::vector<Entry> entries;
  entries.reserve(histogram.Distinct());
  uint64_t total = 0;
  for (const auto& [rgb, count] : histogram.Counts()) entries.push_back({rgb, count}), total += count;
  // Most frequent first; ties by colour, so the palette does not depend on hash order.
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.count != b.count ? a.count > b.count : a.rgb < b.rgb; });
  const auto slots = static_cast<size_t>(max_colors);
  if (entries.size() <= slots) {
    std::vector<uint32_t> palette;
    for (const Entry& e : entries) palette.push_back(e.rgb);
    return palette;
  }
  // Flat colours (cell fills, background, text cores) cover many pixels: keep them exact, at most half the slots.
  const uint64_t popular = std::max<uint64_t>(64, total / 2048);
  size_t exact = 0;
  while (exact < slots / 2 && entries[exact].count >= popular) ++exact;
  std::vector<uint32_t> palette;
  for (size_t i = 0; i < exact; ++i) palette.push_back(entries[i].rgb);
  std::vector<Entry> rest(entries.begin() + static_cast<std::ptrdiff_t>(exact), entries.end());
  for (uint32_t rgb : MedianCut(std::move(rest), slots - exact)) {
    if (std::find(palette.begin(), palette.end(), rgb) == palette.end()) palette.push_back(rgb);
  }
  return palette;
}

PaletteMap::PaletteMap(std::vector<uint32_t> palette) : palette_(std::move(palette)) {
  if (palette_.empty() || palette_.size() > 256) throw ExportError("a GIF palette has 1 to 256 colours");
  for (size_t i = 0; i < palette_.size(); ++i) cache_.emplace(palette_[i], static_cast<uint8_t>(i));
}

uint8_t PaletteMap::Index(uint32_t rgb) {
  if (auto it = cache_.find(rgb); it != cache_.end()) return it->second;
  int best = std::numeric_limits<int>::max();
  uint8_t index = 0;
  for (size_t i = 0; i < palette_.size(); ++i) {
    const int d = Distance(rgb, palette_[i]);
    if (d < best) best = d, index = static_cast<uint8_t>(i);
  }
  cache_.emplace(rgb, index);
  return index;
}

void PaletteMap::Map(const Image& image, std::vector<uint8_t>& indices) {
  const size_t pixels = static_cast<size_t>(image.width) * image.height;
  indices.resize(pixels);
  uint32_t last = 0xFFFFFFFFu;
  uint8_t last_index = 0;
  for (size_t i = 0; i < pixels; ++i) {
    const uint32_t rgb = PackRgb(&image.rgba[i * 4]);
    if (rgb != last) last = rgb, last_index = Index(rgb);
    indices[i] = last_index;
  }
}

}  // namespace convarith
