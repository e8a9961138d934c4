// The embedded DejaVu Sans: UTF-8 decoding, metrics and glyph bitmaps rendered once and cached.
#include "font.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "convarith/export.hpp"

extern const unsigned char kEmbeddedFont[];  // generated at build time by export/cmake/EmbedBinary.cmake
extern const unsigned long kEmbeddedFont_size;

namespace convarith {

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<uint8_t>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      extra = 1, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3, cp = b0 & 0x07;
    } else {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    bool ok = i + static_cast<size_t>(extra) < text.size();
    for (int k = 1; ok && k <= extra; ++k) {
      const auto b = static_cast<uint8_t>(text[i + k]);
      if ((b & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;  // resynchronise on the next byte
      continue;
    }
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}

Font::Font() {
  // stb_truetype trusts the data it is given; check that the build embedded a real font, not an empty file.
  const int offset = kEmbeddedFont_size >= 12 ? stbtt_GetFontOffsetForIndex(kEmbeddedFont, 0) : -1;
  if (offset < 0 || stbtt_InitFont(&info_, kEmbeddedFont, offset) == 0) {
    throw ExportError("the embedded font is not a TrueType font");
  }
  int ascent = 0, descent = 0, gap = 0;
  stbtt_GetFontVMetrics(&info_, &ascent, &descent, &gap);
  const float line = static_cast<float>(ascent - descent);
  ascent_ = static_cast<float>(ascent) / line;
  // stbtt_ScaleForPixelHeight(h) = h / (ascent - descent); per em it is h / units_per_em.
  em_ = stbtt_ScaleForPixelHeight(&info_, 1.0f) / stbtt_ScaleForMappingEmToPixels(&info_, 1.0f);
}

bool Font::HasGlyph(char32_t codepoint) const {
  return stbtt_FindGlyphIndex(&info_, static_cast<int>(codepoint)) != 0;
}

float Font::QuantizedSize(float line_px) {
  // Quarter-pixel size steps: close enough to look identical, few enough to keep the cache small.
  return static_cast<float>(std::lround(line_px * 4.0f)) / 4.0f;
}

float Font::TextWidth(std::u32string_view text, float line_px) const {
  const float scale = stbtt_ScaleForPixelHeight(&info_, QuantizedSize(line_px));
  int units = 0;
  for (char32_t cp : text) {
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(&info_, static_cast<int>(cp), &advance, &lsb);
    units += advance;
  }
  return static_cast<float>(units) * scale;
}

float Font::Advance(char32_t codepoint) const {
  int advance = 0, lsb = 0;
  stbtt_GetCodepointHMetrics(&info_, static_cast<int>(codepoint), &advance, &lsb);
  return static_cast<float>(advance) * stbtt_ScaleForPixelHeight(&info_, 1.0f);
}

namespace {

// The embedded font's advances for the frame builder: ASCII (values, most labels) from a table, the rest from the font.
class EmbeddedMetrics {
 public:
  EmbeddedMetrics() {
    for (char32_t cp = 0; cp < ascii_.size(); ++cp) ascii_[cp] = font_.Advance(cp);
  }
  float Width(std::string_view text, float size) const {
    float w = 0;
    const bool ascii = std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
    if (ascii) {
      for (char ch : text) w += ascii_[static_cast<unsigned char>(ch)];
    } else {
      for (char32_t cp : DecodeUtf8(text)) w += cp < ascii_.size() ? ascii_[cp] : font_.Advance(cp);
    }
    return w * size;
  }

 private:
  Font font_;
  std::array<float, 128> ascii_{};
};

}  // namespace

TextMeasure ExportTextMeasure() {
  static const auto metrics = std::make_shared<const EmbeddedMetrics>();
  return TextMeasure{[m = metrics](std::string_view text, float size) { return m->Width(text, size); }};
}

const Glyph& Font::GetGlyph(char32_t codepoint, float line_px) {
  const float size = QuantizedSize(line_px);
  const uint64_t key = (static_cast<uint64_t>(size * 4.0f) << 32) | codepoint;
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;

  Glyph glyph;
  const float scale = stbtt_ScaleForPixelHeight(&info_, size);
  const int index = stbtt_FindGlyphIndex(&info_, static_cast<int>(codepoint));
  int advance = 0, lsb = 0;
  stbtt_GetGlyphHMetrics(&info_, index, &advance, &lsb);
  glyph.advance = static_cast<float>(advance) * scale;
  unsigned char* bitmap =
      stbtt_GetGlyphBitmap(&info_, scale, scale, index, &glyph.width, &glyph.height, &glyph.x_off, &glyph.y_off);
  if (bitmap != nullptr) {
    glyph.coverage.assign(bitmap, bitmap + static_cast<size_t>(glyph.width) * glyph.height);
    stbtt_FreeBitmap(bitmap, nullptr);
  } else {
    glyph.width = glyph.height = 0;  // a space: advance only
  }
  return cache_.emplace(key, std::move(glyph)).first->second;
}

}  // namespace convarith
