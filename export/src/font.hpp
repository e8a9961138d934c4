// The embedded DejaVu Sans through stb_truetype: UTF-8 decoding, line metrics, and a glyph bitmap cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <stb_truetype.h>

namespace convarith {

// Combining Diacritical Marks (U+0300 to U+036F): drawn over the character before, with no advance of their own.
inline bool IsCombiningMark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// Unicode code points of a UTF-8 string; malformed bytes become U+FFFD.
std::u32string DecodeUtf8(std::string_view text);
// Appends a code point as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

// An antialiased glyph: coverage 0..255, placed at (pen x + x_off, baseline + y_off).
struct Glyph {
  int width = 0, height = 0;
  int x_off = 0, y_off = 0;
  float advance = 0;  // pixels
  std::vector<uint8_t> coverage;
};

class Font {
 public:
  Font();  // parses the embedded font; throws ExportError if it is not a TrueType font

  // Sizes are line heights in pixels (ascent - descent), as frame.hpp's text sizes are.
  float Ascent(float line_px) const { return ascent_ * line_px; }  // baseline below the line's top
  // The CSS font-size (em) that gives a line of line_px, for SVG.
  float EmSize(float line_px) const { return em_ * line_px; }
  bool HasGlyph(char32_t codepoint) const;
  // Sum of advances, without rendering anything (the same rounding of the size as GetGlyph).
  float TextWidth(std::u32string_view text, float line_px) const;

  // A code point's advance on a line 1 high (exactly: no rounding of the size).
  float Advance(char32_t codepoint) const;

  // The glyph bitmap, rendered once per (size in quarter pixels, codepoint).
  const Glyph& GetGlyph(char32_t codepoint, float line_px);

 private:
  static float QuantizedSize(float line_px);

  stbtt_fontinfo info_{};
  float ascent_ = 0.8f;  // ascent / (ascent - descent)
  float em_ = 1.0f;      // units per em / (ascent - descent)
  std::unordered_map<uint64_t, Glyph> cache_;
};

}  // namespace convarith
